// Floating-point learning for the reference model: the same traces, dependencies, epochs,
// enables and sum-of-products rules as the chip's learning engine (chip.md section 6), with
// exact decays (trace * (4096 - decay) / 4096), no stochastic rounding, no 16-bit accumulator
// and no weight quantisation; only the format's weight range, the delay range and the tag's
// 9-bit range are kept. It reads only what exists at the synapse, like the chip.
import type { CoreImage } from "../../isa/image.ts";
import { decodeRule, type Factor, type LearningRule } from "../../isa/learning/codec.ts";
import { weightLimits } from "../../isa/learning/eval.ts";
import type { LearnVariable } from "../../isa/learning/table.ts";

export interface RefLearn {
  epoch: number;
  x: Float64Array;
  y: Float64Array;
  preNow: Float64Array;
  preEpoch: Uint8Array;
  postEpoch: Uint8Array;
  tag: Float64Array;
  synAxon: Int32Array;
  epochs: number;
  rules: LearningRule[];
}

export function buildRefLearn(img: CoreImage): RefLearn | null {
  const l = img.learning;
  if (!l) return null;
  const synAxon = new Int32Array(img.synTarget.length);
  for (let a = 0; a < img.inputAxons; a++) {
    for (let s = img.axonStart[a] as number; s < (img.axonStart[a + 1] as number); s++)
      synAxon[s] = a;
  }
  return {
    epoch: l.epoch,
    x: new Float64Array(img.inputAxons * 2),
    y: new Float64Array(img.compartments * 3),
    preNow: new Float64Array(img.inputAxons),
    preEpoch: new Uint8Array(img.inputAxons),
    postEpoch: new Uint8Array(img.compartments),
    tag: Float64Array.from(img.synTag),
    synAxon,
    epochs: 0,
    rules: l.rules.map((r) => decodeRule(r)),
  };
}

export function resetRefLearn(l: RefLearn): void {
  l.x.fill(0);
  l.y.fill(0);
  l.preNow.fill(0);
  l.preEpoch.fill(0);
  l.postEpoch.fill(0);
}

const trace = (v: number, decay: number, impulse: number, spikes: number) =>
  Math.min(127, (v * (4096 - decay)) / 4096 + impulse * spikes);

/** Traces of one step; `spiked[c]` marks this step's spikes, `y2`/`y3` exported values (NaN
 *  where the program wrote none). */
export function refTraces(
  img: CoreImage,
  l: RefLearn,
  spiked: Uint8Array,
  y2: Float64Array,
  y3: Float64Array,
): void {
  const cfg = img.learning;
  if (!cfg) return;
  for (let a = 0; a < img.inputAxons; a++) {
    const tc = cfg.preTrace[cfg.axonTraceConfig[a] as number];
    if (!tc) continue;
    const n = l.preNow[a] as number;
    l.x[2 * a] = trace(l.x[2 * a] as number, tc.decay[0], tc.impulse[0], n);
    l.x[2 * a + 1] = trace(l.x[2 * a + 1] as number, tc.decay[1], tc.impulse[1], n);
    l.preNow[a] = 0;
  }
  for (let c = 0; c < img.compartments; c++) {
    const s = spiked[c] as number;
    if (s) l.postEpoch[c] = 1;
    const tc = cfg.postTrace[img.profileOf[c] as number] ?? cfg.postTrace[0];
    if (!tc) continue;
    l.y[3 * c] = trace(l.y[3 * c] as number, tc.decay[0], tc.impulse[0], s);
    const e2 = y2[c] as number;
    const e3 = y3[c] as number;
    l.y[3 * c + 1] = Number.isNaN(e2)
      ? trace(l.y[3 * c + 1] as number, tc.decay[1], tc.impulse[1], s)
      : e2;
    l.y[3 * c + 2] = Number.isNaN(e3)
      ? trace(l.y[3 * c + 2] as number, tc.decay[2], tc.impulse[2], s)
      : e3;
  }
}

/** Rules at an epoch boundary (when the phase learns); returns synapses whose weight changed
 *  and pushes one entry per synapse updated (a dependency held) onto `updated`. */
export function refRules(
  img: CoreImage,
  l: RefLearn,
  weight: Float64Array,
  delay: Uint8Array,
  maxDelay: number,
  updated: number[] = [],
  tied: { mark: Uint8Array; delta: Float64Array } | null = null,
): number[] {
  const cfg = img.learning;
  const changed: number[] = [];
  if (!cfg) return changed;
  const vars: Record<LearnVariable, number> = {
    x1: 0,
    x2: 0,
    y1: 0,
    y2: 0,
    y3: 0,
    w: 0,
    d: 0,
    t: 0,
  };
  const f = (fa: Factor) => {
    switch (fa.kind) {
      case "var":
        return vars[fa.v];
      case "addc":
        return vars[fa.v] + fa.c;
      case "sgn":
        return Math.sign(vars[fa.v] + fa.c);
      case "const":
        return fa.c;
    }
  };
  for (let s = 0; s < img.synTarget.length; s++) {
    const fmt = img.synapseFormats[img.synFormat[s] as number];
    const rule = fmt && fmt.rule >= 0 ? l.rules[fmt.rule] : undefined;
    if (!fmt || !rule) continue;
    const c = img.synTarget[s] as number;
    if (cfg.learnEnable[c] !== 1) continue;
    const a = l.synAxon[s] as number;
    const x0 = l.preEpoch[a] === 1;
    const y0 = l.postEpoch[c] === 1;
    vars.x1 = l.x[2 * a] as number;
    vars.x2 = l.x[2 * a + 1] as number;
    vars.y1 = l.y[3 * c] as number;
    vars.y2 = l.y[3 * c + 1] as number;
    vars.y3 = l.y[3 * c + 2] as number;
    vars.w = weight[s] as number;
    vars.d = delay[s] as number;
    vars.t = l.tag[s] as number;
    const acc = { dw: 0, dd: 0, dt: 0 };
    let any = false;
    for (const term of rule.terms) {
      const d = term.dep;
      const holds =
        d.kind === "none" ||
        (d.kind === "x0" && x0) ||
        (d.kind === "y0" && y0) ||
        (d.kind === "u" && l.epochs % 2 ** d.k === 0);
      if (!holds) continue;
      any = true;
      let p = term.m * 2 ** term.e;
      for (const fa of term.factors) p *= f(fa);
      acc[term.target] += p;
    }
    if (any) updated.push(s);
    if (acc.dw !== 0) {
      const lim = weightLimits(fmt.weightBits, fmt.signMode);
      const w = Math.max(lim.min, Math.min(lim.max, vars.w + acc.dw));
      // A tied copy's change waits for the group's reduction (emulator/tied.ts).
      if (tied && tied.mark[s] === 1) tied.delta[s] = (tied.delta[s] as number) + w - vars.w;
      else {
        weight[s] = w;
        changed.push(s);
      }
    }
    if (acc.dd !== 0) delay[s] = Math.max(0, Math.min(maxDelay, Math.round(vars.d + acc.dd)));
    if (acc.dt !== 0) l.tag[s] = Math.max(-256, Math.min(255, vars.t + acc.dt));
  }
  return changed;
}
