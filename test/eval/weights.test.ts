// Hand-computed checks of cosine alignment and weight convergence.
import { describe, expect, it } from "vitest";
import { matrix } from "../../cli/eval/matrix.ts";
import { cosine, cosineWithTranspose, weightConvergence } from "../../cli/eval/weights.ts";

describe("cosine", () => {
  it("of flattened vectors", () => {
    // [1, 0] . [1, 1] = 1; norms 1 and sqrt 2 -> 1/sqrt 2
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosine([0, 0], [1, 1])).toBeNaN();
  });
  it("compares B with W transposed", () => {
    // W (2x3) = [[1,2,3],[4,5,6]]; B (3x2) = W^T exactly -> 1; B = -W^T -> -1
    const w = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(cosineWithTranspose(matrix(3, 2, [1, 4, 2, 5, 3, 6]), w)).toBeCloseTo(1, 12);
    expect(cosineWithTranspose(matrix(3, 2, [-1, -4, -2, -5, -3, -6]), w)).toBeCloseTo(-1, 12);
    // B = [[1,0],[0,0],[0,0]] picks W^T(0,0) = 1 of norm sqrt(91) -> 1/sqrt(91)
    expect(cosineWithTranspose(matrix(3, 2, [1, 0, 0, 0, 0, 0]), w)).toBeCloseTo(
      1 / Math.sqrt(91),
      12,
    );
    expect(() => cosineWithTranspose(matrix(2, 3, [1, 2, 3, 4, 5, 6]), w)).toThrow(/B is 2x3/);
  });
});

describe("weightConvergence", () => {
  it("counts weights within p % of the target", () => {
    // target 0.5, 5 % -> [0.475, 0.525]; 0.48 and 0.52 in, 0.40 out (20 %), 0.525 on the edge in
    const c = weightConvergence([0.48, 0.52, 0.4, 0.525], 0.5, 5);
    expect(c.fractionWithin).toBe(0.75);
    expect(c.maxRelativeError).toBeCloseTo(0.2, 12);
  });
});
