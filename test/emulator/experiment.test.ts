// The experiment driver: schedule of samples and phases, resets, dataset sources, readout,
// probes, host learning accounted apart, determinism and checkpoint/resume bit-identity.
import { describe, expect, it } from "vitest";
import { CheckpointError, createEmulator, type RunResult, run } from "../../emulator/index.ts";
import { experimentImage } from "./fixture-experiment.ts";

/** Everything of a result that must be bit-identical between two runs. */
function comparable(r: RunResult) {
  const { resumedFrom: _ignored, ...meta } = r.meta;
  return {
    stats: r.stats,
    series: r.series,
    spikes: r.spikes,
    sampled: r.sampled,
    predictions: r.predictions,
    evaluation: r.evaluation,
    meta,
  };
}

describe("experiment driver", () => {
  it("runs every training sample for each epoch, then the test pass", () => {
    const r = run(experimentImage());
    // (4 train rows x 2 epochs + 2 test rows) x (10 + 10 steps) = 200 steps.
    expect(r.stats.steps).toBe(200);
    expect(r.predictions.map((p) => [p.row, p.test, p.epoch])).toEqual([
      [0, false, 0],
      [1, false, 0],
      [2, false, 0],
      [3, false, 0],
      [0, false, 1],
      [1, false, 1],
      [2, false, 1],
      [3, false, 1],
      [4, true, 2],
      [5, true, 2],
    ]);
    expect(r.predictions.map((p) => p.label)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(r.evaluation?.test.total).toBe(2);
    expect(r.evaluation?.trainEpochs.map((e) => e.total)).toEqual([4, 4]);
  });

  it("records probes: spikes as index/time, v every step, weights every 10 steps", () => {
    const r = run(experimentImage());
    const hid = r.spikes.find((s) => s.population === "hid");
    expect(hid?.index.length).toBeGreaterThan(0);
    expect(hid?.index.length).toBe(hid?.time.length);
    expect(r.stats.cores[0]?.spikesOut).toBe(hid?.index.length);
    const v = r.sampled.find((s) => s.what === "v");
    expect(v?.steps.length).toBe(200);
    expect(v?.values.length).toBe(400);
    const w = r.sampled.find((s) => s.what === "weights");
    expect(w?.steps.length).toBe(20);
    expect(w?.width).toBe(16);
  });

  it("resets compartments between samples", () => {
    const emu = createEmulator(experimentImage());
    for (let t = 1; t <= 20; t++) emu.stepOnce();
    expect(emu.chip.readState(0, 0, 0) !== 0 || emu.chip.readState(0, 0, 1) !== 0).toBe(true);
    // Step 21 starts sample 2: state is reset before it; u holds only this step's input (none
    // arrives at a sample's first step: in-flight spikes were dropped with the reset).
    emu.stepOnce();
    expect(emu.chip.readState(0, 0, 0)).toBe(0);
  });

  it("counts host learning writes apart from on-chip learning", () => {
    const r = run(experimentImage());
    expect(r.stats.hostLearning.calls).toBe(8);
    expect(r.stats.hostLearning.writes).toBeGreaterThan(0);
    expect(r.stats.hostLearning.routines[0]).toMatchObject({
      name: "delta",
      routine: "count_delta",
      calls: 8,
    });
    expect(r.stats.cores[1]?.learnUpdates).toBeGreaterThan(0);
  });
});

describe("determinism and checkpoints", () => {
  it("gives the same bits for the same seed and different spikes for another", () => {
    const a = run(experimentImage(), { seed: 11 });
    const b = run(experimentImage(), { seed: 11 });
    expect(comparable(b)).toEqual(comparable(a));
    const c = run(experimentImage(), { seed: 12 });
    expect(
      c.stats.totals.spikesOut === a.stats.totals.spikesOut &&
        c.stats.hostSpikes === a.stats.hostSpikes,
    ).toBe(false);
  });

  it("resumes bit-identically from a checkpoint", () => {
    const full = run(experimentImage(), { seed: 5 });
    const saved: { step: number; bytes: Uint8Array }[] = [];
    const first = createEmulator(experimentImage(), {
      seed: 5,
      checkpointEvery: 37,
      onCheckpoint: (bytes, step) => saved.push({ step, bytes }),
    });
    first.run(80);
    expect(saved.map((s) => s.step)).toEqual([37, 74]);
    const resumed = createEmulator(experimentImage(), {
      seed: 5,
      resume: (saved[1] as { bytes: Uint8Array }).bytes,
    });
    expect(resumed.step).toBe(74);
    const r = resumed.run();
    expect(r.meta.resumedFrom).toBe(74);
    expect(comparable(r)).toEqual(comparable(full));
  });

  it("resumes the reference model bit-identically too", () => {
    const full = run(experimentImage(), { model: "reference" });
    const first = createEmulator(experimentImage(), { model: "reference" });
    first.run(90);
    const resumed = createEmulator(experimentImage(), {
      model: "reference",
      resume: first.checkpoint(),
    });
    expect(comparable(resumed.run())).toEqual(comparable(full));
    expect(full.stats.hostLearning.writes).toBeGreaterThan(0);
  });

  it("refuses a checkpoint of another run", () => {
    const e = createEmulator(experimentImage(), { seed: 5 });
    e.run(10);
    expect(() => createEmulator(experimentImage(), { seed: 6, resume: e.checkpoint() })).toThrow(
      /checkpoint is of image 'test', model bit-exact, seed 5/,
    );
  });

  it("refuses a truncated or damaged checkpoint before using any of it", () => {
    const e = createEmulator(experimentImage(), { seed: 5 });
    e.run(10);
    const good = e.checkpoint();
    const resume = (bytes: Uint8Array) => () =>
      createEmulator(experimentImage(), { seed: 5, resume: bytes });
    expect(resume(good)).not.toThrow();
    // Every cut and a flipped byte anywhere in the file: a CheckpointError, nothing else.
    for (let cut = 0; cut < good.length; cut += Math.max(1, Math.floor(good.length / 97)))
      expect(resume(good.subarray(0, cut))).toThrow(CheckpointError);
    for (let at = 0; at < good.length; at += Math.max(1, Math.floor(good.length / 89))) {
      const bad = good.slice();
      bad[at] = (bad[at] as number) ^ 0x5a;
      try {
        resume(bad)();
      } catch (err) {
        expect(err).toBeInstanceOf(CheckpointError);
      }
    }
    const flipped = good.slice();
    flipped[good.length - 5] = (flipped[good.length - 5] as number) ^ 0xff;
    expect(resume(flipped)).toThrow("damaged checkpoint: its checksum does not match its contents");
  });
});
