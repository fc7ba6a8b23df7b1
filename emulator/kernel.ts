// The calling convention of a compiled neuron-update kernel: one specialised JS function per
// compartment profile (built by neuron-compile.ts from the isa microcode table) that runs the
// profile's microcode over a list of compartments held in the core's typed arrays. Kept tiny
// and argument-only so V8 optimises each kernel on its own (one huge step function deoptimised
// at the first spike in measurement and ran 3-6x slower).

/** Thrown when an image does something the chip forbids at run time (e.g. a negative payload). */
export class EmulatorFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmulatorFault";
  }
}

/** Indices into the kernel's `acc` accumulator. */
export const ACC_CYCLES = 0;
export const ACC_ENERGY = 1;
/** Compartments that took the spiking path (for active/inactive update counts). */
export const ACC_SPIKES = 2;
export const ACC_SLOTS = 3;

/**
 * Runs one step of microcode for compartments `idx[0..count)`.
 * - `state`: Int32, row-major [compartment][nsr] state registers (s0..s7), updated in place.
 * - `ring`, `rowBase`: this step's accumulator row; q of compartment c is ring[rowBase + c],
 *   and the kernel zeroes it after reading (the slot is reused `slots` steps later).
 * - `k`: the profile's Int32 constant pool; `vmin`, `vmax`: the core's voltage limits.
 * - `spikes`, `payloads`, `nSpikes`: the step's spike list, appended to; returns the new length.
 * - `post`: Int32, [compartment][2]: exported post factors y2, y3 written by `trace`.
 * - `acc`: Float64 [cycles, energyPj, spikes] accumulated per basic block executed.
 * - `fault(c, message)`: throws an EmulatorFault naming compartment c (e.g. negative payload).
 */
export type NeuronKernel = (
  idx: Int32Array,
  count: number,
  state: Int32Array,
  nsr: number,
  ring: Int32Array,
  rowBase: number,
  k: Int32Array,
  vmin: number,
  vmax: number,
  spikes: Int32Array,
  payloads: Int32Array,
  nSpikes: number,
  post: Int32Array,
  acc: Float64Array,
  fault: (c: number, message: string) => never,
) => number;
