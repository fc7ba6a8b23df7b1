// Keeps sampled series (state traces, step times, weight statistics) drawable: at most a fixed
// number of points per line. Above it, consecutive samples are grouped into buckets and each
// bucket keeps its min, max and mean, so a spike in v or a burst in step time stays visible as
// the envelope. Pure computation, deterministic, no I/O.

export interface EnvelopeRow {
  /** First step of the bucket (the sample's step when not reduced). */
  step: number;
  min: number;
  max: number;
  mean: number;
}

export interface Envelope {
  rows: EnvelopeRow[];
  reduced: boolean;
  /** Sentence for the subtitle when reduced. */
  note: string;
}

/** Column `col` of a row-major [row][width] series sampled at `steps`, reduced to at most
 *  `maxPoints` buckets. */
export function envelope(
  steps: ArrayLike<number>,
  values: Float64Array,
  width: number,
  col: number,
  maxPoints: number,
): Envelope {
  const n = steps.length;
  const per = Math.max(1, Math.ceil(n / maxPoints));
  const rows: EnvelopeRow[] = [];
  for (let b = 0; b < n; b += per) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    const end = Math.min(n, b + per);
    for (let r = b; r < end; r++) {
      const v = values[r * width + col] as number;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    rows.push({ step: steps[b] as number, min, max, mean: sum / (end - b) });
  }
  return {
    rows,
    reduced: per > 1,
    note:
      per > 1
        ? `downsampled: min/max envelope and mean of ${n} samples in ${rows.length} buckets of ${per}`
        : "",
  };
}

/** Row indices to keep so at most `max` rows remain: evenly spaced, always first and last. */
export function pickRows(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

/** q-quantile (0..1) of a sorted array, nearest-rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i] as number;
}
