// A conventional float MLP for the digits classifiers (algorithms.md A and D): no spikes and no
// rate clamp, ReLU hidden units with biases, softmax cross-entropy, plain SGD. It answers how far
// a 64-100-10 network gets on the fixed split when nothing is spiking, local or fixed point:
// with exact back-propagation (`transpose`) or with fixed random feedback (`random`, feedback
// alignment). Pure computation: no files, no printing.
import type { LabelledSet } from "./data.ts";
import { Rng } from "./rng.ts";

export interface MlpConfig {
  nHidden: number;
  feedback: "transpose" | "random";
  /** SGD step per sample (constant). */
  eta: number;
  epochs: number;
  seed: number;
  /**
   * Training input noise: each presentation sees, per pixel, the count of `inputDraws` Bernoulli
   * draws with the pixel's value as probability, divided by `inputDraws` (what a rate-coded input
   * window of that many steps delivers; a fresh draw at every presentation). 0 or absent: the
   * exact pixel values. Testing always uses the exact values.
   */
  inputDraws?: number;
}

export interface Mlp {
  cfg: MlpConfig;
  nIn: number;
  nOut: number;
  /** W1 hidden x in, W2 out x hidden, B hidden x out (random feedback), biases. */
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
  b: Float64Array;
}

function forward(m: Mlp, x: ArrayLike<number>) {
  const { nIn, nOut } = m;
  const H = m.cfg.nHidden;
  const u = new Float64Array(H);
  const h = new Float64Array(H);
  for (let i = 0; i < H; i++) {
    let s = m.b1[i]!;
    for (let j = 0; j < nIn; j++) s += m.w1[i * nIn + j]! * x[j]!;
    u[i] = s;
    h[i] = Math.max(0, s);
  }
  const o = new Float64Array(nOut);
  for (let k = 0; k < nOut; k++) {
    let s = m.b2[k]!;
    for (let i = 0; i < H; i++) s += m.w2[k * H + i]! * h[i]!;
    o[k] = s;
  }
  return { u, h, o };
}

/** Trains a fresh network on `train` (Glorot-uniform weights, zero biases, seeded order). */
export function trainMlp(train: LabelledSet, cfg: MlpConfig): Mlp {
  const rng = new Rng(cfg.seed);
  const nIn = train.x.cols;
  const nOut = train.nClasses;
  const H = cfg.nHidden;
  const init = (n: number, fanIn: number, fanOut: number) => {
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    return Float64Array.from({ length: n }, () => rng.range(-lim, lim));
  };
  const m: Mlp = {
    cfg,
    nIn,
    nOut,
    w1: init(H * nIn, nIn, H),
    b1: new Float64Array(H),
    w2: init(nOut * H, H, nOut),
    b2: new Float64Array(nOut),
    b: init(H * nOut, nOut, H),
  };
  const e = new Float64Array(nOut);
  const eh = new Float64Array(H);
  const draws = cfg.inputDraws ?? 0;
  const noisy = new Float64Array(nIn);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    for (const r of rng.permutation(train.x.rows)) {
      let x = train.x.data.subarray(r * nIn, (r + 1) * nIn);
      if (draws > 0) {
        for (let j = 0; j < nIn; j++) {
          let c = 0;
          for (let t = 0; t < draws; t++) if (rng.uniform() < x[j]!) c++;
          noisy[j] = c / draws;
        }
        x = noisy;
      }
      const { u, h, o } = forward(m, x);
      // Output error: one-hot target minus softmax (the negative cross-entropy gradient).
      const top = Math.max(...o);
      let z = 0;
      for (let k = 0; k < nOut; k++) z += Math.exp(o[k]! - top);
      for (let k = 0; k < nOut; k++) e[k] = (k === train.y[r] ? 1 : 0) - Math.exp(o[k]! - top) / z;
      for (let i = 0; i < H; i++) {
        let s = 0;
        for (let k = 0; k < nOut; k++)
          s += (cfg.feedback === "transpose" ? m.w2[k * H + i]! : m.b[i * nOut + k]!) * e[k]!;
        eh[i] = u[i]! > 0 ? s : 0;
      }
      for (let k = 0; k < nOut; k++) {
        const g = cfg.eta * e[k]!;
        for (let i = 0; i < H; i++) m.w2[k * H + i]! += g * h[i]!;
        m.b2[k]! += g;
      }
      for (let i = 0; i < H; i++) {
        const g = cfg.eta * eh[i]!;
        if (g === 0) continue;
        for (let j = 0; j < nIn; j++) m.w1[i * nIn + j]! += g * x[j]!;
        m.b1[i]! += g;
      }
    }
  }
  return m;
}

/** Fraction of `set` classified correctly (argmax of the output). */
export function mlpAccuracy(m: Mlp, set: LabelledSet): number {
  let ok = 0;
  for (let r = 0; r < set.x.rows; r++) {
    const { o } = forward(m, set.x.data.subarray(r * m.nIn, (r + 1) * m.nIn));
    let best = 0;
    for (let k = 1; k < m.nOut; k++) if (o[k]! > o[best]!) best = k;
    if (best === set.y[r]) ok++;
  }
  return ok / set.x.rows;
}
