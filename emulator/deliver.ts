// The deliver phase (chip.md section 9, phase 1): spikes that reached a core walk their input
// axon's synapse list into the dendritic accumulator ring at the slot of each synapse's delay.
// It reads only the core's own synapse memory and writes only the core's own ring.

/**
 * Walks the synapse lists of `count` arrived messages into the delay ring.
 *
 * - `axons[i]`, `payloads[i]`: the input axon and unsigned payload (1 on binary profiles) of
 *   message i. Graded payloads multiply the weight (the hardware scales by the payload).
 * - `synValue[s]`: weight already shifted into accumulator units, `w << (6 + weightExp)`.
 * - `ring`: `slots` rows of `n` Int32 accumulators; row `(step + delay) % slots` receives the
 *   weight, so a spike sent at step t-1 and delivered at step t is integrated at t + delay.
 *   Int32Array stores wrap mod 2^32, which is consistent with the later 22-bit WRAP.
 *
 * Returns the number of synapses walked (synaptic ops).
 */
export function deliverMessages(
  axons: Int32Array,
  payloads: Int32Array,
  count: number,
  axonStart: Uint32Array,
  synTarget: Uint16Array,
  synValue: Int32Array,
  synDelay: Uint8Array,
  ring: Int32Array,
  n: number,
  slots: number,
  step: number,
): number {
  let ops = 0;
  const base = step % slots;
  for (let i = 0; i < count; i++) {
    const a = axons[i] as number;
    const p = payloads[i] as number;
    const s0 = axonStart[a] as number;
    const s1 = axonStart[a + 1] as number;
    ops += s1 - s0;
    if (p === 1) {
      for (let s = s0; s < s1; s++) {
        let row = base + (synDelay[s] as number);
        if (row >= slots) row -= slots;
        const k = row * n + (synTarget[s] as number);
        ring[k] = ((ring[k] as number) + (synValue[s] as number)) | 0;
      }
    } else {
      for (let s = s0; s < s1; s++) {
        let row = base + (synDelay[s] as number);
        if (row >= slots) row -= slots;
        const k = row * n + (synTarget[s] as number);
        ring[k] = ((ring[k] as number) + Math.imul(synValue[s] as number, p)) | 0;
      }
    }
  }
  return ops;
}

/**
 * The same walk for a core whose synapses all have delay 0 (the common case, and the CUBA
 * benchmark's): every weight lands in this step's row, so no per-synapse row arithmetic.
 */
export function deliverMessagesNoDelay(
  axons: Int32Array,
  payloads: Int32Array,
  count: number,
  axonStart: Uint32Array,
  synTarget: Uint16Array,
  synValue: Int32Array,
  ring: Int32Array,
  n: number,
  slots: number,
  step: number,
): number {
  let ops = 0;
  const rowBase = (step % slots) * n;
  for (let i = 0; i < count; i++) {
    const a = axons[i] as number;
    const p = payloads[i] as number;
    const s0 = axonStart[a] as number;
    const s1 = axonStart[a + 1] as number;
    ops += s1 - s0;
    for (let s = s0; s < s1; s++) {
      const k = rowBase + (synTarget[s] as number);
      ring[k] = ((ring[k] as number) + Math.imul(synValue[s] as number, p)) | 0;
    }
  }
  return ops;
}

/** A growable list of (axon, payload) messages waiting at a core for the next deliver phase. */
export class Inbox {
  axons = new Int32Array(256);
  payloads = new Int32Array(256);
  count = 0;

  push(axon: number, payload: number): void {
    if (this.count === this.axons.length) {
      const a = new Int32Array(this.count * 2);
      a.set(this.axons);
      this.axons = a;
      const p = new Int32Array(this.count * 2);
      p.set(this.payloads);
      this.payloads = p;
    }
    this.axons[this.count] = axon;
    this.payloads[this.count] = payload;
    this.count++;
  }

  clear(): void {
    this.count = 0;
  }
}
