// The checker's range analysis of neuron dynamics is what proves a spike payload unsigned (P004)
// before the image verifier sees the microcode, and what keeps a wrap that cannot overflow
// out of the code. Property: for random expressions over two state registers and a shift
// parameter, every value the IR interpreter computes in the core's 32-bit arithmetic lies in
// the interval the checker derived.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CheckedNeuronModel, DynExpr, ResolvedParam } from "../../compiler/check/checked.ts";
import {
  DynAbort,
  DynCompiler,
  type DynName,
  type Interval,
  rangeOfBits,
} from "../../compiler/check/dynamics.ts";
import { DiagnosticSink } from "../../compiler/diagnostics/diagnostic.ts";
import { parse } from "../../compiler/syntax/index.ts";
import { dynMachine, runDyn } from "../backend/dyn-interp.ts";
import { checkSource } from "./helpers.ts";

const VMIN = -(2 ** 23) + 1;
const VMAX = 2 ** 23 - 1;

const small = fc.integer({ min: -300, max: 300 }).map((n) => (n < 0 ? `(${n})` : `${n}`));
const wide = fc
  .integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 })
  .map((n) => (n < 0 ? `(${n})` : `${n}`));

const { expr } = fc.letrec<{ expr: string }>((tie) => {
  const e = tie("expr");
  return {
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("v", "w", "k"),
      small,
      wide,
      fc.tuple(e, e).map(([a, b]) => `(${a} + ${b})`),
      fc.tuple(e, e).map(([a, b]) => `(${a} - ${b})`),
      fc.tuple(e, fc.integer({ min: -70000, max: 70000 })).map(([a, c]) => `(${a} * (${c}))`),
      fc.tuple(e, fc.integer({ min: 0, max: 31 })).map(([a, s]) => `(${a} << ${s})`),
      fc.tuple(e, fc.integer({ min: 0, max: 31 })).map(([a, s]) => `(${a} >> ${s})`),
      fc.tuple(e).map(([a]) => `(${a} >> k)`),
      fc.tuple(e).map(([a]) => `(-${a})`),
      fc.tuple(e, e).map(([a, b]) => `max(${a}, ${b})`),
      fc.tuple(e, e).map(([a, b]) => `min(${a}, ${b})`),
      fc.tuple(e, small, small).map(([a, lo, hi]) => `clamp(${a}, ${lo}, ${hi})`),
      fc.tuple(e).map(([a]) => `clamp(${a}, vmin, vmax)`),
      fc.tuple(e, fc.integer({ min: 2, max: 32 })).map(([a, b]) => `wrap(${a}, ${b})`),
      fc
        .tuple(e, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 4096 }))
        .map(([a, o, d]) => `decay(${a}, ${Math.min(d, 4096 - o)}, ${o})`),
      fc.tuple(e, e, e, e).map(([a, b, c, d]) => `(if ${a} > ${b} then ${c} else ${d})`),
    ),
  };
});

/** The expression as the checker compiles it, with the range it derives. */
function compiled(text: string) {
  const src = `snn 1;\nneuron G {\n  state v : s24 = 0;\n  update { let p = ${text}; }\n}\n`;
  const parsed = parse("/mem/range.snn", src);
  const neuron = parsed.ast?.items.find((d) => d.kind === "neuron");
  const update = neuron?.kind === "neuron" ? neuron.items.find((i) => i.kind === "update") : null;
  const stmt = update?.kind === "update" ? update.body[0] : undefined;
  if (stmt?.kind !== "let") throw new Error(`did not parse: ${text}`);
  const names = new Map<string, DynName>([
    ["v", { kind: "state", range: rangeOfBits(24, true) }],
    ["w", { kind: "state", range: rangeOfBits(16, true) }],
    ["k", { kind: "param", range: rangeOfBits(5, false) }],
  ]);
  const sink = new DiagnosticSink();
  const dc = new DynCompiler(
    { lookup: (n) => names.get(n), names: () => names.keys(), vmin: VMIN, vmax: VMAX },
    sink,
  );
  try {
    return { ...dc.expr(stmt.value), errors: sink.list };
  } catch (e) {
    if (e instanceof DynAbort) return { errors: sink.list };
    throw e;
  }
}

describe("range analysis of neuron dynamics", () => {
  it("contains every value the core computes (32-bit wrap, crossed clamps, decay, shifts)", () => {
    let compiledCount = 0;
    let signed = 0;
    fc.assert(
      fc.property(
        expr,
        fc.integer({ min: 0, max: 31 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 }),
            fc.integer({ min: -(2 ** 15), max: 2 ** 15 - 1 }),
          ),
          { minLength: 8, maxLength: 8 },
        ),
        (text, k, states) => {
          const c = compiled(text);
          expect(c.errors.map((d) => d.message)).toEqual([]);
          const { e, r } = c as { e: DynExpr; r: Interval };
          compiledCount++;
          if (r.lo < 0) signed++;
          const params = { k: { value: k } } as unknown as Record<string, ResolvedParam>;
          const model = {
            program: [{ op: "spike", payload: e, span: e.span }],
          } as unknown as CheckedNeuronModel;
          for (const [v, w] of states) {
            const m = dynMachine(
              [
                ["v", v],
                ["w", w],
              ],
              VMIN,
              VMAX,
            );
            runDyn(model, params, m);
            const at = `${text} at v = ${v}, w = ${w}, k = ${k}: range ${r.lo}..${r.hi}`;
            expect(m.payload, at).toBe(m.payload | 0);
            expect(m.payload, at).toBeGreaterThanOrEqual(r.lo);
            expect(m.payload, at).toBeLessThanOrEqual(r.hi);
          }
        },
      ),
      { numRuns: 500, seed: 20261208 },
    );
    // Both kinds of range occur: ones that prove a payload unsigned and ones that do not.
    expect(compiledCount).toBe(500);
    expect(signed).toBeGreaterThan(50);
    expect(compiledCount - signed).toBeGreaterThan(50);
  });
});

// Statement level: a model whose update block the checker accepts keeps every state register
// within its declared width (P008), whatever the input, so the reads the range analysis builds
// on hold step after step. Random update blocks of assignments (=, +=, -=), some under an `if`,
// to registers of three widths, with a random reset value and floor; the accepted ones run 30
// steps of random input in the IR interpreter.
const REGS = [
  ["v", "s24", rangeOfBits(24, true)],
  ["w", "s16", rangeOfBits(16, true)],
  ["c", "u8", rangeOfBits(8, false)],
] as const;

const bounded = fc.oneof(
  expr,
  fc.tuple(expr, small, small).map(([a, lo, hi]) => `clamp(${a}, ${lo}, ${hi})`),
  fc.tuple(expr, fc.integer({ min: 2, max: 24 })).map(([a, b]) => `wrap(${a}, ${b})`),
  fc.tuple(expr).map(([a]) => `min(max(${a}, 0), 200)`),
);
const assignment = fc
  .tuple(fc.constantFrom("v", "w", "c"), fc.constantFrom("=", "+=", "-="), bounded)
  .map(([t, op, e]) => `${t} ${op} ${e};`);
const statement = fc.oneof(
  { arbitrary: assignment, weight: 3 },
  fc.tuple(expr, small, assignment).map(([a, b, s]) => `if ${a} > ${b} { ${s} }`),
);

describe("state registers keep their declared widths", () => {
  it("in every step of every model the checker accepts", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: -20, max: 270 }),
        fc.integer({ min: -40000, max: 40000 }),
        (body, k, seed, resetTo, floorAt) => {
          const src = `snn 1;
neuron G {
  param k : u5 = 0;
${REGS.map(([n, t]) => `  state ${n} : ${t} = 0;`).join("\n")}
  update {
    ${body.join("\n    ")}
  }
  spike when v > 100;
  reset c to ${resetTo};
  floor w at ${floorAt};
}
network N { population a = G[1] { k = ${k}; }; }
run N on loihi { dt = 1 ms; steps 1; }
`;
          const r = checkSource(src);
          const errors = r.diagnostics.filter((d) => d.severity === "error");
          if (errors.length > 0) {
            // Refused: mostly P008, a write the checker cannot prove fits.
            refused++;
            return;
          }
          accepted++;
          const model = r.program!.neuronModels.G!;
          const params = r.program!.populations[0]!.params!;
          const m = dynMachine(
            REGS.map(([n]) => [n, 0]),
            VMIN,
            VMAX,
          );
          let x = seed;
          for (let t = 0; t < 30; t++) {
            x = (Math.imul(x, 1103515245) + 12345) | 0;
            m.q = x >> (x & 15);
            runDyn(model, params, m);
            for (const [n, , range] of REGS) {
              const v = m.state.get(n)!;
              expect(v, `${n} after step ${t} of:\n${body.join("\n")}`).toBeGreaterThanOrEqual(
                range.lo,
              );
              expect(v, `${n} after step ${t} of:\n${body.join("\n")}`).toBeLessThanOrEqual(
                range.hi,
              );
            }
          }
        },
      ),
      { numRuns: 1500, seed: 20261209 },
    );
    expect(accepted).toBeGreaterThan(80);
    expect(refused).toBeGreaterThan(80);
  });
});
