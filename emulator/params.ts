// The numbers the emulator runs on, gathered from the chip profile and the cost table named by
// an image (isa/profiles, isa/costs) into one flat record. It holds no defaults of its own:
// every limit and every cost comes from isa/, so the compiler, emulator and docs agree.
import { barrierCost, getCostTable, NOMINAL_CLOCK_GHZ } from "../isa/costs.ts";
import { getProfile } from "../isa/profiles.ts";
import type { NocParams } from "./noc.ts";

/** Cycles (nominal core clock) and energy (pJ, an estimate) of one operation. */
export interface OpCost {
  cycles: number;
  energyPj: number;
}

export interface EmuParams {
  profile: string;
  costProfile: string;
  /** Nominal core clock, MHz: converts cycles to time for reports. */
  clockMhz: number;
  maxCompartments: number;
  maxInputAxons: number;
  maxOutputAxons: number;
  /** Synapse memory per core, bits. */
  synapseMemoryBits: number;
  maxNeuronProfiles: number;
  maxStateRegisters: number;
  /** Dendritic accumulator slots: delays 0..delaySlots-2 are legal (ring needs one extra). */
  delaySlots: number;
  /** Bits of an unsigned graded payload, or 0 on a binary-spike profile. */
  payloadBits: number;
  /** Cores per tile. */
  coresPerTile: number;
  noc: NocParams;
  /** Per synapse walked in the deliver phase. */
  synOp: OpCost;
  /** Per arrived message (axon lookup) at the receiving core. */
  axonIn: OpCost;
  /** Per message injected into the NoC by the send phase (SANA-FE's axon message out). */
  messageOut: OpCost;
  /** "microcode": a compartment update costs its executed microcode path (table figures);
   *  "fixed": `neuronFixed` per compartment plus `neuronSpike` per spike (SANA-FE's model). */
  neuronModel: "microcode" | "fixed";
  neuronFixed: OpCost;
  neuronSpike: OpCost;
  /** Per synapse updated by the learning engine. */
  synUpdate: OpCost;
  /** Per trace decayed/impulsed in the learn phase. */
  traceUpdate: OpCost;
  /** Barrier cycles for a board of `tiles` tiles. */
  barrierCycles: (tiles: number) => number;
}

const op = (f: { cycles: number; energyPj: number }): OpCost => ({
  cycles: f.cycles,
  energyPj: f.energyPj,
});

/** The run parameters of chip profile `profile` priced by cost table `costProfile`, for a
 *  board of `chips` chips. Throws (naming the known names) for an unknown profile or table. */
export function paramsFor(profile: string, costProfile: string, chips: number): EmuParams {
  const p = getProfile(profile);
  const t = getCostTable(costProfile);
  if (!Number.isInteger(chips) || chips < 1 || chips > p.board.maxChips) {
    throw new Error(
      `image.chips = ${chips}: profile '${p.name}' boards hold 1..${p.board.maxChips} chips`,
    );
  }
  return {
    profile: p.name,
    costProfile: t.name,
    clockMhz: NOMINAL_CLOCK_GHZ * 1000,
    maxCompartments: p.maxCompartments,
    maxInputAxons: p.maxInputAxons,
    maxOutputAxons: p.maxOutputAxons,
    synapseMemoryBits: p.synapseMemoryBits,
    maxNeuronProfiles: p.maxNeuronProfiles,
    maxStateRegisters: p.maxStateRegisters,
    delaySlots: p.maxDelay + 1,
    payloadBits: p.payloadBits,
    coresPerTile: p.coresPerTile,
    noc: {
      meshX: p.mesh.width,
      meshY: p.mesh.height,
      chips,
      localCycles: t.withinTile.cycles,
      localPj: t.withinTile.energyPj,
      hopEwCycles: t.hopEastWest.cycles,
      hopEwPj: t.hopEastWest.energyPj,
      hopNsCycles: t.hopNorthSouth.cycles,
      hopNsPj: t.hopNorthSouth.energyPj,
      hopChipCycles: t.chipHop.cycles,
      hopChipPj: t.chipHop.energyPj,
    },
    synOp: op(t.synapticOp),
    // Axon lookup at the receiving core is not priced separately by either table.
    axonIn: { cycles: 0, energyPj: 0 },
    messageOut: op(t.messageOut),
    neuronModel: t.neuronModel,
    neuronFixed: {
      cycles: t.neuronAccess.cycles + t.neuronUpdate.cycles,
      energyPj: t.neuronAccess.energyPj + t.neuronUpdate.energyPj,
    },
    neuronSpike: op(t.spikeOut),
    synUpdate: op(t.synapticUpdate),
    // Trace upkeep is part of the learning engine's synaptic-update figure in both tables.
    traceUpdate: { cycles: 0, energyPj: 0 },
    barrierCycles: (tiles) => barrierCost(t, tiles).cycles,
  };
}

/** Converts a time in ns to cycles of the nominal clock (rounded up: a started cycle counts). */
export function nsToCycles(ns: number, clockMhz: number): number {
  return Math.ceil((ns * clockMhz) / 1000 - 1e-9);
}
