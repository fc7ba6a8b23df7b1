// The synthetic LASSO problem of algorithms.md (F): a 64 x 128 dictionary of unit-norm Gaussian
// atoms and a signal made of 6 of them with non-negative amplitudes. The spiking LCA program and
// the float solvers use the same generator, so its output is also written as CSV text here.
// It must not write files (the run-*.ts scripts do).
import { type Matrix, matTVec, matVec, zeros } from "../../cli/eval/matrix.ts";
import { Rng } from "./rng.ts";

export interface LassoProblem {
  /** Dictionary Phi, m x n, column j = atom j with unit Euclidean norm. */
  phi: Matrix;
  /** Signal s = Phi aTrue (no noise), length m. */
  signal: Float64Array;
  /** The generating code: `k` entries in [0.5, 1.5), the rest 0. */
  aTrue: Float64Array;
  /** Indices of the nonzeros of aTrue, ascending. */
  support: number[];
  lambda: number;
  seed: number;
}

export interface LassoProblemOptions {
  m?: number;
  n?: number;
  k?: number;
  lambda?: number;
  seed?: number;
}

/** The default problem: m 64, n 128, k 6, lambda 0.1, seed 2018 (Davies et al.'s Loihi year). */
export const LASSO_DEFAULTS = { m: 64, n: 128, k: 6, lambda: 0.1, seed: 2018 } as const;

/**
 * Generator, in draw order from one xoroshiro128+ stream seeded with `seed`:
 * 1. m*n standard normals (Box-Muller) filling Phi row-major, then each column scaled to norm 1;
 * 2. a shuffle (Fisher-Yates, from the last index down) of 0..n-1, whose first k entries sorted
 *    ascending are the support;
 * 3. k uniforms u, amplitude 0.5 + u for the support in ascending order.
 */
export function makeLassoProblem(opts: LassoProblemOptions = {}): LassoProblem {
  const { m, n, k, lambda, seed } = { ...LASSO_DEFAULTS, ...opts };
  const rng = new Rng(seed);
  const phi = zeros(m, n);
  for (let i = 0; i < m * n; i++) phi.data[i] = rng.normal();
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < m; i++) norm += phi.data[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) phi.data[i * n + j] = phi.data[i * n + j]! / norm;
  }
  const support = rng
    .permutation(n)
    .slice(0, k)
    .sort((a, b) => a - b);
  const aTrue = new Float64Array(n);
  for (const j of support) aTrue[j] = 0.5 + rng.uniform();
  return { phi, signal: matVec(phi, aTrue), aTrue, support, lambda, seed };
}

/** A matrix as CSV text: one row per line, comma-separated, shortest round-trip decimals. */
export function matrixCsv(m: Matrix): string {
  const lines: string[] = [];
  for (let i = 0; i < m.rows; i++) {
    lines.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), String).join(","));
  }
  return lines.join("\n") + "\n";
}

/** A vector as CSV text: one value per line. */
export function vectorCsv(v: ArrayLike<number>): string {
  return Array.from(v, String).join("\n") + "\n";
}

/**
 * The files a spiking LCA program needs, as name -> CSV text: the dictionary, the signal, the
 * neuron biases Phi^T s - lambda, the lateral weights Phi^T Phi with the diagonal zeroed (the
 * network inhibits with their negation), the generating code, and the exact solution if given.
 */
export function lassoProgramFiles(
  p: LassoProblem,
  solution?: ArrayLike<number>,
): Record<string, string> {
  const n = p.phi.cols;
  const bias = matTVec(p.phi, p.signal).map((b) => b - p.lambda);
  const gram = zeros(n, n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      let s = 0;
      for (let i = 0; i < p.phi.rows; i++) s += p.phi.data[i * n + a]! * p.phi.data[i * n + b]!;
      gram.data[a * n + b] = s;
    }
  }
  const files: Record<string, string> = {
    "dictionary.csv": matrixCsv(p.phi),
    "signal.csv": vectorCsv(p.signal),
    "bias.csv": vectorCsv(bias),
    "lateral.csv": matrixCsv(gram),
    "a-true.csv": vectorCsv(p.aTrue),
  };
  if (solution) files["solution.csv"] = vectorCsv(solution);
  return files;
}
