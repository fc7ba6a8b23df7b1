// Classification metrics: accuracy, confusion matrix and the argmax-of-spike-count readout.
// Pure functions on typed arrays; they must not read run directories or print.

/** The class index a sample was given; -1 means "no decision" (no output spike at all). */
export const NO_DECISION = -1;

function checkLabels(pred: ArrayLike<number>, truth: ArrayLike<number>): void {
  if (pred.length !== truth.length) {
    throw new RangeError(`${pred.length} predictions but ${truth.length} labels`);
  }
}

/**
 * Fraction of samples whose prediction equals the label, in [0, 1]. A NO_DECISION prediction is
 * wrong. Zero samples give NaN, not a misleading 0 or 1.
 */
export function accuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkLabels(pred, truth);
  if (pred.length === 0) return Number.NaN;
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i] && pred[i] !== NO_DECISION) ok++;
  return ok / pred.length;
}

/** Confusion counts: `counts[t * nClasses + p]` samples of true class t were predicted p. */
export interface ConfusionMatrix {
  nClasses: number;
  /** nClasses x nClasses, row = true class, column = predicted class. */
  counts: Int32Array;
  /** Per true class, samples with NO_DECISION (not in `counts`). */
  undecided: Int32Array;
}

/** Confusion matrix; throws on a label or prediction outside 0..nClasses-1 (except NO_DECISION). */
export function confusionMatrix(
  pred: ArrayLike<number>,
  truth: ArrayLike<number>,
  nClasses: number,
): ConfusionMatrix {
  checkLabels(pred, truth);
  const counts = new Int32Array(nClasses * nClasses);
  const undecided = new Int32Array(nClasses);
  for (let i = 0; i < pred.length; i++) {
    const t = truth[i]!;
    const p = pred[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= nClasses) {
      throw new RangeError(`label ${t} of sample ${i} is not a class 0..${nClasses - 1}`);
    }
    if (p === NO_DECISION) {
      undecided[t] = undecided[t]! + 1;
      continue;
    }
    if (!Number.isInteger(p) || p < 0 || p >= nClasses) {
      throw new RangeError(`prediction ${p} of sample ${i} is not a class 0..${nClasses - 1}`);
    }
    counts[t * nClasses + p] = counts[t * nClasses + p]! + 1;
  }
  return { nClasses, counts, undecided };
}

/**
 * Argmax readout of output spike counts. `counts` holds nSamples rows of nClasses spike counts
 * (row-major). The prediction is the class with most spikes; a tie goes to the LOWEST class
 * index (a deterministic rule, the same a priority encoder on the chip would give); a row with
 * no spikes at all is NO_DECISION, which accuracy() counts as wrong.
 */
export function argmaxReadout(counts: ArrayLike<number>, nClasses: number): Int32Array {
  if (nClasses <= 0 || counts.length % nClasses !== 0) {
    throw new RangeError(`${counts.length} spike counts are not rows of ${nClasses} classes`);
  }
  const n = counts.length / nClasses;
  const out = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    let best = NO_DECISION;
    let bestCount = 0;
    for (let c = 0; c < nClasses; c++) {
      const v = counts[s * nClasses + c]!;
      if (v > bestCount) {
        best = c;
        bestCount = v;
      }
    }
    out[s] = best;
  }
  return out;
}

/**
 * Wilson score interval of an accuracy measured as `correct` of `n` samples, at normal quantile
 * `z` (1.96: 95 %). It describes the sampling error of the test set alone (how far the same
 * network's accuracy on another test set of that size could plausibly be), not the variation
 * over training seeds. Unlike the normal approximation it stays inside [0, 1] and is usable at
 * 0 or n correct. Zero samples give [NaN, NaN].
 */
export function wilsonInterval(correct: number, n: number, z = 1.96): [number, number] {
  if (!Number.isInteger(correct) || !Number.isInteger(n) || correct < 0 || correct > n) {
    throw new RangeError(`${correct} correct of ${n} samples is not a count`);
  }
  if (n === 0) return [Number.NaN, Number.NaN];
  const p = correct / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
