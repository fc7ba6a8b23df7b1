// Orders every synapse of the network by (destination core, pre neuron, projection, synapse)
// with two stable counting sorts over typed arrays, so each core's input axons (one per pre
// neuron) and their per-projection lists come out contiguous. O(synapses + neurons + cores).
import type { NetworkIR } from "../lower/index.ts";

export interface SynapseOrder {
  /** Global synapse ids (projection base + index) in (core, pre, projection, index) order. */
  order: Int32Array;
  /** coreStart[c] .. coreStart[c + 1]: the synapses whose target lives on logical core c. */
  coreStart: Int32Array;
  /** Base global synapse id of each projection (length projections + 1). */
  base: Int32Array;
}

/** Projection of a global synapse id (binary search over the bases). */
export function projOf(base: Int32Array, s: number): number {
  let lo = 0;
  let hi = base.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (base[mid]! <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function orderSynapses(ir: NetworkIR, neuronCore: Int32Array, cores: number): SynapseOrder {
  const P = ir.projections.length;
  const base = new Int32Array(P + 1);
  ir.projections.forEach((p, i) => {
    base[i + 1] = base[i]! + p.count;
  });
  const S = base[P]!;
  // Pass 1: stable by pre neuron.
  const preStart = new Int32Array(ir.neurons + 1);
  for (const p of ir.projections) {
    const off = ir.populations[p.prePop]!.offset;
    for (let k = 0; k < p.count; k++) preStart[off + p.pre[k]! + 1]!++;
  }
  for (let i = 0; i < ir.neurons; i++) preStart[i + 1]! += preStart[i]!;
  const byPre = new Int32Array(S);
  ir.projections.forEach((p, i) => {
    const off = ir.populations[p.prePop]!.offset;
    for (let k = 0; k < p.count; k++) byPre[preStart[off + p.pre[k]!]!++] = base[i]! + k;
  });
  // Pass 2: stable by destination core. Core of each synapse, computed per projection run.
  const coreOfSyn = new Int32Array(S);
  ir.projections.forEach((p, i) => {
    const off = ir.populations[p.postPop]!.offset;
    const b = base[i]!;
    for (let k = 0; k < p.count; k++) coreOfSyn[b + k] = neuronCore[off + p.post[k]!]!;
  });
  const coreStart = new Int32Array(cores + 1);
  for (let s = 0; s < S; s++) coreStart[coreOfSyn[s]! + 1]!++;
  for (let c = 0; c < cores; c++) coreStart[c + 1]! += coreStart[c]!;
  const fill = coreStart.slice(0, cores);
  const order = new Int32Array(S);
  for (let x = 0; x < S; x++) {
    const s = byPre[x]!;
    order[fill[coreOfSyn[s]!]!++] = s;
  }
  return { order, coreStart, base };
}
