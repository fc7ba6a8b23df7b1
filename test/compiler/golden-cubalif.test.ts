// Golden tests of the standard CubaLIF: register values elaborated from raw and physical
// parameters, and the elaborated dynamics program run through a small reference interpreter of
// the IR on the hand-checked example of chip.md section 3.
import { describe, expect, it } from "vitest";
import type {
  CheckedNeuronModel,
  DynCond,
  DynExpr,
  DynStmt,
} from "../../compiler/check/checked.ts";
import { checkSource, STD } from "./helpers.ts";

const src = (params: string, extra = "") =>
  `${STD}network N {\n  population src = SpikeSource[1] at steps [1];\n  population c = CubaLIF[1] { ${params} };\n${extra}}\nrun N on loihi { dt = 1 ms; steps 10; }\n`;

/** Reference semantics of the IR (chip.md sections 3 and 7), for the golden run only. */
function run(
  model: CheckedNeuronModel,
  params: Record<string, number>,
  inputs: number[],
  steps: number,
) {
  const st: Record<string, number> = Object.fromEntries(model.state.map((s) => [s.name, s.init]));
  const vmin = -(2 ** 23) + 1;
  const vmax = 2 ** 23 - 1;
  const trace: { u: number; v: number; spike: boolean }[] = [];
  for (let t = 1; t <= steps; t++) {
    const temps: Record<string, number> = {};
    let spiked = false;
    const q = inputs[t] ?? 0;
    const ev = (e: DynExpr): number => {
      switch (e.op) {
        case "const":
          return e.value;
        case "state":
          return st[e.name]!;
        case "temp":
          return temps[e.name]!;
        case "param":
          return params[e.name]!;
        case "input":
          return q;
        case "vmin":
          return vmin;
        case "vmax":
          return vmax;
        case "add":
          return ev(e.a) + ev(e.b);
        case "sub":
          return ev(e.a) - ev(e.b);
        case "mulConst":
          return ev(e.a) * e.k;
        case "shl":
          return ev(e.a) * 2 ** ev(e.by);
        case "shr":
          return Math.floor(ev(e.a) / 2 ** ev(e.by));
        case "decay": {
          const x = ev(e.a);
          return Math.sign(x) * Math.floor((Math.abs(x) * (4096 - e.offset - ev(e.decay))) / 4096);
        }
        case "wrap": {
          const m = 2 ** e.bits;
          const r = ((ev(e.a) % m) + m) % m;
          return r >= m / 2 ? r - m : r;
        }
        case "clamp":
          return Math.min(Math.max(ev(e.a), ev(e.lo)), ev(e.hi));
        case "min":
          return Math.min(ev(e.a), ev(e.b));
        case "max":
          return Math.max(ev(e.a), ev(e.b));
        case "select":
          return cond(e.cond) ? ev(e.a) : ev(e.b);
      }
    };
    const cond = (c: DynCond): boolean => {
      if (c.op !== "cmp") {
        if (c.op === "not") return !cond(c.a);
        return c.op === "and" ? cond(c.a) && cond(c.b) : cond(c.a) || cond(c.b);
      }
      const a = ev(c.a);
      const b = ev(c.b);
      return { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a === b, "!=": a !== b }[
        c.cmp
      ];
    };
    const exec = (list: DynStmt[]) => {
      for (const s of list) {
        if (s.op === "set") st[s.name] = ev(s.value);
        else if (s.op === "let") temps[s.name] = ev(s.value);
        else if (s.op === "spike") spiked = true;
        else if (s.op === "if") exec(cond(s.cond) ? s.then : s.else);
      }
    };
    exec(model.program);
    trace.push({ u: st.u!, v: st.v!, spike: spiked });
  }
  return trace;
}

describe("std CubaLIF", () => {
  it("raw registers elaborate unchanged, with defaults for the rest", () => {
    const r = checkSource(src("decay_u = 410; decay_v = 205; vth_mant = 100;"));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const c = r.program!.populations.find((p) => p.name === "c")!;
    const v = Object.fromEntries(
      Object.entries(c.params!).map(([k, p]) => [k, [p.value, p.origin]]),
    );
    expect(v).toEqual({
      decay_u: [410, "set"],
      decay_v: [205, "set"],
      vth_mant: [100, "set"],
      bias_mant: [0, "default"],
      bias_exp: [0, "default"],
      refract: [1, "default"],
    });
    expect(r.program!.neuronModels.CubaLIF!.isCubaLif).toBe(true);
    expect(r.program!.neuronModels.CubaLIF!.state.map((s) => [s.name, s.bits, s.signed])).toEqual([
      ["u", 24, true],
      ["v", 24, true],
      ["ref", 6, false],
    ]);
  });

  it("runs chip.md's hand-checked example: one input of 100 << 6 at step 2 spikes at step 3", () => {
    const r = checkSource(src("decay_u = 410; decay_v = 205; vth_mant = 100;"));
    const model = r.program!.neuronModels.CubaLIF!;
    const params = {
      decay_u: 410,
      decay_v: 205,
      vth_mant: 100,
      bias_mant: 0,
      bias_exp: 0,
      refract: 1,
    };
    const t = run(model, params, [0, 0, 100 << 6], 4);
    // u(2) = 6400, v(2) = 6400 (not > 6400); u(3) = trunc(6400 * 3685 / 4096) = 5757;
    // v(3) = trunc(6400 * 3891 / 4096) + 5757 = 6079 + 5757 = 11836 > 6400 -> spike, v = 0.
    expect(t[1]).toEqual({ u: 6400, v: 6400, spike: false });
    expect(t[2]!.u).toBe(5757);
    expect(t[2]!.spike).toBe(true);
    expect(t[2]!.v).toBe(0);
  });

  it("holds v at 0 for refract - 1 steps while u keeps integrating", () => {
    const r = checkSource(src("decay_u = 0; decay_v = 0; vth_mant = 1; refract = 3;"));
    const model = r.program!.neuronModels.CubaLIF!;
    const params = { decay_u: 0, decay_v: 0, vth_mant: 1, bias_mant: 0, bias_exp: 0, refract: 3 };
    const t = run(model, params, [0, 100], 5);
    expect(t.map((x) => x.spike)).toEqual([true, false, false, true, false]);
    expect(t.map((x) => x.v)).toEqual([0, 0, 0, 0, 0]);
    // decay_u 0 with offset 1: u(t) = trunc(u * 4095 / 4096).
    expect(t.map((x) => x.u)).toEqual([100, 99, 98, 97, 96]);
  });

  it("derives registers from time constants by chip.md's formula and records the rounding", () => {
    const r = checkSource(src("tau_u = 5 ms; tau_v = 20 ms; t_ref = 2 ms;"));
    const c = r.program!.populations.find((p) => p.name === "c")!;
    // decay_u = round(4095 * (1 - exp(-1/5))) - 1: exact 741.2976 -> 741, error -0.2976.
    const du = c.params!.decay_u!;
    expect(du.value).toBe(741);
    expect(du.origin).toBe("derived");
    expect(du.quantization!.exact).toBeCloseTo(741.29757, 4);
    expect(du.quantization!.error).toBeCloseTo(-0.29757, 4);
    expect(du.quantization!.from).toEqual({ dt: "1 ms", tau_u: "5 ms" });
    // decay_v = round(4095 * (1 - exp(-1/20))): exact 199.7155 -> 200, error +0.2845.
    const dv = c.params!.decay_v!;
    expect(dv.value).toBe(200);
    expect(dv.quantization!.exact).toBeCloseTo(199.71551, 4);
    expect(dv.quantization!.relError).toBeCloseTo(0.28449 / 199.71551, 6);
    // t_ref 2 ms at dt 1 ms: v held for 2 steps -> refract = 3 (exact, no rounding).
    expect(c.params!.refract!.value).toBe(3);
    expect(c.params!.refract!.quantization!.error).toBe(0);
    expect(r.program!.quantization.map((q) => q.what)).toEqual([
      "c.decay_u",
      "c.decay_v",
      "c.refract",
    ]);
  });
});
