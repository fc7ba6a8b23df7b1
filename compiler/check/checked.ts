// The checked program: the fully elaborated, name-resolved, unit-converted model that the front
// end hands to the back end. Plain data (JSON-serialisable apart from spans, which are plain too).
// All register values are integers in chip units; every element keeps the span of the source
// that produced it, so later stages (lowering, placement) can report errors at the source.
// This file only declares types; it must not compute anything.

import type { Span } from "../ast/types.ts";

export type { Span };

// ---------------------------------------------------------------------------------------------
// Neuron dynamics IR: straight-line statements with forward branches only, over registers, that
// lower one-to-one onto the core microcode (mov, add, sub, addi, shl, shr, muli, decay, wrap,
// clamp, min, max, compare-and-branch forward, spike, set trace); a `select` (if-expression) is
// a compare-and-branch forward around two moves.

/** A value read by the dynamics. All arithmetic is on signed integers (JS numbers, |x| < 2^31). */
export type DynExpr =
  /** An integer literal (already folded; |value| < 2^31). */
  | { op: "const"; value: number; span: Span }
  /** A per-compartment state register (declared in `model.state`). */
  | { op: "state"; name: string; span: Span }
  /** A temporary defined by a `let` earlier in the same program (see `DynStmt` "let"). */
  | { op: "temp"; name: string; span: Span }
  /** An integer register parameter of the model (value per population in `params`). */
  | { op: "param"; name: string; span: Span }
  /**
   * An input of this step: "q" is the dendritic accumulator (sum of arrived weighted inputs,
   * before any wrap); other names are declared third-factor input ports (`model.inputs`).
   */
  | { op: "input"; name: string; span: Span }
  /** The core's voltage limits (one pair per core, from the profile). */
  | { op: "vmin" | "vmax"; span: Span }
  | { op: "add" | "sub"; a: DynExpr; b: DynExpr; span: Span }
  /** Multiply by a compile-time constant (never by a variable). */
  | { op: "mulConst"; a: DynExpr; k: number; span: Span }
  /** Arithmetic shift by a shift amount that is a constant or a parameter. */
  | { op: "shl" | "shr"; a: DynExpr; by: DynExpr; span: Span }
  /** sign(a) * ((|a| * (4096 - offset - decay)) >> 12); `decay` is a const or param, 0..4095. */
  | { op: "decay"; a: DynExpr; decay: DynExpr; offset: number; span: Span }
  /** Two's-complement wrap to `bits` bits (e.g. 24 = 23 bits + sign). */
  | { op: "wrap"; a: DynExpr; bits: number; span: Span }
  /** Clamp to [lo, hi]; bounds are consts, params, or vmin/vmax. */
  | { op: "clamp"; a: DynExpr; lo: DynExpr; hi: DynExpr; span: Span }
  | { op: "min" | "max"; a: DynExpr; b: DynExpr; span: Span }
  /** `if cond then a else b`: a forward branch that leaves a or b in one register. */
  | { op: "select"; cond: DynCond; a: DynExpr; b: DynExpr; span: Span };

export type CompareOp = "<" | "<=" | ">" | ">=" | "==" | "!=";

/** A branch condition: one comparison (compare-and-branch forward) or a conjunction/disjunction. */
export type DynCond =
  | { op: "cmp"; cmp: CompareOp; a: DynExpr; b: DynExpr; span: Span }
  | { op: "and" | "or"; a: DynCond; b: DynCond; span: Span }
  | { op: "not"; a: DynCond; span: Span };

export type DynStmt =
  /** Write a state register. */
  | { op: "set"; name: string; value: DynExpr; span: Span }
  /** Define a temporary (single assignment; later reads use { op: "temp" }). */
  | { op: "let"; name: string; value: DynExpr; span: Span }
  /** Forward branch: run `then` or `else` (either may be empty). */
  | { op: "if"; cond: DynCond; then: DynStmt[]; else: DynStmt[]; span: Span }
  /** Emit a spike; `payload` (graded-spike profiles only) is proved non-negative. */
  | { op: "spike"; payload?: DynExpr; span: Span }
  /** Set an exported post trace / learning factor slot from a value (see `ExportedValue`). */
  | { op: "export"; name: string; slot: PostSlot; value: DynExpr; span: Span };

/** A state register of a neuron model. */
export interface StateReg {
  name: string;
  /** Width in bits including the sign bit when signed. */
  bits: number;
  signed: boolean;
  /** Initial value (register units). */
  init: number;
  /** Kept (not restored to `init`) when the host resets the state between samples. */
  persistent: boolean;
  span: Span;
}

/** An integer register parameter after resolution: the value a population actually uses. */
export interface ResolvedParam {
  name: string;
  /** Register value (integer). */
  value: number;
  /** Allowed range (inclusive), from the declared type or `in [lo, hi]`. */
  min: number;
  max: number;
  /** How the value was obtained. */
  origin: "default" | "set" | "derived";
  /** For derived values: the exact real value before rounding and the source parameters. */
  quantization?: QuantizationRecord;
  span: Span;
}

/** A reported rounding: chip value vs exact value (quantization is reported, never hidden). */
export interface QuantizationRecord {
  /** What was quantized, e.g. "decay_u" or "weight of hid -> out". */
  what: string;
  /** The exact real value the formula produced. */
  exact: number;
  /** The integer the chip uses. */
  value: number;
  /** value - exact. */
  error: number;
  /** |error| / |exact| (0 when exact is 0). */
  relError: number;
  /** Physical inputs that produced it, e.g. { tau_u: "5 ms", dt: "1 ms" }. */
  from: Record<string, string>;
  span: Span;
}

/** The post-trace slots a neuron can drive itself (y1 is spike-driven, see `TraceConfig`). */
export type PostSlot = "y2" | "y3";

/** A trace or learning factor a neuron exports to the learning engine of its input synapses. */
export interface ExportedValue {
  name: string;
  what: "trace" | "factor";
  /** Hardware slot the value occupies (assigned in declaration order). */
  slot: PostSlot;
  span: Span;
}

export interface CheckedNeuronModel {
  name: string;
  /** Chain of `extends`, base first (e.g. ["IF", "Residual"]). */
  lineage: string[];
  state: StateReg[];
  /** Integer register parameters with their defaults (populations hold resolved values). */
  params: ResolvedParam[];
  /** Third-factor input ports besides q. */
  inputs: { name: string; bits: number; span: Span }[];
  /**
   * The complete per-step program: the update block, then floor, then the refractory/spike/
   * reset structure elaborated to plain statements. The back end lowers it 1:1.
   */
  program: DynStmt[];
  /** The same parts, unelaborated, for reporting and for back ends with fixed-function LIF. */
  spike: { cond: DynCond; payload?: DynExpr; span: Span };
  reset: { target: string; mode: "to" | "subtract"; value: DynExpr; span: Span } | null;
  floor: { target: string; value: DynExpr; span: Span } | null;
  refractory: {
    counter: string;
    period: DynExpr;
    hold?: { target: string; value: DynExpr };
    span: Span;
  } | null;
  /** True if spikes carry a payload (graded spikes). */
  graded: boolean;
  exports: ExportedValue[];
  /** q register units per physical weight unit (e.g. { mV: 12.3 }) per population defaults. */
  weightUnits: Record<string, number>;
  /**
   * True when the model is exactly the chip's fixed CUBA LIF (section 3 of chip.md), so a back
   * end may use fixed-function compartment registers instead of microcode.
   */
  isCubaLif: boolean;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Populations and sources.

export type SourceSpec =
  /** Spikes at explicit steps (1-based) for every neuron of the source. */
  | { kind: "steps"; steps: number[] }
  /** Spikes every `period` steps starting at `start` (1-based). */
  | { kind: "periodic"; period: number; start: number }
  /** Independent seeded Poisson process per neuron (probability rate*dt per step). */
  | { kind: "poisson"; rateHz: number; probPerStep: number; seed: number }
  /** Independent seeded Bernoulli spikes with probability p per step. */
  | { kind: "bernoulli"; p: number; seed: number }
  /**
   * One data-set row per presentation. Feature values are scaled to [0, 1] by the data set's
   * `scale`; `rate`: spike probability per step = value * maxRateHz * dt (Bernoulli, seeded);
   * `latency`: one spike at step round((1 - value) * (window - 1)) + 1 of the presentation,
   * none for value 0. `frozen` (rate codes): every phase of a sample receives the same spikes.
   */
  | {
      kind: "dataset";
      dataset: string;
      /** Features (one neuron per feature column) or one-hot label (one neuron per class). */
      select: "features" | "label";
      encoding:
        | { kind: "rate"; maxRateHz: number; probPerStepAtMax: number; frozen?: boolean }
        | { kind: "bernoulli"; pMax: number; frozen?: boolean }
        | { kind: "latency"; windowSteps: number };
      seed: number;
    };

export interface CheckedPopulation {
  name: string;
  /** Total number of neurons (product of shape). */
  size: number;
  /** e.g. [100] or [8, 8] (row-major). */
  shape: number[];
  /** Neuron model name (key into `CheckedProgram.neuronModels`), absent for spike sources. */
  model?: string;
  /** Resolved integer register parameters (all of the model's params). */
  params?: Record<string, ResolvedParam>;
  /** q register units per physical weight unit, resolved with this population's params. */
  weightUnits?: Record<string, number>;
  /** Set when a parameter of the population had an error (already reported): a weight unit
   *  it lacks is then a consequence, not a new error. Never set in a checked program. */
  paramErrors?: true;
  source?: SourceSpec;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Projections.

/** A contiguous index range of a population, inclusive lo, exclusive hi (flattened row-major). */
export interface PopSlice {
  population: string;
  /** Flattened neuron indices covered, as [lo, hi) ranges in row-major order. */
  ranges: [number, number][];
  /** Number of neurons selected. */
  size: number;
  /** Third-factor input port on the post side ("q" for the ordinary dendritic input). */
  port: string;
  span: Span;
}

/** An integer-valued expression of i (pre index) and j (post index), evaluated per synapse. */
export type IndexExpr =
  | { op: "const"; value: number }
  | { op: "i" | "j" }
  | {
      op: "+" | "-" | "*" | "/" | "%" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "&&" | "||";
      a: IndexExpr;
      b: IndexExpr;
    }
  | { op: "neg" | "not" | "abs" | "floor"; a: IndexExpr }
  | { op: "min" | "max"; a: IndexExpr; b: IndexExpr }
  | { op: "if"; cond: IndexExpr; then: IndexExpr; else: IndexExpr };

export type ConnectorSpec =
  | { kind: "all_to_all" }
  | { kind: "one_to_one" }
  | { kind: "fixed_prob"; p: number; seed: number }
  | { kind: "fixed_fan_in"; n: number; seed: number }
  | { kind: "fixed_fan_out"; n: number; seed: number }
  /** Explicit (i, j) pairs, from the source or a CSV file (`dataset` names the file). */
  | { kind: "list"; pairs?: [number, number][]; dataset?: string };

export type WeightGen =
  | { kind: "constant"; value: number }
  /** Draws lo + (hi - lo) * r, r uniform in [0, 1); lo > hi is allowed (a negated generator). */
  | { kind: "uniform"; lo: number; hi: number; seed: number }
  /** Draws mean + sd * n, n standard normal; sd < 0 is allowed (a negated generator). */
  | { kind: "normal"; mean: number; sd: number; seed: number }
  /** A matrix from a data set: row i (pre), column j (post). */
  | { kind: "file"; dataset: string }
  /** Evaluate per synapse; real-valued (weights are rounded after scaling). */
  | { kind: "expr"; expr: IndexExpr };

export interface WeightSpec {
  gen: WeightGen;
  /**
   * Multiply a generated value by `scale` to get the register value added to q (which the chip
   * stores as mantissa << (6 + exp)). 1 for values written in register units; the post model's
   * weight unit for physical values (e.g. mV).
   */
  scale: number;
  /** Unit the weight was written in ("" = register units, "mant" = chip mantissa). */
  unit: string;
  /** Set when written as chip mantissa + exponent (`weight 40 exp 0`): the fixed weight_exp. */
  exp?: number;
  /** Sign mode from the synapse weight type: exc 0..255, inh -255..0, mixed signed. */
  signMode: "excitatory" | "inhibitory" | "mixed";
  /** Mantissa bits (8 for u8/s8/n8). */
  bits: number;
  /** True if nonzero weights rounding to zero are allowed (otherwise an error downstream). */
  allowFlushToZero: boolean;
  span: Span;
}

export interface CheckedProjection {
  /** Unique id, e.g. "inp->hid" or the label written (`project fwd: ...`). */
  id: string;
  pre: PopSlice;
  post: PopSlice;
  synapse: string;
  connector: ConnectorSpec & {
    /** Optional `where` filter on (i, j) (indices relative to the slices). */
    where?: IndexExpr;
    span: Span;
  };
  weight: WeightSpec;
  /** Delay in steps (0..maxDelay of the profile) and whether it is axonal or dendritic. */
  delay: { steps: number; mode: "axonal" | "dendritic"; span: Span };
  /** Name of the learning rule (key into `CheckedProgram.rules`), or null if static. */
  rule: string | null;
  /** Projections in one tied group receive the same local update and start equal. */
  tiedGroup: string | null;
  /** False if `learn off;` was written for this projection. */
  learnEnabled: boolean;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Learning rules, normalized to the learning engine's sum of products.

/** A scale m * 2^exp with m in [-8, 7], exp in [-7, 8]. */
export interface Scale {
  mant: number;
  exp: number;
  /** The exact real coefficient written, before quantization to mant * 2^exp. */
  exact: number;
}

export type Dependency =
  | { kind: "x0" }
  | { kind: "y0" }
  | { kind: "u"; k: number }
  | { kind: "none" };

/** A variable a factor can read at the synapse. */
export type RuleVar =
  | "x1"
  | "x2"
  | "y1"
  | "y2"
  | "y3"
  | "w"
  | "d"
  | "t"
  /** The pre/post spike bits (within the epoch) when used as a factor. */
  | "x0"
  | "y0";

export type Factor =
  | { kind: "var"; v: RuleVar; span: Span }
  | { kind: "const"; value: number; span: Span }
  /** (v + c) with integer c. */
  | { kind: "add"; v: RuleVar; c: number; span: Span }
  /** sgn(v + c): -1, 0 or 1. */
  | { kind: "sgn"; v: RuleVar; c: number; span: Span };

export interface ProductTerm {
  target: "w" | "d" | "t";
  scale: Scale;
  dependency: Dependency;
  factors: Factor[];
  span: Span;
}

export interface TraceConfig {
  slot: "x1" | "x2" | "y1" | "y2" | "y3";
  /** Name used in the source (e.g. "x1" or an exported name). */
  name: string;
  /** Added per spike (7-bit unsigned traces: 0..127). */
  impulse: number;
  /** 12-bit decay register (0..4095), derived from tau if tau was given. */
  decay: number;
  tauSteps?: number;
  quantization?: QuantizationRecord;
  span: Span;
}

export interface CheckedRule {
  /** Synapse type name. */
  name: string;
  /** Learning epoch in steps, 1..63. */
  epochSteps: number;
  terms: ProductTerm[];
  traces: TraceConfig[];
  /** Exported post values this rule reads, by source name -> slot. */
  postReads: Record<string, PostSlot | "y1">;
  span: Span;
}

export interface CheckedSynapse {
  name: string;
  weight: {
    bits: number;
    signMode: "excitatory" | "inhibitory" | "mixed";
    min: number;
    max: number;
    init: number;
  };
  delay: { mode: "axonal" | "dendritic"; init: number };
  tag: { bits: number; init: number } | null;
  rule: string | null;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Data sets, experiment, probes.

export interface CheckedDataset {
  name: string;
  format: "csv";
  /** Path as written and as resolved against the importing file. */
  path: string;
  resolvedPath: string;
  /** Header lines to skip. */
  headerLines: number;
  /** Expected number of data rows and columns (after the header), if stated or known. */
  rows?: number;
  columns?: number;
  /** Feature column range [lo, hi) and label column. */
  features: [number, number];
  label?: number;
  classes?: number;
  /** Feature values are multiplied by this to fall in [0, 1]. */
  scale: number;
  /** Whether the file was loaded and its shape verified by the front end. */
  verified: boolean;
  span: Span;
}

export interface CheckedPhase {
  name: string;
  steps: number;
  learn: boolean;
  /**
   * When present, only these projection ids learn in this phase (others are frozen; a
   * population named in `learn POP;` contributes every projection into it); when
   * absent, every plastic projection with `learnEnabled` learns if `learn` is true.
   */
  learnProjections?: string[];
  /** Populations (spike sources) active only in this phase / silenced in this phase. */
  enable: string[];
  disable: string[];
  span: Span;
}

export interface CheckedExperiment {
  network: string;
  profile: string;
  /** Step length in milliseconds. */
  dtMs: number;
  seed: number;
  /** Total steps of a plain run (no presentation). */
  steps?: number;
  presentation?: {
    source: string;
    dataset: string;
    stepsPerSample: number;
    /** Data rows [lo, hi] inclusive. */
    train?: [number, number];
    test?: [number, number];
    epochs: number;
    span: Span;
  };
  phases: CheckedPhase[];
  readout?: {
    population: string;
    method: "argmax_spikes" | "argmax_v";
    phase?: string;
    span: Span;
  };
  hostLearning: HostLearning[];
  span: Span;
}

/** A non-local update computed by the host between presentations; accounted separately. */
export interface HostLearning {
  name: string;
  /** Projection ids whose weights the host writes. */
  updates: string[];
  /** What the host reads back from the chip, as written (e.g. "out.spikes"). */
  reads: string[];
  everySamples: number;
  /** Numeric parameters of the host routine (`param eta = 0.5;`), dimensionless. */
  params?: Record<string, number>;
  span: Span;
}

export interface CheckedProbe {
  target: { kind: "population"; slice: PopSlice } | { kind: "projection"; id: string };
  fields: string[];
  everySteps: number;
  span: Span;
}

/** Chip constraints the front end checked against (from the profile adapter). */
export interface ProfileLimits {
  name: string;
  maxDelay: number;
  gradedSpikeBits: number;
  vmin: number;
  vmax: number;
}

export interface CheckedProgram {
  /** Entry file path. */
  file: string;
  neuronModels: Record<string, CheckedNeuronModel>;
  synapses: Record<string, CheckedSynapse>;
  rules: Record<string, CheckedRule>;
  datasets: Record<string, CheckedDataset>;
  populations: CheckedPopulation[];
  projections: CheckedProjection[];
  probes: CheckedProbe[];
  experiment?: CheckedExperiment;
  profile: ProfileLimits;
  /** All quantization records (register derivations, rule scales, trace decays). */
  quantization: QuantizationRecord[];
}
