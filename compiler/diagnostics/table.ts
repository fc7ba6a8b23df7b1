// The one table of front-end diagnostics: stable code, severity, message template and hint.
// Placeholders `{name}` are filled from the arguments given when reporting. docs/diagnostics.md
// is generated from this table; codes are never renumbered or reused.
// This file holds data only: no formatting, no I/O.

export type Severity = "error" | "warning" | "note";

export interface DiagnosticDef {
  severity: Severity;
  /** Message template; `{x}` placeholders are replaced by arguments. */
  message: string;
  /** Label printed under the caret span (may be empty). */
  label: string;
  /** The `= help:` line (may be empty; may use placeholders). */
  hint: string;
}

function d(severity: Severity, message: string, label: string, hint: string): DiagnosticDef {
  return { severity, message, label, hint };
}

export const DIAGNOSTICS = {
  // S: syntax ------------------------------------------------------------------------------------
  S001: d("error", "unexpected {found}, expected {expected}", "unexpected here", "{hint}"),
  S002: d("error", "unknown character `{char}`", "not part of the language", ""),
  S003: d("error", "unterminated string", "string starts here", 'close it with `"`'),
  S004: d(
    "error",
    "unsupported language version {version}",
    "this compiler reads version 1",
    "write `snn 1;`",
  ),
  S005: d("error", "unknown unit `{unit}`", "not a unit", "units are {units}"),
  S006: d("error", "{what} is not allowed here", "here", "{hint}"),
  S007: d(
    "error",
    "`{word}` is a reserved word and cannot be used as a name",
    "reserved",
    "choose another name, e.g. `{word}_`",
  ),

  // N: names ------------------------------------------------------------------------------------
  N001: d("error", "unknown {what} `{name}`", "not declared", "{hint}"),
  N002: d("error", "`{name}` is declared twice", "second declaration", "first declared at {first}"),
  N003: d("error", "`{name}` is a {actual}, not a {expected}", "used as a {expected}", ""),
  N004: d(
    "error",
    "`{name}` sets `{target}`, which is also set directly",
    "conflicts with `{other}`",
    "give either the register value or the physical value, not both",
  ),
  N005: d("error", "`{name}` cannot be assigned here", "not assignable", "{hint}"),
  N006: d("error", "unknown field `{name}` of {what}", "no such field", "{hint}"),
  N007: d("error", "{what} `{name}` is required but missing", "here", "{hint}"),
  N008: d("error", "`extends` cycle through `{name}`", "cycle", ""),

  // I: imports ----------------------------------------------------------------------------------
  I001: d("error", "cannot find {what} `{path}`", "no such file", "{hint}"),
  I002: d("error", "module `{path}` does not declare `{name}`", "not declared there", "{hint}"),

  // U: units and dimensions ---------------------------------------------------------------------
  U001: d("error", "`{name}` needs a unit of {dim}", "missing unit", "write e.g. `{example}`"),
  U002: d("error", "expected {expected}, found {found}", "has dimension {found}", "{hint}"),
  U003: d("error", "cannot {op} {a} and {b}", "dimension mismatch", ""),
  U004: d("error", "`{name}` is a register value and takes no unit", "unit not allowed", "{hint}"),

  // R: ranges and register values -----------------------------------------------------------
  R001: d("error", "`{name}` = {value} is out of range {lo}..{hi}", "out of range", "{hint}"),
  R002: d("error", "{what} must be an integer, found {value}", "not an integer", ""),
  R003: d(
    "warning",
    "`{name}` rounds to {value} (exact {exact}, {rel} relative error)",
    "rounded by more than 1 %",
    "{hint}",
  ),
  R004: d(
    "error",
    "value of `{name}` is not a compile-time constant",
    "depends on {dep}",
    "{hint}",
  ),
  R005: d("error", "{what} must be positive, found {value}", "not positive", ""),
  R006: d("error", "probability {value} is outside [0, 1]", "not a probability", ""),
  R007: d(
    "warning",
    "learning scale {exact} is not of the form m*2^e; quantized to {mant}*2^{exp} ({error} relative error)",
    "rounded",
    "choose a coefficient m*2^e with m in -8..7 and e in -7..8",
  ),
  R008: d(
    "error",
    "learning scale {exact} cannot be represented as m*2^e with m in -8..7, e in -7..8",
    "out of range",
    "rescale the rule or split the term",
  ),
  R009: d(
    "error",
    "delay {value} is out of range 0..{max} for profile `{profile}`",
    "too long",
    "",
  ),

  // Z: sizes and shapes ---------------------------------------------------------------------------
  Z001: d("error", "index {index} is out of range for `{pop}` of size {size}", "out of range", ""),
  Z002: d(
    "error",
    "one_to_one needs equal sizes, but {pre} has {preSize} and {post} has {postSize}",
    "sizes differ",
    "slice one side, e.g. `{pre}[0..{hint}]`",
  ),
  Z003: d("error", "population size must be a positive integer, found {value}", "bad size", ""),
  Z004: d("error", "`{pop}` has shape {shape}, indexed with {n} dimensions", "wrong rank", ""),
  Z005: d(
    "error",
    "data set `{name}` has {found} {what}, expected {expected}",
    "shape mismatch",
    "{hint}",
  ),
  Z006: d(
    "error",
    "source `{pop}` has {size} neurons but its data gives {n}",
    "size mismatch",
    "{hint}",
  ),
  Z007: d("error", "fan {kind} {n} exceeds the {side} size {size}", "too many", ""),
  Z008: d(
    "error",
    "row range {lo}..{hi} is outside the {rows} rows of `{name}`",
    "out of range",
    "",
  ),

  Z009: d(
    "error",
    "tied projections `{a}` ({aShape}) and `{b}` ({bShape}) must have equal or transposed shapes",
    "shape differs",
    "tied copies hold the same matrix, possibly transposed",
  ),
  Z010: d(
    "error",
    "population `{pop}` has {size} neurons, more than the {max} the toolchain supports",
    "too large",
    "",
  ),

  // L: locality of learning -----------------------------------------------------------------
  L001: d(
    "error",
    "learning rule reads `{name}`, which does not exist at the synapse",
    "unknown here",
    "a rule may read w, d, t, x0, pre traces, y0, post traces and exported values, and constants",
  ),
  L002: d(
    "error",
    "learning rule reads `{name}`, a state of post neuron `{model}` that synapses cannot see",
    "not exported by `{model}`",
    "add `export trace {name}tr = {name};` to neuron `{model}`, then use `post.{name}tr`",
  ),
  L003: d(
    "error",
    "learning rule reads the weight of another projection `{other}` (weight transport)",
    "not local to this synapse",
    "feedback weights must learn from local signals only (feedback alignment, weight mirror, information alignment), or declare a `host learn` step",
  ),
  L004: d(
    "error",
    "learning rule uses `{name}`, a reduction over synapses",
    "not local",
    "each synapse sees only its own pre and post; declare a `host learn` step for non-local updates",
  ),
  L005: d(
    "error",
    "learning rule reads `{name}` of the pre neuron, which synapses cannot see",
    "only the pre spike and pre traces are local",
    "declare a pre trace and use `x1` / `x2`",
  ),
  L006: d(
    "error",
    "learning rule writes `{name}`; a rule may write only its synapse's w, d, t",
    "not writable",
    "use `dw`, `dd` or `dt`",
  ),
  L007: d(
    "error",
    "`{name}` of neuron `{model}` is exported as a {what}; rules read {slots} only",
    "slot exhausted",
    "a neuron exports at most two values (post trace slots y2, y3)",
  ),

  // P: sums of products and dynamics lowerability ---------------------------------------------
  P001: d(
    "error",
    "learning rule is not a sum of products: {why}",
    "cannot be lowered",
    "the learning engine evaluates sum_i S_i * D_i * prod(F_ij); rewrite without {what}",
  ),
  P002: d(
    "error",
    "term has {n} dependencies; each product term has at most one of x0, y0, u_k",
    "second dependency",
    "split the rule into terms with one dependency each",
  ),
  P003: d(
    "error",
    "neuron dynamics cannot be executed by the core microcode: {why}",
    "not a microcode operation",
    "{hint}",
  ),
  P004: d(
    "error",
    "spike payload of `{model}` can be negative (range {lo}..{hi}); spikes are unsigned",
    "may be negative",
    "clamp it, e.g. `max({expr}, 0)`, or send the negative part through a second population",
  ),
  P005: d(
    "error",
    "graded spike payloads are not supported on profile `{profile}`",
    "needs a graded-spike profile",
    "use profile `loihi2`, or drop the payload",
  ),
  P006: d(
    "error",
    "`{name}` is assigned before it is defined or assigned twice as a temporary",
    "here",
    "",
  ),
  P007: d(
    "error",
    "learning rule term has {n} factors; the learning engine allows at most {max}",
    "too many factors",
    "",
  ),
  P008: d(
    "error",
    "`{name}` holds {lo}..{hi} (its declared width), but this can assign it {alo}..{ahi}",
    "may not fit",
    "{hint}",
  ),

  // E: experiments ------------------------------------------------------------------------------
  E001: d("error", "{what}", "here", "{hint}"),
  E002: d(
    "error",
    "phase steps add up to {sum}, but each sample is presented for {steps} steps",
    "mismatch",
    "",
  ),
  E003: d("error", "unknown phase `{name}`", "not a phase", "{hint}"),
  E004: d(
    "note",
    "host learning step `{name}` writes {n} projection(s) from the host: non-local, accounted separately",
    "host step",
    "",
  ),
  E005: d("warning", "no `run` section: network `{name}` checked with dt = 1 ms", "", ""),
  E006: d("error", "unknown profile `{name}`", "not a profile", "{hint}"),
  E007: d(
    "warning",
    "host routine `{name}` is not built in (built in: {builtins})",
    "not built in",
    "{hint}",
  ),
  E008: d(
    "error",
    "host routine `{routine}` takes no parameter `{name}`",
    "unknown parameter",
    "{hint}",
  ),
  E009: d(
    "error",
    "host routine `{routine}` updates exactly {want} projection(s), this step names {n}",
    "wrong number of projections",
    "list the projection it updates in `updates`; a second one needs a step of its own",
  ),
} as const satisfies Record<string, DiagnosticDef>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
