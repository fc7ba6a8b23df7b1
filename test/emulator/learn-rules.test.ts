// The emulator's compiled rule pass (emulator/learn-rules.ts) against the specification
// evaluator (isa/learning/eval.ts evalLearningRule): for random rules over every field's legal
// range and random synapses (traces, w, d, t at and beyond their ends, every dependency and
// epoch), both give the same w, d, t and leave the learning PRNG at the same position.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CoreRuntime } from "../../emulator/core-runtime.ts";
import { buildLearnRuntime, learnPhase, traceStep } from "../../emulator/learn.ts";
import { compileRule, type RuleContext } from "../../emulator/learn-rules.ts";
import { paramsFor } from "../../emulator/params.ts";
import {
  ChipPrng,
  evalLearningRule,
  type LearningRule,
  type SynapseContext,
  updateTrace,
  weightLimits,
} from "../../isa/index.ts";
import { arbRule } from "../isa/learning/arbitraries.ts";
import { cubaProfile, makeCore } from "./helpers.ts";

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

/** The compiled rule (CompiledRule.update) on synapse 3 (axon 1, target 2, format 1) of small
 *  arrays around it. */
function updated(
  rule: LearningRule,
  s: SynapseContext,
  seed: number,
  limits: ReturnType<typeof weightLimits>,
  maxDelay: number,
) {
  const x = new Uint8Array(6).fill(99);
  x.set([s.x1, s.x2], 2);
  const y = new Uint8Array(12).fill(99);
  y.set([s.y1, s.y2, s.y3], 6);
  const ctx: RuleContext = {
    x,
    y,
    weight: Int16Array.from([9, 9, 9, s.w, 9]),
    delay: Uint8Array.from([9, 9, 9, s.d, 9]),
    tag: Int16Array.from([9, 9, 9, s.t, 9]),
    prng: new ChipPrng(seed),
    limits: [weightLimits(8, "mixed"), limits],
    stepBits: [0, Math.log2(limits.step)],
    maxDelay,
  };
  const w = compileRule(rule).update(3, 1, 2, 1, s.x0, s.y0, s.epoch, ctx);
  // Its neighbours are untouched; the weight is the caller's to store.
  expect([...ctx.weight, ...ctx.delay.subarray(0, 3), ...ctx.tag.subarray(4)]).toEqual([
    9,
    9,
    9,
    s.w,
    9,
    9,
    9,
    9,
    9,
  ]);
  return { w, d: ctx.delay[3], t: ctx.tag[3], state: ctx.prng.state };
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
          const want = { w: ref.w, d: ref.d, t: ref.t, state: prng.state };
          expect(updated(rule, s, seed, limits, maxDelay)).toEqual(want);
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
    expect(updated(rule, { ...s, epoch: 3 }, 9, limits, 15)).toMatchObject({ w: 10, t: 30 });
    // Epoch 4: dw = 40 * (30 - 10) = 800 units of 2^-7 = 6.25: w = 16 or 18 (step 2).
    const w = updated(rule, { ...s, epoch: 4 }, 9, limits, 15).w;
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

describe("the trace loops of the learn phase", () => {
  it("equal traceStep over every configured axon and compartment, exports included", () => {
    // 7 axons (axon 3 points at a pre-trace config that does not exist: no trace, no draw),
    // 6 compartments on two profiles with their own post-trace configs; random spikes
    // arriving, compartments spiking and y2/y3 exports (which replace the trace, no draw).
    const n = 6;
    const axons = 7;
    const lif = { decayU: 410, decayV: 205, vthMant: 100 };
    const core = makeCore({ index: 3, n, profile: cubaProfile(lif), axons, synapses: [] });
    core.neuronProfiles = [cubaProfile(lif), cubaProfile({ ...lif, vthMant: 5 })];
    core.profileOf = Uint8Array.from([0, 1, 1, 0, 1, 0]);
    core.learning = {
      epoch: 63,
      preTrace: [
        { impulse: [40, 100, 0], decay: [1000, 3000, 0] },
        { impulse: [127, 3, 0], decay: [7, 4095, 0] },
      ],
      axonTraceConfig: Uint8Array.from([0, 1, 0, 5, 1, 0, 1]),
      postTrace: [
        { impulse: [10, 64, 127], decay: [0, 2048, 409] },
        { impulse: [1, 0, 90], decay: [4095, 12, 3333] },
      ],
      rules: [],
      learnEnable: new Uint8Array(n).fill(1),
    };
    const l = buildLearnRuntime(core, 11);
    const c = {
      img: core,
      learn: l,
      n,
      nSpikes: 0,
      spikes: new Int32Array(n),
      post: new Int32Array(2 * n).fill(-1),
    } as unknown as CoreRuntime;
    const params = paramsFor("loihi", "davies2018", 1);
    // The reference: the trace update of chip.md section 6 written with traceStep.
    const x = new Uint8Array(2 * axons);
    const y = new Uint8Array(3 * n);
    const g = { s: l.rngTrace.prng.state };
    let draw = 0x9e3779b9;
    const rand = (k: number) => {
      draw = (Math.imul(draw, 1664525) + 1013904223) >>> 0;
      return (draw >>> 8) % k;
    };
    for (let t = 1; t <= 400; t++) {
      const arrived = Array.from({ length: axons }, () => (rand(3) === 0 ? rand(4) : 0));
      arrived.forEach((k, a) => {
        l.preNow[a] = k;
      });
      const spiking = Array.from({ length: n }, (_, i) => i).filter(() => rand(3) === 0);
      c.nSpikes = spiking.length;
      c.spikes.set(spiking);
      for (let k = 0; k < 2 * n; k++) c.post[k] = rand(4) === 0 ? rand(128) : -1;
      learnPhase(c, t, false, params);
      for (let a = 0; a < axons; a++) {
        const tc = core.learning.preTrace[core.learning.axonTraceConfig[a] as number];
        if (!tc) continue;
        const k = arrived[a] as number;
        x[2 * a] = traceStep(g, x[2 * a] as number, tc.decay[0], tc.impulse[0] * k);
        x[2 * a + 1] = traceStep(g, x[2 * a + 1] as number, tc.decay[1], tc.impulse[1] * k);
      }
      for (let i = 0; i < n; i++) {
        const tc = core.learning.postTrace[
          core.profileOf[i] as number
        ] as (typeof core.learning.postTrace)[number];
        const s = spiking.includes(i) ? 1 : 0;
        for (let j = 0; j < 3; j++) {
          const e = j > 0 ? (c.post[2 * i + j - 1] as number) : -1;
          y[3 * i + j] =
            e >= 0
              ? e
              : traceStep(
                  g,
                  y[3 * i + j] as number,
                  tc.decay[j] as number,
                  (tc.impulse[j] as number) * s,
                );
        }
      }
      expect(Array.from(l.x), `x at step ${t}`).toEqual(Array.from(x));
      expect(Array.from(l.y), `y at step ${t}`).toEqual(Array.from(y));
      expect(l.rngTrace.prng.state).toBe(g.s);
    }
    // The loop saw traces at their cap and at rest, and exports.
    expect(x.includes(127) || y.includes(127)).toBe(true);
    expect(y.includes(0)).toBe(true);
  });
});
