// RunData: everything the run report and `snn plot` draw, as plain typed data. It is the
// report's own input contract; load-run-dir.ts is the one place that maps the emulator's run
// directory onto it. This file holds types and tiny pure helpers only: it reads no files and
// draws nothing.

/** The step phases of chip.md section 9, in order. `barrier` is the chip-wide barrier every
 *  core takes part in (the same for every core). */
export const PHASE_NAMES = ["deliver", "update", "send", "learn", "barrier"] as const;
export type PhaseKey = (typeof PHASE_NAMES)[number];

/** Energy is charged per operation kind; the report stacks these per core. */
export const ENERGY_KINDS = [
  "synaptic ops",
  "neuron updates",
  "spike messages",
  "learning",
  "NoC hops",
] as const;
export type EnergyKind = (typeof ENERGY_KINDS)[number];

/** Chip and run identity, and the mesh geometry the chip map is drawn on. */
export interface RunMeta {
  /** Program name (from the image). */
  program: string;
  /** Chip profile name (isa/profiles), e.g. "loihi". */
  profile: string;
  /** Cost table name (isa/costs), e.g. "davies2018". */
  costProfile: string;
  /** "bit-exact" or "reference" emulator model. */
  model: string;
  /** Steps run, >= 0. */
  steps: number;
  seed: number;
  /** Nominal core clock in MHz (converts cycles to time). */
  clockMhz: number;
  /** Tile mesh of ONE chip; chips sit side by side along x (isa/profiles BoardOption). */
  mesh: { width: number; height: number };
  /** Chips on the board, >= 1. */
  chips: number;
  coresPerTile: number;
}

/** One core's totals over the run. */
export interface CoreRecord {
  /** Global core index. */
  core: number;
  chip: number;
  /** Tile coordinates on its chip's mesh. */
  tileX: number;
  tileY: number;
  /** Position of the core inside its tile, 0..coresPerTile-1. */
  coreInTile: number;
  /** Nominal core-clock cycles per phase, summed over the run (unsigned). */
  cycles: Record<PhaseKey, number>;
  /** Largest single-step cycle count of this core (phases summed), or null if unknown. */
  maxStepCycles: number | null;
  /** Energy per operation kind, pJ, summed over the run (an estimate from the cost table). */
  energyPj: Record<EnergyKind, number>;
  spikesIn: number;
  spikesOut: number;
  synOps: number;
  nocHops: number;
  /** Per resource: [used, max] (compartments, axons, synapse memory bits, ...). */
  utilization: Record<string, [number, number]>;
}

/** Messages that crossed one directed mesh link over the whole run. Coordinates are global
 *  mesh coordinates (x = chip * mesh.width + tileX). */
export interface LinkLoad {
  from: [number, number];
  to: [number, number];
  messages: number;
}

/** Per-step series: row r sums steps r * every + 1 .. min(steps, (r + 1) * every) (every = 1:
 *  one row per step). Per-core arrays are row-major [row][coreSlot], coreSlot indexing `cores`. */
export interface StepData {
  /** Rows. */
  rows: number;
  /** Steps summed into each row (the last row may cover fewer). */
  every: number;
  /** Steps covered. */
  steps: number;
  chipCycles: Float64Array;
  energyPj: Float64Array;
  spikes: Float64Array;
  /** Per row and core: cycles (phases summed). Length rows * cores.length, or empty. */
  coreCycles: Float64Array;
}

/** Steps in row r of `ps`. */
export function rowSteps(ps: StepData, r: number): number {
  return Math.min(ps.every, ps.steps - r * ps.every);
}

/** Spikes of a population: spike k is neuron index[k] at step time[k] (steps from 1). */
export interface RasterData {
  population: string;
  /** Neurons in the population (the raster's y extent). */
  size: number;
  index: Int32Array;
  time: Float64Array;
}

/** Sampled state: row r (taken at step steps[r]) holds `width` values, one per column. */
export interface TraceData {
  /** Population name. */
  population: string;
  /** State variable: "u", "v" or "state". */
  what: string;
  steps: Float64Array;
  width: number;
  /** Column labels (e.g. "neuron 3"), length width. */
  columns: string[];
  values: Float64Array;
}

/** Weight snapshots of one plastic projection: row r (at steps[r]) holds `width` weight
 *  mantissas (signed integers). */
export interface WeightData {
  projection: string;
  steps: Float64Array;
  width: number;
  values: Float64Array;
  /** The mantissa range of the synapses' weight format, when the probe file gives it. */
  limits?: { min: number; max: number };
}

/** Accuracy after each block of training, when the program evaluates one. */
export interface LearningCurve {
  /** What x counts: "epoch" or "samples". */
  xLabel: string;
  points: { x: number; accuracy: number; split: string }[];
}

/** The compiler's report (`snn compile --report`): utilization per core and the quantization
 *  summary. */
export interface CompileReport {
  /** Headline facts in order, e.g. ["neurons", "1,024"]. */
  facts: [string, string][];
  cores: {
    core: number;
    /** Population slices placed on the core, e.g. "hid[0..512)". */
    holds: string[];
    utilization: Record<string, [number, number]>;
  }[];
  /** Quantization tables (weights per projection, derived registers): scalar cells only. */
  quantization: { title: string; rows: Record<string, string | number>[] }[];
}

/** Chip-level totals, when the run recorded them. */
export interface ChipSummary {
  cyclesTotal: number;
  cyclesPerStep: number;
  maxStepCycles: number;
  timePerStepNs: number;
  energyTotalPj: number;
  energyPerStepPj: number;
  barrierCyclesPerStep: number;
  nocContentionCycles: number;
}

export interface RunData {
  meta: RunMeta;
  cores: CoreRecord[];
  chip: ChipSummary | null;
  /** Per-link NoC load, or null when the run did not record it. */
  links: LinkLoad[] | null;
  perStep: StepData | null;
  rasters: RasterData[];
  traces: TraceData[];
  weights: WeightData[];
  learningCurve: LearningCurve | null;
  compile: CompileReport | null;
  /** cos(B, W^T) at every step both probes sampled, when the report was asked for it
   *  (`snn report --align B,W`; computed by snn eval's code). */
  alignment?: { b: string; w: string; over: { step: number; cosine: number }[] };
  /** Optional parts that were absent or skipped, said on the report ("no probes", ...). */
  notes: string[];
}

/** Total cycles of a core over the run (its own phases, without the chip-wide barrier). */
export function coreBusyCycles(c: CoreRecord): number {
  return c.cycles.deliver + c.cycles.update + c.cycles.send + c.cycles.learn;
}

export function coreEnergy(c: CoreRecord): number {
  let s = 0;
  for (const k of ENERGY_KINDS) s += c.energyPj[k];
  return s;
}

/** Largest used/max fraction over a core's resources (0 when none is known). */
export function coreUtilization(u: Record<string, [number, number]>): number {
  let best = 0;
  for (const [used, max] of Object.values(u)) if (max > 0) best = Math.max(best, used / max);
  return best;
}

/** Whether the run counted any cycles or energy (the float reference model counts none). */
export function runHasCosts(run: RunData): boolean {
  return run.cores.some((c) => coreBusyCycles(c) > 0 || coreEnergy(c) > 0);
}
