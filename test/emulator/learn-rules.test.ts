// The emulator's compiled rule pass (emulator/learn-rules.ts) against the specification
// evaluator (isa/learning/eval.ts evalLearningRule): for random rules over every field's legal
// range and random synapses (traces, w, d, t at and beyond their ends, every dependency and
// epoch), both give the same w, d, t and leave the learning PRNG at the same position.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { traceStep } from "../../emulator/learn.ts";
import { compileRule } from "../../emulator/learn-rules.ts";
import {
  ChipPrng,
  evalLearningRule,
  type LearningRule,
  type SynapseContext,
  updateTrace,
  VARIABLES,
  weightLimits,
} from "../../isa/index.ts";
import { arbRule } from "../isa/learning/arbitraries.ts";

const arbTrace = fc.integer({ min: 0, max: 127 });
const arbFormat = fc.record({
  bits: fc.integer({ min: 1, max: 8 }),
  sign: fc.constantFrom("mixed" as const, "excitatory" as const, "inhibitory" as const),
});
const arbSynapse: fc.Arbitrary<SynapseContext> = fc.record({
  x0: fc.boolean(),
  y0: fc.boolean(),
  epoch: fc.integer({ min: 1, max: 1 << 20 }),
  x1: arbTrace,
  x2: arbTrace,
  y1: arbTrace,
  y2: arbTrace,
  y3: arbTrace,
  w: fc.integer({ min: -256, max: 255 }),
  d: fc.integer({ min: 0, max: 63 }),
  t: fc.integer({ min: -256, max: 255 }),
});

function compiled(
  rule: LearningRule,
  s: SynapseContext,
  seed: number,
  limits: ReturnType<typeof weightLimits>,
  maxDelay: number,
) {
  const vars = Float64Array.from(VARIABLES, (v) => s[v]);
  const out = new Int32Array(3);
  const prng = new ChipPrng(seed);
  compileRule(rule).fn(
    vars,
    s.x0,
    s.y0,
    s.epoch,
    prng,
    limits,
    Math.log2(limits.step),
    maxDelay,
    out,
  );
  return { w: out[0], d: out[1], t: out[2], state: prng.state };
}

describe("compiled learning rules", () => {
  it("match evalLearningRule bit for bit, PRNG position included", () => {
    fc.assert(
      fc.property(
        arbRule,
        arbSynapse,
        arbFormat,
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.constantFrom(7, 15, 63),
        (rule, s, f, seed, maxDelay) => {
          const limits = weightLimits(f.bits, f.sign);
          const prng = new ChipPrng(seed);
          const ref = evalLearningRule(rule, s, prng, { weight: limits, maxDelay });
          expect(compiled(rule, s, seed, limits, maxDelay)).toEqual({
            w: ref.w,
            d: ref.d,
            t: ref.t,
            state: prng.state,
          });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("a rule of the programs' shape: dw = 2^-7 u1 x1 y1 - 2^-7 u1 x1 t, dt = y1 - t", () => {
    // The error-modulated rule of programs/credit: on an odd epoch only dt acts.
    const rule: LearningRule = {
      terms: [
        {
          target: "dw",
          dep: { kind: "u", k: 1 },
          m: 1,
          e: -7,
          factors: [
            { kind: "var", v: "x1" },
            { kind: "var", v: "y1" },
          ],
        },
        {
          target: "dw",
          dep: { kind: "u", k: 1 },
          m: -1,
          e: -7,
          factors: [
            { kind: "var", v: "x1" },
            { kind: "var", v: "t" },
          ],
        },
        { target: "dt", dep: { kind: "none" }, m: 1, e: 0, factors: [{ kind: "var", v: "y1" }] },
        { target: "dt", dep: { kind: "none" }, m: -1, e: 0, factors: [{ kind: "var", v: "t" }] },
      ],
    };
    const limits = weightLimits(8, "mixed");
    const s = { x0: false, y0: false, x1: 40, x2: 0, y1: 30, y2: 0, y3: 0, w: 10, d: 0, t: 10 };
    // Epoch 3: u1 does not hold, w stays (20 * 2^7 is exact), t takes y1.
    expect(compiled(rule, { ...s, epoch: 3 }, 9, limits, 15)).toMatchObject({ w: 10, t: 30 });
    // Epoch 4: dw = 40 * (30 - 10) = 800 units of 2^-7 = 6.25: w = 16 or 18 (step 2).
    const w = compiled(rule, { ...s, epoch: 4 }, 9, limits, 15).w;
    expect([16, 18]).toContain(w);
  });
});

describe("the emulator's inlined trace update", () => {
  it("matches updateTrace bit for bit, PRNG position included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 127 }),
        fc.integer({ min: 0, max: 4095 }),
        fc.integer({ min: 0, max: 127 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 0xffffffff }),
        (trace, decay, impulse, spikes, seed) => {
          const prng = new ChipPrng(seed);
          const want = updateTrace(trace, decay, impulse, spikes, prng);
          const g = { s: seed >>> 0 };
          expect(traceStep(g, trace, decay, impulse * spikes)).toBe(want);
          expect(g.s).toBe(prng.state);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
