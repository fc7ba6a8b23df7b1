// Wrong programs and the exact diagnostic each must produce (code, line, column, message).
// Sources start with the two standard import lines (helpers.ts STD), so line 3 is the first
// line of each snippet. Shared by wrong-programs.test.ts.
import { DIGITS, STD } from "./helpers.ts";

export interface WrongCase {
  name: string;
  src: string;
  code: string;
  line: number;
  col: number;
  message: string;
}

const net = (body: string, run = "run N on loihi { dt = 1 ms; steps 10; }") =>
  `${STD}network N {\n${body}\n}\n${run}\n`;

const syn = (rule: string, extra = "") =>
  `${STD}synapse S {\n  weight w : u8 = 0;\n  pre trace x1 { impulse = 16; tau = 20 ms; }\n  post trace y1 { impulse = 16; tau = 20 ms; }\n${extra}  learn { ${rule} }\n}\n` +
  `network N {\n  population a = CubaLIF[4];\n  population b = CubaLIF[4];\n  project fwd: a -> b : Static { weight 10 exp 0; }\n  project b -> a : S { weight 10 exp 0; }\n}\nrun N on loihi { dt = 1 ms; steps 10; }\n`;

/** A neuron whose update is `v = clamp(EXPR + q, vmin, vmax)`, with one extra declaration. */
const dyn = (decl: string, expr: string) =>
  `${STD}neuron M {\n  ${decl}\n  state v : s24 = 0;\n  update { v = clamp(${expr} + q, vmin, vmax); }\n  spike when v > 100;\n  reset v to 0;\n}\nnetwork N { population a = M[1]; }\nrun N on loihi { dt = 1 ms; steps 10; }\n`;

export const CASES: Omit<WrongCase, "code" | "line" | "col" | "message">[] = [
  { name: "missing unit on tau", src: net("  population a = CubaLIF[4] { tau_v = 20; };") },
  { name: "wrong dimension", src: net("  population a = CubaLIF[4] { tau_v = 20 mV; };") },
  { name: "unit on a register", src: net("  population a = CubaLIF[4] { decay_v = 205 ms; };") },
  { name: "typo in model name", src: net("  population a = CubaLFI[4];") },
  { name: "typo in parameter", src: net("  population a = CubaLIF[4] { decay_vv = 205; };") },
  { name: "decay out of range", src: net("  population a = CubaLIF[4] { decay_v = 5000; };") },
  {
    name: "vth_mant out of range",
    src: net("  population a = CubaLIF[4] { vth_mant = 200000; };"),
  },
  {
    name: "bias_mant out of range",
    src: net("  population a = CubaLIF[4] { bias_mant = 5000; };"),
  },
  { name: "bias_exp out of range", src: net("  population a = CubaLIF[4] { bias_exp = 8; };") },
  { name: "refract out of range", src: net("  population a = CubaLIF[4] { refract = 0; };") },
  { name: "non-integer register", src: net("  population a = CubaLIF[4] { decay_v = 20.5; };") },
  {
    name: "register and physical both set",
    src: net("  population a = CubaLIF[4] { decay_v = 205; tau_v = 20 ms; };"),
  },
  {
    name: "derived register out of range",
    src: net("  population a = CubaLIF[4] { t_ref = 100 ms; };"),
  },
  { name: "locality: post voltage", src: syn("dw = 2^-4 * x1 * (post.v - 3);") },
  { name: "locality: another projection's weight", src: syn("dw = 2^-4 * x1 * (a -> b).w;") },
  { name: "locality: labelled projection weight", src: syn("dw = 2^-4 * x1 * fwd.w;") },
  { name: "locality: transpose", src: syn("dw = 2^-4 * x1 * transpose(fwd);") },
  { name: "locality: sum over synapses", src: syn("dw = 2^-4 * sum(x1);") },
  { name: "locality: pre voltage", src: syn("dw = 2^-4 * pre.v * y1;") },
  { name: "locality: unknown variable", src: syn("dw = 2^-4 * z9 * y1;") },
  { name: "locality: writes post state", src: syn("dv = 2^-4 * x1;") },
  { name: "not SOP: division by variable", src: syn("dw = 2^-4 * x1 / y1;") },
  { name: "not SOP: exp of variable", src: syn("dw = 2^-4 * exp(x1);") },
  { name: "not SOP: data-dependent if", src: syn("dw = if y1 > 3 then x1 else 0;") },
  { name: "not SOP: comparison", src: syn("dw = 2^-4 * (x1 > y1);") },
  { name: "two u dependencies", src: syn("dw = 2^-4 * u1 * u2 * x1;") },
  { name: "scale too small", src: syn("dw = 2^-12 * x1 * y1;") },
  {
    name: "epoch too long",
    src: `${STD}synapse S {\n  weight w : u8 = 0;\n  pre trace x1 { impulse = 16; tau = 20 ms; }\n  learn every 64 steps { dw = 2^-4 * x1; }\n}\n`,
  },
  {
    name: "trace impulse out of range",
    src: `${STD}synapse S {\n  weight w : u8 = 0;\n  pre trace x1 { impulse = 200; tau = 20 ms; }\n  learn { dw = 2^-4 * x1; }\n}\n`,
  },
  {
    name: "negative spike payload",
    src: `${STD}neuron G extends IF {\n  spike when v > 100 payload v - 100;\n}\nnetwork N { population a = G[2]; }\nrun N on loihi2 { dt = 1 ms; steps 10; }\n`,
  },
  {
    // 32-bit arithmetic wraps: a payload that can leave 32 bits can be negative.
    name: "spike payload that wraps",
    src: `${STD}neuron G extends IF {\n  spike when v > 100 payload max(v, 0) << 10;\n}\nnetwork N { population a = G[2]; }\nrun N on loihi2 { dt = 1 ms; steps 10; }\n`,
  },
  {
    // The core's clamp is min(max(x, lo), hi): crossed bounds give hi.
    name: "spike payload of crossed clamp bounds",
    src: `${STD}neuron G extends IF {\n  spike when v > 100 payload clamp(v, 10, -5);\n}\nnetwork N { population a = G[2]; }\nrun N on loihi2 { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "payload on a binary-spike profile",
    src: `${STD}network N { population a = GradedIF[2]; }\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "dynamics: division",
    src: `${STD}neuron D {\n  state v : s24 = 0;\n  update { v = v / 2 + q; }\n  spike when v > 10;\n}\n`,
  },
  {
    name: "dynamics: exp",
    src: `${STD}neuron D {\n  state v : s24 = 0;\n  update { v = exp(v) + q; }\n  spike when v > 10;\n}\n`,
  },
  {
    name: "dynamics: product of variables",
    src: `${STD}neuron D {\n  state v : s24 = 0;\n  update { v = v * q; }\n  spike when v > 10;\n}\n`,
  },
  {
    name: "dynamics: assign a parameter",
    src: `${STD}neuron D {\n  param k : u8 = 3;\n  state v : s24 = 0;\n  update { k = q; }\n  spike when v > 10;\n}\n`,
  },
  {
    name: "one_to_one sizes",
    src: net(
      "  population a = CubaLIF[4];\n  population b = CubaLIF[5];\n  project a -> b : Static { connect one_to_one; }",
    ),
  },
  {
    name: "slice out of range",
    src: net("  population a = CubaLIF[4];\n  project a[0..9] -> a : Static;"),
  },
  {
    name: "slice rank",
    src: net("  population a = CubaLIF[4, 4];\n  project a[1] -> a : Static;"),
  },
  {
    name: "fixed_prob out of [0,1]",
    src: net(
      "  population a = CubaLIF[4];\n  project a -> a : Static { connect fixed_prob(1.5); }",
    ),
  },
  {
    name: "delay out of range",
    src: net("  population a = CubaLIF[4];\n  project a -> a : Static { delay 70; }"),
  },
  {
    name: "weight sign mode",
    src: net("  population a = CubaLIF[4];\n  project a -> a : Exc { weight -5 exp 0; }"),
  },
  {
    name: "weight exponent range",
    src: net("  population a = CubaLIF[4];\n  project a -> a : Static { weight 5 exp 9; }"),
  },
  {
    name: "physical weight without a weight unit",
    src: net("  population a = CubaLIF[4];\n  project a -> a : Static { weight 1.5 mV; }"),
  },
  {
    name: "unknown connector",
    src: net("  population a = CubaLIF[4];\n  project a -> a : Static { connect all_to_al; }"),
  },
  {
    name: "unknown synapse type",
    src: net("  population a = CubaLIF[4];\n  project a -> a : Statc;"),
  },
  {
    // A population whose model failed is still declared: the projection, probe and phase that
    // use it add no "unknown population" errors to the one that matters.
    name: "failed population referenced",
    src: net(
      "  population a = CubaLFI[4];\n  population s = SpikeSource[4] every 5 steps;\n  project s -> a : Static { weight 10 exp 0; }\n  probe a.spikes;",
      "run N on loihi { dt = 1 ms; steps 10; phases { p1 5 { disable a; } p2 5 { learn a; } } }",
    ),
  },
  {
    name: "failed data-set source presented",
    src: `${STD}dataset d = csv "${DIGITS}" { label = 64; scale = 1 / 16; };\nnetwork N {\n  population s = SpikeSource[0] from dataset d encode rate(max = 100 Hz);\n  population o = CubaLIF[10];\n}\nrun N on loihi { dt = 1 ms; present s for 50 steps each; readout o argmax_spikes; }\n`,
  },
  { name: "decay factor out of range", src: dyn("param d : u12 = 0;", "decay(v, 5000, 0)") },
  { name: "decay offset out of range", src: dyn("param d : u12 = 0;", "decay(v, d, 16)") },
  { name: "decay factor parameter too wide", src: dyn("param d : s16 = 0;", "decay(v, d, 0)") },
  {
    name: "failed let used later",
    src: `${STD}neuron M {\n  state v : s24 = 0;\n  update {\n    let d = v << v;\n    v = clamp(d + q, vmin, vmax);\n  }\n  spike when v > d;\n  reset v to 0;\n}\nnetwork N { population a = M[1]; }\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "source clause on a misspelt SpikeSource",
    src: net("  population s = SpikeSourc[4] every 5 steps;"),
  },
  {
    name: "host step updates a failed projection",
    src: net(
      "  population a = CubaLIF[4];\n  population b = CubaLIF[4];\n  project a -> b : Statc { weight 10 exp 0; }",
      "run N on loihi { dt = 1 ms; steps 10; host learn st_rsbp { updates (a -> b); reads b.spikes; } }",
    ),
  },
  {
    // The uses of the name the import meant add nothing to its I002.
    name: "misspelt import used",
    src: `import "std/neurons.snn" { CubaLIF };\nimport "std/synapses.snn" { Statc };\nnetwork N {\n  population a = CubaLIF[4];\n  project a -> a : Static;\n  project p: a -> a : Static;\n}\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "state write that may not fit",
    src: `${STD}neuron M {\n  state v : s24 = 0;\n  state c : u8 = 0;\n  update {\n    v = clamp(v + q, vmin, vmax);\n    c = c + 1;\n  }\n  spike when v > 100;\n  reset v to 0;\n}\nnetwork N { population a = M[1]; }\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "reset value outside the width",
    src: `${STD}neuron M {\n  state v : s24 = 0;\n  update { v = clamp(v + q, vmin, vmax); }\n  spike when v > 100;\n  reset v to 1 << 24;\n}\nnetwork N { population a = M[1]; }\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "physical weight without the unit's parameters",
    src: net(
      "  population a = CubaLIF[2] { tau_v = 20 ms; };\n  project a -> a : Exc { connect one_to_one; weight 1.62 mV; }",
    ),
  },
  {
    // The population's bad v_lsb is the one error; its physical weights add none.
    name: "physical weights after a bad v_lsb",
    src: net(
      "  population a = CubaLIF[2] { tau_v = 20 ms; v_lsb = 1.5625; };\n  project a -> a : Exc { connect one_to_one; weight 1.62 mV; }\n  project p: a -> a : Inh { connect one_to_one; weight -18 mV; }",
    ),
  },
  {
    // `let` left out: the assignment is the one error, the uses of `g` add none.
    name: "temporary written without let",
    src: `${STD}neuron M {\n  state v : s24 = 0;\n  update {\n    g = clamp(q >> 6, 0, 1);\n    v = clamp(v + g, vmin, vmax);\n  }\n  spike when v > g;\n  reset v to 0;\n}\nnetwork N { population a = M[1]; }\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "projection body without its opening brace",
    src: net(
      "  population a = CubaLIF[2];\n  project a -> a : Static connect one_to_one; weight 10; }\n  project p: a -> a : Static;\n  probe a.spikes;",
    ),
  },
  {
    name: "state initial value outside the width",
    src: `${STD}neuron M {\n  state v : s24 = 0;\n  state c : u8 = 300;\n  update { v = clamp(v + q, vmin, vmax); }\n  spike when v > 100;\n  reset v to 0;\n}\nnetwork N { population a = M[1]; }\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  { name: "unknown import name", src: `import "std/neurons.snn" { CubaLIF, Izhikevich };\n` },
  { name: "missing module", src: `import "std/nope.snn" { X };\n` },
  { name: "missing data file", src: `${STD}dataset d = csv "nope/digits.csv" { label = 64; };\n` },
  {
    name: "data set size mismatch",
    src: `${STD}dataset d = csv "${DIGITS}" { label = 64; scale = 1 / 16; };\nnetwork N { population s = SpikeSource[60] from dataset d encode rate(max = 100 Hz); }\nrun N on loihi { dt = 1 ms; steps 10; }\n`,
  },
  {
    name: "data set rows mismatch",
    src: `${STD}dataset d = csv "${DIGITS}" { rows = 1000; label = 64; };\n`,
  },
  {
    name: "phases do not add up",
    src: `${STD}dataset d = csv "${DIGITS}" { label = 64; scale = 1 / 16; };\nnetwork N { population s = SpikeSource[64] from dataset d encode rate(max = 100 Hz); }\nrun N on loihi { dt = 1 ms; present s for 50 steps each; phases { a 20; b 20; } }\n`,
  },
  {
    name: "unknown profile",
    src: net("  population a = CubaLIF[4];", "run N on loihii { dt = 1 ms; steps 10; }"),
  },
  {
    name: "misspelt host routine parameter",
    src: net(
      "  population a = CubaLIF[4];\n  population b = CubaLIF[4];\n  project a -> b : Static { weight 10 exp 0; }",
      "run N on loihi { dt = 1 ms; steps 10; host learn st_rsbp { updates (a -> b); reads b.spikes; param etaDecya = 0.5; } }",
    ),
  },
  {
    name: "host parameter set by a clause",
    src: net(
      "  population a = CubaLIF[4];\n  population b = CubaLIF[4];\n  project a -> b : Static { weight 10 exp 0; }",
      "run N on loihi { dt = 1 ms; steps 10; host learn st_rsbp { updates (a -> b); reads b.spikes; param reads = 1; } }",
    ),
  },
  {
    name: "dt without unit",
    src: net("  population a = CubaLIF[4];", "run N on loihi { dt = 1; steps 10; }"),
  },
  // Deeper than the parser's stack allows: an error at the first token past the limit.
  {
    name: "brackets nested too deeply",
    src: `${STD}const x = ${"(".repeat(200)}1${")".repeat(200)};\n`,
  },
  { name: "operator chain too long", src: `${STD}const x = ${"-".repeat(5000)}1;\n` },
  // 2^2^...^2 overflows to Infinity: a located value error, not a unit of NaN exponents.
  {
    name: "power tower overflows",
    src: net(
      "  population a = CubaLIF[4];",
      `run N on loihi { dt = 1 ms; steps ${Array(12).fill("2").join("^")}; }`,
    ),
  },
  {
    name: "run seed beyond 32 bits",
    src: net(
      "  population a = CubaLIF[4];",
      "run N on loihi { dt = 1 ms; steps 10; seed 4294967296; }",
    ),
  },
  {
    name: "negative run seed",
    src: net("  population a = CubaLIF[4];", "run N on loihi { dt = 1 ms; steps 10; seed -1; }"),
  },
  {
    name: "run seed with a unit",
    src: net("  population a = CubaLIF[4];", "run N on loihi { dt = 1 ms; steps 10; seed 5 ms; }"),
  },
  {
    name: "zero steps",
    src: net("  population a = CubaLIF[4];", "run N on loihi { dt = 1 ms; steps 0; }"),
  },
  {
    name: "source period beyond 2^53",
    src: net("  population s = SpikeSource[1] every 1e20 steps from 1;"),
  },
  {
    name: "connect seed beyond 32 bits",
    src: net(
      "  population a = CubaLIF[4];\n  project a -> a : Static { connect fixed_prob(0.5) seed 1e10; weight 10 exp 0; }",
    ),
  },
  {
    name: "poisson rate without unit",
    src: net("  population s = SpikeSource[4] poisson(rate = 20);"),
  },
  {
    name: "duplicate population",
    src: net("  population a = CubaLIF[4];\n  population a = CubaLIF[4];"),
  },
  {
    name: "unknown setting",
    src: net("  population a = CubaLIF[4];", "run N on loihi { dt = 1 ms; stesp 10; }"),
  },
  {
    name: "tied shapes differ",
    src: net(
      "  population a = CubaLIF[4];\n  population b = CubaLIF[3];\n  project p: a -> b : Static;\n  project r: a -> a : Static { tied with p; }",
    ),
  },
  { name: "reserved word as a name", src: net("  population run = CubaLIF[4];") },
  { name: "population too large", src: net("  population a = CubaLIF[100000, 100000];") },
  {
    name: "run without duration",
    src: net("  population a = CubaLIF[4];", "run N on loihi { dt = 1 ms; }"),
  },
];
