// Weight metrics: cosine alignment of feedback and forward weights, and convergence of weights to
// a target value. Pure functions; they must not read run directories or print.
import type { Matrix } from "./matrix.ts";

/** Cosine similarity of two equal-length vectors (flattened matrices); NaN if either is zero. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosine: lengths ${a.length} and ${b.length}`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  if (aa === 0 || bb === 0) return Number.NaN;
  return ab / Math.sqrt(aa * bb);
}

/**
 * cosine(B, W^T) of flattened matrices, the feedback-alignment measure of algorithms.md (D):
 * B is the feedback matrix (r x c) and W the forward matrix (c x r) it stands in for.
 */
export function cosineWithTranspose(b: Matrix, w: Matrix): number {
  if (b.rows !== w.cols || b.cols !== w.rows) {
    throw new RangeError(`cosine(B, W^T): B is ${b.rows}x${b.cols} but W is ${w.rows}x${w.cols}`);
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < b.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      const x = b.data[i * b.cols + j]!;
      const y = w.data[j * w.cols + i]!;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
  }
  if (aa === 0 || bb === 0) return Number.NaN;
  return ab / Math.sqrt(aa * bb);
}

export interface Convergence {
  /** Fraction of the weights with |w - target| <= percent/100 * |target|, in [0, 1]. */
  fractionWithin: number;
  /** Largest |w - target| / |target| over the weights. */
  maxRelativeError: number;
  count: number;
}

/** How close `weights` are to `target` (for example 1/sqrt(k) for Oja's rule with k inputs). */
export function weightConvergence(
  weights: ArrayLike<number>,
  target: number,
  percent: number,
): Convergence {
  if (target === 0) throw new RangeError("weightConvergence: target 0 has no relative tolerance");
  if (weights.length === 0)
    return { fractionWithin: Number.NaN, maxRelativeError: Number.NaN, count: 0 };
  let within = 0;
  let maxRel = 0;
  for (let i = 0; i < weights.length; i++) {
    const rel = Math.abs(weights[i]! - target) / Math.abs(target);
    // A tiny slack absorbs float rounding of values that sit exactly on the boundary.
    if (rel <= percent / 100 + 1e-12) within++;
    if (rel > maxRel) maxRel = rel;
  }
  return {
    fractionWithin: within / weights.length,
    maxRelativeError: maxRel,
    count: weights.length,
  };
}

/** How many of `values` sit at the ends of a weight format's range `limits` (saturated: a rule
 *  that pushes them further changes nothing). */
export function countAtLimits(
  values: ArrayLike<number>,
  limits: { min: number; max: number },
): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v <= limits.min || v >= limits.max) n++;
  }
  return n;
}
