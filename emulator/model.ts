// The one interface behind which both chip models sit: the bit-exact emulator and the
// floating-point reference. The experiment driver (run.ts) only talks to this interface, so the
// two models run the same image, sources, schedule, probes and readout.

export type ModelName = "bit-exact" | "reference";

/** Where a compartment lives. */
export interface CompartmentRef {
  core: number;
  compartment: number;
}

export interface ChipModel {
  readonly model: ModelName;
  /** Last completed step (0 before the first step). */
  readonly step: number;
  /** Queues a host spike for delivery at the next step's deliver phase (payload unsigned). */
  inject(core: number, axon: number, payload: number): void;
  /** Runs one whole step: deliver, update, send, learn, barrier. Learning rules run at epoch
   *  boundaries if `learnOn`, on every core or, given `learnCores`, on the cores with those
   *  global indices only (traces and epoch counters advance on every core either way). */
  runStep(learnOn: boolean, learnCores?: readonly number[] | null): void;
  /** Spikes emitted by core `core` in the last step: compartment indices (view, read-only). */
  spikesOf(core: number): Int32Array;
  /** State register `reg` of a compartment (bit-exact: integer; reference: float). */
  readState(core: number, compartment: number, reg: number): number;
  /** Weight mantissa of synapse `slot` of core `core`. */
  readWeight(core: number, slot: number): number;
  /** Host write of a weight mantissa (counted separately as host learning). */
  writeWeight(core: number, slot: number, mantissa: number): void;
  /** Tag of synapse `slot` (0 where the core keeps none), and a host write of it. */
  readTag(core: number, slot: number): number;
  writeTag(core: number, slot: number, tag: number): void;
  /** Trace values (x1/x2 per axon, y1/y2/y3 per compartment), 0 if the core does not learn. */
  readPreTrace(core: number, axon: number, which: 0 | 1): number;
  readPostTrace(core: number, compartment: number, which: 0 | 1 | 2): number;
  /** Sets every compartment to its initial state and empties accumulators and in-flight spikes. */
  resetState(): void;
  /** Per core (image order): activity counters, slots as emulator/counters.ts C. */
  coreCounters(): Float64Array[];
  /** Per core (image order): counter values at the start of the last step. */
  coreStepStart(): Float64Array[];
  /** Barrier cycles every step pays (0 on a model without a cost model). */
  readonly barrierCycles: number;
  /** Chip-level timing of the last step (zeros on a model without a cost model). */
  lastStep(): {
    chipCycles: number;
    nocDeliveryCycles: number;
    nocContentionCycles: number;
    nocContendedMessages: number;
    barrierCycles: number;
  };
  /** Messages per directed mesh link over the run (global mesh coordinates), or null when
   *  the model has no NoC. */
  linkLoads(): { from: [number, number]; to: [number, number]; messages: number }[] | null;
  /** Full state, as plain data with typed arrays (for checkpoints). */
  snapshot(): Record<string, unknown>;
  restore(snap: Record<string, unknown>): void;
}
