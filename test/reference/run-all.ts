// Prints the full-length numbers of every float reference (algorithms.md A to G) with the
// seed and measured run time of each, for docs/references.md. Usage:
//   npx tsx test/reference/run-all.ts [--json] [--only A,B,C,D,E,F,G]
// --only takes algorithm letters (every row of that algorithm) or row names (D-mlp-noise).
// It only prints; it writes no files.

import { tolerateClosedPipes } from "../../cli/exit.ts";
import { CUBA_CLASSIC, cubaRates } from "./cuba.ts";
import {
  conceptHierarchy,
  creditAssignment,
  dictionaryLearning,
  emstdpDigits,
  emstdpDigitsCurve,
  emstdpDigitsHeldOut,
  emstdpIris,
  emstdpIrisProgramsSplit,
  lassoReference,
  mlpDigits,
  nearestNeighbourDigits,
  pixelClassifier,
  stRsbpDigits,
} from "./experiments.ts";
import type { RateNetworkConfig } from "./rate-network.ts";

tolerateClosedPipes();

const args = process.argv.slice(2);
const json = args.includes("--json");
const onlyArg = args.indexOf("--only");
const only = onlyArg >= 0 ? new Set((args[onlyArg + 1] ?? "").split(",")) : null;
const known = args.filter(
  (a, i) => a === "--json" || a === "--only" || (onlyArg >= 0 && i === onlyArg + 1),
);
if (known.length !== args.length || (onlyArg >= 0 && !args[onlyArg + 1])) {
  console.error("usage: npx tsx test/reference/run-all.ts [--json] [--only A,B,...|ROW,...]");
  process.exit(2);
}
const results: Record<string, unknown> = {};

function run<T>(key: string, label: string, f: () => T, show: (r: T) => string): void {
  if (only && !only.has(key[0]!) && !only.has(key)) return;
  const t0 = performance.now();
  const r = f();
  const seconds = (performance.now() - t0) / 1000;
  results[`${key}`] = { ...(r as object), seconds };
  if (!json)
    console.log(`${key.padEnd(14)} ${label.padEnd(52)} ${show(r)}  [${seconds.toFixed(1)} s]`);
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `mean ${pct(mean)}, min ${pct(Math.min(...xs))}, max ${pct(Math.max(...xs))}`;
};

run(
  "F",
  "FISTA vs float LCA, 64x128, 6 nonzeros, lambda 0.1, seed 2018",
  () => {
    const r = lassoReference(2000);
    return {
      fistaObjective: r.fista.objective,
      fistaIterations: r.fista.iterations,
      fistaMacs: r.fista.macs,
      fistaMacsToOnePercent: r.fista.macsToOnePercent,
      fistaSupport: r.fistaSupport,
      trueSupport: r.problem.support,
      lcaObjective: r.lca.objective,
      lcaGap: r.lcaGap,
      lcaStepsToOnePercent: r.lca.iterationsToOnePercent,
      lcaSupport: r.lcaSupport,
      lcaEventMacs: r.lca.eventMacs,
    };
  },
  (r) =>
    `FISTA obj ${r.fistaObjective.toFixed(6)} in ${r.fistaIterations} it (${r.fistaMacs} MAC, ${r.fistaMacsToOnePercent} to 1 %), support ${r.fistaSupport.join(",")} (true ${r.trueSupport.join(",")}); ` +
    `LCA gap ${r.lcaGap.toExponential(2)}, 1 % at step ${r.lcaStepsToOnePercent}, support ${r.lcaSupport.join(",")}, ${r.lcaEventMacs} event MAC`,
);

run(
  "A-digits",
  "rate EMSTDP 64-100-10, 30 epochs, seeds 1-5",
  () => {
    const runs = [1, 2, 3, 4, 5].map((s) => emstdpDigits(30, s));
    return { test: runs.map((r) => r.testAccuracy), train: runs.map((r) => r.trainAccuracy) };
  },
  (r) => `test ${stats(r.test)}; train ${stats(r.train)}`,
);

run(
  "A-heldout",
  "same, trained on rows 0-1047, scored on rows 1048-1347, seeds 1-3",
  () => ({ test: [1, 2, 3].map((s) => emstdpDigitsHeldOut(30, s).testAccuracy) }),
  (r) => `held-out ${stats(r.test)}`,
);

/** A's two-phase rule as the chip runs it (constant eta 0.05, error threshold 1), by feedback:
 *  test accuracy of seeds 1-3 after each epoch count in `at`. */
const CHIP_RULE = { etaDecay: 1, eta: 0.05, errorThreshold: 1 } as const;
const FEEDBACKS = {
  transpose: { feedback: "transpose" },
  random: { feedback: "random" },
  "mirror, decay 0.1": { feedback: "mirror", decayFeedback: 0.1 },
  "mirror, decay 1": { feedback: "mirror", decayFeedback: 1 },
} as const satisfies Record<string, Partial<RateNetworkConfig>>;
function byFeedback(
  inputWindow: number,
  at: number[],
  names: (keyof typeof FEEDBACKS)[],
  testWindow = 0,
) {
  return names.map((name) => ({
    name,
    at,
    test: [1, 2, 3].map((s) =>
      emstdpDigitsCurve(at, s, { ...CHIP_RULE, inputWindow, ...FEEDBACKS[name] }, testWindow),
    ),
  }));
}
const showByFeedback = (r: { name: string; at: number[]; test: number[][] }[]) =>
  r
    .map(
      (v) =>
        `${v.name}: ${v.at
          .map((e, i) => `${e} ep. ${v.test.map((t) => (100 * t[i]!).toFixed(1)).join(" / ")} %`)
          .join(", ")}`,
    )
    .join("; ");

run(
  "A-feedback",
  "two-phase rule as on the chip (eta 0.05 const., error thr. 1, 63-step window), seeds 1-3",
  () => byFeedback(63, [3, 6, 30], ["transpose", "random", "mirror, decay 0.1", "mirror, decay 1"]),
  showByFeedback,
);

run(
  "A-feedback-noisy",
  "same with an 8-step input window (noisier input), 50 epochs, seeds 1-3",
  () => byFeedback(8, [50], ["transpose", "random", "mirror, decay 1"]),
  showByFeedback,
);

run(
  "A-feedback-noisy-test",
  "same, scored on test input drawn over the 8-step window (as the chip would present it), then over 63 steps",
  () => [
    ...byFeedback(8, [50], ["random", "mirror, decay 1"], 8),
    ...byFeedback(8, [50], ["mirror, decay 1"], 63).map((v) => ({
      ...v,
      name: `${v.name}, 63-step test`,
    })),
  ],
  showByFeedback,
);

run(
  "A-iris",
  "rate EMSTDP 40-30-3, 30 epochs, split seeds 1-10",
  () => {
    const runs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => emstdpIris(30, s, s));
    return { test: runs.map((r) => r.testAccuracy), seed1: runs[0]!.testAccuracy };
  },
  (r) => `split seed 1: ${pct(r.seed1)}; over 10 splits ${stats(r.test)}`,
);

run(
  "A-iris-prog",
  "same on programs/data/iris-grf.csv (rows 0-99 / 100-149), seeds 1-5",
  () => {
    const runs = [1, 2, 3, 4, 5].map((s) => emstdpIrisProgramsSplit(30, s));
    return { test: runs.flatMap((r) => (r ? [r.testAccuracy] : [])) };
  },
  (r) => (r.test.length ? `test ${stats(r.test)}` : "programs/data/iris-grf.csv not found"),
);

for (const fb of ["random", "mirror", "information", "transpose"] as const) {
  run(
    `D-${fb}`,
    `64-100-10 ${fb} feedback, 30 epochs, seeds 1-3`,
    () => {
      const runs = [1, 2, 3].map((s) => creditAssignment(fb, 30, s));
      return { test: runs.map((r) => r.testAccuracy), cosine: runs.map((r) => r.cosineBWt) };
    },
    (r) => `test ${stats(r.test)}; cosine(B, W^T) ${r.cosine.map((c) => c.toFixed(3)).join(", ")}`,
  );
}

run(
  "D-mirror-decay1",
  "weight mirror with decay 1 (B at W^T's scale), 30 ep., seeds 1-3",
  () => {
    const runs = [1, 2, 3].map((s) => creditAssignment("mirror", 30, s, { decayFeedback: 1 }));
    return {
      test: runs.map((r) => r.testAccuracy),
      cosine: runs.map((r) => r.cosineBWt),
      scale: runs.map((r) => r.feedbackScale),
    };
  },
  (r) =>
    `test ${stats(r.test)}; cosine(B, W^T) ${r.cosine.map((c) => c.toFixed(3)).join(", ")}; |B| / |W| ${r.scale.map((c) => c.toFixed(2)).join(", ")}`,
);

for (const fb of ["transpose", "random"] as const) {
  run(
    `D-mlp-${fb}`,
    `float MLP 64-100-10 (ReLU, softmax), ${fb}, eta 0.05 / 0.1, 30 ep.`,
    () => ({
      eta005: [1, 2, 3].map((s) => mlpDigits(fb, 0.05, 30, s).testAccuracy),
      eta01: [1, 2, 3].map((s) => mlpDigits(fb, 0.1, 30, s).testAccuracy),
    }),
    (r) => `eta 0.05: test ${stats(r.eta005)}; eta 0.1: test ${stats(r.eta01)}`,
  );
}

run(
  "D-mlp-rates",
  "float MLP 64-100-10, back-propagation, other rates, 30 and 100 ep.",
  () =>
    [0.005, 0.01, 0.02, 0.15, 0.2].flatMap((eta) =>
      [30, 100].map((epochs) => ({
        eta,
        epochs,
        test: [1, 2, 3].map((s) => mlpDigits("transpose", eta, epochs, s).testAccuracy),
      })),
    ),
  (r) => r.map((v) => `eta ${v.eta}, ${v.epochs} ep.: ${stats(v.test)}`).join("; "),
);

run(
  "D-mlp-noise",
  "float MLP 64-100-10, rate-coded (Bernoulli) training input, back-prop. and fixed random fb.",
  () =>
    (
      [
        ["transpose", 8, 0.05, 60],
        ["random", 8, 0.05, 60],
        ["random", 4, 0.02, 100],
      ] as const
    ).map(([fb, draws, eta, epochs]) => ({
      fb,
      draws,
      eta,
      epochs,
      test: [1, 2, 3].map((s) => mlpDigits(fb, eta, epochs, s, draws).testAccuracy),
    })),
  (r) =>
    r
      .map((v) => `${v.fb}, ${v.draws} draws, eta ${v.eta}, ${v.epochs} ep.: ${stats(v.test)}`)
      .join("; "),
);

run(
  "D-1nn",
  "context: 1-nearest neighbour on raw pixels (no network)",
  () => ({ test: nearestNeighbourDigits() }),
  (r) => `test ${pct(r.test)}`,
);

run(
  "B",
  "float ST-RSBP-like 64-R100-10, 100 steps/sample, 10 epochs, seeds 1-2",
  () => {
    const runs = [1, 2].map((s) => stRsbpDigits(10, s));
    return {
      final: runs.map((r) => r.testAccuracy),
      best: runs.map((r) => r.bestTestAccuracy),
      perEpoch: runs.map((r) => r.perEpoch.map((a) => Number(a.toFixed(4)))),
      hostMacsPerSample: runs[0]!.hostMacsPerStep,
    };
  },
  (r) =>
    `final ${stats(r.final)}; best epoch ${stats(r.best)}; per epoch ${JSON.stringify(r.perEpoch)}; host MAC per sample ${Math.round(r.hostMacsPerSample)}`,
);

run(
  "E",
  "dictionary learning, 100 atoms, lambda 0.1, 5 epochs, seed 1",
  () => {
    return dictionaryLearning(5, 1, "logistic");
  },
  (r) =>
    `test NMSE random ${r.random.testNmse.toFixed(4)} -> learned ${r.learned.testNmse.toFixed(4)}; ` +
    `logistic on codes ${pct(r.random.codeAccuracy)} -> ${pct(r.learned.codeAccuracy)}; ` +
    `active atoms ${r.learned.meanActiveAtoms.toFixed(1)}`,
);

run(
  "E-const",
  "same, constant eta 0.015 / 0.03 / 0.06 for 3 epochs (the chip's schedules), seed 1",
  () =>
    [0.015, 0.03, 0.06].map((eta) => ({
      eta,
      ...dictionaryLearning(3, 1, "logistic", { eta, etaDecay: 1 }).learned,
    })),
  (r) =>
    r
      .map(
        (v) =>
          `eta ${v.eta}: NMSE ${v.testNmse.toFixed(4)}, logistic ${pct(v.codeAccuracy)}, active ${v.meanActiveAtoms.toFixed(1)}`,
      )
      .join("; "),
);

run(
  "E-const-seeds",
  "same at constant eta 0.06, seeds 1-3 (the chip program's rate)",
  () =>
    [1, 2, 3].map((seed) => ({
      seed,
      ...dictionaryLearning(3, seed, "logistic", { eta: 0.06, etaDecay: 1 }).learned,
    })),
  (r) =>
    r
      .map((v) => `seed ${v.seed}: NMSE ${v.testNmse.toFixed(4)}, logistic ${pct(v.codeAccuracy)}`)
      .join("; "),
);

run(
  "E-pixels",
  "baseline: the same classifiers on raw pixels",
  () => ({ leastSquares: pixelClassifier("least-squares"), logistic: pixelClassifier("logistic") }),
  (r) => `least squares ${pct(r.leastSquares)}, logistic ${pct(r.logistic)}`,
);

run(
  "C-noise-free",
  "Oja hierarchy lmax 2, k 4, 64 leaves, eta 0.05, 40 pres.",
  () => conceptHierarchy({ presentations: 40 }, 1000),
  (r) =>
    `to 5 %: median ${r.medianTo5Percent}, max ${r.maxTo5Percent} presentations; within 5 % ${pct(r.convergence.fractionWithin)}; ` +
    `recognition ${r.recognition.correct}/${r.recognition.guaranteedCases}, stray ${r.recognition.strayFirings}`,
);

run(
  "C-noisy",
  "same, leaves present with p 0.8, 200 pres., eta half-life 32",
  () => conceptHierarchy({ presentProb: 0.8, presentations: 200, etaHalfLife: 32 }, 1000),
  (r) =>
    `to 5 %: median ${r.medianTo5Percent}, max ${r.maxTo5Percent}; within 5 % at end ${pct(r.convergence.fractionWithin)} (worst ${pct(r.convergence.maxRelativeError)}); ` +
    `recognition ${r.recognition.correct}/${r.recognition.guaranteedCases}, stray ${r.recognition.strayFirings}`,
);

// G: the CUBA network's rate, classic and with the chip program's choices (one synaptic current
// at 5 ms with the inhibitory weight doubled; dt 1 ms), over 50..1000 ms, connectivity seeds 1-3.
for (const [key, label, o] of [
  ["G-cuba", "CUBA 4000 LIF, classic (dt 0.1 ms, tau_e 5, tau_i 10, wi -9 mV)", {}],
  ["G-cuba-1syn", "same, one current (tau 5 ms, wi -18 mV), dt 0.1 ms", { tauI: 5, wi: -18 }],
  [
    "G-cuba-chip",
    "same, one current and dt 1 ms (cuba.snn's choices)",
    { tauI: 5, wi: -18, dt: 1 },
  ],
] as const) {
  run(
    key,
    `${label}, seeds 1-3`,
    () => {
      const runs = [1, 2, 3].map((seed) => cubaRates({ ...CUBA_CLASSIC, ...o, seed }));
      return {
        rate: runs.map((r) => r.rate),
        exc: runs.map((r) => r.rateExc),
        inh: runs.map((r) => r.rateInh),
      };
    },
    (r) =>
      `rate ${r.rate.map((x) => x.toFixed(2)).join(", ")} Hz (excitatory ${r.exc.map((x) => x.toFixed(2)).join(", ")}; inhibitory ${r.inh.map((x) => x.toFixed(2)).join(", ")})`,
  );
}

if (json) console.log(JSON.stringify(results, null, 2));
