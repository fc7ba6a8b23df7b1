// The host's between-sample reset of compartment state (emulator.md, Experiments): every state
// register goes back to its initial value, except the registers a neuron profile marks
// `persistent` (image neuronProfiles[].persistent, a bit per register), which keep theirs.
// Shared by the bit-exact and the float reference chip so both reset alike.
import type { CoreImage } from "../isa/image.ts";

export function restoreInitialState(state: Int32Array | Float64Array, img: CoreImage): void {
  const masks = img.neuronProfiles.map((p) => p.persistent ?? 0);
  if (masks.every((m) => m === 0)) {
    state.set(img.initialState);
    return;
  }
  const nsr = img.stateRegisters;
  for (let comp = 0; comp < img.compartments; comp++) {
    const keep = masks[img.profileOf[comp]!] ?? 0;
    const o = comp * nsr;
    for (let r = 0; r < nsr; r++) if (!(keep & (1 << r))) state[o + r] = img.initialState[o + r]!;
  }
}
