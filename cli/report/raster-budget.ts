// Keeps spike rasters drawable: below a point budget every spike is a mark; above it the raster
// samples 1 in K neurons (while that leaves more rows than bins would) or becomes a 2-D histogram of
// spike counts over (step, neuron) bins. The chosen reduction is always returned as a sentence
// for the chart's subtitle, so a reader never mistakes a reduced raster for the whole one.
// Pure computation on typed arrays: no I/O, no drawing, deterministic.
import type { RasterData } from "./run-data.ts";

export interface RasterBudget {
  /** Most spike marks drawn as points. */
  pointBudget: number;
  /** Largest sampling stride K tried before falling back to bins. */
  maxSampleStride: number;
  /** Most bins along time and along neurons. */
  maxTimeBins: number;
  maxNeuronBins: number;
}

export const DEFAULT_RASTER_BUDGET: RasterBudget = {
  pointBudget: 10_000,
  maxSampleStride: 8,
  maxTimeBins: 200,
  maxNeuronBins: 80,
};

/** A raster ready to draw: points (all or sampled) or bins. Neuron and step ranges are
 *  inclusive-exclusive [lo, hi). */
export type ReducedRaster =
  | {
      kind: "points";
      /** Step and neuron of each drawn spike. */
      t: Float64Array;
      n: Int32Array;
      stride: number;
      neurons: [number, number];
      steps: [number, number];
      subtitle: string;
    }
  | {
      kind: "binned";
      bins: { t0: number; t1: number; n0: number; n1: number; count: number }[];
      neurons: [number, number];
      steps: [number, number];
      subtitle: string;
    };

/** Reduces `r` to at most the budget's marks. `neurons` selects a slice [lo, hi) of the
 *  population (default: all); `lastStep` is the run's last step (the time axis ends there). */
export function reduceRaster(
  r: RasterData,
  lastStep: number,
  budget: RasterBudget = DEFAULT_RASTER_BUDGET,
  neurons: [number, number] = [0, r.size],
): ReducedRaster {
  const [lo, hi] = neurons;
  let tMax = Math.max(1, lastStep);
  for (let k = 0; k < r.time.length; k++) tMax = Math.max(tMax, r.time[k] as number);
  const steps: [number, number] = [1, tMax + 1];
  const inSlice = (n: number) => n >= lo && n < hi;
  let total = 0;
  for (let k = 0; k < r.index.length; k++) if (inSlice(r.index[k] as number)) total++;
  const slice = hi - lo < r.size ? ` (neurons ${lo}..${hi - 1} of ${r.size})` : "";

  for (let stride = 1; stride <= budget.maxSampleStride; stride *= 2) {
    // Sampling must leave at least as many rows as binning would draw, else bins say more.
    if (stride > 1 && (hi - lo) / stride < budget.maxNeuronBins) break;
    const keep = (n: number) => inSlice(n) && (n - lo) % stride === 0;
    let count = 0;
    for (let k = 0; k < r.index.length; k++) if (keep(r.index[k] as number)) count++;
    if (count > budget.pointBudget) continue;
    const t = new Float64Array(count);
    const n = new Int32Array(count);
    let j = 0;
    for (let k = 0; k < r.index.length; k++) {
      const ni = r.index[k] as number;
      if (!keep(ni)) continue;
      t[j] = r.time[k] as number;
      n[j++] = ni;
    }
    const subtitle =
      stride === 1
        ? `all ${total} spikes${slice}`
        : `sampled 1 in ${stride} neurons: ${count} of ${total} spikes drawn${slice}`;
    return { kind: "points", t, n, stride, neurons, steps, subtitle };
  }
  return binRaster(r, steps, neurons, total, slice, budget);
}

function binRaster(
  r: RasterData,
  steps: [number, number],
  neurons: [number, number],
  total: number,
  slice: string,
  budget: RasterBudget,
): ReducedRaster {
  const [lo, hi] = neurons;
  const span = steps[1] - steps[0];
  const tw = Math.max(1, Math.ceil(span / budget.maxTimeBins));
  const nw = Math.max(1, Math.ceil((hi - lo) / budget.maxNeuronBins));
  const bx = Math.ceil(span / tw);
  const by = Math.ceil((hi - lo) / nw);
  const grid = new Float64Array(bx * by);
  for (let k = 0; k < r.index.length; k++) {
    const ni = r.index[k] as number;
    if (ni < lo || ni >= hi) continue;
    const x = Math.floor(((r.time[k] as number) - steps[0]) / tw);
    const y = Math.floor((ni - lo) / nw);
    if (x < 0 || x >= bx) continue;
    grid[y * bx + x] = (grid[y * bx + x] as number) + 1;
  }
  const bins: { t0: number; t1: number; n0: number; n1: number; count: number }[] = [];
  for (let y = 0; y < by; y++) {
    for (let x = 0; x < bx; x++) {
      const count = grid[y * bx + x] as number;
      if (count === 0) continue;
      bins.push({
        t0: steps[0] + x * tw,
        t1: Math.min(steps[1], steps[0] + (x + 1) * tw),
        n0: lo + y * nw,
        n1: Math.min(hi, lo + (y + 1) * nw),
        count,
      });
    }
  }
  const subtitle = `binned: ${total} spikes in ${bx * by} bins of ${tw} steps x ${nw} neurons${slice}`;
  return { kind: "binned", bins, neurons, steps, subtitle };
}

/** Parses a neuron slice "A:B" (inclusive-exclusive, either end optional) against a
 *  population of `size`; returns null and a reason when it is malformed or out of range. */
export function parseNeuronSlice(
  text: string,
  size: number,
): { ok: true; range: [number, number] } | { ok: false; reason: string } {
  const m = /^(\d*):(\d*)$/.exec(text.trim());
  if (!m) return { ok: false, reason: `'${text}' is not a slice A:B (e.g. 0:100)` };
  const a = m[1] === "" ? 0 : Number(m[1]);
  const b = m[2] === "" ? size : Number(m[2]);
  if (a >= b || b > size) {
    return {
      ok: false,
      reason: `slice ${a}:${b} is empty or beyond the population's ${size} neurons`,
    };
  }
  return { ok: true, range: [a, b] };
}
