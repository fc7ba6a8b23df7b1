// The st_rsbp host routine on a hand-made HostContext: output errors move the weights into the
// labelled output up and the others down, errors reach the hidden layer through the recurrent
// solve, tags are cleared, and the same seed gives the same writes.
import { describe, expect, it } from "vitest";
import { checkHostParams, type HostContext } from "../../emulator/host/index.ts";
import { checkStRsbpParams, scheduledEta, stRsbp } from "../../emulator/host/st-rsbp.ts";
import { EmulatorFault } from "../../emulator/kernel.ts";
import type { ProjectionImage } from "../../isa/image.ts";

function proj(
  id: string,
  pre: string,
  post: string,
  pairs: [number, number][],
  base: number,
): ProjectionImage {
  return {
    id,
    pre,
    post,
    plastic: true,
    tiedGroup: -1,
    preIndex: Int32Array.from(pairs.map((p) => p[0])),
    postIndex: Int32Array.from(pairs.map((p) => p[1])),
    core: new Int32Array(pairs.length),
    slot: Int32Array.from(pairs.map((_, k) => base + k)),
    weightExp: 0,
  };
}

/** inp(2) -> hid(2) -> out(2), with hid0 -> hid1 recurrent; every synapse weight 20, tag 8. */
function context(seed = 1) {
  const projections = [
    proj(
      "inp->hid",
      "inp",
      "hid",
      [
        [0, 0],
        [1, 1],
      ],
      0,
    ),
    proj("hid->hid", "hid", "hid", [[0, 1]], 2),
    proj(
      "hid->out",
      "hid",
      "out",
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      3,
    ),
  ];
  const weight = new Float64Array(7).fill(20);
  const tag = new Float64Array(7).fill(8);
  const writes: [string, number, number][] = [];
  const counts: Record<string, number[]> = { inp: [5, 5], hid: [4, 4], out: [3, 3] };
  const h: HostContext = {
    params: { updates: "inp->hid,hid->hid,hid->out" },
    row: 0,
    label: 0,
    sample: 0,
    epoch: 0,
    seed,
    phases: ["all"],
    sampleSteps: 50,
    counts: (pop) => Int32Array.from(counts[pop] ?? []),
    projection: (id) => projections.find((p) => p.id === id) as ProjectionImage,
    readWeight: (_c, s) => weight[s] as number,
    weightLimits: () => ({ min: -256, max: 254, step: 2 }),
    writeWeight: (_c, s, w) => {
      weight[s] = w;
      writes.push(["w", s, w]);
    },
    readTag: (_c, s) => tag[s] as number,
    writeTag: (_c, s, t) => {
      tag[s] = t;
      writes.push(["t", s, t]);
    },
    readPreTrace: () => 0,
    readPostTrace: () => 0,
  };
  return { h, weight, tag, writes };
}

describe("st_rsbp host routine", () => {
  it("moves output weights toward the target counts and clears the S-PSP tags", () => {
    const { h, weight, tag } = context();
    h.params.eta = 0.5;
    stRsbp(h);
    // Label 0: target 0.2 x 50 = 10 spikes vs 3 -> delta +7; out 1: target 1 vs 3 -> delta -2.
    // dw = eta 0.5 x delta x e/mean(e) (= 1): +3.5 and -1 (in steps of 2, rounded stochastically).
    for (const s of [3, 5]) expect(weight[s]).toBeGreaterThan(20);
    for (const s of [4, 6]) expect(weight[s]).toBeLessThanOrEqual(20);
    expect([...tag]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it("sends errors back to the hidden layer, through the recurrent synapse too", () => {
    // g = (w 20 / weightPerSpike 160) x (S-PSP per pre spike / its mean = 1) = 0.125.
    // Output deltas: +7 (label 0: target 10, count 3) and -2 (target 1, count 3), so
    // b_i = 0.125 x (7 - 2) = 0.625 for both hidden neurons. Recurrence hid0 -> hid1:
    // delta_1 = 0.625, delta_0 = 0.625 + 0.125 x delta_1 = 0.703125 (= 45/64).
    // inp -> hid with eta 64 and a weight step of 1: dw = 64 x delta x 1 = 45 and 40 exactly.
    const { h, weight } = context();
    h.params.eta = 64;
    h.weightLimits = () => ({ min: -256, max: 255, step: 1 });
    stRsbp(h);
    expect(weight[0]).toBe(20 + 45);
    expect(weight[1]).toBe(20 + 40);
    // The recurrent synapse itself: dw = 64 x delta_1 = 40.
    expect(weight[2]).toBe(20 + 40);
  });

  it("is deterministic for a seed", () => {
    const a = context(9);
    const b = context(9);
    stRsbp(a.h);
    stRsbp(b.h);
    expect(b.writes).toEqual(a.writes);
  });

  it("decays eta by etaDecay after every epochSamples training samples", () => {
    // eta 64, weight step 1: without a schedule inp0 -> hid0 moves by 45 (test above). With
    // etaDecay 0.5 per epoch of 10 samples, sample 25 is in epoch 2: eta 16, so dw = 45 / 4.
    const rate = (sample: number, params: Record<string, number>) => {
      const { h } = context();
      h.sample = sample;
      Object.assign(h.params, { eta: 64, ...params });
      return scheduledEta(h);
    };
    expect(rate(25, {})).toBe(64);
    expect(rate(9, { etaDecay: 0.5, epochSamples: 10 })).toBe(64);
    expect(rate(10, { etaDecay: 0.5, epochSamples: 10 })).toBe(32);
    expect(rate(25, { etaDecay: 0.5, epochSamples: 10 })).toBe(16);
    // Without epochSamples the experiment's training epoch sets the decay (sample 25 of epoch 3).
    const byEpoch = (epoch: number, params: Record<string, number>) => {
      const { h } = context();
      h.sample = 25;
      h.epoch = epoch;
      Object.assign(h.params, { eta: 64, ...params });
      return scheduledEta(h);
    };
    expect(byEpoch(3, { etaDecay: 0.5 })).toBe(8);
    expect(byEpoch(0, { etaDecay: 0.5 })).toBe(64);
    expect(byEpoch(3, {})).toBe(64);
    // epochSamples, when given, wins over the experiment's epoch.
    expect(byEpoch(3, { etaDecay: 0.5, epochSamples: 10 })).toBe(16);
    const { h, weight } = context();
    Object.assign(h.params, { eta: 64, etaDecay: 0.5, epochSamples: 10 });
    h.sample = 25;
    h.weightLimits = () => ({ min: -256, max: 255, step: 1 });
    stRsbp(h);
    // 45 / 4 = 11.25 and 40 / 4 = 10, in whole steps (stochastic rounding of 11.25: 11 or 12).
    expect([20 + 11, 20 + 12]).toContain(weight[0]);
    expect(weight[1]).toBe(20 + 10);
  });

  it("rejects a schedule that cannot be a rate", () => {
    const { h } = context();
    h.params.etaDecay = 0;
    h.params.epochSamples = 10;
    expect(() => stRsbp(h)).toThrow(/etaDecay/);
    // A fault of the image (snn run prints it as one line), not an internal error.
    expect(() => stRsbp(h)).toThrow(EmulatorFault);
  });

  it("checks its parameters and projections when the image is loaded", () => {
    const ok = { updates: "w1, w2", eta: 0.1 };
    expect(() => checkStRsbpParams(ok, ["w1", "w2"])).not.toThrow();
    expect(() => checkStRsbpParams({ ...ok, etaDecay: -1 }, ["w1", "w2"])).toThrow(
      "etaDecay must be > 0",
    );
    expect(() => checkStRsbpParams({ ...ok, iterations: "many" }, ["w1", "w2"])).toThrow(
      "parameter 'iterations' must be a number (got many)",
    );
    expect(() => checkStRsbpParams(ok, ["w1"])).toThrow("projection 'w2' is not in the image");
    expect(() => checkStRsbpParams({ eta: 0.1 }, ["w1"])).toThrow("'updates' names no projection");
    // A misspelt parameter is refused at load (checkHostParams, shared by the built-in
    // routines), not ignored (the routine would run with the default).
    expect(() => checkHostParams("st_rsbp", { ...ok, etaDecya: 0.5 }, ["w1", "w2"])).toThrow(
      "unknown parameter 'etaDecya' (it takes targetTrue",
    );
    // The compiler's own keys (updates, reads, every N) are known.
    expect(() =>
      checkHostParams("st_rsbp", { ...ok, reads: "out.spikes", everySamples: 1 }, ["w1", "w2"]),
    ).not.toThrow();
  });
});
