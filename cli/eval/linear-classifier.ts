// A deterministic linear classifier on feature vectors (algorithm E reads sparse codes with it):
// ridge least squares one-vs-rest (closed form) or multinomial logistic regression (L-BFGS from
// zero weights to a small gradient), on features standardised with the training rows' mean and
// standard deviation. The L2 strength is fixed or chosen by k-fold cross-validation on the rows
// the fit is given. No randomness, so the same features give the same bits.
// It must not read files or print.
import { dot, type Matrix, pickRows, solveSpd, zeros } from "./matrix.ts";

export interface LinearClassifier {
  /** Per-feature mean and 1/std from the training set (features are standardised first). */
  mean: Float64Array;
  invStd: Float64Array;
  /** (nFeatures + 1) x nClasses; the last row is the bias. */
  weights: Matrix;
  nClasses: number;
  /** The L2 strength the model was fitted with, and the cross-validation that chose it. */
  l2: number;
  cv?: L2Choice;
}

export interface LinearClassifierOptions {
  method?: "least-squares" | "logistic";
  /**
   * L2 penalty on the weights (not the bias), on standardised features. Default 1e-3 (least
   * squares) / 1e-4 (logistic). "cv": chosen from `l2Grid` by `folds`-fold cross-validation on
   * the rows passed to the fit (crossValidateL2).
   */
  l2?: number | "cv";
  /** Cross-validation: candidate strengths (default L2_GRID) and number of folds (default 5). */
  l2Grid?: readonly number[];
  folds?: number;
  /** Logistic only: L-BFGS iterations (default 1000) and gradient tolerance (default 1e-6). */
  maxIterations?: number;
  tolerance?: number;
}

function standardiser(x: Matrix): { mean: Float64Array; invStd: Float64Array } {
  const mean = new Float64Array(x.cols);
  const invStd = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) mean[j] = mean[j]! + x.data[i * x.cols + j]!;
  for (let j = 0; j < x.cols; j++) mean[j] = mean[j]! / x.rows;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      const d = x.data[i * x.cols + j]! - mean[j]!;
      invStd[j] = invStd[j]! + d * d;
    }
  }
  // A feature that never varies (an atom never used) gets scale 1 instead of a division by 0.
  for (let j = 0; j < x.cols; j++) {
    const sd = Math.sqrt(invStd[j]! / x.rows);
    invStd[j] = sd > 1e-12 ? 1 / sd : 1;
  }
  return { mean, invStd };
}

/** Standardised features with a trailing constant 1 column (the bias input). */
function design(x: Matrix, mean: Float64Array, invStd: Float64Array): Matrix {
  const d = x.cols + 1;
  const out = zeros(x.rows, d);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      out.data[i * d + j] = (x.data[i * x.cols + j]! - mean[j]!) * invStd[j]!;
    }
    out.data[i * d + x.cols] = 1;
  }
  return out;
}

function checkLabels(x: Matrix, labels: ArrayLike<number>, nClasses: number): void {
  if (labels.length !== x.rows)
    throw new RangeError(`${x.rows} samples but ${labels.length} labels`);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0 || l >= nClasses) {
      throw new RangeError(`label ${l} of sample ${i} is not a class 0..${nClasses - 1}`);
    }
  }
}

/** The L2 strengths cross-validation tries by default (log-spaced, weak to strong). */
export const L2_GRID: readonly number[] = [
  1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1,
];

/** Result of choosing the L2 strength by k-fold cross-validation on the training set. */
export interface L2Choice {
  l2: number;
  grid: number[];
  /** Mean validation accuracy per grid entry, and mean validation log-loss (logistic) or
   * squared error (least squares), the tie-break. */
  accuracy: number[];
  loss: number[];
  folds: number;
}

/**
 * Chooses the L2 strength by k-fold cross-validation on `x` alone (the caller passes training
 * rows only): sample i is in fold i mod k, each fold's model is fitted (standardisation included)
 * on the other folds. Highest mean validation accuracy wins; ties go to the lower validation loss,
 * then to the stronger penalty.
 */
export function crossValidateL2(
  x: Matrix,
  labels: ArrayLike<number>,
  nClasses: number,
  opts: LinearClassifierOptions = {},
): L2Choice {
  checkLabels(x, labels, nClasses);
  const folds = opts.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > x.rows) {
    throw new RangeError(`folds must be an integer 2..${x.rows}, got ${folds}`);
  }
  const grid = [...(opts.l2Grid ?? L2_GRID)];
  if (grid.length === 0 || grid.some((v) => !(v >= 0))) {
    throw new RangeError("l2Grid must hold non-negative numbers");
  }
  const method = opts.method ?? "least-squares";
  const accuracy = new Array<number>(grid.length).fill(0);
  const loss = new Array<number>(grid.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const trainIdx: number[] = [];
    const valIdx: number[] = [];
    for (let i = 0; i < x.rows; i++) (i % folds === f ? valIdx : trainIdx).push(i);
    const xt = pickRows(x, trainIdx);
    const xv = pickRows(x, valIdx);
    const yt = trainIdx.map((i) => labels[i]!);
    const yv = valIdx.map((i) => labels[i]!);
    grid.forEach((l2, g) => {
      const m = fitFixed(xt, yt, nClasses, method, l2, opts);
      const s = classifierScores(m, xv);
      const pred = argmaxRows(s);
      let ok = 0;
      let l = 0;
      for (let i = 0; i < s.rows; i++) {
        const o = i * nClasses;
        if (pred[i] === yv[i]) ok++;
        if (method === "logistic") {
          let max = Number.NEGATIVE_INFINITY;
          for (let c = 0; c < nClasses; c++) max = Math.max(max, s.data[o + c]!);
          let sum = 0;
          for (let c = 0; c < nClasses; c++) sum += Math.exp(s.data[o + c]! - max);
          l += Math.log(sum) + max - s.data[o + yv[i]!]!;
        } else {
          for (let c = 0; c < nClasses; c++) l += (s.data[o + c]! - (c === yv[i] ? 1 : 0)) ** 2;
        }
      }
      accuracy[g] = accuracy[g]! + ok / s.rows / folds;
      loss[g] = loss[g]! + l / s.rows / folds;
    });
  }
  let best = 0;
  for (let g = 1; g < grid.length; g++) {
    // Equal accuracies (up to rounding of the fold means) fall to the loss, then the stronger L2.
    const da = accuracy[g]! - accuracy[best]!;
    if (da > 1e-9 || (Math.abs(da) <= 1e-9 && loss[g]! <= loss[best]!)) best = g;
  }
  return { l2: grid[best]!, grid, accuracy, loss, folds };
}

/**
 * Fits the classifier to `x` (nSamples x nFeatures) and integer labels 0..nClasses-1. With
 * `l2: "cv"` the L2 strength is chosen by crossValidateL2 on `x` itself, then the model is
 * refitted on all of `x`; the choice is returned in `model.cv`.
 */
export function fitLinearClassifier(
  x: Matrix,
  labels: ArrayLike<number>,
  nClasses: number,
  opts: LinearClassifierOptions = {},
): LinearClassifier {
  checkLabels(x, labels, nClasses);
  const method = opts.method ?? "least-squares";
  if (opts.l2 === "cv") {
    const cv = crossValidateL2(x, labels, nClasses, opts);
    return { ...fitFixed(x, labels, nClasses, method, cv.l2, opts), cv };
  }
  const l2 = opts.l2 ?? (method === "least-squares" ? 1e-3 : 1e-4);
  return fitFixed(x, labels, nClasses, method, l2, opts);
}

function fitFixed(
  x: Matrix,
  labels: ArrayLike<number>,
  nClasses: number,
  method: "least-squares" | "logistic",
  l2: number,
  opts: LinearClassifierOptions,
): LinearClassifier {
  const { mean, invStd } = standardiser(x);
  const a = design(x, mean, invStd);
  const d = a.cols;
  let weights: Matrix;
  if (method === "least-squares") {
    // Normal equations (A^T A + l2 N I) W = A^T Y with one-hot Y; the bias row is not penalised.
    const ata = zeros(d, d);
    const aty = zeros(d, nClasses);
    for (let i = 0; i < a.rows; i++) {
      const o = i * d;
      for (let p = 0; p < d; p++) {
        const ap = a.data[o + p]!;
        if (ap === 0) continue;
        for (let q = 0; q < d; q++)
          ata.data[p * d + q] = ata.data[p * d + q]! + ap * a.data[o + q]!;
        const k = p * nClasses + labels[i]!;
        aty.data[k] = aty.data[k]! + ap;
      }
    }
    for (let p = 0; p < d - 1; p++) ata.data[p * d + p] = ata.data[p * d + p]! + l2 * a.rows;
    ata.data[d * d - 1] = ata.data[d * d - 1]! + 1e-9 * a.rows;
    weights = solveSpd(ata, aty);
  } else {
    weights = zeros(d, nClasses);
    const objective = logisticObjective(a, labels, nClasses, l2);
    minimiseLbfgs(objective, weights.data, opts.maxIterations ?? 1000, opts.tolerance ?? 1e-6);
  }
  return { mean, invStd, weights, nClasses, l2 };
}

/**
 * Mean cross-entropy of the softmax over A W plus (l2 / 2) |W|^2 (bias row not penalised);
 * writes the gradient into `grad` and returns the value.
 */
function logisticObjective(
  a: Matrix,
  labels: ArrayLike<number>,
  nClasses: number,
  l2: number,
): (w: Float64Array, grad: Float64Array) => number {
  const d = a.cols;
  const prob = new Float64Array(nClasses);
  return (w, grad) => {
    grad.fill(0);
    let f = 0;
    for (let i = 0; i < a.rows; i++) {
      const o = i * d;
      prob.fill(0);
      for (let p = 0; p < d; p++) {
        const ap = a.data[o + p]!;
        if (ap === 0) continue;
        for (let c = 0; c < nClasses; c++) prob[c] = prob[c]! + ap * w[p * nClasses + c]!;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < nClasses; c++) if (prob[c]! > max) max = prob[c]!;
      let sum = 0;
      const zy = prob[labels[i]!]!;
      for (let c = 0; c < nClasses; c++) sum += prob[c] = Math.exp(prob[c]! - max);
      f += Math.log(sum) + max - zy;
      for (let c = 0; c < nClasses; c++) prob[c] = prob[c]! / sum - (c === labels[i] ? 1 : 0);
      for (let p = 0; p < d; p++) {
        const ap = a.data[o + p]!;
        if (ap === 0) continue;
        for (let c = 0; c < nClasses; c++)
          grad[p * nClasses + c] = grad[p * nClasses + c]! + ap * prob[c]!;
      }
    }
    f /= a.rows;
    const biasFrom = (d - 1) * nClasses;
    for (let k = 0; k < grad.length; k++) {
      grad[k] = grad[k]! / a.rows;
      if (k < biasFrom) {
        grad[k] = grad[k]! + l2 * w[k]!;
        f += 0.5 * l2 * w[k]! ** 2;
      }
    }
    return f;
  };
}

/**
 * Limited-memory BFGS (10 pairs) with a backtracking Armijo line search, from `x` in place, until
 * the gradient's largest component is below `tol` or `maxIter` iterations. Deterministic.
 */
function minimiseLbfgs(
  fn: (x: Float64Array, g: Float64Array) => number,
  x: Float64Array,
  maxIter: number,
  tol: number,
): void {
  const n = x.length;
  const m = 10;
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const g = new Float64Array(n);
  const gNew = new Float64Array(n);
  const xNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const alpha = new Float64Array(m);
  let f = fn(x, g);
  for (let it = 0; it < maxIter; it++) {
    let gmax = 0;
    for (let k = 0; k < n; k++) gmax = Math.max(gmax, Math.abs(g[k]!));
    if (gmax < tol) return;
    // Two-loop recursion: dir = -H g.
    for (let k = 0; k < n; k++) dir[k] = -g[k]!;
    for (let j = s.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(s[j]!, dir);
      for (let k = 0; k < n; k++) dir[k] = dir[k]! - alpha[j]! * y[j]![k]!;
    }
    const gamma = s.length > 0 ? dot(s.at(-1)!, y.at(-1)!) / dot(y.at(-1)!, y.at(-1)!) : 1;
    for (let k = 0; k < n; k++) dir[k] = dir[k]! * gamma;
    for (let j = 0; j < s.length; j++) {
      const b = rho[j]! * dot(y[j]!, dir);
      for (let k = 0; k < n; k++) dir[k] = dir[k]! + (alpha[j]! - b) * s[j]![k]!;
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let k = 0; k < n; k++) dir[k] = -g[k]!;
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = 0;
    for (let tries = 0; ; tries++) {
      for (let k = 0; k < n; k++) xNew[k] = x[k]! + step * dir[k]!;
      fNew = fn(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      if (tries === 50) return;
      step *= 0.5;
    }
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      sk[k] = xNew[k]! - x[k]!;
      yk[k] = gNew[k]! - g[k]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    x.set(xNew);
    g.set(gNew);
    f = fNew;
  }
}

/** Class scores of each sample (nSamples x nClasses). */
export function classifierScores(model: LinearClassifier, x: Matrix): Matrix {
  if (x.cols !== model.mean.length) {
    throw new RangeError(`classifier has ${model.mean.length} features, data has ${x.cols}`);
  }
  const a = design(x, model.mean, model.invStd);
  const c = model.nClasses;
  const out = zeros(x.rows, c);
  for (let i = 0; i < a.rows; i++) {
    for (let p = 0; p < a.cols; p++) {
      const ap = a.data[i * a.cols + p]!;
      if (ap === 0) continue;
      for (let k = 0; k < c; k++)
        out.data[i * c + k] = out.data[i * c + k]! + ap * model.weights.data[p * c + k]!;
    }
  }
  return out;
}

/** Predicted class per sample: the highest score, ties to the lowest class index. */
export function predictClasses(model: LinearClassifier, x: Matrix): Int32Array {
  return argmaxRows(classifierScores(model, x));
}

/** Per row of a score matrix, the column of the highest score (ties to the lowest). */
function argmaxRows(s: Matrix): Int32Array {
  const out = new Int32Array(s.rows);
  for (let i = 0; i < s.rows; i++) {
    let best = 0;
    for (let k = 1; k < s.cols; k++)
      if (s.data[i * s.cols + k]! > s.data[i * s.cols + best]!) best = k;
    out[i] = best;
  }
  return out;
}
