// Host spike sources: which channels fire at which step for every source kind, phase gating,
// and reproducible random draws.
import { describe, expect, it } from "vitest";
import type { ChipModel } from "../../emulator/model.ts";
import { Schedule } from "../../emulator/schedule.ts";
import { HostSources } from "../../emulator/sources.ts";
import type { ChipImage, SourceImage } from "../../isa/image.ts";
import { makeImage } from "./helpers.ts";

/** Runs `steps` steps of a lone source and returns [step, channel] of every spike. */
function fire(
  kind: SourceImage["kind"],
  channels: number,
  steps: number,
  opts: { phases?: number[]; presentation?: boolean; seed?: number } = {},
) {
  const img: ChipImage = makeImage([], { steps });
  img.experiment.datasets = [
    {
      name: "d",
      rows: 2,
      cols: 3,
      // row 0: 1.0, 0.5, 0; row 1: 0, 0, 0.25 (Q16 of 1.0 = 65535)
      values: Uint16Array.from([65535, 32768, 0, 0, 0, 16384]),
      labels: Int32Array.from([2, 0]),
      trainRows: [0, 2],
      testRows: [0, 0],
    },
  ];
  if (opts.presentation) {
    img.experiment.presentation = {
      dataset: 0,
      phases: [
        { name: "a", steps: 5, learn: false },
        { name: "b", steps: 5, learn: true },
      ],
      epochs: 1,
      resetBetweenSamples: false,
    };
  }
  img.sources = [
    {
      name: "s",
      channels,
      kind,
      phases: opts.phases ?? [],
      outStart: Uint32Array.from({ length: channels + 1 }, (_, i) => i),
      routeCore: new Uint32Array(channels),
      routeAxon: Uint32Array.from({ length: channels }, (_, i) => i),
    },
  ];
  const out: [number, number][] = [];
  let step = 0;
  const chip = {
    inject: (_core: number, axon: number) => out.push([step, axon]),
  } as unknown as ChipModel;
  const sched = new Schedule(img.experiment, steps);
  const src = new HostSources(img, opts.seed ?? 1);
  for (step = 0; step <= steps; step++) src.emit(sched.at(step), chip);
  return out;
}

describe("host sources", () => {
  it("steps: each listed (channel, step), step 0 included", () => {
    expect(
      fire(
        { type: "steps", channel: Uint32Array.from([1, 0, 1]), step: Uint32Array.from([0, 3, 3]) },
        2,
        5,
      ),
    ).toEqual([
      [0, 1],
      [3, 0],
      [3, 1],
    ]);
  });

  it("periodic: every channel at start, start + period, ...", () => {
    expect(fire({ type: "periodic", period: 4, start: 2 }, 2, 10)).toEqual([
      [2, 0],
      [2, 1],
      [6, 0],
      [6, 1],
      [10, 0],
      [10, 1],
    ]);
  });

  it("bernoulli: probability 0 never fires, 65536 always does, 1/4 about a quarter of the time", () => {
    const spikes = fire(
      { type: "bernoulli", probQ16: Uint32Array.from([0, 65536, 16384]), seed: 9 },
      3,
      4000,
    );
    const per = [0, 1, 2].map((c) => spikes.filter((s) => s[1] === c).length);
    expect(per[0]).toBe(0);
    expect(per[1]).toBe(4000);
    // 4000 draws at p = 1/4: mean 1000, sd 27; 5 sd either side.
    expect(Math.abs((per[2] as number) - 1000)).toBeLessThan(137);
    // Same seed, same spikes; another run seed, other spikes.
    expect(
      fire({ type: "bernoulli", probQ16: Uint32Array.from([0, 65536, 16384]), seed: 9 }, 3, 4000),
    ).toEqual(spikes);
    expect(
      fire({ type: "bernoulli", probQ16: Uint32Array.from([0, 65536, 16384]), seed: 9 }, 3, 4000, {
        seed: 2,
      }),
    ).not.toEqual(spikes);
  });

  it("dataset-rate: probability = value x maxProb per step, row by sample", () => {
    // maxProb 65535 (1.0): row 0 channel 0 (1.0) fires every step of sample 0, channel 2 (0)
    // never; sample 1 (steps 11..20) shows row 1 where channel 0 is 0.
    const spikes = fire({ type: "dataset-rate", dataset: 0, maxProbQ16: 65535, seed: 4 }, 3, 20, {
      presentation: true,
    });
    expect(spikes.filter((s) => s[1] === 0).map((s) => s[0])).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(spikes.filter((s) => s[1] === 2 && s[0] <= 10)).toEqual([]);
  });

  it("dataset-latency: one spike per phase, earlier for larger values", () => {
    // window 5: at = round((65535 - v) * 4 / 65535): 1.0 -> 0, 0.5 -> 2, 0 never, 0.25 -> 3.
    // Step in phase 0 of sample 0 is step 1 (phase a) and step 6 (phase b).
    const spikes = fire({ type: "dataset-latency", dataset: 0, window: 5 }, 3, 20, {
      presentation: true,
    });
    expect(spikes).toEqual([
      [1, 0],
      [3, 1],
      [6, 0],
      [8, 1],
      [14, 2],
      [19, 2],
    ]);
  });

  it("label-onehot: the label's channel every period steps of each phase", () => {
    // Labels: row 0 -> 2, row 1 -> 0; period 2 within each 5-step phase: steps in phase 0, 2, 4.
    const spikes = fire({ type: "label-onehot", dataset: 0, period: 2 }, 3, 20, {
      presentation: true,
      phases: [1],
    });
    // Only phase b (index 1): steps 6, 8, 10 (label 2) and 16, 18, 20 (label 0).
    expect(spikes).toEqual([
      [6, 2],
      [8, 2],
      [10, 2],
      [16, 0],
      [18, 0],
      [20, 0],
    ]);
  });
});
