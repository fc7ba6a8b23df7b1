// Hand-computed checks of NMSE, the LASSO objective, its relative gap and support recovery.
import { describe, expect, it } from "vitest";
import { matrix } from "../../cli/eval/matrix.ts";
import {
  lassoObjective,
  nmse,
  reconstruct,
  relativeGap,
  supportOf,
  supportRecovery,
} from "../../cli/eval/sparse-coding.ts";

describe("nmse", () => {
  it("averages per-sample ratios", () => {
    const x = matrix(2, 2, [3, 4, 1, 0]);
    const xhat = matrix(2, 2, [3, 3, 0, 0]);
    // sample 0: 1/25 = 0.04; sample 1: 1/1 = 1; mean = 0.52
    expect(nmse(x, xhat)).toBeCloseTo(0.52, 12);
  });
  it("rejects an all-zero signal and shape mismatch", () => {
    expect(() => nmse(matrix(1, 2, [0, 0]), matrix(1, 2, [1, 0]))).toThrow(/sample 0 is all zero/);
    expect(() => nmse(matrix(1, 2, [1, 0]), matrix(2, 1, [1, 0]))).toThrow(/nmse/);
  });
});

describe("lassoObjective", () => {
  it("is 0.5 ||s - Phi a||^2 + lambda ||a||_1", () => {
    // Phi = [[1, 0], [0, 2]], a = [1, -0.5] -> Phi a = [1, -1]; s = [2, 1] -> residual [1, 2]
    // 0.5 * (1 + 4) + 0.1 * 1.5 = 2.65
    const phi = matrix(2, 2, [1, 0, 0, 2]);
    expect(lassoObjective([2, 1], phi, [1, -0.5], 0.1)).toBeCloseTo(2.65, 12);
    expect(Array.from(reconstruct(phi, matrix(1, 2, [1, -0.5])).data)).toEqual([1, -1]);
  });
  it("relative gap is (obj - ref) / |ref|", () => {
    expect(relativeGap(1.01, 1)).toBeCloseTo(0.01, 12);
    expect(() => relativeGap(1, 0)).toThrow(/reference objective is 0/);
  });
});

describe("support", () => {
  it("finds entries above tolerance", () => {
    expect(supportOf([0, 1e-9, 0.5, -2], 1e-6)).toEqual([2, 3]);
  });
  it("scores precision and recall", () => {
    // estimate {1, 2, 4} vs truth {1, 2, 3}: TP 2, FP 1, FN 1
    const r = supportRecovery([0, 1, 1, 0, 1], [1, 2, 3]);
    expect(r).toMatchObject({
      exact: false,
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
    });
    expect(r.precision).toBeCloseTo(2 / 3, 12);
    expect(r.recall).toBeCloseTo(2 / 3, 12);
    expect(supportRecovery([0, 3, 0, 1], [1, 3]).exact).toBe(true);
  });
});
