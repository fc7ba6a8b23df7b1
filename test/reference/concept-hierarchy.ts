// Float reference of Lynch & Mallmann-Trenn, "Learning Hierarchically-Structured Concepts" (Neural
// Networks 2021), algorithms.md C: a layered network of memoryless threshold neurons learns a
// concept tree bottom-up with Oja's rule, one winner-take-all-chosen neuron per concept.
// Pure computation: no files, no printing.
import { type Matrix, zeros } from "../../cli/eval/matrix.ts";
import { weightConvergence } from "../../cli/eval/weights.ts";
import { Rng } from "./rng.ts";

export interface HierarchyConfig {
  /** Depth of the tree (levels 1..lmax above the leaves) and children per concept. */
  lmax: number;
  k: number;
  /** Leaves (layer 0 neurons); must be a multiple of k^lmax. */
  leaves: number;
  /** Neurons per layer 1..lmax (the WTA pool a concept's representative is chosen from). */
  neuronsPerLayer: number;
  /**
   * Oja learning rate at presentation p of a concept: eta / (1 + p / etaHalfLife). A constant
   * rate (etaHalfLife Infinity) suits noise-free presentations; with noisy ones a decaying rate
   * lets the weights settle instead of jumping 20 % each time a leaf is missing.
   */
  eta: number;
  etaHalfLife: number;
  /** Initial weight of every edge, non-negative. */
  wInit: number;
  /** Each leaf of the presented concept is present with this probability (1 = noise-free). */
  presentProb: number;
  /** Presentations per concept during learning. */
  presentations: number;
  /** Recognition thresholds r1 < r2: fire if r2-supported, stay silent if not r1-supported. */
  r1: number;
  r2: number;
  seed: number;
}

export const HIERARCHY_DEFAULTS: HierarchyConfig = {
  lmax: 2,
  k: 4,
  leaves: 64,
  neuronsPerLayer: 64,
  eta: 0.05,
  etaHalfLife: Number.POSITIVE_INFINITY,
  wInit: 1 / 256,
  presentProb: 1,
  presentations: 40,
  r1: 0.5,
  r2: 0.75,
  seed: 1,
};

/** children[l][c] = indices of level-(l-1) concepts under level-l concept c (l = 1..lmax). */
export interface ConceptTree {
  children: number[][][];
}

/** A seeded tree: leaves are shuffled, then grouped k at a time, level by level. */
export function makeTree(cfg: HierarchyConfig, rng: Rng): ConceptTree {
  const children: number[][][] = [[]];
  let below = rng.permutation(cfg.leaves);
  for (let l = 1; l <= cfg.lmax; l++) {
    if (below.length % cfg.k !== 0)
      throw new RangeError(`level ${l}: ${below.length} not a multiple of k`);
    const level: number[][] = [];
    for (let c = 0; c < below.length / cfg.k; c++)
      level.push(below.slice(c * cfg.k, (c + 1) * cfg.k));
    children.push(level);
    below = rng.permutation(level.length);
  }
  return { children };
}

export interface HierarchyNetwork {
  cfg: HierarchyConfig;
  tree: ConceptTree;
  /** weights[l]: layer l (neuronsPerLayer) x layer l-1 inputs, l = 1..lmax. */
  weights: Matrix[];
  /** rep[l][c] = the layer-l neuron representing level-l concept c, or -1. */
  rep: number[][];
  /** Firing threshold of layers 1..lmax: k * (r1 + r2) / 2 * (1 / sqrt k). */
  tau: number;
  rng: Rng;
  /** Presentations each concept needed until all its child weights were within 5 %. */
  presentationsTo5Percent: number[][];
}

export function createHierarchy(opts: Partial<HierarchyConfig> = {}): HierarchyNetwork {
  const cfg = { ...HIERARCHY_DEFAULTS, ...opts };
  const rng = new Rng(cfg.seed);
  const tree = makeTree(cfg, rng);
  const weights: Matrix[] = [zeros(0, 0)];
  for (let l = 1; l <= cfg.lmax; l++) {
    const nIn = l === 1 ? cfg.leaves : cfg.neuronsPerLayer;
    const w = zeros(cfg.neuronsPerLayer, nIn);
    w.data.fill(cfg.wInit);
    weights.push(w);
  }
  const rep = tree.children.map((lv) => lv.map(() => -1));
  const tau = ((cfg.k * (cfg.r1 + cfg.r2)) / 2) * (1 / Math.sqrt(cfg.k));
  return {
    cfg,
    tree,
    weights,
    rep,
    tau,
    rng,
    presentationsTo5Percent: tree.children.map(() => []),
  };
}

/** Leaves under concept c of level l. */
export function leavesOf(tree: ConceptTree, l: number, c: number): number[] {
  if (l === 0) return [c];
  return tree.children[l]![c]!.flatMap((ch) => leavesOf(tree, l - 1, ch));
}

/** Synchronous propagation: layer l fires at time l if its input from layer l-1 reaches tau. */
export function propagate(
  net: HierarchyNetwork,
  leafActive: Uint8Array,
): { spikes: Uint8Array[]; input: Float64Array[] } {
  const spikes: Uint8Array[] = [leafActive];
  const input: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= net.cfg.lmax; l++) {
    const w = net.weights[l]!;
    const x = spikes[l - 1]!;
    const u = new Float64Array(w.rows);
    const s = new Uint8Array(w.rows);
    for (let i = 0; i < w.rows; i++) {
      let sum = 0;
      for (let j = 0; j < w.cols; j++) if (x[j]) sum += w.data[i * w.cols + j]!;
      u[i] = sum;
      s[i] = sum >= net.tau ? 1 : 0;
    }
    input.push(u);
    spikes.push(s);
  }
  return { spikes, input };
}

/** Child-edge weights of the neuron representing concept c at level l. */
export function childWeights(net: HierarchyNetwork, l: number, c: number): number[] {
  const w = net.weights[l]!;
  const n = net.rep[l]![c]!;
  const ins =
    l === 1
      ? net.tree.children[1]![c]!
      : net.tree.children[l]![c]!.map((ch) => net.rep[l - 1]![ch]!);
  return ins.map((j) => w.data[n * w.cols + j]!);
}

/**
 * Learns every concept bottom-up: for each level and concept, `presentations` times present its
 * leaves (each with probability presentProb); the first presentation's WTA engages a random
 * not-yet-engaged neuron of the layer; only that neuron learns, by Oja's rule with y = its input:
 * dw_j = eta * y * (x_j - y * w_j), where x_j is the spike of input j at the previous step.
 */
export function learnHierarchy(net: HierarchyNetwork): void {
  const { cfg, tree, rng } = net;
  const target = 1 / Math.sqrt(cfg.k);
  for (let l = 1; l <= cfg.lmax; l++) {
    const engaged = new Uint8Array(cfg.neuronsPerLayer);
    const w = net.weights[l]!;
    for (let c = 0; c < tree.children[l]!.length; c++) {
      const free: number[] = [];
      for (let i = 0; i < cfg.neuronsPerLayer; i++) if (!engaged[i]) free.push(i);
      if (free.length === 0) throw new RangeError(`layer ${l} has no free neuron for concept ${c}`);
      const n = free[rng.int(free.length)]!;
      engaged[n] = 1;
      net.rep[l]![c] = n;
      const leaves = leavesOf(tree, l, c);
      let reached = -1;
      for (let p = 0; p < cfg.presentations; p++) {
        const active = new Uint8Array(cfg.leaves);
        for (const leaf of leaves)
          active[leaf] = cfg.presentProb >= 1 || rng.bernoulli(cfg.presentProb) ? 1 : 0;
        const x = propagate(net, active).spikes[l - 1]!;
        const eta = cfg.eta / (1 + p / cfg.etaHalfLife);
        let y = 0;
        for (let j = 0; j < w.cols; j++) if (x[j]) y += w.data[n * w.cols + j]!;
        for (let j = 0; j < w.cols; j++) {
          const idx = n * w.cols + j;
          w.data[idx] = w.data[idx]! + eta * y * (x[j]! - y * w.data[idx]!);
        }
        if (
          reached < 0 &&
          weightConvergence(childWeights(net, l, c), target, 5).fractionWithin === 1
        )
          reached = p + 1;
      }
      net.presentationsTo5Percent[l]!.push(reached);
    }
  }
}

/** Recursive support: a leaf is supported if active; a concept if >= ceil(r k) children are. */
export function supported(
  tree: ConceptTree,
  leafActive: Uint8Array,
  r: number,
  k: number,
): Uint8Array[] {
  const out: Uint8Array[] = [leafActive];
  for (let l = 1; l < tree.children.length; l++) {
    const below = out[l - 1]!;
    out.push(
      Uint8Array.from(tree.children[l]!, (ch) =>
        ch.filter((c) => below[c]).length >= Math.ceil(r * k - 1e-9) ? 1 : 0,
      ),
    );
  }
  return out;
}

export interface RecognitionResult {
  trials: number;
  /** Concepts the theorem covers (r2-supported, or not r1-supported) and how many came out right. */
  guaranteedCases: number;
  correct: number;
  /** Spikes of neurons that represent no concept (should be 0). */
  strayFirings: number;
}

/** Random leaf subsets (each leaf kept with a probability drawn from `keepProbs`). */
export function testRecognition(
  net: HierarchyNetwork,
  trials: number,
  keepProbs = [0.5, 0.7, 0.85, 1],
): RecognitionResult {
  const { cfg, tree, rng } = net;
  const res: RecognitionResult = { trials, guaranteedCases: 0, correct: 0, strayFirings: 0 };
  for (let t = 0; t < trials; t++) {
    const q = keepProbs[t % keepProbs.length]!;
    // Present the leaves of one random top concept (so both outcomes occur), each kept with q.
    const top = rng.int(tree.children[cfg.lmax]!.length);
    const active = new Uint8Array(cfg.leaves);
    for (const leaf of leavesOf(tree, cfg.lmax, top)) active[leaf] = rng.bernoulli(q) ? 1 : 0;
    const { spikes } = propagate(net, active);
    const s2 = supported(tree, active, cfg.r2, cfg.k);
    const s1 = supported(tree, active, cfg.r1, cfg.k);
    for (let l = 1; l <= cfg.lmax; l++) {
      const isRep = new Uint8Array(cfg.neuronsPerLayer);
      for (let c = 0; c < tree.children[l]!.length; c++) {
        const n = net.rep[l]![c]!;
        isRep[n] = 1;
        const fired = spikes[l]![n] === 1;
        if (s2[l]![c]) {
          res.guaranteedCases++;
          if (fired) res.correct++;
        } else if (!s1[l]![c]) {
          res.guaranteedCases++;
          if (!fired) res.correct++;
        }
      }
      for (let i = 0; i < cfg.neuronsPerLayer; i++)
        if (!isRep[i] && spikes[l]![i]) res.strayFirings++;
    }
  }
  return res;
}

/** All child weights of all concepts (for the 5 % convergence check). */
export function allChildWeights(net: HierarchyNetwork): number[] {
  const out: number[] = [];
  for (let l = 1; l <= net.cfg.lmax; l++) {
    for (let c = 0; c < net.tree.children[l]!.length; c++) out.push(...childWeights(net, l, c));
  }
  return out;
}
