// The reference experiments of algorithms.md A, C, D, E and F with their documented settings,
// shared by the vitest tests (short runs) and run-all.ts (full length). Each returns plain
// numbers; none prints or writes files.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { accuracy, argmaxReadout } from "../../cli/eval/classification.ts";
import { fitLinearClassifier, predictClasses } from "../../cli/eval/linear-classifier.ts";
import { dot, matrix } from "../../cli/eval/matrix.ts";
import {
  nmse,
  reconstruct,
  relativeGap,
  supportOf,
  supportRecovery,
} from "../../cli/eval/sparse-coding.ts";
import { cosineWithTranspose, weightConvergence } from "../../cli/eval/weights.ts";
import {
  allChildWeights,
  createHierarchy,
  type HierarchyConfig,
  learnHierarchy,
  testRecognition,
} from "./concept-hierarchy.ts";
import { digitsSplit, type LabelledSet, loadIris, stratifiedSplit, subset } from "./data.ts";
import {
  DICTIONARY_DEFAULTS,
  type DictionaryConfig,
  encodeAll,
  learnEpoch,
  randomDictionary,
} from "./dictionary-learning.ts";
import { makeLassoProblem } from "./lasso-problem.ts";
import { fista, lca } from "./lasso-solvers.ts";
import { type MlpConfig, mlpAccuracy, trainMlp } from "./mlp.ts";
import {
  createRateNetwork,
  type Feedback,
  feedbackMatrix,
  predict,
  type RateNetworkConfig,
  sampleRates,
  trainEpoch,
} from "./rate-network.ts";
import { encodeSplit } from "./receptive-fields.ts";
import { Rng } from "./rng.ts";
import { createStRsbp, outputCounts, type StRsbpConfig, trainStRsbpEpoch } from "./st-rsbp.ts";

/** Iris split: per class 20 test rows (60 test, 90 train), seeded; see docs/references.md. */
export const IRIS_TEST_PER_CLASS = 20;

export interface ClassifierRun {
  testAccuracy: number;
  trainAccuracy: number;
  epochs: number;
  seed: number;
}

/** Trains a rate network for `epochs` on `train` and scores it on `test` and `train`. */
function trainRateClassifier(
  sizes: { nIn: number; nHidden: number; nOut: number },
  opts: Partial<RateNetworkConfig> & { seed: number },
  train: LabelledSet,
  test: LabelledSet,
  epochs: number,
): ClassifierRun {
  const net = createRateNetwork(sizes, opts);
  for (let e = 0; e < epochs; e++) trainEpoch(net, train);
  return {
    testAccuracy: accuracy(predict(net, test), test.y),
    trainAccuracy: accuracy(predict(net, train), train.y),
    epochs,
    seed: opts.seed,
  };
}

/** A: the rate EMSTDP network 64-100-10 on the digits split. */
export function emstdpDigits(
  epochs: number,
  seed = 1,
  opts: Partial<RateNetworkConfig> = {},
): ClassifierRun {
  const { train, test } = digitsSplit();
  return trainRateClassifier(
    { nIn: 64, nHidden: 100, nOut: 10 },
    { seed, ...opts },
    train,
    test,
    epochs,
  );
}

/**
 * A on digits, with the test accuracy after each epoch listed in `at` (1-based epoch counts).
 * `testWindow` > 0 scores each test row on one draw of its pixel rates over that many Bernoulli
 * steps (what a rate-coded test presentation with that window delivers) instead of the exact
 * rates; the draws come from their own stream (seed + 1000), so training is unchanged.
 */
export function emstdpDigitsCurve(
  at: readonly number[],
  seed = 1,
  opts: Partial<RateNetworkConfig> = {},
  testWindow = 0,
): number[] {
  const { train, test } = digitsSplit();
  const net = createRateNetwork({ nIn: 64, nHidden: 100, nOut: 10 }, { seed, ...opts });
  const out: number[] = [];
  for (let e = 1; e <= Math.max(...at); e++) {
    trainEpoch(net, train);
    if (!at.includes(e)) continue;
    const scored = testWindow > 0 ? sampledSet(test, testWindow, new Rng(seed + 1000)) : test;
    out.push(accuracy(predict(net, scored), scored.y));
  }
  return out;
}

/** `set` with every row's rates replaced by one draw of `window` Bernoulli steps. */
function sampledSet(set: LabelledSet, window: number, rng: Rng): LabelledSet {
  const d = set.x.cols;
  const data = new Float64Array(set.x.data.length);
  for (let r = 0; r < set.x.rows; r++)
    data.set(sampleRates(rng, set.x.data.subarray(r * d, (r + 1) * d), window), r * d);
  return { ...set, x: { ...set.x, data } };
}

/**
 * A trained on digits rows 0..1047 and scored on rows 1048..1347 (both from the training part):
 * shows how much harder the test part (1348..1796) is than held-out training-part rows.
 */
export function emstdpDigitsHeldOut(epochs: number, seed = 1): ClassifierRun {
  const { train: full } = digitsSplit();
  const idx = Array.from({ length: full.x.rows }, (_, i) => i);
  const train = subset(full, idx.slice(0, 1048));
  const held = subset(full, idx.slice(1048));
  return trainRateClassifier({ nIn: 64, nHidden: 100, nOut: 10 }, { seed }, train, held, epochs);
}

/** A: the rate EMSTDP network 40-30-3 on iris with 10 Gaussian receptive fields per feature. */
export function emstdpIris(epochs: number, seed = 1, splitSeed = 1): ClassifierRun {
  const { train, test } = encodeSplit(stratifiedSplit(loadIris(), IRIS_TEST_PER_CLASS, splitSeed));
  return trainRateClassifier({ nIn: 40, nHidden: 30, nOut: 3 }, { seed }, train, test, epochs);
}

/**
 * A on iris with the programs' own encoding and split (programs/data/iris-grf.csv: 40 receptive
 * field rates then the class; rows 0..99 train, 100..149 test), so the spiking program's number
 * has a float counterpart on identical data. Undefined when that file does not exist.
 */
export function emstdpIrisProgramsSplit(epochs: number, seed = 1): ClassifierRun | undefined {
  const file = join(
    dirname(fileURLToPath(import.meta.url)),
    "..",
    "..",
    "programs",
    "data",
    "iris-grf.csv",
  );
  if (!existsSync(file)) return undefined;
  const rows = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(",").map(Number));
  const set = (from: number, to: number): LabelledSet => {
    const part = rows.slice(from, to);
    return {
      x: matrix(
        part.length,
        40,
        part.flatMap((r) => r.slice(0, 40)),
      ),
      y: Int32Array.from(part, (r) => r[40]!),
      nClasses: 3,
    };
  };
  const train = set(0, 100);
  const test = set(100, 150);
  return trainRateClassifier({ nIn: 40, nHidden: 30, nOut: 3 }, { seed }, train, test, epochs);
}

/** B: the float ST-RSBP-like recurrent network 64-R100-10 on digits. */
export function stRsbpDigits(epochs: number, seed = 1, opts: Partial<StRsbpConfig> = {}) {
  const { train, test } = digitsSplit();
  const net = createStRsbp({ nIn: 64, nHidden: 100, nOut: 10 }, { seed, ...opts });
  const perEpoch: number[] = [];
  for (let e = 0; e < epochs; e++) {
    trainStRsbpEpoch(net, train);
    perEpoch.push(accuracy(argmaxReadout(outputCounts(net, test), 10), test.y));
  }
  return {
    testAccuracy: perEpoch[perEpoch.length - 1] ?? Number.NaN,
    bestTestAccuracy: Math.max(...perEpoch),
    perEpoch,
    hostSteps: net.hostSteps,
    hostMacsPerStep: net.hostMacs / Math.max(1, net.hostSteps),
    epochs,
    seed,
  };
}

/** D settings: plain float MLP updates; mirror phase of 5 noise steps per sample. */
export const CREDIT_ASSIGNMENT_SETTINGS: Partial<RateNetworkConfig> = {
  rule: "delta",
  etaFeedback: 0.001,
  mirrorSteps: 5,
  decayFeedback: 0.1,
};

/** D: 64-100-10 on digits with feedback alignment, weight mirror or information alignment. */
export function creditAssignment(
  feedback: Feedback,
  epochs: number,
  seed = 1,
  overrides: Partial<RateNetworkConfig> = {},
): ClassifierRun & { cosineBWt: number; cosineAtStart: number; feedbackScale: number } {
  const { train, test } = digitsSplit();
  const net = createRateNetwork(
    { nIn: 64, nHidden: 100, nOut: 10 },
    { ...CREDIT_ASSIGNMENT_SETTINGS, ...overrides, feedback, seed },
  );
  const cosineAtStart = cosineWithTranspose(feedbackMatrix(net), net.w2);
  for (let e = 0; e < epochs; e++) trainEpoch(net, train);
  const b = feedbackMatrix(net);
  return {
    testAccuracy: accuracy(predict(net, test), test.y),
    trainAccuracy: accuracy(predict(net, train), train.y),
    epochs,
    seed,
    cosineBWt: cosineWithTranspose(b, net.w2),
    cosineAtStart,
    feedbackScale: Math.sqrt(dot(b.data, b.data) / dot(net.w2.data, net.w2.data)),
  };
}

/** A, D: a conventional float MLP 64-100-10 (ReLU, softmax cross-entropy, SGD) on the split. */
export function mlpDigits(
  feedback: MlpConfig["feedback"],
  eta: number,
  epochs: number,
  seed = 1,
  inputDraws = 0,
): ClassifierRun {
  const { train, test } = digitsSplit();
  const m = trainMlp(train, { nHidden: 100, feedback, eta, epochs, seed, inputDraws });
  return {
    testAccuracy: mlpAccuracy(m, test),
    trainAccuracy: mlpAccuracy(m, train),
    epochs,
    seed,
  };
}

/** E: dictionary learning on digits; NMSE and code-classifier accuracy, random vs learned. */
export function dictionaryLearning(
  epochs: number,
  seed = 1,
  classifier: "least-squares" | "logistic" = "least-squares",
  overrides: Partial<DictionaryConfig> = {},
) {
  const cfg = { ...DICTIONARY_DEFAULTS, ...overrides, seed };
  const { train, test } = digitsSplit();
  const rng = new Rng(seed);
  const phi = randomDictionary(64, cfg.atoms, rng);
  const score = () => {
    const trainCodes = encodeAll(phi, train.x, cfg);
    const testCodes = encodeAll(phi, test.x, cfg);
    // L2 strength by 5-fold cross-validation on the training codes (rows 0..1347) only.
    const model = fitLinearClassifier(trainCodes, train.y, 10, { method: classifier, l2: "cv" });
    let active = 0;
    for (const v of testCodes.data) if (v > 0) active++;
    return {
      testNmse: nmse(test.x, reconstruct(phi, testCodes)),
      codeAccuracy: accuracy(predictClasses(model, testCodes), test.y),
      meanActiveAtoms: active / testCodes.rows,
    };
  };
  const random = score();
  let eta = cfg.eta;
  for (let e = 0; e < epochs; e++) {
    learnEpoch(phi, train, cfg, eta, rng);
    eta *= cfg.etaDecay;
  }
  return { random, learned: score(), epochs, seed };
}

/** The code classifier of E applied to raw pixels, the baseline the codes should beat. */
export function pixelClassifier(method: "least-squares" | "logistic"): number {
  const { train, test } = digitsSplit();
  const model = fitLinearClassifier(train.x, train.y, 10, { method, l2: "cv" });
  return accuracy(predictClasses(model, test.x), test.y);
}

/** Context for the digits split: a 1-nearest-neighbour classifier (Euclidean, raw pixels)
 *  that memorises the training rows instead of fitting a network. */
export function nearestNeighbourDigits(): number {
  const { train, test } = digitsSplit();
  const n = train.x.cols;
  const predicted = new Int32Array(test.x.rows);
  for (let a = 0; a < test.x.rows; a++) {
    let best = Number.POSITIVE_INFINITY;
    for (let b = 0; b < train.x.rows; b++) {
      let d = 0;
      for (let j = 0; j < n; j++) d += (test.x.data[a * n + j]! - train.x.data[b * n + j]!) ** 2;
      if (d < best) {
        best = d;
        predicted[a] = train.y[b]!;
      }
    }
  }
  return accuracy(predicted, test.y);
}

/** C: learn the concept hierarchy, then check weights and recognition. */
export function conceptHierarchy(opts: Partial<HierarchyConfig> = {}, trials = 400) {
  const net = createHierarchy(opts);
  learnHierarchy(net);
  const reached = net.presentationsTo5Percent.flat();
  const sorted = [...reached].sort((a, b) => a - b);
  return {
    presentations: net.cfg.presentations,
    presentationsTo5Percent: reached,
    medianTo5Percent: sorted[Math.floor(sorted.length / 2)]!,
    maxTo5Percent: sorted[sorted.length - 1]!,
    neverReached: reached.filter((r) => r < 0).length,
    convergence: weightConvergence(allChildWeights(net), 1 / Math.sqrt(net.cfg.k), 5),
    recognition: testRecognition(net, trials),
  };
}

/** F: FISTA and float LCA on the synthetic problem. */
export function lassoReference(lcaSteps = 2000, seed?: number) {
  const p = makeLassoProblem(seed === undefined ? {} : { seed });
  const exact = fista(p.phi, p.signal, p.lambda);
  const flow = lca(p.phi, p.signal, p.lambda, { steps: lcaSteps });
  return {
    problem: p,
    fista: exact,
    fistaSupport: supportOf(exact.a, 1e-9),
    fistaRecovery: supportRecovery(exact.a, p.support, 1e-9),
    lca: flow,
    lcaGap: relativeGap(flow.objective, exact.objective),
    lcaSupport: supportOf(flow.a),
  };
}
