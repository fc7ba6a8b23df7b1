// G: the STDP programs (programs/stdp/) on the bit-exact emulator. Each uses a pairing protocol
// with teacher spikes, so the expected direction and size of every weight change is known:
// pair STDP potentiates pre-before-post and depresses post-before-pre by about 2^-4 * 16 *
// exp(-dt / 20 ms) per pairing; triplet STDP potentiates more per pairing at 20 Hz than at 5 Hz;
// reward-modulated STDP moves the weights of equally eligible synapses up under reward, down
// under punishment and not at all without a third factor.
import { describe, expect, it } from "vitest";
import { compileProgram, runImage, spikesOf, weightsOf } from "./run-program.ts";

/** Per-synapse weights of the first and last sample of a weight probe. */
function firstLast(w: { width: number; values: Float64Array; steps: ArrayLike<number> }) {
  const last = w.steps.length - 1;
  return {
    first: Array.from(w.values.subarray(0, w.width)),
    last: Array.from(w.values.subarray(last * w.width, (last + 1) * w.width)),
  };
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe("stdp/pair.snn", () => {
  const r = runImage(compileProgram("stdp/pair.snn"));
  it("fires each output once per teacher spike, at step 20 of the period", () => {
    const s = spikesOf(r, "out");
    expect(s.index.length).toBe(4 * 100);
    expect(new Set(Array.from(s.time, (t) => t % 50))).toEqual(new Set([20]));
  });
  it("pre before post potentiates every synapse, by about 0.64 per pairing", () => {
    const early = weightsOf(r, "early->out");
    const { last } = firstLast(early);
    // Started at 100; 100 pairings, pre 9 steps before post: x1 = 16 e^(-9/20).
    const expected = 100 * 2 ** -4 * 16 * Math.exp(-9 / 20);
    const start = 100;
    expect(mean(last) - start).toBeGreaterThan(0.6 * expected);
    expect(mean(last) - start).toBeLessThan(1.4 * expected);
  });
  it("post before pre depresses every synapse", () => {
    const late = weightsOf(r, "late->out");
    const early = weightsOf(r, "early->out");
    const l = firstLast(late);
    const e = firstLast(early);
    for (let k = 0; k < late.width; k++) {
      expect(l.last[k]!).toBeLessThan(l.first[k]!);
      expect(e.last[k]!).toBeGreaterThan(e.first[k]!);
    }
    expect(mean(l.last)).toBeLessThan(70);
  });
});

describe("stdp/triplet.snn", () => {
  const r = runImage(compileProgram("stdp/triplet.snn", [["steps 4000;", "steps 2000;"]]));
  const change = (name: string) => {
    const { first, last } = firstLast(weightsOf(r, name));
    // the probe's first sample is at step 400; synapses all start at 100
    return { first: mean(first), last: mean(last) };
  };
  it("potentiates pre-before-post and depresses post-before-pre at both rates", () => {
    expect(change("early_fast->out").last).toBeGreaterThan(110);
    expect(change("early_slow->out").last).toBeGreaterThan(100);
    expect(change("late_fast->out").last).toBeLessThan(90);
    expect(change("late_slow->out").last).toBeLessThan(100);
  });
  it("potentiates more per pairing at 20 Hz than at 5 Hz (the triplet term)", () => {
    // 2000 steps: 40 pairings at 20 Hz, 10 at 5 Hz.
    const fast = (change("early_fast->out").last - 100) / 40;
    const slow = (change("early_slow->out").last - 100) / 10;
    expect(fast).toBeGreaterThan(1.2 * slow);
  });
});

describe("stdp/rstdp.snn", () => {
  const r = runImage(compileProgram("stdp/rstdp.snn"));
  const w = weightsOf(r, "inp->out");
  const { last } = firstLast(w);
  // Columns are `synapse k: i->j`; output j = k mod 3 (all_to_all, 8 inputs x 3 outputs).
  const byOut = [0, 1, 2].map((j) => last.filter((_, k) => k % 3 === j));
  it("reward potentiates eligible synapses", () => {
    for (const v of byOut[0]!) expect(v).toBeGreaterThan(115);
  });
  it("punishment depresses the same eligibility", () => {
    for (const v of byOut[1]!) expect(v).toBeLessThan(85);
  });
  it("no third factor, no weight change", () => {
    for (const v of byOut[2]!) expect(v).toBe(100);
  });
});
