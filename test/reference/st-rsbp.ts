// Float reference in the spirit of ST-RSBP (Zhang & Li, NeurIPS 2019; algorithms.md B): a
// recurrent spiking network (LIF with synaptic current, refractory period, sparse recurrent
// hidden layer, output lateral inhibition) simulated in floating point, trained at the level of
// spike counts with per-synapse S-PSPs (second-order pre traces summed at post spikes). The
// deltas, including the recurrent layer's linear solve, are the host's part. Pure computation.
import { type Matrix, solveSpd, zeros } from "../../cli/eval/matrix.ts";
import type { LabelledSet } from "./data.ts";
import { Rng } from "./rng.ts";

export interface StRsbpConfig {
  nIn: number;
  nHidden: number;
  nOut: number;
  /** Steps per sample; input j spikes with probability pixel_j * inputRate per step. */
  steps: number;
  inputRate: number;
  /** Membrane and synaptic time constants (steps), threshold, refractory steps. */
  tauM: number;
  tauS: number;
  threshold: number;
  refractory: number;
  /** Connection probability of the recurrent hidden layer; lateral inhibition between outputs. */
  recurrentProb: number;
  lateralInhibition: number;
  /** Target output spike counts for the true class and the others. */
  targetTrue: number;
  targetOther: number;
  eta: number;
  etaDecay: number;
  /**
   * S-PSP per pre spike assumed for a post neuron that stayed silent (it accumulated none), so a
   * silent neuron still gets a gradient and can learn to fire.
   */
  silentPsp: number;
  /** Output count errors are clipped to +-errorClip so one bad sample cannot silence a layer. */
  errorClip: number;
  /** Include the recurrent term in the hidden deltas (the linear solve); false = feed-forward only. */
  recurrentDeltas: boolean;
  seed: number;
}

export const ST_RSBP_DEFAULTS: Omit<StRsbpConfig, "nIn" | "nHidden" | "nOut"> = {
  steps: 100,
  inputRate: 1,
  tauM: 8,
  tauS: 2,
  threshold: 1,
  refractory: 2,
  recurrentProb: 0.2,
  lateralInhibition: 0.5,
  targetTrue: 6,
  targetOther: 0,
  eta: 0.01,
  etaDecay: 0.8,
  recurrentDeltas: true,
  errorClip: 2,
  silentPsp: 0.1,
  seed: 1,
};

export interface StRsbpNetwork {
  cfg: StRsbpConfig;
  /** Input -> hidden (nHidden x nIn), hidden -> hidden (nHidden x nHidden, masked), hidden -> out. */
  wIn: Matrix;
  wRec: Matrix;
  recMask: Uint8Array;
  wOut: Matrix;
  rng: Rng;
  epoch: number;
  /** Host learning steps taken and multiply-accumulates they cost (the linear solves included). */
  hostSteps: number;
  hostMacs: number;
}

export function createStRsbp(
  sizes: { nIn: number; nHidden: number; nOut: number },
  opts: Partial<StRsbpConfig> = {},
): StRsbpNetwork {
  const cfg: StRsbpConfig = { ...ST_RSBP_DEFAULTS, ...sizes, ...opts };
  const rng = new Rng(cfg.seed);
  const init = (rows: number, cols: number, scale: number): Matrix => {
    const m = zeros(rows, cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal() * scale;
    return m;
  };
  const wIn = init(cfg.nHidden, cfg.nIn, 1 / Math.sqrt(cfg.nIn));
  const wRec = init(cfg.nHidden, cfg.nHidden, 0.5 / Math.sqrt(cfg.nHidden * cfg.recurrentProb));
  const recMask = new Uint8Array(cfg.nHidden * cfg.nHidden);
  for (let i = 0; i < cfg.nHidden; i++) {
    for (let j = 0; j < cfg.nHidden; j++) {
      const on = i !== j && rng.bernoulli(cfg.recurrentProb);
      recMask[i * cfg.nHidden + j] = on ? 1 : 0;
      if (!on) wRec.data[i * cfg.nHidden + j] = 0;
    }
  }
  const wOut = init(cfg.nOut, cfg.nHidden, 1 / Math.sqrt(cfg.nHidden));
  return { cfg, wIn, wRec, recMask, wOut, rng, epoch: 0, hostSteps: 0, hostMacs: 0 };
}

/** Counts and S-PSPs of one presentation. */
export interface Presentation {
  inCount: Float64Array;
  hiddenCount: Float64Array;
  outCount: Float64Array;
  /** S-PSP e_ij: sum over post spikes of i of pre j's second-order trace (same shapes as W). */
  eIn: Float64Array;
  eRec: Float64Array;
  eOut: Float64Array;
}

/**
 * Simulates one sample. Neuron: I <- I (1 - 1/tauS) + sum w s; v <- v (1 - 1/tauM) + I / tauM;
 * spike at v >= threshold, reset to 0, then `refractory` steps without integration. Pre traces:
 * x1 <- x1 (1 - 1/tauS) + s, x2 <- x2 (1 - 1/tauM) + x1 / tauM (the PSP a spike causes), so
 * v ~ sum_j w_ij x2_j; at each post spike the synapse accumulates e_ij += x2_j.
 */
export function present(net: StRsbpNetwork, x: ArrayLike<number>, learn: boolean): Presentation {
  const { cfg, wIn, wRec, wOut, rng } = net;
  const nI = cfg.nIn;
  const nH = cfg.nHidden;
  const nO = cfg.nOut;
  const am = 1 - 1 / cfg.tauM;
  const as = 1 - 1 / cfg.tauS;
  const inX1 = new Float64Array(nI);
  const inX2 = new Float64Array(nI);
  const hX1 = new Float64Array(nH);
  const hX2 = new Float64Array(nH);
  const hI = new Float64Array(nH);
  const hV = new Float64Array(nH);
  const hRef = new Int32Array(nH);
  const oI = new Float64Array(nO);
  const oV = new Float64Array(nO);
  const oRef = new Int32Array(nO);
  const hS = new Uint8Array(nH);
  const oS = new Uint8Array(nO);
  const inS = new Uint8Array(nI);
  const res: Presentation = {
    inCount: new Float64Array(nI),
    hiddenCount: new Float64Array(nH),
    outCount: new Float64Array(nO),
    eIn: new Float64Array(learn ? nH * nI : 0),
    eRec: new Float64Array(learn ? nH * nH : 0),
    eOut: new Float64Array(learn ? nO * nH : 0),
  };
  for (let t = 0; t < cfg.steps; t++) {
    for (let j = 0; j < nI; j++) {
      inS[j] = rng.uniform() < x[j]! * cfg.inputRate ? 1 : 0;
      res.inCount[j] = res.inCount[j]! + inS[j]!;
      inX1[j] = inX1[j]! * as + inS[j]!;
      inX2[j] = inX2[j]! * am + inX1[j]! / cfg.tauM;
    }
    // Hidden: input spikes of this step and hidden spikes of the previous step (recurrent delay 1).
    const newH = new Uint8Array(nH);
    for (let i = 0; i < nH; i++) {
      let drive = 0;
      for (let j = 0; j < nI; j++) if (inS[j]) drive += wIn.data[i * nI + j]!;
      for (let j = 0; j < nH; j++) if (hS[j]) drive += wRec.data[i * nH + j]!;
      hI[i] = hI[i]! * as + drive;
      if (hRef[i]! > 0) {
        hRef[i] = hRef[i]! - 1;
        continue;
      }
      hV[i] = hV[i]! * am + hI[i]! / cfg.tauM;
      if (hV[i]! >= cfg.threshold) {
        newH[i] = 1;
        hV[i] = 0;
        hRef[i] = cfg.refractory;
        res.hiddenCount[i] = res.hiddenCount[i]! + 1;
        if (learn) {
          for (let j = 0; j < nI; j++) res.eIn[i * nI + j] = res.eIn[i * nI + j]! + inX2[j]!;
          for (let j = 0; j < nH; j++) res.eRec[i * nH + j] = res.eRec[i * nH + j]! + hX2[j]!;
        }
      }
    }
    hS.set(newH);
    for (let j = 0; j < nH; j++) {
      hX1[j] = hX1[j]! * as + hS[j]!;
      hX2[j] = hX2[j]! * am + hX1[j]! / cfg.tauM;
    }
    const newO = new Uint8Array(nO);
    for (let k = 0; k < nO; k++) {
      let drive = 0;
      for (let j = 0; j < nH; j++) if (hS[j]) drive += wOut.data[k * nH + j]!;
      // Lateral inhibition from the other outputs' spikes of the previous step.
      for (let q = 0; q < nO; q++) if (q !== k && oS[q]) drive -= cfg.lateralInhibition;
      oI[k] = oI[k]! * as + drive;
      if (oRef[k]! > 0) {
        oRef[k] = oRef[k]! - 1;
        continue;
      }
      oV[k] = oV[k]! * am + oI[k]! / cfg.tauM;
      if (oV[k]! >= cfg.threshold) {
        newO[k] = 1;
        oV[k] = 0;
        oRef[k] = cfg.refractory;
        res.outCount[k] = res.outCount[k]! + 1;
        if (learn)
          for (let j = 0; j < nH; j++) res.eOut[k * nH + j] = res.eOut[k * nH + j]! + hX2[j]!;
      }
    }
    oS.set(newO);
  }
  return res;
}

/**
 * Host learning step at spike-train level. Counts follow a_i ~ sum_j w_ij e_ij / threshold, so
 * da_i/dw_ij = e_ij / threshold and da_i/da_j = w_ij (e_ij / a_j) / threshold. Output delta
 * d_k = clip(a_k - target_k); hidden deltas solve the recurrent system
 * (I - R^T) d_h = c with R_ij = w_ij (e_ij / a_j) / threshold and
 * c_j = sum_k d_k w_kj (e_kj / a_j) / threshold (the non-local part, done by the host);
 * then dw_ij = -eta d_i e_ij / threshold. A silent post neuron uses e_ij = silentPsp * a_j.
 */
export function hostLearn(net: StRsbpNetwork, p: Presentation, label: number): void {
  const { cfg, wIn, wRec, wOut, recMask } = net;
  const nI = cfg.nIn;
  const nH = cfg.nHidden;
  const nO = cfg.nOut;
  const th = cfg.threshold;
  const k0 = cfg.silentPsp;
  const eta = cfg.eta * cfg.etaDecay ** net.epoch;
  const fillSilent = (e: Float64Array, post: Float64Array, pre: Float64Array) => {
    const n = pre.length;
    for (let i = 0; i < post.length; i++) {
      if (post[i]! > 0) continue;
      for (let j = 0; j < n; j++) e[i * n + j] = k0 * pre[j]!;
    }
  };
  fillSilent(p.eOut, p.outCount, p.hiddenCount);
  fillSilent(p.eIn, p.hiddenCount, p.inCount);
  fillSilent(p.eRec, p.hiddenCount, p.hiddenCount);
  // e_ij / a_j, the S-PSP per pre spike; silentPsp where the pre neuron was silent.
  const ratio = (e: Float64Array, idx: number, aj: number) => (aj > 0 ? e[idx]! / aj : k0);
  const dOut = new Float64Array(nO);
  for (let k = 0; k < nO; k++) {
    const err = p.outCount[k]! - (k === label ? cfg.targetTrue : cfg.targetOther);
    dOut[k] = Math.max(-cfg.errorClip, Math.min(cfg.errorClip, err));
  }
  const c = new Float64Array(nH);
  for (let j = 0; j < nH; j++) {
    let s = 0;
    for (let k = 0; k < nO; k++)
      s += dOut[k]! * wOut.data[k * nH + j]! * ratio(p.eOut, k * nH + j, p.hiddenCount[j]!);
    c[j] = s / th;
  }
  let dH: Float64Array = c;
  if (cfg.recurrentDeltas) {
    // (I - R^T) d = c, solved through the normal equations A^T A d = A^T c (A = I - R^T) so the
    // SPD solver applies; a small ridge keeps it well posed when A is near-singular.
    const a = zeros(nH, nH);
    for (let i = 0; i < nH; i++) {
      for (let j = 0; j < nH; j++) {
        const r = recMask[i * nH + j]
          ? (wRec.data[i * nH + j]! * ratio(p.eRec, i * nH + j, p.hiddenCount[j]!)) / th
          : 0;
        a.data[j * nH + i] = (i === j ? 1 : 0) - r;
      }
    }
    const ata = zeros(nH, nH);
    const atc = zeros(nH, 1);
    for (let r = 0; r < nH; r++) {
      for (let i = 0; i < nH; i++) {
        const ari = a.data[r * nH + i]!;
        if (ari === 0) continue;
        atc.data[i] = atc.data[i]! + ari * c[r]!;
        for (let j = 0; j < nH; j++)
          ata.data[i * nH + j] = ata.data[i * nH + j]! + ari * a.data[r * nH + j]!;
      }
    }
    for (let i = 0; i < nH; i++) ata.data[i * nH + i] = ata.data[i * nH + i]! + 1e-6;
    dH = solveSpd(ata, atc).data;
  }
  net.hostSteps++;
  net.hostMacs += nO * nH + (cfg.recurrentDeltas ? nH ** 3 + nH ** 3 / 3 + 2 * nH * nH : 0);
  for (let k = 0; k < nO; k++) {
    const g = (eta * dOut[k]!) / th;
    if (g === 0) continue;
    for (let j = 0; j < nH; j++)
      wOut.data[k * nH + j] = wOut.data[k * nH + j]! - g * p.eOut[k * nH + j]!;
  }
  for (let i = 0; i < nH; i++) {
    const g = (eta * dH[i]!) / th;
    if (g === 0) continue;
    for (let j = 0; j < nI; j++)
      wIn.data[i * nI + j] = wIn.data[i * nI + j]! - g * p.eIn[i * nI + j]!;
    for (let j = 0; j < nH; j++) {
      if (recMask[i * nH + j])
        wRec.data[i * nH + j] = wRec.data[i * nH + j]! - g * p.eRec[i * nH + j]!;
    }
  }
}

/** One epoch in a seeded random order. */
export function trainStRsbpEpoch(net: StRsbpNetwork, set: LabelledSet): void {
  const d = set.x.cols;
  for (const r of net.rng.permutation(set.x.rows)) {
    const x = set.x.data.subarray(r * d, (r + 1) * d);
    hostLearn(net, present(net, x, true), set.y[r]!);
  }
  net.epoch++;
}

/** Output spike counts of every sample (nSamples x nOut), for argmaxReadout. */
export function outputCounts(net: StRsbpNetwork, set: LabelledSet): Float64Array {
  const d = set.x.cols;
  const out = new Float64Array(set.x.rows * net.cfg.nOut);
  for (let r = 0; r < set.x.rows; r++)
    out.set(
      present(net, set.x.data.subarray(r * d, (r + 1) * d), false).outCount,
      r * net.cfg.nOut,
    );
  return out;
}
