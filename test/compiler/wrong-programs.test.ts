// Wrong programs: each must produce exactly one error, with the stable code, the line and column
// of the offending token and the exact message from the diagnostic table.
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { checkSource, MAIN, STD } from "./helpers.ts";
import { CASES } from "./wrong-cases.ts";

/** [case name, code, line, column, message] */
const EXPECTED: [string, string, number, number, string][] = [
  ["missing unit on tau", "U001", 4, 39, "`tau_v` needs a unit of time"],
  ["wrong dimension", "U002", 4, 39, "expected time, found voltage"],
  ["unit on a register", "U004", 4, 41, "`decay_v` is a register value and takes no unit"],
  ["typo in model name", "N001", 4, 18, "unknown neuron model `CubaLFI`"],
  ["typo in parameter", "N006", 4, 31, "unknown field `decay_vv` of neuron model `CubaLIF`"],
  ["decay out of range", "R001", 4, 41, "`decay_v` = 5000 is out of range 0..4095"],
  ["vth_mant out of range", "R001", 4, 42, "`vth_mant` = 200000 is out of range 0..131071"],
  ["bias_mant out of range", "R001", 4, 43, "`bias_mant` = 5000 is out of range -4096..4095"],
  ["bias_exp out of range", "R001", 4, 42, "`bias_exp` = 8 is out of range 0..7"],
  ["refract out of range", "R001", 4, 41, "`refract` = 0 is out of range 1..63"],
  ["non-integer register", "R002", 4, 41, "`decay_v` must be an integer, found 20.5"],
  [
    "register and physical both set",
    "N004",
    4,
    46,
    "`tau_v` sets `decay_v`, which is also set directly",
  ],
  ["derived register out of range", "R001", 4, 39, "`refract` = 101 is out of range 1..63"],
  [
    "locality: post voltage",
    "L002",
    7,
    29,
    "learning rule reads `v`, a state of post neuron `CubaLIF` that synapses cannot see",
  ],
  [
    "locality: another projection's weight",
    "L003",
    7,
    28,
    "learning rule reads the weight of another projection `a -> b` (weight transport)",
  ],
  [
    "locality: labelled projection weight",
    "L003",
    7,
    28,
    "learning rule reads the weight of another projection `fwd` (weight transport)",
  ],
  [
    "locality: transpose",
    "L003",
    7,
    28,
    "learning rule reads the weight of another projection `fwd` (weight transport)",
  ],
  [
    "locality: sum over synapses",
    "L004",
    7,
    23,
    "learning rule uses `sum`, a reduction over synapses",
  ],
  [
    "locality: pre voltage",
    "L005",
    7,
    23,
    "learning rule reads `v` of the pre neuron, which synapses cannot see",
  ],
  [
    "locality: unknown variable",
    "L001",
    7,
    23,
    "learning rule reads `z9`, which does not exist at the synapse",
  ],
  [
    "locality: writes post state",
    "L006",
    7,
    11,
    "learning rule writes `dv`; a rule may write only its synapse's w, d, t",
  ],
  [
    "not SOP: division by variable",
    "P001",
    7,
    28,
    "learning rule is not a sum of products: division by a variable",
  ],
  [
    "not SOP: exp of variable",
    "P001",
    7,
    23,
    "learning rule is not a sum of products: `exp` of a variable",
  ],
  [
    "not SOP: data-dependent if",
    "P001",
    7,
    19,
    "learning rule is not a sum of products: a data-dependent `if`",
  ],
  ["not SOP: comparison", "P001", 7, 27, "learning rule is not a sum of products: `>`"],
  [
    "two u dependencies",
    "P002",
    7,
    28,
    "term has 2 dependencies; each product term has at most one of x0, y0, u_k",
  ],
  [
    "scale too small",
    "R008",
    7,
    16,
    "learning scale 0.000244141 cannot be represented as m*2^e with m in -8..7, e in -7..8",
  ],
  ["epoch too long", "R001", 6, 15, "`learning epoch` = 64 is out of range 1..63"],
  ["trace impulse out of range", "R001", 5, 28, "`impulse` = 200 is out of range 0..127"],
  [
    "negative spike payload",
    "P004",
    4,
    30,
    "spike payload of `G` can be negative (range -8388708..8388507); spikes are unsigned",
  ],
  [
    "spike payload that wraps",
    "P004",
    4,
    30,
    "spike payload of `G` can be negative (range -2147483648..2147483647); spikes are unsigned",
  ],
  [
    "spike payload of crossed clamp bounds",
    "P004",
    4,
    30,
    "spike payload of `G` can be negative (range -5..-5); spikes are unsigned",
  ],
  [
    "payload on a binary-spike profile",
    "P005",
    3,
    28,
    "graded spike payloads are not supported on profile `loihi`",
  ],
  [
    "dynamics: division",
    "P003",
    5,
    18,
    "neuron dynamics cannot be executed by the core microcode: `/` (the core has no divider)",
  ],
  [
    "dynamics: exp",
    "P003",
    5,
    16,
    "neuron dynamics cannot be executed by the core microcode: `exp` is not a microcode operation",
  ],
  [
    "dynamics: product of variables",
    "P003",
    5,
    18,
    "neuron dynamics cannot be executed by the core microcode: multiplication of two run-time values",
  ],
  ["dynamics: assign a parameter", "N005", 6, 12, "`k` cannot be assigned here"],
  ["one_to_one sizes", "Z002", 6, 37, "one_to_one needs equal sizes, but a has 4 and b has 5"],
  ["slice out of range", "Z001", 5, 16, "index 9 is out of range for `a` of size 4"],
  ["slice rank", "Z004", 5, 13, "`a` has shape [4, 4], indexed with 1 dimensions"],
  ["fixed_prob out of [0,1]", "R006", 5, 48, "probability 1.5 is outside [0, 1]"],
  ["delay out of range", "R009", 5, 35, "delay 70 is out of range 0..62 for profile `loihi`"],
  ["weight sign mode", "R001", 5, 33, "`weight` = -5 is out of range 0..255"],
  ["weight exponent range", "R001", 5, 42, "`weight exponent` = 9 is out of range -7..7"],
  [
    "physical weight without a weight unit",
    "U002",
    5,
    36,
    "expected a chip weight mantissa (plain number), found 1.5 mV",
  ],
  ["unknown connector", "N001", 5, 37, "unknown connector `all_to_al`"],
  ["unknown synapse type", "N001", 5, 20, "unknown synapse type `Statc`"],
  ["failed population referenced", "N001", 4, 18, "unknown neuron model `CubaLFI`"],
  [
    "failed data-set source presented",
    "Z003",
    5,
    30,
    "population size must be a positive integer, found 0",
  ],
  ["decay factor out of range", "R001", 6, 31, "`decay factor` = 5000 is out of range 0..4096"],
  ["decay offset out of range", "R001", 6, 34, "`decay offset` = 16 is out of range 0..15"],
  [
    "decay factor parameter too wide",
    "P003",
    6,
    31,
    "neuron dynamics cannot be executed by the core microcode: the decay factor `d` can be -32768..32767, outside 0..4096",
  ],
  [
    "failed let used later",
    "P003",
    6,
    18,
    "neuron dynamics cannot be executed by the core microcode: shift by a run-time value",
  ],
  ["source clause on a misspelt SpikeSource", "N001", 4, 18, "unknown neuron model `SpikeSourc`"],
  ["host step updates a failed projection", "N001", 6, 20, "unknown synapse type `Statc`"],
  ["misspelt import used", "I002", 2, 29, "module `std/synapses.snn` does not declare `Statc`"],
  [
    "state write that may not fit",
    "P008",
    8,
    9,
    "`c` holds 0..255 (its declared width), but this can assign it 1..256",
  ],
  [
    "reset value outside the width",
    "P008",
    7,
    14,
    "`v` holds -8388608..8388607 (its declared width), but this can assign it 16777216..16777216",
  ],
  [
    "physical weight without the unit's parameters",
    "U002",
    5,
    53,
    "expected a chip weight mantissa (plain number), found 1.62 mV",
  ],
  ["physical weights after a bad v_lsb", "U001", 4, 54, "`v_lsb` needs a unit of voltage"],
  ["temporary written without let", "N001", 6, 5, "unknown state register `g`"],
  [
    "projection body without its opening brace",
    "S001",
    5,
    27,
    "unexpected `connect`, expected `{` or `;`",
  ],
  ["state initial value outside the width", "R001", 5, 18, "`c` = 300 is out of range 0..255"],
  ["unknown import name", "I002", 1, 37, "module `std/neurons.snn` does not declare `Izhikevich`"],
  ["missing module", "I001", 1, 8, "cannot find module `std/nope.snn`"],
  ["missing data file", "I001", 3, 17, "cannot find data file `nope/digits.csv`"],
  [
    "data set size mismatch",
    "Z006",
    4,
    40,
    "source `s` has 60 neurons but its data gives 64 features",
  ],
  ["data set rows mismatch", "Z005", 3, 17, "data set `d` has 1797 rows, expected 1000"],
  [
    "phases do not add up",
    "E002",
    5,
    58,
    "phase steps add up to 40, but each sample is presented for 50 steps",
  ],
  ["unknown profile", "E006", 6, 10, "unknown profile `loihii`"],
  [
    "misspelt host routine parameter",
    "E008",
    8,
    100,
    "host routine `st_rsbp` takes no parameter `etaDecya`",
  ],
  [
    "host parameter set by a clause",
    "E008",
    8,
    100,
    "host routine `st_rsbp` takes no parameter `reads`",
  ],
  ["dt without unit", "U001", 6, 23, "`dt` needs a unit of time"],
  [
    "brackets nested too deeply",
    "S006",
    3,
    75,
    "nesting more than 64 brackets deep is not allowed here",
  ],
  [
    "operator chain too long",
    "S006",
    3,
    511,
    "a statement of more than 500 operators is not allowed here",
  ],
  ["power tower overflows", "R002", 6, 35, "value must be an integer, found Infinity"],
  ["run seed beyond 32 bits", "R001", 6, 44, "`seed` = 4294967296 is out of range 0..4294967295"],
  ["negative run seed", "R001", 6, 44, "`seed` = -1 is out of range 0..4294967295"],
  ["run seed with a unit", "U002", 6, 44, "expected a plain number, found 5 ms"],
  ["zero steps", "R005", 6, 35, "steps must be positive, found 0"],
  [
    "source period beyond 2^53",
    "R001",
    4,
    39,
    "`period` = 100000000000000000000 is out of range 1..9007199254740991",
  ],
  [
    "connect seed beyond 32 bits",
    "R001",
    5,
    58,
    "`seed` = 10000000000 is out of range 0..4294967295",
  ],
  ["poisson rate without unit", "U001", 4, 48, "`rate` needs a unit of rate"],
  ["duplicate population", "N002", 5, 14, "`a` is declared twice"],
  ["unknown setting", "N006", 6, 29, "unknown field `stesp` of a run"],
  [
    "tied shapes differ",
    "Z009",
    7,
    3,
    "tied projections `p` (4 x 3) and `r` (4 x 4) must have equal or transposed shapes",
  ],
  [
    "reserved word as a name",
    "S007",
    4,
    14,
    "`run` is a reserved word and cannot be used as a name",
  ],
  [
    "population too large",
    "Z010",
    4,
    26,
    "population `a` has 10000000000 neurons, more than the 16777216 the toolchain supports",
  ],
  ["run without duration", "E001", 6, 1, "run of `N` has no duration"],
];

describe("wrong programs", () => {
  it("covers every case exactly once", () => {
    expect(EXPECTED.map((e) => e[0])).toEqual(CASES.map((c) => c.name));
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
  for (const [name, code, line, col, message] of EXPECTED) {
    it(`${code}: ${name}`, () => {
      const c = CASES.find((x) => x.name === name)!;
      const r = checkSource(c.src);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`)).toEqual([
        `${code} ${line}:${col} ${message}`,
      ]);
      expect(r.program).toBeUndefined();
    });
  }
});

describe("one mistake, one error", () => {
  it("reports a second declaration of a population whose first one failed", () => {
    const src = `${STD}network N {\n  population a = CubaLFI[4];\n  population a = CubaLIF[4];\n}\nrun N on loihi { dt = 1 ms; steps 10; }\n`;
    const r = checkSource(src);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col}`)).toEqual([
      "N001 4:18",
      "N002 5:14",
    ]);
  });
});

describe("hints", () => {
  const first = (name: string) => {
    const c = CASES.find((x) => x.name === name)!;
    return checkSource(c.src).diagnostics.find((d) => d.severity === "error")!;
  };
  it("suggests the wrap or clamp that keeps a register within its width", () => {
    expect(first("state write that may not fit").hint).toBe(
      "keep it in range: `clamp(x, 0, 255)` or `min(x, 255)`",
    );
  });
  it("names the parameters a physical weight unit needs", () => {
    expect(first("physical weight without the unit's parameters").hint).toBe(
      "the post neuron model's `weight unit mV` is computed from `tau_v`, `v_lsb`; set `v_lsb` on population `a`",
    );
  });
  it("offers `let` for a register that is not declared", () => {
    expect(first("temporary written without let").hint).toBe(
      "declare it with `state g : s24;`, or write `let g = ...;` for a temporary",
    );
  });
  it("suggests the closest name for a typo", () => {
    expect(first("typo in model name").hint).toBe("did you mean `CubaLIF`?");
    expect(first("typo in parameter").hint).toBe("did you mean `decay_v`?");
    expect(first("unknown setting").hint).toBe("did you mean `steps`?");
  });
  it("gives the export fix-it for a read of the post voltage", () => {
    expect(first("locality: post voltage").hint).toBe(
      "add `export trace vtr = v;` to neuron `CubaLIF`, then use `post.vtr`",
    );
  });
  it("names the physical inputs of a derived register that is out of range", () => {
    expect(first("derived register out of range").hint).toBe(
      "derived from dt = 1 ms, t_ref = 100 ms",
    );
  });
});

describe("rendering", () => {
  it("prints code, location, source line, caret span, label and help like language.md", () => {
    const src = `${STD}synapse S {\n  weight w : u8 = 0;\n  pre trace x1 { impulse = 16; tau = 20 ms; }\n  learn { dw = 2^-4 * x1 * (post.v - 3); }\n}\nnetwork N {\n  population a = CubaLIF[4];\n  project a -> a : S;\n}\nrun N on loihi { dt = 1 ms; steps 10; }\n`;
    const r = checkSource(src);
    const text = renderDiagnostics(r.diagnostics, { sources: (f) => r.sources.get(f) });
    expect(text).toBe(
      [
        "error[L002]: learning rule reads `v`, a state of post neuron `CubaLIF` that synapses cannot see",
        ` --> ${MAIN}:6:29`,
        "  |",
        "6 |   learn { dw = 2^-4 * x1 * (post.v - 3); }",
        "  |                             ^^^^^^ not exported by `CubaLIF`",
        "  = help: add `export trace vtr = v;` to neuron `CubaLIF`, then use `post.vtr`",
        "",
        "1 error, 0 warnings",
        "",
      ].join("\n"),
    );
  });
});
