// Incoming-synapse index: for every global neuron id, the synapses that target it, as CSR
// over typed arrays (projection index and synapse index per entry). Built once by counting
// sort, so placement walks each synapse a bounded number of times, never by object.
import type { NetworkIR } from "../lower/index.ts";

export interface FanIn {
  /** start[n] .. start[n + 1]: entries of neuron n. Length neurons + 1. */
  start: Int32Array;
  /** Projection index per entry. */
  proj: Int32Array;
  /** Synapse index within the projection per entry. */
  syn: Int32Array;
}

export function buildFanIn(ir: NetworkIR): FanIn {
  const n = ir.neurons;
  const start = new Int32Array(n + 1);
  let total = 0;
  for (const p of ir.projections) {
    const off = ir.populations[p.postPop]!.offset;
    for (let k = 0; k < p.count; k++) start[off + p.post[k]! + 1]!++;
    total += p.count;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const proj = new Int32Array(total);
  const syn = new Int32Array(total);
  for (const p of ir.projections) {
    const off = ir.populations[p.postPop]!.offset;
    for (let k = 0; k < p.count; k++) {
      const at = fill[off + p.post[k]!]!++;
      proj[at] = p.index;
      syn[at] = k;
    }
  }
  return { start, proj, syn };
}
