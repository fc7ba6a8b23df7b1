// The learning engine's rule pass for one core at an epoch boundary: each plastic synapse whose
// target compartment has learning enabled and for which some term's dependency holds is handed
// to the isa evaluator (isa/learning/eval.ts, bit-exact: 16-bit accumulator, stochastic
// rounding from the core's learning PRNG). The context it builds holds only what exists at the
// synapse: its w, d, t, its axon's pre traces and spike, its target's post traces and spike.
import type { CoreImage, LearningImage } from "../isa/image.ts";
import { decodeRule, type LearningRule } from "../isa/learning/codec.ts";
import { evalLearningRule, type SynapseContext, weightLimits } from "../isa/learning/eval.ts";
import type { CoreRuntime } from "./core-runtime.ts";
import type { LearnRuntime } from "./learn.ts";

export interface CompiledRule {
  rule: LearningRule;
  /** Dependencies some term has: a synapse is updated only in an epoch where one holds. */
  always: boolean;
  x0: boolean;
  y0: boolean;
  uKs: number[];
}

export function compileRules(rules: Uint32Array[]): CompiledRule[] {
  return rules.map((words) => {
    const rule = decodeRule(words);
    const deps = rule.terms.map((t) => t.dep);
    return {
      rule,
      always: deps.some((d) => d.kind === "none"),
      x0: deps.some((d) => d.kind === "x0"),
      y0: deps.some((d) => d.kind === "y0"),
      uKs: deps.flatMap((d) => (d.kind === "u" ? [d.k] : [])),
    };
  });
}

/** Input axon of every synapse (inverse of the axonStart CSR). */
export function synapseAxons(img: CoreImage): Int32Array {
  const out = new Int32Array(img.synTarget.length);
  for (let a = 0; a < img.inputAxons; a++) {
    for (let s = img.axonStart[a] as number; s < (img.axonStart[a + 1] as number); s++) out[s] = a;
  }
  return out;
}

/** Applies the rules for the epoch that just ended; returns the number of synapses updated. */
export function applyRules(
  c: CoreRuntime,
  l: LearnRuntime,
  _cfg: LearningImage,
  changed: number[],
  maxDelay: number,
): number {
  const img = c.img;
  const limits = img.synapseFormats.map((f) => ({
    weight: weightLimits(f.weightBits, f.signMode),
    maxDelay,
  }));
  let updates = 0;
  const ctx: SynapseContext = {
    x0: false,
    y0: false,
    epoch: l.epochs,
    x1: 0,
    x2: 0,
    y1: 0,
    y2: 0,
    y3: 0,
    w: 0,
    d: 0,
    t: 0,
  };
  for (let s = 0; s < img.synTarget.length; s++) {
    const fi = img.synFormat[s] as number;
    const f = img.synapseFormats[fi];
    if (!f || f.rule < 0) continue;
    const r = l.rules[f.rule];
    if (!r) continue;
    const comp = img.synTarget[s] as number;
    if (l.enable[comp] !== 1) continue;
    const a = l.synAxon[s] as number;
    const x0 = l.preEpoch[a] === 1;
    const y0 = l.postEpoch[comp] === 1;
    const active =
      r.always || (r.x0 && x0) || (r.y0 && y0) || r.uKs.some((k) => l.epochs % 2 ** k === 0);
    if (!active) continue;
    ctx.x0 = x0;
    ctx.y0 = y0;
    ctx.x1 = l.x[2 * a] as number;
    ctx.x2 = l.x[2 * a + 1] as number;
    ctx.y1 = l.y[3 * comp] as number;
    ctx.y2 = l.y[3 * comp + 1] as number;
    ctx.y3 = l.y[3 * comp + 2] as number;
    ctx.w = c.weight[s] as number;
    ctx.d = c.delay[s] as number;
    ctx.t = l.tag[s] as number;
    const res = evalLearningRule(
      r.rule,
      ctx,
      l.rngLearn.prng,
      limits[fi] as { weight: ReturnType<typeof weightLimits>; maxDelay: number },
    );
    if (res.w !== ctx.w) {
      if (l.tied !== null && l.tied[s] === 1) {
        // A tied copy: the change waits for the group's reduction (emulator/tied.ts).
        (l.tiedDelta as Int32Array)[s] = ((l.tiedDelta as Int32Array)[s] as number) + res.w - ctx.w;
        l.tiedPending = true;
      } else {
        c.weight[s] = res.w;
        changed.push(s);
      }
    }
    c.delay[s] = res.d;
    l.tag[s] = res.t;
    updates++;
  }
  return updates;
}
