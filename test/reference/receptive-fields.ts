// Population coding of real-valued features by Gaussian receptive fields (Bohte, Kok & La Poutre
// 2002), which turns iris's 4 measurements into 40 spike rates in [0, 1] for algorithm A.
// Pure computation: no files, no printing.
import { type Matrix, zeros } from "../../cli/eval/matrix.ts";
import type { LabelledSet } from "./data.ts";

/** Per feature: the range the fields tile, learned from the training set only. */
export interface ReceptiveFields {
  fieldsPerFeature: number;
  min: Float64Array;
  max: Float64Array;
}

/** Fits the ranges on `train` (each feature's min and max). */
export function fitReceptiveFields(train: Matrix, fieldsPerFeature = 10): ReceptiveFields {
  const min = new Float64Array(train.cols).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(train.cols).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < train.rows; i++) {
    for (let j = 0; j < train.cols; j++) {
      const v = train.data[i * train.cols + j]!;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
    }
  }
  return { fieldsPerFeature, min, max };
}

/**
 * Field i of feature f (i = 0..m-1) is centred at min + (i - 0.5) * (max - min) / (m - 2) with
 * width sigma = (max - min) / (1.5 * (m - 2)) (Bohte et al.'s beta = 1.5); its rate is
 * exp(-(x - c)^2 / (2 sigma^2)) in [0, 1]. Output column f*m + i.
 */
export function encodeReceptiveFields(rf: ReceptiveFields, x: Matrix): Matrix {
  const m = rf.fieldsPerFeature;
  const out = zeros(x.rows, x.cols * m);
  for (let f = 0; f < x.cols; f++) {
    const span = rf.max[f]! - rf.min[f]!;
    const sigma = span / (1.5 * (m - 2));
    for (let i = 0; i < m; i++) {
      const c = rf.min[f]! + ((i - 0.5) * span) / (m - 2);
      for (let r = 0; r < x.rows; r++) {
        const d = x.data[r * x.cols + f]! - c;
        out.data[r * out.cols + f * m + i] = Math.exp((-d * d) / (2 * sigma * sigma));
      }
    }
  }
  return out;
}

/** Encodes both sets of a split with fields fitted on the training set. */
export function encodeSplit(
  split: { train: LabelledSet; test: LabelledSet },
  fieldsPerFeature = 10,
): { train: LabelledSet; test: LabelledSet } {
  const rf = fitReceptiveFields(split.train.x, fieldsPerFeature);
  return {
    train: { ...split.train, x: encodeReceptiveFields(rf, split.train.x) },
    test: { ...split.test, x: encodeReceptiveFields(rf, split.test.x) },
  };
}
