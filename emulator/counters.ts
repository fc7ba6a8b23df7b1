// Per-core activity counters: one Float64Array per core, indexed by the named slots below, so
// the phase functions can bump them without allocating. Stats are derived from these; nothing
// here knows about costs beyond adding the numbers the phases hand it.

/** Slot indices into a core's counter array (cycles are nominal core-clock cycles, energy pJ). */
export const C = {
  cyclesDeliver: 0,
  cyclesUpdate: 1,
  cyclesSend: 2,
  cyclesLearn: 3,
  energyDeliverPj: 4,
  energyUpdatePj: 5,
  energySendPj: 6,
  energyLearnPj: 7,
  energyNocPj: 8,
  spikesIn: 9,
  spikesOut: 10,
  synOps: 11,
  neuronUpdates: 12,
  learnUpdates: 13,
  nocHops: 14,
  maxStepCycles: 15,
  hostSpikesIn: 16,
  messagesOut: 17,
  traceUpdates: 18,
  activeNeuronUpdates: 19,
  tiedWrites: 20,
} as const;

export const COUNTER_SLOTS = 21;

/** Names of the per-phase cycle and energy slots, in phase order, for reports. */
export const PHASES = ["deliver", "update", "send", "learn"] as const;
export type PhaseName = (typeof PHASES)[number];

export const PHASE_CYCLES: Record<PhaseName, number> = {
  deliver: C.cyclesDeliver,
  update: C.cyclesUpdate,
  send: C.cyclesSend,
  learn: C.cyclesLearn,
};

export const PHASE_ENERGY: Record<PhaseName, number> = {
  deliver: C.energyDeliverPj,
  update: C.energyUpdatePj,
  send: C.energySendPj,
  learn: C.energyLearnPj,
};

/** Step-local cycles of one core, summed over its phases (the core's step time). */
export function stepCycles(now: Float64Array, before: Float64Array): number {
  return (
    (now[C.cyclesDeliver] as number) -
    (before[C.cyclesDeliver] as number) +
    (now[C.cyclesUpdate] as number) -
    (before[C.cyclesUpdate] as number) +
    (now[C.cyclesSend] as number) -
    (before[C.cyclesSend] as number) +
    (now[C.cyclesLearn] as number) -
    (before[C.cyclesLearn] as number)
  );
}
