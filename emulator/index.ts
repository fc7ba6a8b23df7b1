// Public surface of the emulator: load an image, run it on the bit-exact chip or the float
// reference, read stats, probes, predictions and checkpoints. The emulator never reads or
// writes files and never sees source or AST: an image (isa/image.ts) is its only input.
export {
  CHECKPOINT_FORMAT,
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
} from "./checkpoint.ts";
export { BitExactChip, type ChipStepInfo } from "./chip.ts";
export { C as COUNTER, PHASES } from "./counters.ts";
export {
  createEmulator,
  Emulator,
  type EmulatorOptions,
  type Evaluation,
  type Prediction,
  type RunResult,
  run,
} from "./emulator.ts";
export {
  type HostContext,
  type HostRoutine,
  hostRoutineNames,
  registerHostRoutine,
} from "./host/index.ts";
export { EmulatorFault } from "./kernel.ts";
export { checkImage, ImageRejected, type LoadCheckOptions } from "./load-check.ts";
export type { ChipModel, ModelName } from "./model.ts";
export { compileNeuronKernel, generateKernelSource } from "./neuron-compile.ts";
export { Noc, type NocParams, type NocStepResult } from "./noc.ts";
export { type EmuParams, paramsFor } from "./params.ts";
export type { SampledRecord, SpikeRecord } from "./probes.ts";
export { Schedule, type StepContext } from "./schedule.ts";
export type { CoreStats, RunStats, StepSeries } from "./stats.ts";
export {
  type Holdout,
  HoldoutError,
  VariantError,
  withEpochs,
  withHoldout,
} from "./variants.ts";
