// The learning engine's rule pass for one core at an epoch boundary: each plastic synapse whose
// target compartment has learning enabled and for which some term's dependency holds is updated
// bit-exactly as the isa evaluator (isa/learning/eval.ts: 16-bit accumulator, stochastic rounding
// from the core's learning PRNG) specifies. The values it reads hold only what exists at the
// synapse: its w, d, t, its axon's pre traces and spike, its target's post traces and spike.
//
// This is the emulator's inner loop for learning programs, so each rule is compiled once into flat
// arrays and evaluated with no allocation and no closure per synapse; evalLearningRule stays the
// specification, and test/emulator/learn-rules.test.ts checks the two agree (w, d, t and the PRNG
// position) on random rules and synapses.
import type { CoreImage } from "../isa/image.ts";
import { decodeRule, type LearningRule } from "../isa/learning/codec.ts";
import {
  ACC_MAX,
  ACC_MIN,
  evalLearningRule,
  LEARN_FRAC,
  type SynapseContext,
  W9_MAX,
  W9_MIN,
  type WeightLimits,
  weightLimits,
} from "../isa/learning/eval.ts";
import { VARIABLES } from "../isa/learning/table.ts";
import type { ChipPrng } from "../isa/prng.ts";
import type { CoreRuntime } from "./core-runtime.ts";
import type { LearnRuntime } from "./learn.ts";

/**
 * One rule specialised to a JS function (ruleToJs) for the rule pass: updates synapse `syn`
 * (input axon a, target compartment comp, format fi) in place from the core's arrays in `ctx`:
 * writes its d and t and returns its new w, which the caller stores (or hands to the tie's
 * reduction).
 */
export type SynapseUpdater = (
  syn: number,
  a: number,
  comp: number,
  fi: number,
  x0: boolean,
  y0: boolean,
  epoch: number,
  ctx: RuleContext,
) => number;

/** The arrays a SynapseUpdater reads and writes: the core's (RulePass.ctx). */
export interface RuleContext {
  /** Pre traces [axon][x1, x2] and post traces [compartment][y1, y2, y3]. */
  x: Uint8Array;
  y: Uint8Array;
  weight: Int16Array;
  delay: Uint8Array;
  tag: Int16Array;
  prng: ChipPrng;
  /** Per synapse format: weight limits and log2 of the weight step. */
  limits: WeightLimits[];
  stepBits: number[];
  maxDelay: number;
}

export interface CompiledRule {
  rule: LearningRule;
  /** Dependencies some term has: a synapse is updated only in an epoch where one holds. */
  always: boolean;
  x0: boolean;
  y0: boolean;
  uKs: number[];
  /** The rule as one function with its terms, factors and constants written in, reading and
   *  writing the synapse's own arrays. */
  update: SynapseUpdater;
}

/** A number as a JS literal (parenthesised when negative, so `a * (-3)` stays a product). */
const lit = (n: number): string => (n < 0 || Object.is(n, -0) ? `(${n})` : String(n));

/**
 * JS source of a rule's SynapseUpdater body: evalLearningRule's arithmetic (isa/learning/eval.ts)
 * with the dependency tests, products and saturations of each term written out, the synapse's
 * variables read from the core's arrays, and the stochastic rounding's xorshift32 draw
 * (isa/prng.ts) inlined, one draw per target the rule has terms for, in order dw, dd, dt; d and
 * t are written back and w returned. Exported for inspection; test/emulator/learn-rules.test.ts
 * holds the function to the evaluator on random rules.
 */
export function ruleToJs(rule: LearningRule): string {
  const load: Record<string, string> = {
    x1: "ctx.x[2 * a]",
    x2: "ctx.x[2 * a + 1]",
    y1: "ctx.y[3 * comp]",
    y2: "ctx.y[3 * comp + 1]",
    y3: "ctx.y[3 * comp + 2]",
    w: "ctx.weight[syn]",
    d: "ctx.delay[syn]",
    t: "ctx.tag[syn]",
  };
  const name = (v: string) => `v_${v}`;
  const used = new Set<string>();
  const has = (t: string) => rule.terms.some((term) => term.target === t);
  // Every term has a target, so a rule with terms takes at least one draw.
  const draws = rule.terms.length > 0;
  const lines: string[] = [
    ...(draws ? ["const prng = ctx.prng;"] : []),
    ...(has("dw") ? ["const weight = ctx.limits[fi], stepBits = ctx.stepBits[fi];"] : []),
    ...(has("dd") ? ["const maxDelay = ctx.maxDelay;"] : []),
    "let accW = 0, accD = 0, accT = 0, p = 0;",
  ];
  const acc = { dw: "accW", dd: "accD", dt: "accT" } as const;
  const body: string[] = [];
  for (const term of rule.terms) {
    const d = term.dep;
    const cond = d.kind === "none" ? "" : d.kind === "u" ? `epoch % ${2 ** d.k} === 0` : d.kind;
    const factors = term.factors.map((f) => {
      if (f.kind === "const") return lit(f.c);
      used.add(f.v);
      if (f.kind === "var") return name(f.v);
      const sum = `${name(f.v)} + ${lit(f.c)}`;
      return f.kind === "addc" ? `(${sum})` : `Math.sign(${sum})`;
    });
    const a = acc[term.target];
    const update = [
      `p = ${[lit(term.m * 2 ** (term.e + LEARN_FRAC)), ...factors].join(" * ")};`,
      `p = p < ${ACC_MIN} ? ${ACC_MIN} : p > ${ACC_MAX} ? ${ACC_MAX} : p;`,
      `${a} += p; ${a} = ${a} < ${ACC_MIN} ? ${ACC_MIN} : ${a} > ${ACC_MAX} ? ${ACC_MAX} : ${a};`,
    ].join(" ");
    body.push(cond ? `if (${cond}) { ${update} }` : update);
  }
  for (const v of VARIABLES) if (used.has(v)) lines.push(`const ${name(v)} = ${load[v]};`);
  lines.push(...body);
  lines.push(`let w = ${load.w}, d = ${load.d}, t = ${load.t};`);
  if (draws) lines.push("let s = prng.state, fl = 0, k = 0, sc = 0, v = 0;");
  // stochasticRound(v, k): floor(v / 2^k) + (low k bits of v > the top k bits of the next draw).
  // The floor is an arithmetic shift when v is an int32 and k at most 30 (always, for the
  // values the chip's registers hold), else the float division the specification writes.
  const round = (value: string, bits: string) =>
    [
      `v = ${value}; k = ${bits};`,
      "if (k <= 30 && (v | 0) === v) { sc = 1 << k; fl = v >> k; } else { sc = 2 ** k; fl = Math.floor(v / sc); }",
      "s ^= s << 13; s ^= s >>> 17; s ^= s << 5; s >>>= 0;",
      "fl += v - fl * sc > (k >= 32 ? s : s >>> (32 - k)) ? 1 : 0;",
    ].join(" ");
  if (has("dw")) {
    lines.push(round(`w * ${2 ** LEARN_FRAC} + accW`, `${LEARN_FRAC} + stepBits`));
    lines.push(
      "w = fl * weight.step; w = w < weight.min ? weight.min : w > weight.max ? weight.max : w;",
    );
  }
  if (has("dd")) {
    lines.push(round("accD", String(LEARN_FRAC)));
    lines.push("d += fl; d = d < 0 ? 0 : d > maxDelay ? maxDelay : d;");
  }
  if (has("dt")) {
    lines.push(round("accT", String(LEARN_FRAC)));
    lines.push(`t += fl; t = t < ${W9_MIN} ? ${W9_MIN} : t > ${W9_MAX} ? ${W9_MAX} : t;`);
  }
  if (draws) lines.push("prng.state = s;");
  lines.push("ctx.delay[syn] = d; ctx.tag[syn] = t; return w;");
  return lines.join("\n");
}

export function compileRule(rule: LearningRule): CompiledRule {
  const deps = rule.terms.map((t) => t.dep);
  // new Function: the rule's terms are data of a validated image, specialised once per core.
  // `syn`, not `s`: the body's draw state is `s`.
  const update = new Function(
    "syn",
    "a",
    "comp",
    "fi",
    "x0",
    "y0",
    "epoch",
    "ctx",
    // Named in profiles and stack traces (a generated function is otherwise "anonymous").
    `${ruleToJs(rule)}\n//# sourceURL=snn-learning-rule.js`,
  ) as SynapseUpdater;
  return {
    rule,
    always: deps.some((d) => d.kind === "none"),
    x0: deps.some((d) => d.kind === "x0"),
    y0: deps.some((d) => d.kind === "y0"),
    uKs: deps.flatMap((d) => (d.kind === "u" ? [d.k] : [])),
    update,
  };
}

export function compileRules(rules: Uint32Array[]): CompiledRule[] {
  return rules.map((words) => compileRule(decodeRule(words)));
}

/** Input axon of every synapse (inverse of the axonStart CSR). */
export function synapseAxons(img: CoreImage): Int32Array {
  const out = new Int32Array(img.synTarget.length);
  for (let a = 0; a < img.inputAxons; a++) {
    for (let s = img.axonStart[a] as number; s < (img.axonStart[a + 1] as number); s++) out[s] = a;
  }
  return out;
}

/** Synapses of each compartment (CSR by target, ascending synapse index within a target). */
export function synapsesByTarget(img: CoreImage): { start: Int32Array; syn: Int32Array } {
  const n = img.compartments;
  const start = new Int32Array(n + 1);
  for (let s = 0; s < img.synTarget.length; s++) {
    const k = (img.synTarget[s] as number) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, n);
  const syn = new Int32Array(img.synTarget.length);
  for (let s = 0; s < img.synTarget.length; s++) {
    const t = img.synTarget[s] as number;
    syn[fill[t] as number] = s;
    fill[t] = (fill[t] as number) + 1;
  }
  return { start, syn };
}

/** What the rule pass needs besides the core: the weight limits of each synapse format (fixed
 *  by the image), scratch, and the current epoch's facts. Built once per core with its learning
 *  runtime (rulePassFor); applyRules refreshes the epoch's fields. */
export interface RulePass {
  limits: WeightLimits[];
  stepBits: number[];
  /** The compiled rules' view of the core, built by the first pass (the core's arrays and
   *  generator live as long as the core; a checkpoint is restored into them). */
  ctx: RuleContext | null;
  res: Int32Array;
  /** Per rule: holds for every synapse in this epoch (no dependency, or a u_k that holds). */
  epochActive: boolean[];
  changed: number[];
}

export function rulePassFor(img: CoreImage, rules: number): RulePass {
  const limits = img.synapseFormats.map((f) => weightLimits(f.weightBits, f.signMode));
  return {
    limits,
    stepBits: limits.map((w) => Math.log2(w.step)),
    ctx: null,
    res: new Int32Array(3),
    epochActive: new Array<boolean>(rules).fill(false),
    changed: [],
  };
}

/** Applies the rules for the epoch that just ended; returns the number of synapses updated.
 *  Synapses are visited in index order (the order of the learning PRNG's draws). When no rule
 *  is active for the whole epoch (no dependency-free term, no u_k that holds), only synapses
 *  whose axon or target spiked can have a term that holds, so only those are visited: the
 *  same synapses in the same order as a full scan, without walking the idle ones. */
export function applyRules(
  c: CoreRuntime,
  l: LearnRuntime,
  changed: number[],
  maxDelay: number,
): number {
  const img = c.img;
  const pass = l.pass;
  pass.changed = changed;
  pass.ctx ??= {
    x: l.x,
    y: l.y,
    weight: c.weight,
    delay: c.delay,
    tag: l.tag,
    prng: l.rngLearn.prng,
    limits: pass.limits,
    stepBits: pass.stepBits,
    maxDelay,
  };
  let anyEpochActive = false;
  l.rules.forEach((r, i) => {
    const on = r.always || r.uKs.some((k) => l.epochs % 2 ** k === 0);
    pass.epochActive[i] = on;
    anyEpochActive ||= on;
  });
  let updates = 0;
  const nSyn = img.synTarget.length;
  // The spec mode visits every synapse, as the definition does (the cross-check of this scan).
  if (l.specRules || anyEpochActive) {
    for (let s = 0; s < nSyn; s++) if (updateSynapse(c, l, s, pass)) updates++;
    return updates;
  }
  const cand = l.candidates;
  let n = 0;
  if (l.rules.some((r) => r.x0)) {
    for (let a = 0; a < img.inputAxons; a++) {
      if (l.preEpoch[a] !== 1) continue;
      const end = img.axonStart[a + 1] as number;
      for (let s = img.axonStart[a] as number; s < end; s++) cand[n++] = s;
    }
  }
  if (l.rules.some((r) => r.y0)) {
    l.byTarget ??= synapsesByTarget(img);
    const { start, syn } = l.byTarget;
    for (let comp = 0; comp < img.compartments; comp++) {
      if (l.postEpoch[comp] !== 1) continue;
      const end = start[comp + 1] as number;
      for (let k = start[comp] as number; k < end; k++) cand[n++] = syn[k] as number;
    }
  }
  const list = cand.subarray(0, n).sort();
  let prev = -1;
  for (let k = 0; k < n; k++) {
    const s = list[k] as number;
    if (s === prev) continue;
    prev = s;
    if (updateSynapse(c, l, s, pass)) updates++;
  }
  return updates;
}

/** The rule pass at synapse s: false if it has no rule, learning is off at its target, or no
 *  term's dependency holds; otherwise applies the rule and returns true. */
function updateSynapse(c: CoreRuntime, l: LearnRuntime, s: number, p: RulePass): boolean {
  const img = c.img;
  const fi = img.synFormat[s] as number;
  const f = img.synapseFormats[fi];
  if (!f || f.rule < 0) return false;
  const r = l.rules[f.rule];
  if (!r) return false;
  const comp = img.synTarget[s] as number;
  if (l.enable[comp] !== 1) return false;
  const a = l.synAxon[s] as number;
  const x0 = l.preEpoch[a] === 1;
  const y0 = l.postEpoch[comp] === 1;
  if (!(p.epochActive[f.rule] || (r.x0 && x0) || (r.y0 && y0))) return false;
  const w0 = c.weight[s] as number;
  let w: number;
  if (l.specRules) {
    const res = p.res;
    const ctx = p.ctx as RuleContext;
    specRule(c, l, s, r, x0, y0, p.limits[fi] as WeightLimits, ctx.maxDelay, res);
    w = res[0] as number;
    c.delay[s] = res[1] as number;
    l.tag[s] = res[2] as number;
  } else {
    // Writes d and t; the new w is stored below (or goes to the tie's reduction).
    w = r.update(s, a, comp, fi, x0, y0, l.epochs, p.ctx as RuleContext);
  }
  if (w !== w0) {
    if (l.tied !== null && l.tied[s] === 1) {
      // A tied copy: the change waits for the group's reduction (emulator/tied.ts).
      const delta = l.tiedDelta as Int32Array;
      if (delta[s] === 0) l.tiedTouched.push(s);
      delta[s] = (delta[s] as number) + w - w0;
    } else {
      c.weight[s] = w;
      p.changed.push(s);
    }
  }
  return true;
}

/** The same update through the isa evaluator (the specification), one call per synapse. */
function specRule(
  c: CoreRuntime,
  l: LearnRuntime,
  s: number,
  r: CompiledRule,
  x0: boolean,
  y0: boolean,
  weight: WeightLimits,
  maxDelay: number,
  out: Int32Array,
): void {
  const a = l.synAxon[s] as number;
  const comp = c.img.synTarget[s] as number;
  const ctx: SynapseContext = {
    x0,
    y0,
    epoch: l.epochs,
    x1: l.x[2 * a] as number,
    x2: l.x[2 * a + 1] as number,
    y1: l.y[3 * comp] as number,
    y2: l.y[3 * comp + 1] as number,
    y3: l.y[3 * comp + 2] as number,
    w: c.weight[s] as number,
    d: c.delay[s] as number,
    t: l.tag[s] as number,
  };
  const res = evalLearningRule(r.rule, ctx, l.rngLearn.prng, { weight, maxDelay });
  out[0] = res.w;
  out[1] = res.d;
  out[2] = res.t;
}
