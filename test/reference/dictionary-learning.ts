// Float reference of dictionary learning with LCA codes (algorithms.md E; Watkins et al., ICONS
// 2019): non-negative LCA infers sparse codes of digits, and the local Hebbian rule
// dPhi_ij = eta * (r_i a_j - a_j^2 Phi_ij) (r = residual x - Phi a) learns the dictionary with no
// column normalisation. Pure computation: no files, no printing.
import { type Matrix, zeros } from "../../cli/eval/matrix.ts";
import type { LabelledSet } from "./data.ts";
import type { Rng } from "./rng.ts";

export interface DictionaryConfig {
  atoms: number;
  lambda: number;
  /** LCA Euler step dt/tau and steps per presentation. */
  dtOverTau: number;
  lcaSteps: number;
  /** Dictionary learning rate per presentation, and its factor after each epoch. */
  eta: number;
  etaDecay: number;
  seed: number;
}

export const DICTIONARY_DEFAULTS: DictionaryConfig = {
  atoms: 100,
  lambda: 0.1,
  dtOverTau: 0.2,
  lcaSteps: 50,
  eta: 0.02,
  etaDecay: 0.8,
  seed: 1,
};

/** A dim x atoms dictionary of unit-norm Gaussian atoms (the random starting point). */
export function randomDictionary(dim: number, atoms: number, rng: Rng): Matrix {
  const phi = zeros(dim, atoms);
  for (let i = 0; i < phi.data.length; i++) phi.data[i] = rng.normal();
  for (let j = 0; j < atoms; j++) {
    let n = 0;
    for (let i = 0; i < dim; i++) n += phi.data[i * atoms + j]! ** 2;
    n = Math.sqrt(n);
    for (let i = 0; i < dim; i++) phi.data[i * atoms + j] = phi.data[i * atoms + j]! / n;
  }
  return phi;
}

/** Gram matrix Phi^T Phi (atoms x atoms). */
export function gramOf(phi: Matrix): Matrix {
  const n = phi.cols;
  const g = zeros(n, n);
  for (let p = 0; p < n; p++) updateGramRow(phi, g, p);
  return g;
}

/** Recomputes row and column p of the Gram matrix after atom p changed. */
function updateGramRow(phi: Matrix, g: Matrix, p: number): void {
  const n = phi.cols;
  for (let q = 0; q < n; q++) {
    let s = 0;
    for (let i = 0; i < phi.rows; i++) s += phi.data[i * n + p]! * phi.data[i * n + q]!;
    g.data[p * n + q] = s;
    g.data[q * n + p] = s;
  }
}

/**
 * Non-negative LCA: tau du/dt = Phi^T x - u - (Phi^T Phi - I) a, a = max(0, u - lambda), by
 * forward Euler. The spiking network computes the same drive in residual form,
 * Phi^T (x - Phi a) + a; here the Gram form is used because it costs only atoms x active per step.
 * Writes the code into `a` and returns the residual x - Phi a.
 */
export function lcaCode(
  phi: Matrix,
  gram: Matrix,
  x: ArrayLike<number>,
  cfg: Pick<DictionaryConfig, "lambda" | "dtOverTau" | "lcaSteps">,
  a: Float64Array,
): Float64Array {
  const m = phi.rows;
  const n = phi.cols;
  const b = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    for (let j = 0; j < n; j++) b[j] = b[j]! + phi.data[i * n + j]! * xi;
  }
  const u = new Float64Array(n);
  const inhib = new Float64Array(n);
  a.fill(0);
  for (let st = 0; st < cfg.lcaSteps; st++) {
    inhib.fill(0);
    for (let p = 0; p < n; p++) {
      const ap = a[p]!;
      if (ap === 0) continue;
      for (let q = 0; q < n; q++) inhib[q] = inhib[q]! + gram.data[p * n + q]! * ap;
    }
    for (let j = 0; j < n; j++) {
      // (G - I) a = G a - a
      u[j] = u[j]! + cfg.dtOverTau * (b[j]! - u[j]! - inhib[j]! + a[j]!);
      a[j] = Math.max(0, u[j]! - cfg.lambda);
    }
  }
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = x[i]!;
    for (let j = 0; j < n; j++) s -= phi.data[i * n + j]! * a[j]!;
    r[i] = s;
  }
  return r;
}

/** Codes of every sample of `x` (nSamples x atoms). */
export function encodeAll(phi: Matrix, x: Matrix, cfg: DictionaryConfig): Matrix {
  const gram = gramOf(phi);
  const codes = zeros(x.rows, phi.cols);
  for (let s = 0; s < x.rows; s++) {
    const row = x.data.subarray(s * x.cols, (s + 1) * x.cols);
    lcaCode(phi, gram, row, cfg, codes.data.subarray(s * phi.cols, (s + 1) * phi.cols));
  }
  return codes;
}

/** One epoch of the local rule over `set` in a seeded random order; updates `phi` in place. */
export function learnEpoch(
  phi: Matrix,
  set: LabelledSet,
  cfg: DictionaryConfig,
  eta: number,
  rng: Rng,
): void {
  const n = phi.cols;
  const a = new Float64Array(n);
  const gram = gramOf(phi);
  for (const s of rng.permutation(set.x.rows)) {
    const r = lcaCode(phi, gram, set.x.data.subarray(s * set.x.cols, (s + 1) * set.x.cols), cfg, a);
    for (let j = 0; j < n; j++) {
      const aj = a[j]!;
      if (aj === 0) continue;
      // Hebbian term r_i a_j and the Oja-like decay a_j^2 Phi_ij that keeps atoms near unit norm.
      for (let i = 0; i < phi.rows; i++) {
        const idx = i * n + j;
        phi.data[idx] = phi.data[idx]! + eta * (r[i]! * aj - aj * aj * phi.data[idx]!);
      }
    }
    // Only atoms that were active moved, so only their Gram rows change.
    for (let j = 0; j < n; j++) if (a[j]! !== 0) updateGramRow(phi, gram, j);
  }
}
