// Spike-train codes: turn a population's spike record (neuron index and step of each spike)
// into rates or per-window counts, the values a spiking LCA or S-LCA encodes. Pure functions on
// typed arrays; they must not read run directories or print.
import { type Matrix, zeros } from "./matrix.ts";

/** A population's spikes: spike k is neuron index[k] at step time[k] (steps from 1). */
export interface SpikeTrain {
  index: ArrayLike<number>;
  time: ArrayLike<number>;
}

/**
 * Rate code over steps [from, to] (inclusive): spikes of neuron i in the window, divided by the
 * window length in steps, times `scale` (the code value one spike per step stands for).
 */
export function spikeRateCode(
  spikes: SpikeTrain,
  size: number,
  from: number,
  to: number,
  scale = 1,
): Float64Array {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to >= from)) {
    throw new RangeError(`spikeRateCode: window [${from}, ${to}] is not 1 <= from <= to`);
  }
  const out = new Float64Array(size);
  for (let k = 0; k < spikes.index.length; k++) {
    const t = spikes.time[k]!;
    if (t < from || t > to) continue;
    const i = spikes.index[k]!;
    if (i < 0 || i >= size)
      throw new RangeError(`spikeRateCode: neuron ${i} outside 0..${size - 1}`);
    out[i] = out[i]! + 1;
  }
  const len = to - from + 1;
  for (let i = 0; i < size; i++) out[i] = (out[i]! * scale) / len;
  return out;
}

/**
 * Spike counts per sample window: sample s covers steps [start + s * period + offset + 1,
 * start + s * period + offset + length]; row s of the result counts each neuron's spikes in it.
 * `start` is the step before the first sample (0 for a run that begins with it).
 */
export function windowCounts(
  spikes: SpikeTrain,
  size: number,
  samples: number,
  w: { start?: number; period: number; offset?: number; length: number },
): Matrix {
  const start = w.start ?? 0;
  const offset = w.offset ?? 0;
  if (w.length < 1 || w.period < 1 || offset < 0 || offset + w.length > w.period) {
    throw new RangeError(
      `windowCounts: window offset ${offset} + length ${w.length} must fit in period ${w.period}`,
    );
  }
  const m = zeros(samples, size);
  for (let k = 0; k < spikes.index.length; k++) {
    const t = spikes.time[k]! - start - 1;
    if (t < 0) continue;
    const s = Math.floor(t / w.period);
    const within = t - s * w.period;
    if (s >= samples || within < offset || within >= offset + w.length) continue;
    const i = spikes.index[k]!;
    if (i < 0 || i >= size)
      throw new RangeError(`windowCounts: neuron ${i} outside 0..${size - 1}`);
    m.data[s * size + i] = m.data[s * size + i]! + 1;
  }
  return m;
}
