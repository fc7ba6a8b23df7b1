// Sparse-coding metrics: reconstruction NMSE, the LASSO objective and its relative gap, support
// recovery. Pure functions on typed arrays; they must not read run directories or print.
import { type Matrix, matVec } from "./matrix.ts";

/**
 * NMSE of reconstructions, as algorithms.md (E) uses it: the MEAN over samples of
 * ||x - xhat||^2 / ||x||^2. `x` and `xhat` are nSamples x dim. A sample with ||x|| = 0 has no
 * defined ratio and is an error.
 */
export function nmse(x: Matrix, xhat: Matrix): number {
  if (x.rows !== xhat.rows || x.cols !== xhat.cols) {
    throw new RangeError(`nmse: ${x.rows}x${x.cols} signals vs ${xhat.rows}x${xhat.cols}`);
  }
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    let err = 0;
    let norm = 0;
    for (let j = 0; j < x.cols; j++) {
      const v = x.data[i * x.cols + j]!;
      const d = v - xhat.data[i * x.cols + j]!;
      err += d * d;
      norm += v * v;
    }
    if (norm === 0) throw new RangeError(`nmse: sample ${i} is all zero`);
    total += err / norm;
  }
  return total / x.rows;
}

/** Reconstructions Phi a for codes `a` (nSamples x nAtoms) with dictionary Phi (dim x nAtoms). */
export function reconstruct(phi: Matrix, codes: Matrix): Matrix {
  if (codes.cols !== phi.cols) throw new RangeError("reconstruct: code width != atom count");
  const out = new Float64Array(codes.rows * phi.rows);
  for (let i = 0; i < codes.rows; i++) {
    const a = codes.data.subarray(i * codes.cols, (i + 1) * codes.cols);
    matVec(phi, a, out.subarray(i * phi.rows, (i + 1) * phi.rows));
  }
  return { rows: codes.rows, cols: phi.rows, data: out };
}

/** LASSO objective 0.5 ||s - Phi a||^2 + lambda ||a||_1 (Phi is dim x nAtoms). */
export function lassoObjective(
  s: ArrayLike<number>,
  phi: Matrix,
  a: ArrayLike<number>,
  lambda: number,
): number {
  if (s.length !== phi.rows || a.length !== phi.cols) {
    throw new RangeError(
      `lassoObjective: signal ${s.length}, code ${a.length}, Phi ${phi.rows}x${phi.cols}`,
    );
  }
  const r = matVec(phi, a);
  let sq = 0;
  for (let i = 0; i < r.length; i++) {
    const d = s[i]! - r[i]!;
    sq += d * d;
  }
  let l1 = 0;
  for (let j = 0; j < a.length; j++) l1 += Math.abs(a[j]!);
  return 0.5 * sq + lambda * l1;
}

/** Relative gap (objective - reference) / |reference|; 0.01 means "1 % above the reference". */
export function relativeGap(objective: number, reference: number): number {
  if (reference === 0) throw new RangeError("relativeGap: reference objective is 0");
  return (objective - reference) / Math.abs(reference);
}

/** Indices i with |a_i| > tol, ascending. */
export function supportOf(a: ArrayLike<number>, tol = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]!) > tol) out.push(i);
  return out;
}

export interface SupportRecovery {
  /** True when the estimated support equals the true one exactly. */
  exact: boolean;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** TP / (TP + FP); 1 when nothing was selected and nothing should be. */
  precision: number;
  /** TP / (TP + FN); 1 when the true support is empty. */
  recall: number;
}

/** Compares the support of `estimate` (entries with |a| > tol) with the set `trueSupport`. */
export function supportRecovery(
  estimate: ArrayLike<number>,
  trueSupport: readonly number[],
  tol = 0,
): SupportRecovery {
  const est = new Set(supportOf(estimate, tol));
  const truth = new Set(trueSupport);
  let tp = 0;
  for (const i of est) if (truth.has(i)) tp++;
  const fp = est.size - tp;
  const fn = truth.size - tp;
  return {
    exact: fp === 0 && fn === 0,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: est.size === 0 ? (truth.size === 0 ? 1 : 0) : tp / est.size,
    recall: truth.size === 0 ? 1 : tp / truth.size,
  };
}
