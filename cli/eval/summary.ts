// Summary of several runs of one program (typically the same program with different run seeds):
// mean, standard deviation, minimum and maximum of each metric that every run has. Pure: it
// takes the metrics of cli/eval/run-metrics.ts and never reads files or prints.
import type { RunMetrics } from "./run-metrics.ts";

export interface Spread {
  /** Number of runs the metric comes from. */
  runs: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single run. */
  sd: number;
  min: number;
  max: number;
  /** Index (into the runs given) of the minimum and the maximum. */
  argmin: number;
  argmax: number;
}

export interface RunsSummary {
  runs: number;
  /** Test accuracy, when every run has test predictions. */
  testAccuracy?: Spread & {
    /** Runs whose test accuracy is at least `threshold` (when one is given). */
    atLeast?: { threshold: number; runs: number };
  };
  /** Online accuracy of each run's last training epoch. */
  lastEpochAccuracy?: Spread;
  /** cosine(B, W^T), when every run was evaluated with the same --align. */
  cosine?: Spread;
  /** Fraction of weights within tolerance, when every run was evaluated with --converge. */
  convergedFraction?: Spread;
}

/** Mean, sample standard deviation and extremes of `xs` (at least one value). */
export function spread(xs: readonly number[]): Spread {
  if (xs.length === 0) throw new RangeError("spread of no values");
  let argmin = 0;
  let argmax = 0;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i]! < xs[argmin]!) argmin = i;
    if (xs[i]! > xs[argmax]!) argmax = i;
  }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return {
    runs: xs.length,
    mean,
    sd: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0,
    min: xs[argmin]!,
    max: xs[argmax]!,
    argmin,
    argmax,
  };
}

/** A spread of differences with how many were above and below zero. */
export type PairedSpread = Spread & { up: number; down: number };

/**
 * `b - a` over the keys both maps have (runs paired by seed: the same inputs and draws, so a pair
 * differs by the setting alone): the differences' spread and how many are up or down; undefined
 * without a pair.
 */
export function pairedDifference(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
): PairedSpread | undefined {
  const d: number[] = [];
  for (const [k, vb] of b) {
    const va = a.get(k);
    if (va !== undefined) d.push(vb - va);
  }
  if (d.length === 0) return undefined;
  return { ...spread(d), up: d.filter((x) => x > 0).length, down: d.filter((x) => x < 0).length };
}

/** The values of `f` over the runs, or undefined if any run lacks it. */
function every(ms: readonly RunMetrics[], f: (m: RunMetrics) => number | undefined) {
  const xs = ms.map(f);
  return xs.every((x): x is number => x !== undefined && !Number.isNaN(x)) ? xs : undefined;
}

/**
 * Summary over runs. `threshold` (a fraction, e.g. 0.9) adds how many runs reach that test
 * accuracy. Metrics that some run lacks are left out rather than averaged over fewer runs.
 */
export function summarizeRuns(ms: readonly RunMetrics[], threshold?: number): RunsSummary {
  const s: RunsSummary = { runs: ms.length };
  if (ms.length === 0) return s;
  const test = every(ms, (m) => m.classification?.test?.accuracy);
  if (test) {
    s.testAccuracy = spread(test);
    if (threshold !== undefined)
      s.testAccuracy.atLeast = { threshold, runs: test.filter((x) => x >= threshold).length };
  }
  const last = every(ms, (m) => m.classification?.trainEpochs.at(-1)?.accuracy);
  if (last) s.lastEpochAccuracy = spread(last);
  const cos = every(ms, (m) => m.alignment?.cosine);
  if (cos) s.cosine = spread(cos);
  const conv = every(ms, (m) => m.convergence?.fractionWithin);
  if (conv) s.convergedFraction = spread(conv);
  return s;
}
