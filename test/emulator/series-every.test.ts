// The run's series with several steps summed into each row (EmulatorOptions.seriesEvery, `snn run
// --series-every N`): each row is the sum of its steps' figures, the run's statistics do not
// depend on it, checkpoints resume mid-row to the same bits, and the report reads such a run.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stepTimeSpec } from "../../cli/report/charts/core-bars.ts";
import { loadRunDir } from "../../cli/report/load-run-dir.ts";
import { rowSteps } from "../../cli/report/run-data.ts";
import { writeRunDir } from "../../cli/run-dir.ts";
import { CheckpointError } from "../../emulator/checkpoint.ts";
import { createEmulator, type RunResult, run } from "../../emulator/index.ts";
import { SERIES_ARRAYS, SERIES_CELLS, seriesEveryFor } from "../../emulator/stats.ts";
import { experimentImage } from "./fixture-experiment.ts";

const seed = 5;
const perStep = run(experimentImage(), { seed, seriesEvery: 1 });

/** `a` (one row per step, `width` columns) summed in rows of `every` steps, in step order. */
function binned(a: Float64Array, width: number, every: number): number[] {
  const steps = a.length / width;
  const out = new Array<number>(Math.ceil(steps / every) * width).fill(0);
  for (let t = 0; t < steps; t++)
    for (let c = 0; c < width; c++) {
      const k = Math.floor(t / every) * width + c;
      out[k] = (out[k] as number) + (a[t * width + c] as number);
    }
  return out;
}

function expectRowsSum(r: RunResult, every: number): void {
  const n = r.stats.cores.length;
  expect(r.series.every).toBe(every);
  for (const key of SERIES_ARRAYS) {
    const width = key.startsWith("core") ? n : 1;
    expect(Array.from(r.series[key]), key).toEqual(binned(perStep.series[key], width, every));
  }
}

describe("series rows that sum several steps", () => {
  it("has the activity the row sums are checked on", () => {
    expect(perStep.stats.steps).toBe(200);
    expect(perStep.series.chipCycles.length).toBe(200);
    expect(perStep.series.spikes.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(new Set(perStep.series.chipCycles).size).toBeGreaterThan(1);
  });

  it("each row is the sum of its steps; the statistics are the per-step run's", () => {
    // 7 does not divide 200: the last row holds steps 197..200.
    for (const every of [2, 7, 20, 200, 1000]) {
      const r = run(experimentImage(), { seed, seriesEvery: every });
      expect(r.series.chipCycles.length).toBe(Math.ceil(200 / every));
      expectRowsSum(r, every);
      expect(r.stats).toEqual(perStep.stats);
      expect(r.predictions).toEqual(perStep.predictions);
    }
  });

  it("resumes a checkpoint taken mid-row to the same rows and statistics", () => {
    const every = 7;
    const whole = run(experimentImage(), { seed, seriesEvery: every });
    let ckpt: Uint8Array | undefined;
    // Step 50 is the second step of row 7 (steps 50..56).
    createEmulator(experimentImage(), {
      seed,
      seriesEvery: every,
      checkpointEvery: 50,
      onCheckpoint: (b, t) => {
        if (t === 50) ckpt = b;
      },
    }).run(60);
    expect(ckpt).toBeDefined();
    // Without --series-every the checkpoint's rows are kept.
    const resumed = run(experimentImage(), { seed, resume: ckpt });
    expect(resumed.meta.resumedFrom).toBe(50);
    expect(resumed.series).toEqual(whole.series);
    expect(resumed.stats).toEqual(whole.stats);
    // Asking for other rows than the checkpoint's is refused, naming both.
    expect(() => createEmulator(experimentImage(), { seed, resume: ckpt, seriesEvery: 1 })).toThrow(
      new CheckpointError(
        "checkpoint's series sums 7 step(s) per row; this run asks for 1 (resume without --series-every, or with 7)",
      ),
    );
    const same = run(experimentImage(), { seed, resume: ckpt, seriesEvery: every });
    expect(same.series).toEqual(whole.series);
  });

  it("chooses one row per step while it fits, else rows that line up with the samples", () => {
    const cols = (cores: number) => 5 + 3 * cores;
    expect(seriesEveryFor(1000, 2, 20)).toBe(1);
    expect(seriesEveryFor(SERIES_CELLS / cols(1), 1, 0)).toBe(1);
    expect(seriesEveryFor(SERIES_CELLS / cols(1) + 1, 1, 0)).toBe(2);
    // The 30-epoch digits run (3 cores, 126-step samples): at least 5 steps, 6 divides 126.
    expect(seriesEveryFor(5_152_014, 3, 126)).toBe(6);
    // The 30-epoch credit-assignment runs (5 cores, 252-step samples): at least 13, then 14.
    expect(seriesEveryFor(10_304_028, 5, 252)).toBe(14);
    // More steps per row than a sample has: whole samples.
    expect(seriesEveryFor(1e9, 1, 10)).toBe(480);
    // Whatever it picks keeps the series within its budget.
    for (const [steps, cores, sample] of [
      [5_152_014, 3, 126],
      [10_304_028, 5, 252],
      [1e9, 1, 10],
      [4e9, 1, 0],
      [123_456_789, 64, 97],
    ] as const) {
      const every = seriesEveryFor(steps, cores, sample);
      expect(Math.ceil(steps / every) * cols(cores)).toBeLessThanOrEqual(SERIES_CELLS);
      if (sample > 0) expect(sample % every === 0 || every % sample === 0).toBe(true);
    }
  });

  it("writes steps.json with its rows, and the report reads them as mean steps", () => {
    const every = 7;
    const r = run(experimentImage(), { seed, seriesEvery: every });
    const dir = mkdtempSync(join(tmpdir(), "snn-series-"));
    writeRunDir(r, dir);
    const file = JSON.parse(readFileSync(join(dir, "steps.json"), "utf8"));
    expect([file.steps, file.every, file.rows]).toEqual([200, 7, 29]);
    const data = loadRunDir(dir);
    const ps = data.perStep!;
    expect([ps.rows, ps.every, ps.steps]).toEqual([29, 7, 200]);
    expect(rowSteps(ps, 0)).toBe(7);
    expect(rowSteps(ps, 28)).toBe(4);
    const spec = stepTimeSpec(data) as unknown as {
      title: { subtitle: string };
      data: { values: { step: number; mean: number }[] };
    };
    expect(spec.title.subtitle).toContain("mean step of each of 29 rows of 7 steps");
    const rows = spec.data.values;
    expect(rows.map((x) => x.step).slice(0, 3)).toEqual([1, 8, 15]);
    const last = perStep.series.chipCycles.subarray(196);
    expect(rows.at(-1)?.mean).toBeCloseTo(last.reduce((a, b) => a + b, 0) / 4, 9);
    // A file whose steps do not fill its rows is refused at the field, not drawn wrong.
    writeFileSync(join(dir, "steps.json"), JSON.stringify({ ...file, steps: 300 }));
    expect(() => loadRunDir(dir)).toThrow(/steps\.json.*steps.*29 rows of chipCycles at 7/);
  });
});
