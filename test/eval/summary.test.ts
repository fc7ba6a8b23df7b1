// The several-runs summary of `snn eval DIR DIR...`: hand-computed mean, sample standard
// deviation and extremes, and metrics that some run lacks left out instead of averaged over
// fewer runs.
import { describe, expect, it } from "vitest";
import type { RunMetrics } from "../../cli/eval/run-metrics.ts";
import { spread, summarizeRuns } from "../../cli/eval/summary.ts";

const run = (test: number | null, lastEpoch?: number, cosine?: number): RunMetrics => ({
  classification: {
    nClasses: 2,
    test:
      test === null
        ? null
        : {
            samples: 4,
            accuracy: test,
            undecided: 0,
            confusion: { nClasses: 2, counts: new Int32Array(4), undecided: new Int32Array(2) },
          },
    trainEpochs:
      lastEpoch === undefined
        ? []
        : [
            { epoch: 0, samples: 4, accuracy: 0 },
            { epoch: 1, samples: 4, accuracy: lastEpoch },
          ],
  },
  ...(cosine === undefined ? {} : { alignment: { b: "b", w: "w", cosine, pairs: 1, over: [] } }),
});

describe("spread", () => {
  it("mean, sample sd and the positions of the extremes", () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, sample variance 32 / 7.
    const s = spread([4, 2, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect([s.min, s.argmin, s.max, s.argmax]).toEqual([2, 1, 9, 7]);
    expect(spread([3]).sd).toBe(0);
    expect(() => spread([])).toThrow(RangeError);
  });
});

describe("summarizeRuns", () => {
  it("summarises test accuracy, the last epoch and the cosine, and counts runs at a threshold", () => {
    const s = summarizeRuns([run(0.5, 0.75, 0.2), run(1, 1, 0.4), run(0.75, 0.5, 0.9)], 0.75);
    expect(s.runs).toBe(3);
    expect(s.testAccuracy!.mean).toBeCloseTo(0.75, 12);
    expect(s.testAccuracy!.atLeast).toEqual({ threshold: 0.75, runs: 2 });
    expect(s.lastEpochAccuracy!.min).toBe(0.5);
    expect(s.lastEpochAccuracy!.argmin).toBe(2);
    expect(s.cosine!.max).toBe(0.9);
  });
  it("leaves out a metric that some run lacks", () => {
    const s = summarizeRuns([run(0.5, 0.5, 0.3), run(null, undefined, undefined)]);
    expect(s.testAccuracy).toBeUndefined();
    expect(s.lastEpochAccuracy).toBeUndefined();
    expect(s.cosine).toBeUndefined();
    expect(s.runs).toBe(2);
  });
});
