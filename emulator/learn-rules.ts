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
import { TARGETS, VARIABLES } from "../isa/learning/table.ts";
import { clampInt } from "../isa/microcode/table.ts";
import { type ChipPrng, stochasticRound } from "../isa/prng.ts";
import type { CoreRuntime } from "./core-runtime.ts";
import type { LearnRuntime } from "./learn.ts";

/** Dependency codes of a compiled term. */
const DEP_NONE = 0;
const DEP_X0 = 1;
const DEP_Y0 = 2;
const DEP_U = 3;
/** Factor codes of a compiled factor (isa/learning/table.ts FACTOR_KINDS). */
const F_VAR = 0;
const F_ADDC = 1;
const F_SGN = 2;
const F_CONST = 3;

export interface CompiledRule {
  rule: LearningRule;
  /** Dependencies some term has: a synapse is updated only in an epoch where one holds. */
  always: boolean;
  x0: boolean;
  y0: boolean;
  uKs: number[];
  /** Per term: target index (0 dw, 1 dd, 2 dt), dependency code, 2^k of a u_k dependency,
   *  scale m * 2^(e + 7), and its factors from factorStart[term] to factorStart[term + 1]. */
  target: Int8Array;
  dep: Int8Array;
  uPeriod: Float64Array;
  scale: Float64Array;
  factorStart: Int32Array;
  /** Per factor: code, variable index into VARIABLES, constant. */
  fKind: Int8Array;
  fVar: Int8Array;
  fConst: Float64Array;
  /** The rule has terms for dw, dd, dt (each such target takes one PRNG draw). */
  hasDw: boolean;
  hasDd: boolean;
  hasDt: boolean;
}

export function compileRule(rule: LearningRule): CompiledRule {
  const terms = rule.terms;
  const deps = terms.map((t) => t.dep);
  const nFactors = terms.reduce((n, t) => n + t.factors.length, 0);
  const c: CompiledRule = {
    rule,
    always: deps.some((d) => d.kind === "none"),
    x0: deps.some((d) => d.kind === "x0"),
    y0: deps.some((d) => d.kind === "y0"),
    uKs: deps.flatMap((d) => (d.kind === "u" ? [d.k] : [])),
    target: new Int8Array(terms.length),
    dep: new Int8Array(terms.length),
    uPeriod: new Float64Array(terms.length),
    scale: new Float64Array(terms.length),
    factorStart: new Int32Array(terms.length + 1),
    fKind: new Int8Array(nFactors),
    fVar: new Int8Array(nFactors),
    fConst: new Float64Array(nFactors),
    hasDw: terms.some((t) => t.target === "dw"),
    hasDd: terms.some((t) => t.target === "dd"),
    hasDt: terms.some((t) => t.target === "dt"),
  };
  let f = 0;
  terms.forEach((term, i) => {
    c.target[i] = TARGETS.indexOf(term.target);
    const d = term.dep;
    c.dep[i] =
      d.kind === "none" ? DEP_NONE : d.kind === "x0" ? DEP_X0 : d.kind === "y0" ? DEP_Y0 : DEP_U;
    c.uPeriod[i] = d.kind === "u" ? 2 ** d.k : 1;
    c.scale[i] = term.m * 2 ** (term.e + LEARN_FRAC);
    c.factorStart[i] = f;
    for (const fac of term.factors) {
      c.fKind[f] =
        fac.kind === "var"
          ? F_VAR
          : fac.kind === "addc"
            ? F_ADDC
            : fac.kind === "sgn"
              ? F_SGN
              : F_CONST;
      c.fVar[f] = fac.kind === "const" ? 0 : VARIABLES.indexOf(fac.v);
      c.fConst[f] = fac.kind === "var" ? 0 : fac.c;
      f++;
    }
  });
  c.factorStart[terms.length] = f;
  return c;
}

export function compileRules(rules: Uint32Array[]): CompiledRule[] {
  return rules.map((words) => compileRule(decodeRule(words)));
}

/** Index of each variable in the `vars` array the compiled rule reads (VARIABLES order). */
export const VAR_X1 = 0;
export const VAR_X2 = 1;
export const VAR_Y1 = 2;
export const VAR_Y2 = 3;
export const VAR_Y3 = 4;
export const VAR_W = 5;
export const VAR_D = 6;
export const VAR_T = 7;

const sat = (x: number) => clampInt(x, ACC_MIN, ACC_MAX);

/**
 * One synapse, one epoch: evalLearningRule's arithmetic on the compiled rule. `vars` holds
 * x1, x2, y1, y2, y3, w, d, t (VARIABLES order); the new w, d, t are written to out[0..2].
 */
export function applyCompiledRule(
  r: CompiledRule,
  vars: Float64Array,
  x0: boolean,
  y0: boolean,
  epoch: number,
  prng: ChipPrng,
  weight: WeightLimits,
  stepBits: number,
  maxDelay: number,
  out: Int32Array,
): void {
  let accW = 0;
  let accD = 0;
  let accT = 0;
  const n = r.target.length;
  for (let i = 0; i < n; i++) {
    const dep = r.dep[i] as number;
    if (
      !(
        dep === DEP_NONE ||
        (dep === DEP_X0 && x0) ||
        (dep === DEP_Y0 && y0) ||
        (dep === DEP_U && epoch % (r.uPeriod[i] as number) === 0)
      )
    )
      continue;
    let p = r.scale[i] as number;
    const end = r.factorStart[i + 1] as number;
    for (let f = r.factorStart[i] as number; f < end; f++) {
      const kind = r.fKind[f] as number;
      if (kind === F_CONST) p *= r.fConst[f] as number;
      else {
        const v = vars[r.fVar[f] as number] as number;
        p *=
          kind === F_VAR
            ? v
            : kind === F_ADDC
              ? v + (r.fConst[f] as number)
              : Math.sign(v + (r.fConst[f] as number));
      }
    }
    const t = r.target[i] as number;
    if (t === 0) accW = sat(accW + sat(p));
    else if (t === 1) accD = sat(accD + sat(p));
    else accT = sat(accT + sat(p));
  }
  let w = vars[VAR_W] as number;
  let d = vars[VAR_D] as number;
  let t = vars[VAR_T] as number;
  if (r.hasDw) {
    w = stochasticRound(w * 2 ** LEARN_FRAC + accW, LEARN_FRAC + stepBits, prng) * weight.step;
    w = clampInt(w, weight.min, weight.max);
  }
  if (r.hasDd) {
    d += stochasticRound(accD, LEARN_FRAC, prng);
    d = clampInt(d, 0, maxDelay);
  }
  if (r.hasDt) {
    t += stochasticRound(accT, LEARN_FRAC, prng);
    t = clampInt(t, W9_MIN, W9_MAX);
  }
  out[0] = w;
  out[1] = d;
  out[2] = t;
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
  vars: Float64Array;
  res: Int32Array;
  /** Per rule: holds for every synapse in this epoch (no dependency, or a u_k that holds). */
  epochActive: boolean[];
  maxDelay: number;
  changed: number[];
}

export function rulePassFor(img: CoreImage, rules: number): RulePass {
  const limits = img.synapseFormats.map((f) => weightLimits(f.weightBits, f.signMode));
  return {
    limits,
    stepBits: limits.map((w) => Math.log2(w.step)),
    vars: new Float64Array(VARIABLES.length),
    res: new Int32Array(3),
    epochActive: new Array<boolean>(rules).fill(false),
    maxDelay: 0,
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
  pass.maxDelay = maxDelay;
  pass.changed = changed;
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
  const res = p.res;
  if (l.specRules) {
    specRule(c, l, s, r, x0, y0, p.limits[fi] as WeightLimits, p.maxDelay, res);
  } else {
    const vars = p.vars;
    vars[VAR_X1] = l.x[2 * a] as number;
    vars[VAR_X2] = l.x[2 * a + 1] as number;
    vars[VAR_Y1] = l.y[3 * comp] as number;
    vars[VAR_Y2] = l.y[3 * comp + 1] as number;
    vars[VAR_Y3] = l.y[3 * comp + 2] as number;
    vars[VAR_W] = w0;
    vars[VAR_D] = c.delay[s] as number;
    vars[VAR_T] = l.tag[s] as number;
    applyCompiledRule(
      r,
      vars,
      x0,
      y0,
      l.epochs,
      l.rngLearn.prng,
      p.limits[fi] as WeightLimits,
      p.stepBits[fi] as number,
      p.maxDelay,
      res,
    );
  }
  const w = res[0] as number;
  if (w !== w0) {
    if (l.tied !== null && l.tied[s] === 1) {
      // A tied copy: the change waits for the group's reduction (emulator/tied.ts).
      (l.tiedDelta as Int32Array)[s] = ((l.tiedDelta as Int32Array)[s] as number) + w - w0;
      l.tiedPending = true;
    } else {
      c.weight[s] = w;
      p.changed.push(s);
    }
  }
  c.delay[s] = res[1] as number;
  l.tag[s] = res[2] as number;
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
