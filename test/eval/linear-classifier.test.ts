// The linear classifier on hand-made separable data, its determinism, the cross-validated L2
// strength on a noisy toy problem, training-only standardisation and the logistic fit's convergence.
import { describe, expect, it } from "vitest";
import {
  classifierScores,
  crossValidateL2,
  fitLinearClassifier,
  L2_GRID,
  predictClasses,
} from "../../cli/eval/linear-classifier.ts";
import { type Matrix, matrix, solveSpd } from "../../cli/eval/matrix.ts";

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

// A deterministic stream in [0, 1) for the toy problems (a 32-bit LCG; no test depends on its quality).
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Two classes told apart by feature 0 only (means -1 and +1, sd 1: overlapping, so a sixth of the
// labels sit on the wrong side), plus 30 features of pure noise; 60 samples, so a weakly
// penalised fit can separate the training rows with the noise features.
function noisyProblem(n: number, seed: number) {
  const r = stream(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const cols = 31;
  const data: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    labels.push(y);
    data.push((y === 1 ? 1 : -1) + gauss());
    for (let j = 1; j < cols; j++) data.push(gauss());
  }
  return { x: matrix(n, cols, data), y: labels };
}

function accuracyOf(m: ReturnType<typeof fitLinearClassifier>, x: Matrix, y: number[]): number {
  const p = predictClasses(m, x);
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (p[i] === y[i]) ok++;
  return ok / y.length;
}

describe("crossValidateL2", () => {
  const train = noisyProblem(60, 7);
  const fresh = noisyProblem(2000, 8);

  it("picks a stronger penalty than the weakest on a noisy problem, and it generalises better", () => {
    const cv = crossValidateL2(train.x, train.y, 2, { method: "logistic" });
    expect(cv.grid).toEqual([...L2_GRID]);
    expect(cv.l2).toBeGreaterThanOrEqual(1e-2);
    // The weakest penalty fits the noise features: the chosen one does better on fresh samples.
    const weak = fitLinearClassifier(train.x, train.y, 2, { method: "logistic", l2: L2_GRID[0] });
    const chosen = fitLinearClassifier(train.x, train.y, 2, { method: "logistic", l2: "cv" });
    expect(chosen.l2).toBe(cv.l2);
    expect(chosen.cv?.accuracy).toEqual(cv.accuracy);
    expect(accuracyOf(weak, train.x, train.y)).toBe(1);
    expect(accuracyOf(chosen, fresh.x, fresh.y)).toBeGreaterThan(
      accuracyOf(weak, fresh.x, fresh.y) + 0.05,
    );
  });

  it("scores each fold with a model fitted (and standardised) on the other folds only", () => {
    const grid = [1e-3, 1e-1];
    const cv = crossValidateL2(train.x, train.y, 2, { method: "logistic", l2Grid: grid, folds: 3 });
    grid.forEach((l2, g) => {
      let mean = 0;
      for (let f = 0; f < 3; f++) {
        const inFold = (i: number) => i % 3 === f;
        const rows = (keep: (i: number) => boolean) => {
          const idx = train.y.map((_, i) => i).filter(keep);
          return {
            x: matrix(
              idx.length,
              31,
              idx.flatMap((i) => Array.from(train.x.data.subarray(i * 31, (i + 1) * 31))),
            ),
            y: idx.map((i) => train.y[i]!),
          };
        };
        const t = rows((i) => !inFold(i));
        const v = rows(inFold);
        const m = fitLinearClassifier(t.x, t.y, 2, { method: "logistic", l2 });
        mean += accuracyOf(m, v.x, v.y) / 3;
      }
      expect(cv.accuracy[g]).toBeCloseTo(mean, 12);
    });
  });

  it("rejects bad folds and grids", () => {
    expect(() => crossValidateL2(x, y, 3, { folds: 1 })).toThrow(/folds/);
    expect(() => crossValidateL2(x, y, 3, { l2Grid: [] })).toThrow(/l2Grid/);
  });
});

describe("standardisation", () => {
  it("uses the training rows' statistics only", () => {
    const m = fitLinearClassifier(x, y, 3, { method: "logistic" });
    // Column 0 of x is 0, 0.1, 0, 5, 5.1, 5, 0, 0.1, 0 (mean 1.7); column 1 has the same values.
    const col0 = [0, 0.1, 0, 5, 5.1, 5, 0, 0.1, 0];
    const sd = Math.sqrt(col0.reduce((t, v) => t + (v - 1.7) ** 2, 0) / 9);
    for (const j of [0, 1]) {
      expect(m.mean[j]).toBeCloseTo(1.7, 12);
      expect(m.invStd[j]).toBeCloseTo(1 / sd, 12);
    }
    // A test sample's class does not depend on the other test samples.
    const alone = predictClasses(m, matrix(1, 2, [0.3, 4.6]));
    const withOutlier = predictClasses(m, matrix(2, 2, [0.3, 4.6, 1e6, -1e6]));
    expect(withOutlier[0]).toBe(alone[0]);
  });
});

describe("logistic fit", () => {
  it("converges: the penalised gradient is zero at the fitted weights", () => {
    const p = noisyProblem(60, 7);
    const l2 = 0.03;
    const m = fitLinearClassifier(p.x, p.y, 2, { method: "logistic", l2 });
    // Stationarity: (1/N) A^T (softmax(A W) - Y) + l2 W = 0 on the feature rows, and the bias row's
    // residuals sum to zero; A is the standardised design with a trailing 1.
    const s = classifierScores(m, p.x);
    const d = p.x.cols + 1;
    const grad = new Float64Array(d * 2);
    for (let i = 0; i < p.x.rows; i++) {
      const z0 = s.data[i * 2]!;
      const z1 = s.data[i * 2 + 1]!;
      const p1 = 1 / (1 + Math.exp(z0 - z1));
      const r = [1 - p1 - (p.y[i] === 0 ? 1 : 0), p1 - (p.y[i] === 1 ? 1 : 0)];
      for (let q = 0; q < d; q++) {
        const a = q < p.x.cols ? (p.x.data[i * p.x.cols + q]! - m.mean[q]!) * m.invStd[q]! : 1;
        for (let c = 0; c < 2; c++) grad[q * 2 + c] = grad[q * 2 + c]! + (a * r[c]!) / p.x.rows;
      }
    }
    for (let k = 0; k < grad.length; k++) {
      const g = grad[k]! + (k < (d - 1) * 2 ? l2 * m.weights.data[k]! : 0);
      expect(Math.abs(g)).toBeLessThan(1e-5);
    }
  });
});
