// The linear classifier on hand-made separable data, and its determinism.
import { describe, expect, it } from "vitest";
import { fitLinearClassifier, predictClasses } from "../../cli/eval/linear-classifier.ts";
import { matrix, solveSpd } from "../../cli/eval/matrix.ts";

// Three classes, each a tight cluster at one corner of a triangle: (0,0), (5,0), (0,5).
const x = matrix(9, 2, [0, 0, 0.1, 0, 0, 0.1, 5, 0, 5.1, 0, 5, 0.1, 0, 5, 0.1, 5, 0, 5.1]);
const y = [0, 0, 0, 1, 1, 1, 2, 2, 2];

describe("fitLinearClassifier", () => {
  for (const method of ["least-squares", "logistic"] as const) {
    it(`${method} separates three clusters and is deterministic`, () => {
      const m = fitLinearClassifier(x, y, 3, { method });
      expect(Array.from(predictClasses(m, x))).toEqual(y);
      // An unseen point near corner 2 goes to class 2.
      expect(Array.from(predictClasses(m, matrix(1, 2, [0.3, 4.6])))).toEqual([2]);
      const again = fitLinearClassifier(x, y, 3, { method });
      expect(again.weights.data).toEqual(m.weights.data);
    });
  }
  it("rejects a bad label", () => {
    expect(() => fitLinearClassifier(x, [...y.slice(0, 8), 7], 3)).toThrow(/label 7 of sample 8/);
  });
});

describe("solveSpd", () => {
  it("solves a 2x2 system", () => {
    // [[4, 2], [2, 3]] x = [2, 5] -> x = [-0.5, 2]
    const s = solveSpd(matrix(2, 2, [4, 2, 2, 3]), matrix(2, 1, [2, 5]));
    expect(s.data[0]).toBeCloseTo(-0.5, 12);
    expect(s.data[1]).toBeCloseTo(2, 12);
    expect(() => solveSpd(matrix(2, 2, [1, 2, 2, 1]), matrix(2, 1, [1, 1]))).toThrow(
      /positive definite/,
    );
  });
});
