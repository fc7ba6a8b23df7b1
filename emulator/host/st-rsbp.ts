// Host routine "st_rsbp": the spike-train level backpropagation step of ST-RSBP (Zhang & Li,
// NeurIPS 2019; algorithms.md B), run on the host after each training sample. The chip has
// counted spikes and accumulated each synapse's S-PSP e_k in its tag; the host computes the
// error deltas (the recurrent layer needs a linear solve: not local) and writes weights, then
// clears the tags for the next sample. It touches the chip only through HostContext, so every
// write is counted as host learning.
//
// Rate-coded loss L = 1/2 sum_j (t_j - a_j)^2 on output spike counts a_j, targets t_j =
// targetTrue * sampleSteps for the label and targetFalse * sampleSteps otherwise.
//   output:  delta_j = t_j - a_j
//   through synapse k (pre i -> post j): d a_j / d a_i ~ g_k = (w_k / weightPerSpike) * r_k,
//            r_k = (e_k / a_i) / mean(e / a_pre) (the S-PSP per pre spike, relative to the
//            projection's mean: timing correlation), weightPerSpike = weight mantissa that
//            carries one post spike's worth of charge (the threshold mantissa at exp 0).
//   hidden:  delta_i = [a_i > 0] * sum_k g_k delta_post(k), over every updated projection out
//            of i, including recurrent ones: delta = b + M delta, solved by Jacobi iteration.
//   update:  dw_k = eta_n * delta_post(k) * e_k / mean(e), stochastically rounded (host stream
//            of the isa PRNG), saturated by the synapse format.
//   schedule: eta_n = eta * etaDecay^e for a training sample of epoch e (0-based): the rate
//            shrinks by etaDecay after every epoch. e is the experiment's training epoch, or
//            floor(n / epochSamples) for training sample n when epochSamples > 0 is given. The
//            default etaDecay 1 keeps eta constant.
import { updatedProjectionIds } from "../../isa/host-routines.ts";
import type { ProjectionImage } from "../../isa/image.ts";
import { ChipPrng, derivePrngSeed, stochasticRound } from "../../isa/prng.ts";
import { EmulatorFault } from "../kernel.ts";
import type { HostContext } from "./index.ts";

/** Defaults (params of the same name override them). */
export const ST_RSBP_DEFAULTS = {
  targetTrue: 0.2,
  targetFalse: 0.02,
  /** 0.2: best of 0.1 / 0.2 / 0.5 on programs/strsbp/digits.snn over 8 epochs (test 82.4 /
   *  84.0 / 78-81 %). */
  eta: 0.2,
  weightPerSpike: 160,
  /** Learning-rate schedule: eta is multiplied by etaDecay after every training epoch (or
   *  every epochSamples training samples, when that is > 0). etaDecay 1: constant rate. */
  etaDecay: 1,
  epochSamples: 0,
  /** Jacobi iterations for the recurrent solve and the clamp on |delta| (a diverging
   *  recurrence is cut off rather than written into weights). */
  silentGain: 0.5,
  iterations: 50,
  maxDelta: 64,
} as const;

function param(h: Pick<HostContext, "params">, key: keyof typeof ST_RSBP_DEFAULTS): number {
  const v = h.params[key];
  if (v === undefined) return ST_RSBP_DEFAULTS[key];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new EmulatorFault(
      `host routine st_rsbp: parameter '${key}' must be a number (got ${String(v)})`,
    );
  }
  return v;
}

/** Spike counts of a population over all phases of the sample. */
function totalCounts(h: HostContext, pop: string): Float64Array {
  const phases = h.phases.length > 0 ? h.phases : [""];
  let out: Float64Array | null = null;
  for (const ph of phases) {
    const c = h.counts(pop, ph);
    if (!out) out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = (out[i] as number) + (c[i] as number);
  }
  return out ?? new Float64Array(0);
}

/** The learning rate for this sample: eta * etaDecay^e, e = the sample's training epoch, or
 *  floor(sample / epochSamples) when epochSamples > 0. */
export function scheduledEta(h: Pick<HostContext, "params" | "sample" | "epoch">): number {
  const eta = param(h, "eta");
  const decay = param(h, "etaDecay");
  const per = param(h, "epochSamples");
  if (decay <= 0 || per < 0) {
    throw new EmulatorFault("host routine st_rsbp: etaDecay must be > 0 and epochSamples >= 0");
  }
  if (decay === 1) return eta;
  const epoch = per > 0 ? Math.floor(Math.max(0, h.sample) / per) : Math.max(0, h.epoch);
  return eta * decay ** epoch;
}

interface Edge {
  p: ProjectionImage;
  /** Per synapse: S-PSP (tag, >= 0), weight, sensitivity g_k. */
  e: Float64Array;
  w: Float64Array;
  g: Float64Array;
  meanE: number;
}

/** The projections named by parameter `updates` (comma-separated ids). */
function updatedProjections(params: HostContext["params"]): string[] {
  const ids = updatedProjectionIds(params.updates);
  if (ids.length === 0)
    throw new EmulatorFault("host routine st_rsbp: parameter 'updates' names no projection");
  return ids;
}

/** Load-time check of the parameters (the same checks the routine makes when it runs, so a bad
 *  image is refused before the run instead of at the end of its first sample). */
export function checkStRsbpParams(params: HostContext["params"], projections: string[]): void {
  for (const key of Object.keys(ST_RSBP_DEFAULTS) as (keyof typeof ST_RSBP_DEFAULTS)[])
    param({ params }, key);
  scheduledEta({ params, sample: 0, epoch: 0 });
  for (const id of updatedProjections(params))
    if (!projections.includes(id))
      throw new EmulatorFault(`host routine st_rsbp: projection '${id}' is not in the image`);
}

export function stRsbp(h: HostContext): void {
  if (h.label < 0) return;
  const ids = updatedProjections(h.params);
  const perSpike = param(h, "weightPerSpike");
  const counts = new Map<string, Float64Array>();
  const countOf = (pop: string) => {
    let c = counts.get(pop);
    if (!c) {
      c = totalCounts(h, pop);
      counts.set(pop, c);
    }
    return c;
  };
  const edges: Edge[] = ids.map((id) => {
    const p = h.projection(id);
    const n = p.slot.length;
    const e = new Float64Array(n);
    const w = new Float64Array(n);
    const pre = countOf(p.pre);
    let sumR = 0;
    let nR = 0;
    let sumE = 0;
    let nE = 0;
    for (let k = 0; k < n; k++) {
      e[k] = Math.max(0, h.readTag(p.core[k] as number, p.slot[k] as number));
      w[k] = h.readWeight(p.core[k] as number, p.slot[k] as number);
      const a = pre[p.preIndex[k] as number] as number;
      if ((e[k] as number) > 0) {
        sumE += e[k] as number;
        nE++;
        if (a > 0) {
          sumR += (e[k] as number) / a;
          nR++;
        }
      }
    }
    const meanR = nR > 0 ? sumR / nR : 1;
    // A silent post neuron accumulated no S-PSP (tags grow at post spikes only), which would
    // freeze it for good; its synapses use a surrogate, the S-PSP an average pre spike gives
    // (meanR per pre spike) times silentGain, so a positive delta can wake it.
    const post = countOf(p.post);
    const silent = param(h, "silentGain");
    for (let k = 0; k < n; k++) {
      if ((post[p.postIndex[k] as number] as number) === 0) {
        e[k] = silent * meanR * (pre[p.preIndex[k] as number] as number);
      }
    }
    const g = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const a = pre[p.preIndex[k] as number] as number;
      if (a > 0) g[k] = ((w[k] as number) / perSpike) * ((e[k] as number) / a / meanR);
    }
    return { p, e, w, g, meanE: nE > 0 ? sumE / nE : 1 };
  });
  // The output population: a post that feeds no other population through an updated projection.
  const out = edges
    .map((x) => x.p.post)
    .find((pop) => !edges.some((x) => x.p.pre === pop && x.p.post !== pop));
  if (!out)
    throw new EmulatorFault(
      "host routine st_rsbp: no output population among the updated projections",
    );
  const steps = h.sampleSteps;
  const aOut = countOf(out);
  const delta = new Map<string, Float64Array>();
  const dOut = aOut.map(
    (a, j) => (j === h.label ? param(h, "targetTrue") : param(h, "targetFalse")) * steps - a,
  );
  delta.set(out, dOut);
  // Hidden populations, from the output backwards (reverse order of first appearance as post).
  const hidden = [...new Set(edges.map((x) => x.p.post))].filter((pop) => pop !== out).reverse();
  const maxD = param(h, "maxDelta");
  for (const pop of hidden) {
    const a = countOf(pop);
    const n = a.length;
    const b = new Float64Array(n);
    for (const x of edges) {
      if (x.p.pre !== pop || x.p.post === pop) continue;
      const dp = delta.get(x.p.post);
      if (!dp) continue;
      for (let k = 0; k < x.g.length; k++) {
        const i = x.p.preIndex[k] as number;
        b[i] = (b[i] as number) + (x.g[k] as number) * (dp[x.p.postIndex[k] as number] as number);
      }
    }
    const rec = edges.filter((x) => x.p.pre === pop && x.p.post === pop);
    // Count derivative: 1 for a firing neuron, silentGain for a silent one (a surrogate, so
    // errors still reach neurons just below threshold).
    const gate = (i: number) => ((a[i] as number) > 0 ? 1 : param(h, "silentGain"));
    let d = b.map((v, i) => gate(i) * Math.max(-maxD, Math.min(maxD, v)));
    for (let it = 0; it < param(h, "iterations") && rec.length > 0; it++) {
      const next = Float64Array.from(b);
      for (const x of rec) {
        for (let k = 0; k < x.g.length; k++) {
          const i = x.p.preIndex[k] as number;
          next[i] =
            (next[i] as number) + (x.g[k] as number) * (d[x.p.postIndex[k] as number] as number);
        }
      }
      let change = 0;
      for (let i = 0; i < n; i++) {
        const v = gate(i) * Math.max(-maxD, Math.min(maxD, next[i] as number));
        change = Math.max(change, Math.abs(v - (d[i] as number)));
        next[i] = v;
      }
      d = next;
      if (change < 1e-9) break;
    }
    delta.set(pop, d);
  }
  // Weight updates (stochastic rounding to whole mantissa units), then clear the S-PSP tags.
  const eta = scheduledEta(h);
  const prng = new ChipPrng(derivePrngSeed(h.seed, h.sample, 0x5a));
  for (const x of edges) {
    const dp = delta.get(x.p.post) as Float64Array;
    for (let k = 0; k < x.e.length; k++) {
      const core = x.p.core[k] as number;
      const slot = x.p.slot[k] as number;
      const ek = x.e[k] as number;
      if (ek === 0) continue;
      // In units of the format's weight step, rounded stochastically so that small updates
      // survive on average.
      const step = h.weightLimits(core, slot).step;
      const units = (eta * (dp[x.p.postIndex[k] as number] as number) * (ek / x.meanE)) / step;
      const dw = stochasticRound(Math.round(units * 256), 8, prng) * step;
      if (dw !== 0) h.writeWeight(core, slot, (x.w[k] as number) + dw);
      if (h.readTag(core, slot) !== 0) h.writeTag(core, slot, 0);
    }
  }
}
