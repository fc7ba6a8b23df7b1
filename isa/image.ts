// The chip image: the only thing the emulator knows of the compiler. Plain data, written by the
// compiler back end (compiler/encode), serialised by isa/image-codec.ts, executed by emulator/.
// It must not reference source, AST or checked-program types: an image is self-contained.

/** Largest seed an image carries: every generator takes its seed mod 2^32, so a larger one
 *  would silently alias a smaller one. */
export const MAX_SEED = 2 ** 32 - 1;

/** Integer typed arrays an image may hold; the codec stores each as {dtype, shape, bytes}. */
export type IntArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** A whole run's image: every core, the host-side spike sources and the experiment schedule. */
export interface ChipImage {
  /** Name of the chip profile in isa/profiles (e.g. "loihi", "loihi2"). */
  profile: string;
  /** Name of the cost table in isa/costs (e.g. "davies2018", "sanafe"). */
  costProfile: string;
  /** Number of chips on the board (1 unless the profile option `board` says more). */
  chips: number;
  /** Program name, for reports. */
  name: string;
  cores: CoreImage[];
  /** Spike generators run by the host, injecting into input axons of cores. */
  sources: SourceImage[];
  experiment: ExperimentImage;
  probes: ProbeImage[];
  /** Population table: how global neuron ids map to (core, compartment); for probes/readout. */
  populations: PopulationImage[];
  /** Where each projection's synapses live, for weight probes, readout and host learning. */
  projections: ProjectionImage[];
  /** Non-local weight updates computed by the host; reported separately in the stats. */
  hostLearning: HostLearningImage[];
}

/** A projection's synapses: entry k is synapse (pre[k] -> post[k]) stored at
 *  (core[k], synapse index slot[k]) of that core's synapse arrays. */
export interface ProjectionImage {
  /** Stable id "pre->post" (with a suffix when two projections join the same pair). */
  id: string;
  pre: string;
  post: string;
  plastic: boolean;
  /** Copies in the same tied group are kept equal: the sum of their local changes is written
   *  to every copy (isa/tied.ts). -1 if untied. */
  tiedGroup: number;
  preIndex: Int32Array;
  postIndex: Int32Array;
  core: Int32Array;
  slot: Int32Array;
  /** Weight LSB in the units of the accumulator (w << (6 + weightExp)) for reading back. */
  weightExp: number;
}

/** A population's placement: slice k of the population lives on core `cores[k]`. */
export interface PopulationImage {
  name: string;
  size: number;
  /** 2-D shape if declared, else [size]. */
  shape: number[];
  /** Per neuron index: global core index. Int32, length size. Host sources have core -1. */
  core: Int32Array;
  /** Per neuron index: compartment index within its core (or source channel for sources). */
  compartment: Int32Array;
  /** True for host spike sources (they have no compartments). */
  isSource: boolean;
}

/** One core's memory contents and configuration. */
export interface CoreImage {
  /** Global core index: chip * coresPerChip + tile * coresPerTile + coreInTile, where
   *  tile = tileY * mesh.width + tileX (isa/profiles.ts coreLocation). */
  index: number;
  chip: number;
  /** Tile coordinates on the chip's mesh. */
  tileX: number;
  tileY: number;
  /** Number of compartments in use (<= profile.maxCompartments). */
  compartments: number;
  /** Per compartment: index into `neuronProfiles`. Uint8, length compartments. */
  profileOf: Uint8Array;
  /** Neuron microcode programs, one per compartment profile (<= profile.maxNeuronProfiles). */
  neuronProfiles: NeuronProfileImage[];
  /** Core voltage limits (chip.md: one pair per core). */
  vmin: number;
  vmax: number;
  /** Initial state registers, row-major [compartment][stateRegister]; Int32. */
  initialState: Int32Array;
  /** Number of state registers per compartment. */
  stateRegisters: number;
  /** Synapse formats (index 0 reserved). */
  synapseFormats: SynapseFormatImage[];
  /** Input axons: CSR over synapses. axonStart has length inputAxons + 1. */
  inputAxons: number;
  axonStart: Uint32Array;
  /** Per synapse: target compartment (Uint16), weight mantissa (Int16), delay (Uint8),
   *  format (Uint8), tag (Int16). Lengths equal the synapse count. */
  synTarget: Uint16Array;
  synWeight: Int16Array;
  synDelay: Uint8Array;
  synFormat: Uint8Array;
  synTag: Int16Array;
  /** Output axons: per compartment, CSR into routes. outStart has length compartments + 1. */
  outStart: Uint32Array;
  /** Per route: destination global core index and destination input axon. */
  routeCore: Uint32Array;
  routeAxon: Uint32Array;
  /** Learning configuration of this core, or null if no synapse on it learns. */
  learning: LearningImage | null;
  /** Memory use as the compiler counted it, per resource: [used, max]. */
  utilization: Record<string, [number, number]>;
}

export interface NeuronProfileImage {
  name: string;
  /** Encoded microcode words (isa/microcode), executed once per compartment per step. */
  code: Uint32Array;
  /** Constant pool the microcode reads (signed 32-bit). */
  constants: Int32Array;
  /**
   * Bit r set: state register r keeps its value when the host resets the state between samples
   * (`persistent` in the model); absent means 0, every register restored to initialState.
   */
  persistent?: number;
}

export interface SynapseFormatImage {
  /** Weight mantissa bits including sign when signMode is "mixed" (<= 8 on loihi). */
  weightBits: number;
  /** Value added to the accumulator is w << (6 + weightExp). Range [-7, 7]. */
  weightExp: number;
  signMode: "mixed" | "excitatory" | "inhibitory";
  delayBits: number;
  tagBits: number;
  /** Index into LearningImage.rules, or -1 for a static format. */
  rule: number;
  /** Synapses of this format are stored as a sparse (indexed) list. */
  sparse: boolean;
}

/** Learning engine configuration of one core (chip.md section 6). */
export interface LearningImage {
  /** Epoch length in steps (1..63). */
  epoch: number;
  /** Pre-trace configs per input axon (x1, x2): impulse and 12-bit decay register. */
  preTrace: TraceConfigImage[];
  /** Index into preTrace per input axon (Uint8, length inputAxons). */
  axonTraceConfig: Uint8Array;
  /** Post-trace configs (y1, y2, y3) per compartment profile: profile p uses postTrace[p],
   *  or postTrace[0] when the list is shorter (1..neuronProfiles.length entries). */
  postTrace: TraceConfigImage[];
  /** Encoded learning microcode per rule (isa/learning). */
  rules: Uint32Array[];
  /** Per compartment: learning enabled (1) or not (0); phases may switch it globally too. */
  learnEnable: Uint8Array;
}

export interface TraceConfigImage {
  /** Impulse added per spike, 0..127 (traces are unsigned 7-bit). */
  impulse: [number, number, number];
  /** 12-bit decay registers per trace (same formula as compartment decays). */
  decay: [number, number, number];
}

/** A host spike generator. Channels are injected into (core, axon) pairs via CSR routes. */
export interface SourceImage {
  name: string;
  channels: number;
  kind:
    | { type: "steps"; channel: Uint32Array; step: Uint32Array }
    | { type: "periodic"; period: number; start: number }
    | { type: "bernoulli"; probQ16: Uint32Array; seed: number }
    | { type: "dataset-rate"; dataset: number; maxProbQ16: number; seed: number }
    /** Rate code whose random stream restarts at every phase of a sample (from the run seed,
     *  the source seed and the sample index), so phases of equal length receive the same
     *  spike train; nothing is emitted on a phase's last step (it would land on the next
     *  phase's first step, which the first phase never receives: the sample reset clears it). */
    | { type: "dataset-rate-frozen"; dataset: number; maxProbQ16: number; seed: number }
    | { type: "dataset-latency"; dataset: number; window: number }
    | { type: "label-onehot"; dataset: number; period: number };
  /** Phases (indices into experiment.phases) in which the source emits; empty = always. */
  phases: number[];
  /** CSR: per channel, the (core, axon) destinations. */
  outStart: Uint32Array;
  routeCore: Uint32Array;
  routeAxon: Uint32Array;
}

export interface DatasetImage {
  name: string;
  rows: number;
  cols: number;
  /** Feature values scaled to unsigned 16-bit fixed point (0..65535 = 0..1). Row-major. */
  values: Uint16Array;
  /** Class label per row (Int32), or empty. */
  labels: Int32Array;
  trainRows: [number, number];
  testRows: [number, number];
}

export interface ExperimentImage {
  dtMs: number;
  seed: number;
  /** Total steps when there is no presentation; otherwise derived from it. */
  steps: number;
  datasets: DatasetImage[];
  /** Data-set presentation: each sample shown for the sum of the phase lengths. */
  presentation: null | {
    dataset: number;
    /** `learnCores`: the global indices of the cores whose learning engine runs in the phase
     *  (the host switches the others off for it, as it switches learning per phase); absent =
     *  every core, when `learn` is set. A phase that learns only some projections lists the
     *  cores their synapses live on. */
    phases: { name: string; steps: number; learn: boolean; learnCores?: number[] }[];
    epochs: number;
    /** Reset compartment state between samples (as Loihi experiments do). */
    resetBetweenSamples: boolean;
  };
  /** How a prediction is read from the chip, if the program evaluates one. */
  readout: null | { population: string; phase: string; rule: "argmax-count" };
}

export interface ProbeImage {
  population: string;
  /** Neuron indices probed (Int32). */
  neurons: Int32Array;
  what: "spikes" | "u" | "v" | "state" | "weights";
  /** For weights: projection id (see projections in the compile report). */
  projection?: string;
  every: number;
}

/** A declared non-local update (e.g. ST-RSBP deltas): the host reads chip state and writes
 *  weights; every such write is counted separately in the stats. */
export interface HostLearningImage {
  name: string;
  routine: string;
  params: Record<string, number | string>;
}
