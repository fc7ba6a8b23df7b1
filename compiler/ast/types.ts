// The typed syntax tree of a .snn file, as built from the concrete parse. Plain data: every node
// carries the span of source it came from so that every later stage can point at the source.
// Nothing here resolves names, converts units or checks ranges; that is compiler/check.

/** A region of one source file. line/col are 1-based, endLine/endCol point just past the end. */
export interface Span {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** 0-based character offset of the first character. */
  offset: number;
  /** Length in characters (0 for a point, e.g. end of file). */
  length: number;
}

export interface Node {
  span: Span;
}

export interface Ident extends Node {
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Expressions. One grammar serves compile-time constants, neuron dynamics and learning rules;
// which constructs are allowed where is decided by the checker, so that a misuse is a located
// diagnostic instead of a parse error.

export type Expr =
  | NumberLit
  | NameRef
  | MemberRef
  | ProjectionRef
  | Unary
  | Binary
  | Call
  | Conditional
  | ListLit;

/** A number with an optional unit suffix: `20 ms`, `1.5 mV`, `205`, `2^-5` is a Binary. */
export interface NumberLit extends Node {
  kind: "number";
  value: number;
  /** Spelling as written (for messages). */
  text: string;
  /** Unit suffix as written (`ms`, `mV`, `Hz`, `step`...), or undefined for a bare number. */
  unit?: string;
}

export interface NameRef extends Node {
  kind: "name";
  name: string;
}

/** `post.v`, `pre.x1`, `hid.spikes`, `fwd.w`: object then field. */
export interface MemberRef extends Node {
  kind: "member";
  object: Expr;
  member: Ident;
}

/** `(hid -> out)`: a projection named by its end points (only meaningful before `.field`). */
export interface ProjectionRef extends Node {
  kind: "projection";
  pre: Ident;
  post: Ident;
}

export interface Unary extends Node {
  kind: "unary";
  op: "-" | "+" | "!";
  operand: Expr;
}

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "<<"
  | ">>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "=="
  | "!="
  | "&&"
  | "||";

export interface Binary extends Node {
  kind: "binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** Span of the operator token (for "division by a variable" style diagnostics). */
  opSpan: Span;
}

/** `decay(u, decay_u, 1)`, `wrap(x, 24)`, `exp(-dt / tau)`, `sgn(w + 3)`. */
export interface Call extends Node {
  kind: "call";
  callee: Ident;
  args: Expr[];
  /** Named arguments, e.g. `rate(max = 200 Hz)`. */
  named: NamedArg[];
}

export interface NamedArg extends Node {
  name: Ident;
  value: Expr;
}

/** `if c then a else b` inside an expression (compile-time or data-dependent). */
export interface Conditional extends Node {
  kind: "conditional";
  cond: Expr;
  then: Expr;
  else: Expr;
}

/** `[1, 6, 11]`: a list (spike steps, explicit connection pairs). */
export interface ListLit extends Node {
  kind: "list";
  items: Expr[];
}

// ---------------------------------------------------------------------------------------------
// Types written in declarations: `u8`, `s24`, `n8`, or a dimension `time`, `voltage`, `rate`,
// `real`.

export interface TypeRef extends Node {
  name: string;
}

/** `[lo, hi]` range annotation. */
export interface RangeAnn extends Node {
  lo: Expr;
  hi: Expr;
}

// ---------------------------------------------------------------------------------------------
// Statements of a neuron's `update` block: straight-line code with forward `if` only.

export type Stmt = AssignStmt | LetStmt | IfStmt | SpikeStmt;

export interface AssignStmt extends Node {
  kind: "assign";
  target: Ident;
  /** `=`, `+=`, `-=`. */
  op: "=" | "+=" | "-=";
  value: Expr;
}

export interface LetStmt extends Node {
  kind: "let";
  name: Ident;
  value: Expr;
}

export interface IfStmt extends Node {
  kind: "if";
  cond: Expr;
  then: Stmt[];
  else: Stmt[];
}

export interface SpikeStmt extends Node {
  kind: "spike";
  payload?: Expr;
}

// ---------------------------------------------------------------------------------------------
// Top level.

export interface Program extends Node {
  file: string;
  version?: NumberLit;
  items: TopItem[];
}

export type TopItem =
  | ImportDecl
  | ConstDecl
  | NeuronDecl
  | SynapseDecl
  | NetworkDecl
  | RunDecl
  | DatasetDecl;

export interface ImportDecl extends Node {
  kind: "import";
  path: string;
  pathSpan: Span;
  names: Ident[];
}

/** `const eta = 2^-5;` at top level, in a network, or in a run block. */
export interface ConstDecl extends Node {
  kind: "const";
  name: Ident;
  value: Expr;
}

// ---- neuron models ----------------------------------------------------------------------------

export interface NeuronDecl extends Node {
  kind: "neuron";
  name: Ident;
  extends?: Ident;
  items: NeuronItem[];
}

export type NeuronItem =
  | ParamDecl
  | DeriveDecl
  | StateDecl
  | InputDecl
  | UpdateBlock
  | SpikeWhen
  | ResetDecl
  | FloorDecl
  | RefractoryDecl
  | ExportDecl
  | ConstDecl
  | WeightUnitDecl;

/**
 * `param decay_u : u12 = 4095;` (a register value; u/s + width gives the range) or
 * `param tau_u : time = 5 ms;` (a physical value, only used by `derive`).
 */
export interface ParamDecl extends Node {
  kind: "param";
  name: Ident;
  type: TypeRef;
  range?: RangeAnn;
  default?: Expr;
}

/** `derive decay_u from tau_u = round(4095 * (1 - exp(-dt / tau_u))) - 1;` */
export interface DeriveDecl extends Node {
  kind: "derive";
  target: Ident;
  sources: Ident[];
  value: Expr;
}

/**
 * `state u : s24 = 0;` a per-compartment state register of a declared width. `persistent`
 * registers keep their value when the host resets the chip's state between samples.
 */
export interface StateDecl extends Node {
  kind: "state";
  name: Ident;
  type: TypeRef;
  init?: Expr;
  persistent?: boolean;
}

/** `input reward : s22;` an extra dendritic input port (third factor). */
export interface InputDecl extends Node {
  kind: "input";
  name: Ident;
  type: TypeRef;
}

export interface UpdateBlock extends Node {
  kind: "update";
  body: Stmt[];
}

/** `spike when v > vth payload p;` */
export interface SpikeWhen extends Node {
  kind: "spikeWhen";
  cond: Expr;
  payload?: Expr;
}

/** `reset v to 0;` or `reset v subtract vth;` */
export interface ResetDecl extends Node {
  kind: "reset";
  target: Ident;
  mode: "to" | "subtract";
  value: Expr;
}

/** `floor v at -vth;` */
export interface FloorDecl extends Node {
  kind: "floor";
  target: Ident;
  value: Expr;
}

/** `refractory ref for refract hold v = 0;` */
export interface RefractoryDecl extends Node {
  kind: "refractory";
  counter: Ident;
  period: Expr;
  hold?: { target: Ident; value: Expr };
}

/** `export trace vtr = v;` or `export factor inp = q;` */
export interface ExportDecl extends Node {
  kind: "export";
  what: "trace" | "factor";
  name: Ident;
  value: Expr;
}

/** `weight unit mV = dt / tau_v / v_lsb;` register units of q per physical unit of weight. */
export interface WeightUnitDecl extends Node {
  kind: "weightUnit";
  unit: Ident;
  value: Expr;
}

// ---- synapse types ----------------------------------------------------------------------------

export interface SynapseDecl extends Node {
  kind: "synapse";
  name: Ident;
  extends?: Ident;
  items: SynapseItem[];
}

export type SynapseItem =
  | SynWeightDecl
  | SynDelayDecl
  | SynTagDecl
  | TraceDecl
  | LearnBlock
  | EventBlock
  | ConstDecl;

/** `weight w : u8 in [0, 255] = 0;` type u8 = excitatory, n8 = inhibitory, s8 = mixed. */
export interface SynWeightDecl extends Node {
  kind: "synWeight";
  name: Ident;
  type: TypeRef;
  range?: RangeAnn;
  init?: Expr;
}

/** `delay d = 1 step dendritic;` */
export interface SynDelayDecl extends Node {
  kind: "synDelay";
  name: Ident;
  type?: TypeRef;
  init?: Expr;
  mode: "axonal" | "dendritic";
}

/** `tag t : s9 = 0;` */
export interface SynTagDecl extends Node {
  kind: "synTag";
  name: Ident;
  type?: TypeRef;
  init?: Expr;
}

/** `pre trace x1 { impulse = 16; tau = 20 ms; }` */
export interface TraceDecl extends Node {
  kind: "trace";
  side: "pre" | "post";
  name: Ident;
  fields: FieldAssign[];
}

export interface FieldAssign extends Node {
  name: Ident;
  value: Expr;
}

/** `learn every 2 steps { dw = ...; dt = ...; }` */
export interface LearnBlock extends Node {
  kind: "learn";
  every?: Expr;
  rules: RuleAssign[];
}

/** `dw = expr;` (sum-of-products form) or `w += expr;` (inside an event block). */
export interface RuleAssign extends Node {
  target: Ident;
  op: "=" | "+=" | "-=";
  value: Expr;
}

/** `on pre { w += ...; }` lowered to a term with dependency x0 (pre) or y0 (post). */
export interface EventBlock extends Node {
  kind: "event";
  on: Ident;
  rules: RuleAssign[];
}

// ---- networks -----------------------------------------------------------------------------------

export interface NetworkDecl extends Node {
  kind: "network";
  name: Ident;
  items: NetworkItem[];
}

export type NetworkItem = PopulationDecl | ProjectionDecl | ProbeDecl | ConstDecl | DatasetDecl;

/** `dataset digits = csv "data/digits.csv" { features 0..63; label 64; scale 1/16; }` */
export interface DatasetDecl extends Node {
  kind: "dataset";
  name: Ident;
  format: Ident;
  path: string;
  pathSpan: Span;
  fields: FieldAssign[];
}

export interface PopulationDecl extends Node {
  kind: "population";
  name: Ident;
  model: Ident;
  /** `[100]` or `[8, 8]`. */
  shape: Expr[];
  /** `{ tau_v = 20 ms; }` parameter overrides. */
  params: FieldAssign[];
  /** Spike-source clauses: `at steps [...]`, `every 5 steps from 1`, `poisson(...)`, ... */
  source?: SourceClause;
  /** `seed 3` */
  seed?: Expr;
}

export type SourceClause =
  | { kind: "steps"; steps: Expr[]; span: Span }
  | { kind: "periodic"; period: Expr; start?: Expr; span: Span }
  | { kind: "random"; dist: Call; span: Span }
  | {
      kind: "dataset";
      dataset: Ident;
      /** `label` selects the one-hot label source instead of the features. */
      label: boolean;
      encode: Call;
      span: Span;
    };

/** A population reference with an optional slice: `hid`, `hid[0..49]`, `img[2, 0..7]`. */
export interface PopRef extends Node {
  name: Ident;
  /** Input port for third-factor inputs (`out.reward`). */
  port?: Ident;
  slice?: SliceExpr[];
}

export interface SliceExpr extends Node {
  lo: Expr;
  /** Inclusive upper bound; absent for a single index. */
  hi?: Expr;
}

export interface ProjectionDecl extends Node {
  kind: "projection";
  /** `project fwd: a -> b : T { ... }` */
  label?: Ident;
  pre: PopRef;
  post: PopRef;
  synapse: Ident;
  items: ProjectionItem[];
}

export type ProjectionItem =
  | { kind: "connect"; connector: Call; where?: Expr; seed?: Expr; span: Span }
  | {
      kind: "weight";
      value: Expr;
      /** `exp 0`: the value is a chip mantissa with this weight exponent. */
      exp?: Expr;
      seed?: Expr;
      span: Span;
    }
  | { kind: "delay"; value: Expr; span: Span }
  | { kind: "tied"; with: Ident; span: Span }
  | { kind: "learnFlag"; on: boolean; span: Span }
  | { kind: "allowFlush"; span: Span };

/** `probe hid.spikes;`, `probe raw[0..2].{u, v} every 1 step;`, `probe (a -> b).w every 100 steps;` */
export interface ProbeDecl extends Node {
  kind: "probe";
  target: { kind: "pop"; pop: PopRef } | { kind: "proj"; pre: Ident; post: Ident; span: Span };
  fields: Ident[];
  every?: Expr;
}

// ---- experiments --------------------------------------------------------------------------------

export interface RunDecl extends Node {
  kind: "run";
  network: Ident;
  profile: Ident;
  items: RunItem[];
}

export type RunItem =
  | { kind: "setting"; name: Ident; value: Expr; span: Span }
  | { kind: "present"; source: Ident; steps: Expr; span: Span }
  | { kind: "phases"; phases: PhaseDecl[]; span: Span }
  | { kind: "learnIn"; phases: Ident[]; span: Span }
  | { kind: "rows"; which: Ident; lo: Expr; hi: Expr; span: Span }
  | { kind: "readout"; pop: Ident; method: Ident; phase?: Ident; span: Span }
  | HostLearnDecl
  | ConstDecl;

/** `free 49;` or `clamp 49 { learn; enable lbl; }` */
export interface PhaseDecl extends Node {
  name: Ident;
  steps: Expr;
  learn: boolean;
  /** `learn w1, w2;`: only these projections (by label) learn in this phase. */
  learnOnly?: Ident[];
  enable: Ident[];
  disable: Ident[];
}

/** `host learn rsbp { updates (hid -> out); reads out.spikes, hid.spikes; every 1 sample; }` */
export interface HostLearnDecl extends Node {
  kind: "hostLearn";
  name: Ident;
  updates: { pre: Ident; post: Ident; span: Span }[];
  reads: Expr[];
  every?: Expr;
  /** `param eta = 0.5;`: numbers passed to the host routine. */
  params?: FieldAssign[];
}
