// Float solvers for non-negative LASSO, min_a>=0 0.5||s - Phi a||^2 + lambda ||a||_1: FISTA (the
// exact reference) and a non-spiking LCA (the dynamics the spiking program discretises). They
// count multiply-accumulates so the chip's synaptic events can be compared with a CPU solver.
// Pure computation: no files, no printing.
import { type Matrix, matTVec, matVec, zeros } from "../../cli/eval/matrix.ts";
import { lassoObjective } from "../../cli/eval/sparse-coding.ts";

export interface LassoSolution {
  a: Float64Array;
  objective: number;
  iterations: number;
  /** Multiply-accumulates of the solver's matrix-vector products, all iterations. */
  macs: number;
  /** First iteration whose objective is within 1 % of the final one, and the MACs up to it. */
  iterationsToOnePercent: number;
  macsToOnePercent: number;
}

/** Largest eigenvalue of Phi^T Phi by power iteration from the all-ones vector (Lipschitz L). */
export function lipschitz(phi: Matrix, iterations = 300): { value: number; macs: number } {
  let v = new Float64Array(phi.cols).fill(1 / Math.sqrt(phi.cols));
  let value = 0;
  for (let it = 0; it < iterations; it++) {
    const w = matTVec(phi, matVec(phi, v));
    let norm = 0;
    for (const x of w) norm += x * x;
    norm = Math.sqrt(norm);
    value = norm;
    v = w.map((x) => x / norm);
  }
  return { value, macs: iterations * 2 * phi.rows * phi.cols };
}

/** Records the objective trace and finds where it first came within 1 % of its last value. */
function onePercent(trace: number[], macsPerIter: number, setupMacs: number) {
  const final = trace[trace.length - 1]!;
  let it = trace.findIndex((o) => o <= final + 0.01 * Math.abs(final));
  if (it < 0) it = trace.length - 1;
  return { iterationsToOnePercent: it + 1, macsToOnePercent: setupMacs + (it + 1) * macsPerIter };
}

/**
 * FISTA (Beck & Teboulle 2009) with step 1/L and the non-negative soft threshold
 * max(0, v - lambda/L). Stops when the largest change of a coefficient is below `tol` or after
 * `maxIterations`. MACs: 2mn per iteration (Phi y, then Phi^T r) plus the power iteration.
 */
export function fista(
  phi: Matrix,
  s: ArrayLike<number>,
  lambda: number,
  opts: { maxIterations?: number; tol?: number } = {},
): LassoSolution {
  const maxIt = opts.maxIterations ?? 20000;
  const tol = opts.tol ?? 1e-12;
  const n = phi.cols;
  const lip = lipschitz(phi);
  const step = 1 / lip.value;
  let a = new Float64Array(n);
  const y = new Float64Array(n);
  const r = new Float64Array(phi.rows);
  const g = new Float64Array(n);
  let t = 1;
  const trace: number[] = [];
  let it = 0;
  for (; it < maxIt; it++) {
    matVec(phi, y, r);
    for (let i = 0; i < r.length; i++) r[i] = r[i]! - s[i]!;
    matTVec(phi, r, g);
    const next = new Float64Array(n);
    let change = 0;
    for (let j = 0; j < n; j++) {
      next[j] = Math.max(0, y[j]! - step * g[j]! - step * lambda);
      change = Math.max(change, Math.abs(next[j]! - a[j]!));
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    for (let j = 0; j < n; j++) y[j] = next[j]! + ((t - 1) / tNext) * (next[j]! - a[j]!);
    a = next;
    t = tNext;
    trace.push(lassoObjective(s, phi, a, lambda));
    if (change < tol) {
      it++;
      break;
    }
  }
  const perIter = 2 * phi.rows * n;
  return {
    a,
    objective: lassoObjective(s, phi, a, lambda),
    iterations: it,
    macs: lip.macs + it * perIter,
    ...onePercent(trace, perIter, lip.macs),
  };
}

export interface LcaOptions {
  /** Euler step dt/tau (dimensionless), default 0.1. */
  dtOverTau?: number;
  steps?: number;
}

export interface LcaSolution extends LassoSolution {
  /** MACs if inhibition were computed only for active (nonzero) neurons, as events on a chip. */
  eventMacs: number;
}

/**
 * Non-spiking LCA (Rozell et al. 2008), non-negative: tau du/dt = b - u - (Phi^T Phi - I) a,
 * a = max(0, u - lambda), b = Phi^T s, integrated by forward Euler for `steps` steps.
 * MACs: m*n for b and m*n^2 for the Gram matrix once, then n^2 per step for the dense
 * inhibition; eventMacs counts n per active (nonzero) neuron per step instead of n^2, which is
 * what an event-driven chip pays in synaptic operations.
 */
export function lca(
  phi: Matrix,
  s: ArrayLike<number>,
  lambda: number,
  opts: LcaOptions = {},
): LcaSolution {
  const k = opts.dtOverTau ?? 0.1;
  const steps = opts.steps ?? 2000;
  const n = phi.cols;
  const m = phi.rows;
  const b = matTVec(phi, s);
  const gram = zeros(n, n);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      if (p === q) continue;
      let sum = 0;
      for (let i = 0; i < m; i++) sum += phi.data[i * n + p]! * phi.data[i * n + q]!;
      gram.data[p * n + q] = sum;
    }
  }
  const setup = m * n + m * n * n;
  const u = new Float64Array(n);
  const a = new Float64Array(n);
  const inhib = new Float64Array(n);
  const trace: number[] = [];
  let eventMacs = setup;
  for (let st = 0; st < steps; st++) {
    inhib.fill(0);
    for (let p = 0; p < n; p++) {
      const ap = a[p]!;
      if (ap === 0) continue;
      eventMacs += n;
      const o = p * n;
      for (let q = 0; q < n; q++) inhib[q] = inhib[q]! + gram.data[o + q]! * ap;
    }
    for (let j = 0; j < n; j++) {
      u[j] = u[j]! + k * (b[j]! - u[j]! - inhib[j]!);
      a[j] = Math.max(0, u[j]! - lambda);
    }
    trace.push(lassoObjective(s, phi, a, lambda));
  }
  return {
    a: Float64Array.from(a),
    objective: lassoObjective(s, phi, a, lambda),
    iterations: steps,
    macs: setup + steps * n * n,
    eventMacs,
    ...onePercent(trace, n * n, setup),
  };
}

/**
 * Largest violation of the non-negative LASSO optimality (KKT) conditions at `a`: with
 * c = Phi^T (s - Phi a), c_j = lambda where a_j > 0 and c_j <= lambda where a_j = 0.
 */
export function kktViolation(
  phi: Matrix,
  s: ArrayLike<number>,
  a: ArrayLike<number>,
  lambda: number,
): number {
  const r = matVec(phi, a);
  for (let i = 0; i < r.length; i++) r[i] = s[i]! - r[i]!;
  const c = matTVec(phi, r);
  let worst = 0;
  for (let j = 0; j < a.length; j++) {
    const v = a[j]! > 0 ? Math.abs(c[j]! - lambda) : Math.max(0, c[j]! - lambda);
    worst = Math.max(worst, v);
  }
  return worst;
}
