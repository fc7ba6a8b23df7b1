// A deterministic linear classifier on feature vectors (algorithm E reads sparse codes with it):
// ridge least squares one-vs-rest (closed form) or multinomial logistic regression (full-batch
// gradient descent from zero weights). No randomness, so the same features give the same bits.
// It must not read files or print.
import { type Matrix, solveSpd, zeros } from "./matrix.ts";

export interface LinearClassifier {
  /** Per-feature mean and 1/std from the training set (features are standardised first). */
  mean: Float64Array;
  invStd: Float64Array;
  /** (nFeatures + 1) x nClasses; the last row is the bias. */
  weights: Matrix;
  nClasses: number;
}

export interface LinearClassifierOptions {
  method?: "least-squares" | "logistic";
  /** L2 penalty on the weights (not the bias). Default 1e-3 (least squares) / 1e-4 (logistic). */
  l2?: number;
  /** Logistic only: full-batch gradient steps (default 500) and step size (default 0.5). */
  epochs?: number;
  learningRate?: number;
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

/** Fits the classifier to `x` (nSamples x nFeatures) and integer labels 0..nClasses-1. */
export function fitLinearClassifier(
  x: Matrix,
  labels: ArrayLike<number>,
  nClasses: number,
  opts: LinearClassifierOptions = {},
): LinearClassifier {
  checkLabels(x, labels, nClasses);
  const { mean, invStd } = standardiser(x);
  const a = design(x, mean, invStd);
  const d = a.cols;
  const method = opts.method ?? "least-squares";
  let weights: Matrix;
  if (method === "least-squares") {
    const l2 = opts.l2 ?? 1e-3;
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
    const l2 = opts.l2 ?? 1e-4;
    const epochs = opts.epochs ?? 500;
    const lr = opts.learningRate ?? 0.5;
    weights = zeros(d, nClasses);
    const grad = new Float64Array(d * nClasses);
    const prob = new Float64Array(nClasses);
    for (let e = 0; e < epochs; e++) {
      grad.fill(0);
      for (let i = 0; i < a.rows; i++) {
        const o = i * d;
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < nClasses; c++) {
          let z = 0;
          for (let p = 0; p < d; p++) z += a.data[o + p]! * weights.data[p * nClasses + c]!;
          prob[c] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let c = 0; c < nClasses; c++) sum += prob[c] = Math.exp(prob[c]! - max);
        for (let c = 0; c < nClasses; c++) prob[c] = prob[c]! / sum - (c === labels[i] ? 1 : 0);
        for (let p = 0; p < d; p++) {
          const ap = a.data[o + p]!;
          if (ap === 0) continue;
          for (let c = 0; c < nClasses; c++)
            grad[p * nClasses + c] = grad[p * nClasses + c]! + ap * prob[c]!;
        }
      }
      for (let k = 0; k < grad.length; k++) {
        const isBias = k >= (d - 1) * nClasses;
        const g = grad[k]! / a.rows + (isBias ? 0 : l2 * weights.data[k]!);
        weights.data[k] = weights.data[k]! - lr * g;
      }
    }
  }
  return { mean, invStd, weights, nClasses };
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
  const s = classifierScores(model, x);
  const out = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let k = 1; k < s.cols; k++)
      if (s.data[i * s.cols + k]! > s.data[i * s.cols + best]!) best = k;
    out[i] = best;
  }
  return out;
}
