// Loads the digits and iris data sets (programs/data/, the copies the programs ship) into matrices and makes the splits
// the reference solutions and tests share. It reads files but never writes them.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Matrix, pickRows, zeros } from "../../cli/eval/matrix.ts";
import { Rng } from "./rng.ts";

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "programs", "data");

/** Samples with features (nSamples x nFeatures) and integer labels. */
export interface LabelledSet {
  x: Matrix;
  y: Int32Array;
  nClasses: number;
}

function parseRows(text: string, file: string, skip: number, width: number): number[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  return lines.slice(skip).map((l, i) => {
    const v = l.split(",").map(Number);
    if (v.length !== width || v.some((x) => !Number.isFinite(x))) {
      throw new Error(`${file}:${i + skip + 1}: expected ${width} numbers`);
    }
    return v;
  });
}

function toSet(rows: number[][], nFeatures: number, nClasses: number, scale: number): LabelledSet {
  const x = zeros(rows.length, nFeatures);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < nFeatures; j++) x.data[i * nFeatures + j] = r[j]! * scale;
    y[i] = r[nFeatures]!;
  });
  return { x, y, nClasses };
}

/** Rows `idx` of a set, in that order. */
export function subset(s: LabelledSet, idx: readonly number[]): LabelledSet {
  const y = Int32Array.from(idx, (r) => s.y[r]!);
  return { x: pickRows(s.x, idx), y, nClasses: s.nClasses };
}

let digitsCache: LabelledSet | undefined;

/** All 1797 digits, pixels scaled from 0..16 to [0, 1] (a spike probability per step). */
export function loadDigits(): LabelledSet {
  if (!digitsCache) {
    const file = join(DATA_DIR, "digits.csv");
    digitsCache = toSet(parseRows(readFileSync(file, "utf8"), file, 0, 65), 64, 10, 1 / 16);
  }
  return digitsCache;
}

/** The fixed digits split of algorithms.md: rows 0..1347 train, 1348..1796 test. */
export function digitsSplit(): { train: LabelledSet; test: LabelledSet } {
  const all = loadDigits();
  const idx = Array.from({ length: all.x.rows }, (_, i) => i);
  return { train: subset(all, idx.slice(0, 1348)), test: subset(all, idx.slice(1348)) };
}

/** All 150 iris samples, raw measurements in cm. */
export function loadIris(): LabelledSet {
  const file = join(DATA_DIR, "iris.csv");
  return toSet(parseRows(readFileSync(file, "utf8"), file, 1, 5), 4, 3, 1);
}

/**
 * A seeded stratified split: per class, a seeded shuffle of that class's rows puts the first
 * `testPerClass` in the test set and the rest in training. Both sets keep the file's row order.
 */
export function stratifiedSplit(
  s: LabelledSet,
  testPerClass: number,
  seed: number,
): { train: LabelledSet; test: LabelledSet } {
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < s.nClasses; c++) {
    const rows: number[] = [];
    for (let i = 0; i < s.y.length; i++) if (s.y[i] === c) rows.push(i);
    rng.shuffle(rows);
    test.push(...rows.slice(0, testPerClass));
    train.push(...rows.slice(testPerClass));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: subset(s, train), test: subset(s, test) };
}
