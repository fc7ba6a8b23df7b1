// Cost tables: time and energy of every operation the emulator charges, with their sources,
// in cycles of our nominal core clock. Two tables: `davies2018` (Davies et al. 2018, Table 2,
// pre-silicon, 0.75 V) and `sanafe` (silicon-fitted figures of the SANA-FE simulator, Boyle et
// al., IEEE TCAD 2025). Every energy is an ESTIMATE and says so in its label. This file must
// not know about cores or images; it prices single operations.

import type { ChipProfile } from "./profiles.ts";

/** Nominal core clock (ours): 10 GHz, a 0.1 ns cycle. Every Table 2 and SANA-FE time is a
 *  multiple of 0.1 ns, so every figure below is an exact integer number of cycles; only the
 *  interpolated barrier is rounded (to the nearest cycle, see barrierCost). Loihi itself is
 *  asynchronous: this clock is a counting unit, not a claim about silicon. */
export const NOMINAL_CLOCK_GHZ = 10;
export const CYCLE_NS = 1 / NOMINAL_CLOCK_GHZ;

/** One priced operation. */
export interface CostFigure {
  /** Energy per operation in pJ. */
  energyPj: number;
  /** Time per operation in ns, as published. */
  timeNs: number;
  /** timeNs in cycles of the nominal clock (integer). */
  cycles: number;
  /** Always "estimate": published figures are pre-silicon or model fits, never measurements
   *  of this toolchain. Kept as data so reports print it next to every number. */
  label: "estimate";
  /** Where the figure comes from. */
  source: string;
}

const fig = (energyPj: number, timeNs: number, source: string): CostFigure => ({
  energyPj,
  timeNs,
  cycles: Math.round(timeNs * NOMINAL_CLOCK_GHZ),
  label: "estimate",
  source,
});

export interface CostTable {
  name: string;
  description: string;
  /** Per synapse walked in the deliver phase. */
  synapticOp: CostFigure;
  /** Per synapse updated by the learning engine. */
  synapticUpdate: CostFigure;
  /** How compartment updates are priced:
   *  - "microcode": the executed microcode path's cycles and energy (isa/microcode table,
   *    calibrated so the standard CUBA LIF paths equal neuronActive / neuronInactive);
   *  - "fixed": neuronAccess + neuronUpdate per compartment and spikeOut per spike
   *    (SANA-FE's model), whatever the program executed. */
  neuronModel: "microcode" | "fixed";
  /** Davies: spiking (active) and non-spiking (inactive) compartment update. */
  neuronActive: CostFigure;
  neuronInactive: CostFigure;
  /** SANA-FE: state access and update per compartment, and spike generation per spike. */
  neuronAccess: CostFigure;
  neuronUpdate: CostFigure;
  spikeOut: CostFigure;
  /** Per message injected into the NoC (SANA-FE's axon message out; 0 in Davies). */
  messageOut: CostFigure;
  /** Per message delivered to a core of the same tile. */
  withinTile: CostFigure;
  /** Per tile hop, east-west (x) and north-south (y). */
  hopEastWest: CostFigure;
  hopNorthSouth: CostFigure;
  /** Per chip-boundary crossing on a multi-chip board (replaces that hop's tile-hop cost). */
  chipHop: CostFigure;
  /** Barrier time for 1 tile and for 32 tiles; other counts interpolate linearly. */
  barrier1: CostFigure;
  barrier32: CostFigure;
}

const DAVIES = "Davies et al. 2018, Table 2 (0.75 V, pre-silicon)";
const SANAFE = "SANA-FE (Boyle et al., IEEE TCAD 2025), silicon-fitted Loihi figures";
const CHIP_HOP =
  "ours: no public per-hop figure for Loihi chip-to-chip links. A spike message is ~32 bits; off-chip links cost ~1-5 pJ/bit against ~0.1 pJ/bit for an on-chip hop (3.0 pJ per message), so we take 3 pJ/bit = 96 pJ and 10x the east-west hop latency = 41 ns";
const ZERO = (why: string) => fig(0, 0, why);

export const DAVIES2018: CostTable = {
  name: "davies2018",
  description: `${DAVIES}; nominal clock ${NOMINAL_CLOCK_GHZ} GHz (ours)`,
  synapticOp: fig(23.6, 3.5, DAVIES),
  synapticUpdate: fig(120, 6.1, DAVIES),
  neuronModel: "microcode",
  neuronActive: fig(81, 8.4, DAVIES),
  neuronInactive: fig(52, 5.3, DAVIES),
  neuronAccess: ZERO("not separate in Davies 2018: included in neuron update"),
  neuronUpdate: ZERO("not separate in Davies 2018: see neuronActive/neuronInactive"),
  spikeOut: ZERO("not separate in Davies 2018: included in the active neuron update"),
  messageOut: ZERO("not in Davies 2018 Table 2: a message costs its hops (or withinTile)"),
  withinTile: fig(1.7, 2.1, DAVIES),
  hopEastWest: fig(3.0, 4.1, DAVIES),
  hopNorthSouth: fig(4.0, 6.5, DAVIES),
  chipHop: fig(96, 41, CHIP_HOP),
  barrier1: fig(0, 113, `${DAVIES}: barrier synchronisation, 1 tile`),
  barrier32: fig(0, 465, `${DAVIES}: barrier synchronisation, 32 tiles`),
};

export const SANAFE_TABLE: CostTable = {
  name: "sanafe",
  description: `${SANAFE}; figures SANA-FE lacks are borrowed from Davies 2018 and say so`,
  synapticOp: fig(35.5, 3.8, `${SANAFE}: synapse (dense)`),
  synapticUpdate: fig(120, 6.1, `borrowed from ${DAVIES}: SANA-FE does not model learning`),
  neuronModel: "fixed",
  neuronActive: fig(72.8, 9.7, `${SANAFE}: access 51.2 pJ / 6.0 ns + update 21.6 pJ / 3.7 ns`),
  neuronInactive: fig(51.2, 6.0, `${SANAFE}: access only`),
  neuronAccess: fig(51.2, 6.0, `${SANAFE}: neuron access`),
  neuronUpdate: fig(21.6, 3.7, `${SANAFE}: neuron update`),
  spikeOut: fig(69.3, 30, `${SANAFE}: spike out`),
  messageOut: fig(111, 5.1, `${SANAFE}: axon message out`),
  withinTile: fig(1.7, 2.1, `borrowed from ${DAVIES}: within-tile spike`),
  hopEastWest: fig(3.0, 4.1, `${SANAFE}: hop east-west`),
  hopNorthSouth: fig(4.2, 6.5, `${SANAFE}: hop north-south`),
  chipHop: fig(96, 41, CHIP_HOP),
  barrier1: fig(0, 113, `borrowed from ${DAVIES}: barrier, 1 tile`),
  barrier32: fig(0, 465, `borrowed from ${DAVIES}: barrier, 32 tiles`),
};

export const COST_TABLES: Readonly<Record<string, CostTable>> = {
  davies2018: DAVIES2018,
  sanafe: SANAFE_TABLE,
};

export function getCostTable(name: string): CostTable {
  const t = COST_TABLES[name];
  if (!t)
    throw new Error(`unknown cost table '${name}' (known: ${Object.keys(COST_TABLES).join(", ")})`);
  return t;
}

/** A charged amount: cycles of the nominal clock and energy in pJ (estimate). */
export interface Cost {
  cycles: number;
  energyPj: number;
}

/**
 * Barrier time for a step spanning `tiles` tiles. Davies 2018 gives 113 ns at 1 tile and
 * 465 ns at 32; we interpolate linearly in the tile count (the barrier is a wave through the
 * tiles; two points fix no better shape) and extrapolate the same line past 32 for boards:
 * 113 + (465 - 113) * (tiles - 1) / 31 ns, rounded to the nearest cycle (half up).
 */
export function barrierCost(table: CostTable, tiles: number): Cost {
  const n = Math.max(1, tiles);
  const c1 = table.barrier1.cycles;
  const c32 = table.barrier32.cycles;
  return { cycles: Math.floor(c1 + ((c32 - c1) * (n - 1)) / 31 + 0.5), energyPj: 0 };
}

/** Compartment update price. With neuronModel "microcode", the executed path's own cycles and
 *  energy; with "fixed", access + update per compartment plus spikeOut if it spiked. */
export function neuronUpdateCost(
  table: CostTable,
  run: { cycles: number; energyPj: number; spiked: boolean },
): Cost {
  if (table.neuronModel === "microcode") return { cycles: run.cycles, energyPj: run.energyPj };
  const base = {
    cycles: table.neuronAccess.cycles + table.neuronUpdate.cycles,
    energyPj: table.neuronAccess.energyPj + table.neuronUpdate.energyPj,
  };
  if (!run.spiked) return base;
  return {
    cycles: base.cycles + table.spikeOut.cycles,
    energyPj: base.energyPj + table.spikeOut.energyPj,
  };
}

/**
 * One spike message from core `from` to core `to` (global indices), routed x then y over the
 * board's global tile mesh. Returns hop counts and the message's cost: messageOut, plus
 * withinTile if both cores share a tile, else every x hop (a chip-boundary crossing priced
 * as chipHop) and every y hop.
 */
export function messageCost(
  table: CostTable,
  profile: ChipProfile,
  from: number,
  to: number,
): Cost & { hopsX: number; hopsY: number; chipHops: number } {
  const loc = (core: number) => {
    const chip = Math.floor(core / profile.coresPerChip);
    const tile = Math.floor((core % profile.coresPerChip) / profile.coresPerTile);
    return {
      chip,
      x: chip * profile.mesh.width + (tile % profile.mesh.width),
      y: Math.floor(tile / profile.mesh.width),
    };
  };
  const a = loc(from);
  const b = loc(to);
  let cycles = table.messageOut.cycles;
  let energyPj = table.messageOut.energyPj;
  if (a.x === b.x && a.y === b.y) {
    return {
      cycles: cycles + table.withinTile.cycles,
      energyPj: energyPj + table.withinTile.energyPj,
      hopsX: 0,
      hopsY: 0,
      chipHops: 0,
    };
  }
  const chipHops = Math.abs(a.chip - b.chip);
  const hopsX = Math.abs(a.x - b.x);
  const hopsY = Math.abs(a.y - b.y);
  const tileHopsX = hopsX - chipHops;
  cycles +=
    tileHopsX * table.hopEastWest.cycles +
    chipHops * table.chipHop.cycles +
    hopsY * table.hopNorthSouth.cycles;
  energyPj +=
    tileHopsX * table.hopEastWest.energyPj +
    chipHops * table.chipHop.energyPj +
    hopsY * table.hopNorthSouth.energyPj;
  return { cycles, energyPj, hopsX, hopsY, chipHops };
}
