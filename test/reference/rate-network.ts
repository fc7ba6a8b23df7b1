// Rate-based float model of a two-layer spiking classifier (input -> hidden -> output) trained
// with local error-driven rules: error-modulated STDP (algorithms.md A) and the feedback-weight
// schemes of credit assignment without weight transport (D). A neuron's value is its firing rate
// in spikes per step: a non-leaky integrate-and-fire neuron with threshold 1 and reset to 0,
// driven by u per step, fires at about clamp(u, 0, 1). Pure computation: no files, no printing.
import { argmaxReadout } from "../../cli/eval/classification.ts";
import { type Matrix, zeros } from "../../cli/eval/matrix.ts";
import type { LabelledSet } from "./data.ts";
import { Rng } from "./rng.ts";

/** How the hidden layer receives the output error. */
export type Feedback =
  /** B = W2^T at every step (back-propagation; EMSTDP's transpose feedback). */
  | "transpose"
  /** B fixed random (feedback alignment). */
  | "random"
  /** B learns dB = etaB (xi r^T - decay B), r = W2 xi, from noise xi (weight mirror). */
  | "mirror"
  /** B learns dB = etaB (xi r^T - (B r) r^T - decay B): amp + null + decay (information alignment). */
  | "information";

export interface RateNetworkConfig {
  nIn: number;
  nHidden: number;
  nOut: number;
  feedback: Feedback;
  /**
   * "two-phase": EMSTDP's rule dw = eta * pre(phase 1) * (post(phase 2) - post(phase 1)), with the
   * error injected into the forward neurons in phase 2. "delta": dw = eta * pre * error, the plain
   * float MLP update the two-phase rule approximates.
   */
  rule: "two-phase" | "delta";
  /**
   * Pre factor of the output weights' two-phase update: the hidden rates of phase 1 (the
   * algorithm), or of phase 2, which carry the injected hidden error B e (what the chip's pre
   * trace at the end of the clamp phase reads).
   */
  w2Pre: "phase1" | "phase2";
  /** Learning rate of the forward weights, per sample, and its factor after each epoch. */
  eta: number;
  etaDecay: number;
  /** W1's learning rate as a multiple of eta (the chip sets each layer's rate by its own impulse). */
  w1EtaFactor: number;
  /** W2's weights are clipped to +-w2Limit (the chip's weights live in a fixed range). */
  w2Limit: number;
  /** L2 weight decay of W1 and W2: after each sample every weight is multiplied by 1 - this. */
  weightDecay: number;
  /** Output error neurons fire at +-errorThreshold; the error rate is (target - out) / threshold. */
  errorThreshold: number;
  /** Learning rate and decay of the feedback weights (mirror and information modes). */
  etaFeedback: number;
  decayFeedback: number;
  /** Mirror-phase noise steps per training sample and their standard deviation. */
  mirrorSteps: number;
  mirrorSigma: number;
  /** Adds an always-on input (rate 1) so each neuron has a learned bias. */
  biasInput: boolean;
  /**
   * Training input is the spike count of `inputWindow` Bernoulli steps divided by the window
   * (what a rate-coded phase of that length delivers); 0 presents the exact rates.
   */
  inputWindow: number;
  seed: number;
}

export const RATE_DEFAULTS: Omit<RateNetworkConfig, "nIn" | "nHidden" | "nOut"> = {
  feedback: "transpose",
  rule: "two-phase",
  w2Pre: "phase1",
  eta: 0.2,
  etaDecay: 0.93,
  w1EtaFactor: 1,
  w2Limit: Number.POSITIVE_INFINITY,
  weightDecay: 0,
  errorThreshold: 3,
  etaFeedback: 0.005,
  decayFeedback: 0.1,
  mirrorSteps: 1,
  mirrorSigma: 1,
  biasInput: false,
  inputWindow: 49,
  seed: 1,
};

/** Weights and feedback of the network: W1 hidden x in, W2 out x hidden, B hidden x out. */
export interface RateNetwork {
  cfg: RateNetworkConfig;
  w1: Matrix;
  w2: Matrix;
  b: Matrix;
  rng: Rng;
  /** Completed training epochs (sets the learning-rate decay). */
  epoch: number;
}

const rate = (u: number): number => Math.min(1, Math.max(0, u));

/** Uniform init in +-sqrt(6 / (fanIn + fanOut)) (Glorot), drawn W1, W2, then B from one stream. */
export function createRateNetwork(
  sizes: { nIn: number; nHidden: number; nOut: number },
  opts: Partial<RateNetworkConfig> = {},
): RateNetwork {
  const cfg: RateNetworkConfig = { ...RATE_DEFAULTS, ...sizes, ...opts };
  const rng = new Rng(cfg.seed);
  const nIn = cfg.nIn + (cfg.biasInput ? 1 : 0);
  const init = (rows: number, cols: number, fanIn: number, fanOut: number): Matrix => {
    const m = zeros(rows, cols);
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.range(-lim, lim);
    return m;
  };
  const w1 = init(cfg.nHidden, nIn, nIn, cfg.nHidden);
  const w2 = init(cfg.nOut, cfg.nHidden, cfg.nHidden, cfg.nOut);
  const b = init(cfg.nHidden, cfg.nOut, cfg.nOut, cfg.nHidden);
  return { cfg, w1, w2, b, rng, epoch: 0 };
}

function layer(w: Matrix, x: Float64Array, inject: Float64Array | null, out: Float64Array): void {
  for (let i = 0; i < w.rows; i++) {
    let u = inject ? inject[i]! : 0;
    const o = i * w.cols;
    for (let j = 0; j < w.cols; j++) u += w.data[o + j]! * x[j]!;
    out[i] = rate(u);
  }
}

function inputVector(net: RateNetwork, x: Float64Array): Float64Array {
  if (!net.cfg.biasInput) return x;
  const v = new Float64Array(x.length + 1);
  v.set(x);
  v[x.length] = 1;
  return v;
}

/** Output rates (phase 1, no error) for one input vector. */
export function forward(net: RateNetwork, x: Float64Array): { h: Float64Array; o: Float64Array } {
  const h = new Float64Array(net.cfg.nHidden);
  const o = new Float64Array(net.cfg.nOut);
  layer(net.w1, inputVector(net, x), null, h);
  layer(net.w2, h, null, o);
  return { h, o };
}

/** The feedback matrix in use (hidden x out). */
export function feedbackMatrix(net: RateNetwork): Matrix {
  if (net.cfg.feedback !== "transpose") return net.b;
  const { w2 } = net;
  const t = zeros(w2.cols, w2.rows);
  for (let i = 0; i < w2.rows; i++)
    for (let j = 0; j < w2.cols; j++) t.data[j * w2.rows + i] = w2.data[i * w2.cols + j]!;
  return t;
}

/** One mirror-phase step: noise at the hidden layer, B learns from it (mirror / information). */
function mirrorStep(net: RateNetwork): void {
  const { cfg, w2, b, rng } = net;
  const xi = new Float64Array(cfg.nHidden);
  for (let i = 0; i < xi.length; i++) xi[i] = cfg.mirrorSigma * rng.normal();
  const r = new Float64Array(cfg.nOut);
  for (let k = 0; k < cfg.nOut; k++) {
    let s = 0;
    for (let i = 0; i < cfg.nHidden; i++) s += w2.data[k * cfg.nHidden + i]! * xi[i]!;
    r[k] = s;
  }
  const scale = cfg.mirrorSigma * cfg.mirrorSigma;
  for (let i = 0; i < cfg.nHidden; i++) {
    let br = 0;
    if (cfg.feedback === "information")
      for (let k = 0; k < cfg.nOut; k++) br += b.data[i * cfg.nOut + k]! * r[k]!;
    for (let k = 0; k < cfg.nOut; k++) {
      const idx = i * cfg.nOut + k;
      const amp = xi[i]! * r[k]!;
      const nul = cfg.feedback === "information" ? br * r[k]! : 0;
      b.data[idx] =
        b.data[idx]! +
        (cfg.etaFeedback / scale) * (amp - nul - cfg.decayFeedback * scale * b.data[idx]!);
    }
  }
}

/** Per input, the count of `window` Bernoulli(p) draws divided by `window`. */
export function sampleRates(rng: Rng, x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const p = x[j]!;
    if (p <= 0) continue;
    let c = 0;
    for (let t = 0; t < window; t++) if (rng.uniform() < p) c++;
    out[j] = c / window;
  }
  return out;
}

/** Trains on one sample (pixel rates x, class label). */
export function trainSample(net: RateNetwork, x: Float64Array, label: number): void {
  const { cfg, w1, w2 } = net;
  const xin = inputVector(net, cfg.inputWindow > 0 ? sampleRates(net.rng, x, cfg.inputWindow) : x);
  const h1 = new Float64Array(cfg.nHidden);
  const o1 = new Float64Array(cfg.nOut);
  layer(w1, xin, null, h1);
  layer(w2, h1, null, o1);
  // Output error rate: +1 per step for the silent true class, -1 for an active wrong class,
  // divided by the error neurons' threshold; a +/- neuron pair carries the sign.
  const e = new Float64Array(cfg.nOut);
  for (let k = 0; k < cfg.nOut; k++) e[k] = ((k === label ? 1 : 0) - o1[k]!) / cfg.errorThreshold;
  // Hidden error through the feedback weights, gated by whether the forward twin fired in phase 1.
  const bMat = feedbackMatrix(net);
  const eh = new Float64Array(cfg.nHidden);
  for (let i = 0; i < cfg.nHidden; i++) {
    if (h1[i]! <= 0) continue;
    let s = 0;
    for (let k = 0; k < cfg.nOut; k++) s += bMat.data[i * cfg.nOut + k]! * e[k]!;
    eh[i] = s;
  }
  let dh: Float64Array;
  let dout: Float64Array;
  let hPre = h1;
  if (cfg.rule === "two-phase") {
    // Phase 2: same input, error spikes injected 1:1 into the forward twins.
    const h2 = new Float64Array(cfg.nHidden);
    const o2 = new Float64Array(cfg.nOut);
    layer(w1, xin, eh, h2);
    layer(w2, h2, e, o2);
    dh = h2.map((v, i) => v - h1[i]!);
    if (cfg.w2Pre === "phase2") hPre = h2;
    dout = o2.map((v, k) => v - o1[k]!);
  } else {
    dh = eh;
    dout = e;
  }
  const eta = cfg.eta * cfg.etaDecay ** net.epoch;
  for (let k = 0; k < cfg.nOut; k++) {
    const g = eta * dout[k]!;
    if (g === 0) continue;
    const o = k * cfg.nHidden;
    const lim = cfg.w2Limit;
    for (let i = 0; i < cfg.nHidden; i++)
      w2.data[o + i] = Math.max(-lim, Math.min(lim, w2.data[o + i]! + g * hPre[i]!));
  }
  for (let i = 0; i < cfg.nHidden; i++) {
    const g = cfg.w1EtaFactor * eta * dh[i]!;
    if (g === 0) continue;
    const o = i * xin.length;
    for (let j = 0; j < xin.length; j++) w1.data[o + j] = w1.data[o + j]! + g * xin[j]!;
  }
  if (cfg.weightDecay > 0) {
    const keep = 1 - cfg.weightDecay;
    for (const w of [w1.data, w2.data]) for (let i = 0; i < w.length; i++) w[i]! *= keep;
  }
  if (cfg.feedback === "mirror" || cfg.feedback === "information") {
    for (let s = 0; s < cfg.mirrorSteps; s++) mirrorStep(net);
  }
}

/** One epoch over `set` in a seeded random order. */
export function trainEpoch(net: RateNetwork, set: LabelledSet): void {
  const order = net.rng.permutation(set.x.rows);
  const d = set.x.cols;
  for (const r of order) trainSample(net, set.x.data.subarray(r * d, (r + 1) * d), set.y[r]!);
  net.epoch++;
}

/** Argmax-of-output-rate predictions (ties to the lowest class, all-silent = no decision). */
export function predict(net: RateNetwork, set: LabelledSet): Int32Array {
  const d = set.x.cols;
  const rates = new Float64Array(set.x.rows * net.cfg.nOut);
  for (let r = 0; r < set.x.rows; r++)
    rates.set(forward(net, set.x.data.subarray(r * d, (r + 1) * d)).o, r * net.cfg.nOut);
  return argmaxReadout(rates, net.cfg.nOut);
}
