// Run statistics: per-core activity, cycles and energy (from the core counters), chip time and
// energy per step, NoC traffic and contention, and host-learning writes kept apart from the
// chip's own learning. Every energy is an estimate from the named cost table. This file only
// summarises numbers the phases counted; it charges nothing itself. Documented in docs/stats.md.
import type { CoreImage } from "../isa/image.ts";
import { getProfile } from "../isa/profiles.ts";
import { coreSynapseMemoryBits } from "../isa/synapse-memory.ts";
import { C } from "./counters.ts";

export interface PhaseCost {
  cycles: number;
  energyPj: number;
}

export interface CoreStats {
  core: number;
  chip: number;
  tile: [number, number];
  /** Nominal core-clock cycles: total over the run and the largest single step. */
  cycles: { total: number; maxStep: number };
  /** Energy of the core's own operations plus the NoC hops of its messages, pJ (estimate). */
  energyPj: number;
  spikesIn: number;
  hostSpikesIn: number;
  spikesOut: number;
  messagesOut: number;
  synOps: number;
  neuronUpdates: number;
  activeNeuronUpdates: number;
  learnUpdates: number;
  /** Weight writes that keep tied copies equal (emulator/tied.ts), one per copy written. */
  tiedWrites: number;
  traceUpdates: number;
  nocHops: number;
  /** Per resource: [used, max]. */
  memory: Record<string, [number, number]>;
  /** Energy per operation kind, pJ (estimate): synaptic ops (deliver), neuron updates
   *  (update), spike messages (send), learning (learn: rules and traces), NoC hops. */
  energyByOp: {
    synOps: number;
    neuronUpdates: number;
    spikeMessages: number;
    learning: number;
    nocHops: number;
  };
  /** Per phase: cycles and energy (noc: energy of the messages this core sent). */
  phases: {
    deliver: PhaseCost;
    update: PhaseCost;
    send: PhaseCost;
    learn: PhaseCost;
    noc: PhaseCost;
  };
}

/** Per-step series. Row r sums steps r * every + 1 .. (r + 1) * every (the last row may cover
 *  fewer); with every = 1, row r is step r + 1. Per-core arrays are row-major [row][core]. */
export interface StepSeries {
  /** Steps summed into each row (1: one row per step). */
  every: number;
  chipCycles: Float64Array;
  energyPj: Float64Array;
  spikes: Float64Array;
  nocDeliveryCycles: Float64Array;
  nocContentionCycles: Float64Array;
  coreCycles: Float64Array;
  coreEnergyPj: Float64Array;
  coreSpikesOut: Float64Array;
}

export interface RunStats {
  model: "bit-exact" | "reference";
  profile: string;
  costProfile: string;
  /** Always "estimate": figures come from a cost table, not silicon measurement. */
  energyKind: "estimate";
  seed: number;
  steps: number;
  clockMhz: number;
  cores: CoreStats[];
  totals: Omit<CoreStats, "core" | "chip" | "tile" | "memory" | "phases" | "energyByOp"> & {
    phases: CoreStats["phases"];
    energyByOp: CoreStats["energyByOp"];
  };
  chip: {
    /** Sum over steps of (slowest core + NoC delivery + barrier). */
    cyclesTotal: number;
    cyclesPerStep: number;
    maxStepCycles: number;
    timePerStepNs: number;
    energyPerStepPj: number;
    energyTotalPj: number;
    nocDeliveryCycles: number;
    nocContentionCycles: number;
    nocContendedMessages: number;
    barrierCyclesPerStep: number;
  };
  hostLearning: {
    calls: number;
    writes: number;
    routines: { name: string; routine: string; calls: number; writes: number }[];
  };
  hostSpikes: number;
}

export interface MemoryLimits {
  /** Chip profile name: synapse memory is counted by isa's coreSynapseMemoryBits for it. */
  profile: string;
  maxCompartments: number;
  maxInputAxons: number;
  maxOutputAxons: number;
  synapseMemoryBits: number;
  maxNeuronProfiles: number;
}

export function coreMemory(c: CoreImage, lim: MemoryLimits): Record<string, [number, number]> {
  return {
    compartments: [c.compartments, lim.maxCompartments],
    inputAxons: [c.inputAxons, lim.maxInputAxons],
    outputAxons: [c.routeCore.length, lim.maxOutputAxons],
    synapseMemoryBits: [coreSynapseMemoryBits(c, getProfile(lim.profile)), lim.synapseMemoryBits],
    neuronProfiles: [c.neuronProfiles.length, lim.maxNeuronProfiles],
  };
}

export function coreStats(c: CoreImage, k: Float64Array, lim: MemoryLimits): CoreStats {
  const g = (i: number) => k[i] as number;
  const phases = {
    deliver: { cycles: g(C.cyclesDeliver), energyPj: g(C.energyDeliverPj) },
    update: { cycles: g(C.cyclesUpdate), energyPj: g(C.energyUpdatePj) },
    send: { cycles: g(C.cyclesSend), energyPj: g(C.energySendPj) },
    learn: { cycles: g(C.cyclesLearn), energyPj: g(C.energyLearnPj) },
    noc: { cycles: 0, energyPj: g(C.energyNocPj) },
  };
  return {
    core: c.index,
    chip: c.chip,
    tile: [c.tileX, c.tileY],
    cycles: {
      total: g(C.cyclesDeliver) + g(C.cyclesUpdate) + g(C.cyclesSend) + g(C.cyclesLearn),
      maxStep: g(C.maxStepCycles),
    },
    energyPj: Object.values(phases).reduce((s, p) => s + p.energyPj, 0),
    spikesIn: g(C.spikesIn),
    hostSpikesIn: g(C.hostSpikesIn),
    spikesOut: g(C.spikesOut),
    messagesOut: g(C.messagesOut),
    synOps: g(C.synOps),
    neuronUpdates: g(C.neuronUpdates),
    activeNeuronUpdates: g(C.activeNeuronUpdates),
    learnUpdates: g(C.learnUpdates),
    tiedWrites: g(C.tiedWrites),
    traceUpdates: g(C.traceUpdates),
    nocHops: g(C.nocHops),
    memory: coreMemory(c, lim),
    energyByOp: {
      synOps: phases.deliver.energyPj,
      neuronUpdates: phases.update.energyPj,
      spikeMessages: phases.send.energyPj,
      learning: phases.learn.energyPj,
      nocHops: phases.noc.energyPj,
    },
    phases,
  };
}

export function sumCores(cores: CoreStats[]): RunStats["totals"] {
  const z = () => ({ cycles: 0, energyPj: 0 });
  const t: RunStats["totals"] = {
    cycles: { total: 0, maxStep: 0 },
    energyPj: 0,
    spikesIn: 0,
    hostSpikesIn: 0,
    spikesOut: 0,
    messagesOut: 0,
    synOps: 0,
    neuronUpdates: 0,
    activeNeuronUpdates: 0,
    learnUpdates: 0,
    tiedWrites: 0,
    traceUpdates: 0,
    nocHops: 0,
    phases: { deliver: z(), update: z(), send: z(), learn: z(), noc: z() },
    energyByOp: { synOps: 0, neuronUpdates: 0, spikeMessages: 0, learning: 0, nocHops: 0 },
  };
  for (const c of cores) {
    t.cycles.total += c.cycles.total;
    t.cycles.maxStep = Math.max(t.cycles.maxStep, c.cycles.maxStep);
    t.energyPj += c.energyPj;
    for (const key of [
      "spikesIn",
      "hostSpikesIn",
      "spikesOut",
      "messagesOut",
      "synOps",
      "neuronUpdates",
      "activeNeuronUpdates",
      "learnUpdates",
      "tiedWrites",
      "traceUpdates",
      "nocHops",
    ] as const) {
      t[key] += c[key];
    }
    for (const k of Object.keys(t.energyByOp) as (keyof CoreStats["energyByOp"])[]) {
      t.energyByOp[k] += c.energyByOp[k];
    }
    for (const p of ["deliver", "update", "send", "learn", "noc"] as const) {
      t.phases[p].cycles += c.phases[p].cycles;
      t.phases[p].energyPj += c.phases[p].energyPj;
    }
  }
  return t;
}

/** The series' typed arrays, in file order (every key of StepSeries but `every`). */
export const SERIES_ARRAYS = [
  "chipCycles",
  "energyPj",
  "spikes",
  "nocDeliveryCycles",
  "nocContentionCycles",
  "coreCycles",
  "coreEnergyPj",
  "coreSpikesOut",
] as const;

/** Rows of a series of `steps` steps at `every` steps per row. */
export function seriesRows(steps: number, every: number): number {
  return Math.ceil(steps / every);
}

export function emptySeries(steps: number, cores: number, every = 1): StepSeries {
  const rows = seriesRows(steps, every);
  return {
    every,
    chipCycles: new Float64Array(rows),
    energyPj: new Float64Array(rows),
    spikes: new Float64Array(rows),
    nocDeliveryCycles: new Float64Array(rows),
    nocContentionCycles: new Float64Array(rows),
    coreCycles: new Float64Array(rows * cores),
    coreEnergyPj: new Float64Array(rows * cores),
    coreSpikesOut: new Float64Array(rows * cores),
  };
}

/** Most numbers (rows x columns) a run's series holds by default: 2^24 Float64 cells, 128 MB.
 *  A longer run sums several steps into each row (seriesEveryFor). */
export const SERIES_CELLS = 2 ** 24;

/** Steps per series row by default: 1 while one row per step fits SERIES_CELLS; otherwise the
 *  fewest that fit, raised to a divisor or multiple of the sample length when the run presents
 *  samples, so rows line up with samples. */
export function seriesEveryFor(steps: number, cores: number, sampleSteps: number): number {
  const columns = 5 + 3 * cores;
  const least = Math.max(1, Math.ceil((steps * columns) / SERIES_CELLS));
  if (least === 1 || sampleSteps <= 0) return least;
  if (least > sampleSteps) return Math.ceil(least / sampleSteps) * sampleSteps;
  let d = least;
  while (sampleSteps % d !== 0) d++;
  return d;
}

/** Energy counters of a core summed (for per-step deltas). */
export function energyOf(k: Float64Array): number {
  return (
    (k[C.energyDeliverPj] as number) +
    (k[C.energyUpdatePj] as number) +
    (k[C.energySendPj] as number) +
    (k[C.energyLearnPj] as number) +
    (k[C.energyNocPj] as number)
  );
}
