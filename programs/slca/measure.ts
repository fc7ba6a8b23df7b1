// Scores a run of programs/slca/inference.snn or dictionary.snn: `npx tsx programs/slca/measure.ts
// DIR` after `snn run programs/slca/<program>.snn --out DIR`. Codes are atom spike counts over
// the last WINDOW steps of each 100-step presentation (a = 2 x rate); the NMSE of Phi a is
// compared with the exact non-negative LASSO code (FISTA, lambda 0.1) on the same digits and
// dictionary, and with the residual the chip itself reports (r+ minus r- spike rate).
// inference.snn: Phi is the starting dictionary (programs/data/slca-phi.csv). dictionary.snn: Phi
// is the learned one (the last sample of the weight probe on rp -> atoms, taken at the end of
// training), the codes come from the learning-off pass over rows 0..1796 that ends the run, the
// NMSE is over the test rows 1348..1796, and a linear classifier (cli/eval; standardisation and
// L2 strength chosen by 5-fold cross-validation on rows 0..1347 only) is fitted on the codes of
// rows 0..1347 and scored on rows 1348..1796. Several DIRs (the runs of
// `snn sweep programs/slca/dictionary.snn --vary input_seed=1..6 --out S`: S/*/): each, then the
// mean and spread over the dictionary runs. A sweep directory (S itself) is read through its
// sweep.json: its finished runs, grouped by setting, each group's mean and spread, and each
// setting against the first paired run by run (by run seed, or without --seeds by the last
// --vary, e.g. input_seed). --exact-codes adds the same classifiers fitted and scored on the exact
// LASSO codes of the learned dictionary (every row, about 4 times the FISTA solves): whether
// a code closer to the exact solution would classify better. It reads files and prints; nothing
// else.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SweepFile } from "../../cli/commands/sweep.ts";
import {
  accuracy,
  type Matrix,
  matrix,
  nmse,
  reconstruct,
  windowCounts,
} from "../../cli/eval/index.ts";
import { fitLinearClassifier, predictClasses } from "../../cli/eval/linear-classifier.ts";
import { pairedDifference, spread } from "../../cli/eval/summary.ts";
import { tolerateClosedPipes } from "../../cli/exit.ts";
import { SWEEP_FILE } from "../../cli/sweep-plan.ts";
import { fista } from "../../test/reference/lasso-solvers.ts";
import { SLCA_PHI_MANT } from "../data/make-data.ts";

export const PERIOD = 100;
export const WINDOW = 70;
export const CODE_PER_RATE = 2;
export const FIRST_ROW = 1348;

const here = fileURLToPath(new URL(".", import.meta.url));
const csv = (name: string) =>
  readFileSync(join(here, "../data", name), "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(",").map(Number));

/** The dictionary the program starts from, in real units (64 x 100). */
export function startDictionary(): Matrix {
  return matrix(
    64,
    100,
    csv("slca-phi.csv")
      .flat()
      .map((v) => v / SLCA_PHI_MANT),
  );
}

/** Digit rows first..first+n-1 scaled to [0, 1] (64 x n as samples x pixels). */
export function digitRows(first: number, n: number): Matrix {
  const rows = csv("digits.csv").slice(first, first + n);
  return matrix(
    n,
    64,
    rows.flatMap((r) => r.slice(0, 64).map((v) => v / 16)),
  );
}

export interface SlcaScore {
  samples: number;
  nmseCode: number;
  nmseResidual: number;
  nmseLasso: number;
  activeAtoms: number;
}

/** Atom spike counts over the code window as codes a (an atom spike stands for
 *  CODE_PER_RATE per step), in place. */
function codesOf(counts: Matrix): Matrix {
  for (let k = 0; k < counts.data.length; k++)
    counts.data[k] = (CODE_PER_RATE * counts.data[k]!) / WINDOW;
  return counts;
}

export function scoreSlca(
  atoms: { index: ArrayLike<number>; time: ArrayLike<number> },
  rp: { index: ArrayLike<number>; time: ArrayLike<number> },
  rn: { index: ArrayLike<number>; time: ArrayLike<number> },
  samples: number,
  dictionary?: Matrix,
): SlcaScore {
  const w = { period: PERIOD, offset: PERIOD - WINDOW, length: WINDOW };
  const a = codesOf(windowCounts(atoms, 100, samples, w));
  const p = windowCounts(rp, 64, samples, w);
  const n = windowCounts(rn, 64, samples, w);
  const x = digitRows(FIRST_ROW, samples);
  const phi = dictionary ?? startDictionary();
  const resid = matrix(
    samples,
    64,
    x.data.map((v, k) => v - (p.data[k]! - n.data[k]!) / WINDOW),
  );
  const exact = new Float64Array(samples * 100);
  for (let s = 0; s < samples; s++) {
    const f = fista(phi, x.data.subarray(s * 64, (s + 1) * 64), 0.1, { tol: 1e-9 });
    exact.set(f.a, s * 100);
  }
  let active = 0;
  for (const v of a.data) if (v > 0) active++;
  return {
    samples,
    nmseCode: nmse(x, reconstruct(phi, a)),
    nmseResidual: nmse(x, resid),
    nmseLasso: nmse(x, reconstruct(phi, matrix(samples, 100, exact))),
    activeAtoms: active / samples,
  };
}

/** Spikes of the last `samples` presentations of a run of `steps` steps, times made relative. */
export function lastSamples(
  s: { index: ArrayLike<number>; time: ArrayLike<number> },
  steps: number,
  samples: number,
): { index: number[]; time: number[] } {
  const from = steps - samples * PERIOD;
  const index: number[] = [];
  const time: number[] = [];
  for (let k = 0; k < s.time.length; k++) {
    const t = s.time[k] as number;
    if (t > from) {
      index.push(s.index[k] as number);
      time.push(t - from);
    }
  }
  return { index, time };
}

/** The learned dictionary: the last sample of a weight probe on rp -> atoms (64 x 100). */
export function probedDictionary(w: {
  columns: string[];
  width: number;
  values: ArrayLike<number>;
}): Matrix {
  const phi = matrix(64, 100, new Float64Array(6400));
  const rows = w.values.length / w.width;
  const base = (rows - 1) * w.width;
  w.columns.forEach((c, k) => {
    const m = /(\d+)->(\d+)/.exec(c);
    if (!m) throw new Error(`weight probe column '${c}' names no synapse i->j`);
    phi.data[Number(m[1]) * 100 + Number(m[2])] = (w.values[base + k] as number) / SLCA_PHI_MANT;
  });
  return phi;
}

/** Test accuracy of one classifier and the L2 strength cross-validation chose on rows 0..1347. */
export interface ClassifierScore {
  accuracy: number;
  l2: number;
  cvAccuracy: number;
}

export interface DictionaryScore extends SlcaScore {
  /** NMSE of Phi a on the training rows 0..1347 (their codes from the learning-off pass): a
   *  criterion that leaves the test rows out, for choosing settings. */
  nmseTrainCode: number;
  classifier: { logistic: ClassifierScore; leastSquares: ClassifierScore };
  /** The same classifiers on the exact non-negative LASSO codes (FISTA, lambda 0.1) of the
   *  learned dictionary for every row: what a code without spiking noise would give. */
  exactClassifier?: { logistic: ClassifierScore; leastSquares: ClassifierScore };
  atomNorm: { min: number; median: number; max: number };
}

/** Scores dictionary.snn: its run ends with a learning-off pass over rows 0..1796. */
export function scoreDictionary(
  atoms: { index: ArrayLike<number>; time: ArrayLike<number> },
  rp: { index: ArrayLike<number>; time: ArrayLike<number> },
  rn: { index: ArrayLike<number>; time: ArrayLike<number> },
  steps: number,
  phi: Matrix,
  opts: { exactCodes?: boolean } = {},
): DictionaryScore {
  const all = 1797;
  const test = all - FIRST_ROW;
  const pass = (s: typeof atoms) => lastSamples(s, steps, all);
  const testOnly = (s: typeof atoms) => lastSamples(s, steps, test);
  const score = scoreSlca(testOnly(atoms), testOnly(rp), testOnly(rn), test, phi);
  const w = { period: PERIOD, offset: PERIOD - WINDOW, length: WINDOW };
  const codes = windowCounts(pass(atoms), 100, all, w);
  const labels = csv("digits.csv").map((r) => r[64] as number);
  const train = matrix(FIRST_ROW, 100, codes.data.subarray(0, FIRST_ROW * 100));
  const nmseTrainCode = nmse(
    digitRows(0, FIRST_ROW),
    reconstruct(phi, codesOf(matrix(FIRST_ROW, 100, train.data.slice()))),
  );
  const held = matrix(test, 100, codes.data.subarray(FIRST_ROW * 100));
  // Standardisation and the L2 strength (5-fold cross-validation) come from rows 0..1347 only.
  const classifiers = (trainCodes: Matrix, heldCodes: Matrix) => {
    const acc = (method: "logistic" | "least-squares"): ClassifierScore => {
      const model = fitLinearClassifier(trainCodes, labels.slice(0, FIRST_ROW), 10, {
        method,
        l2: "cv",
      });
      return {
        accuracy: accuracy(
          predictClasses(model, heldCodes),
          labels.slice(FIRST_ROW, FIRST_ROW + test),
        ),
        l2: model.l2,
        cvAccuracy: Math.max(...(model.cv?.accuracy ?? [])),
      };
    };
    return { logistic: acc("logistic"), leastSquares: acc("least-squares") };
  };
  let exactClassifier: DictionaryScore["exactClassifier"];
  if (opts.exactCodes) {
    const x = digitRows(0, all);
    const exact = new Float64Array(all * 100);
    for (let r = 0; r < all; r++)
      exact.set(fista(phi, x.data.subarray(r * 64, (r + 1) * 64), 0.1, { tol: 1e-9 }).a, r * 100);
    exactClassifier = classifiers(
      matrix(FIRST_ROW, 100, exact.subarray(0, FIRST_ROW * 100)),
      matrix(test, 100, exact.subarray(FIRST_ROW * 100)),
    );
  }
  const norms: number[] = [];
  for (let j = 0; j < 100; j++) {
    let n = 0;
    for (let i = 0; i < 64; i++) n += (phi.data[i * 100 + j] as number) ** 2;
    norms.push(Math.sqrt(n));
  }
  norms.sort((a, b) => a - b);
  return {
    ...score,
    nmseTrainCode,
    classifier: classifiers(train, held),
    ...(exactClassifier ? { exactClassifier } : {}),
    atomNorm: { min: norms[0] as number, median: norms[50] as number, max: norms[99] as number },
  };
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

/** Scores run directory `dir` and prints its lines; for a dictionary run, returns its score. */
function measureDir(dir: string, exactCodes = false): DictionaryScore | undefined {
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));
  const steps = read("stats.json").steps as number;
  const dictProbe = join(dir, "weights", "up_p.json");
  if (existsSync(dictProbe)) {
    const s = scoreDictionary(
      read("spikes/atoms.json"),
      read("spikes/rp.json"),
      read("spikes/rn.json"),
      steps,
      probedDictionary(JSON.parse(readFileSync(dictProbe, "utf8"))),
      { exactCodes },
    );
    const c = (k: ClassifierScore) =>
      `${pct(k.accuracy)} (L2 ${k.l2}, 5-fold CV on the training rows ${pct(k.cvAccuracy)})`;
    console.log(
      `learned dictionary, ${s.samples} test digits from row ${FIRST_ROW}: NMSE of the spiking code ${s.nmseCode.toFixed(4)} (residual spikes ${s.nmseResidual.toFixed(4)}), exact LASSO on the learned dictionary ${s.nmseLasso.toFixed(4)}; ${s.activeAtoms.toFixed(1)} active atoms per digit`,
    );
    console.log(
      `linear classifier on the codes (standardised, fitted on rows 0..${FIRST_ROW - 1}, L2 by cross-validation there): logistic ${c(s.classifier.logistic)}, least squares ${c(s.classifier.leastSquares)}`,
    );
    if (s.exactClassifier)
      console.log(
        `the same classifiers on exact LASSO codes (FISTA, lambda 0.1) of the learned dictionary, every row: logistic ${c(s.exactClassifier.logistic)}, least squares ${c(s.exactClassifier.leastSquares)}`,
      );
    console.log(
      `training rows 0..${FIRST_ROW - 1} (their codes from the same pass): NMSE of the spiking code ${s.nmseTrainCode.toFixed(4)}`,
    );
    console.log(
      `atom norms: min ${s.atomNorm.min.toFixed(2)}, median ${s.atomNorm.median.toFixed(2)}, max ${s.atomNorm.max.toFixed(2)}`,
    );
    return s;
  }
  const s = scoreSlca(
    read("spikes/atoms.json"),
    read("spikes/rp.json"),
    read("spikes/rn.json"),
    Math.floor(steps / PERIOD),
  );
  console.log(
    `${s.samples} digits from row ${FIRST_ROW}: NMSE of the spiking code ${s.nmseCode.toFixed(4)} (residual spikes ${s.nmseResidual.toFixed(4)}), exact LASSO on the same dictionary ${s.nmseLasso.toFixed(4)}; ${s.activeAtoms.toFixed(1)} active atoms per digit`,
  );
  return undefined;
}

/** The parts of sweep.json (`snn sweep`) that grouping reads. */
export type SweepRuns = Pick<SweepFile, "seeds" | "vary" | "runs">;

/** A setting of a sweep and its finished runs, each with the key it is paired by. */
export interface SweepGroup {
  setting: string;
  runs: { name: string; pair: string }[];
}

/**
 * Groups a sweep's finished runs by setting. Runs pair by run seed when the sweep has seeds;
 * otherwise the last --vary (the one that varies fastest, e.g. input_seed) pairs them and the
 * others make the setting.
 */
export function sweepGroups(sweep: SweepRuns): { pairedBy: string; groups: SweepGroup[] } {
  const byRunSeed = sweep.seeds !== null;
  const pairName = byRunSeed ? "seed" : (sweep.vary[sweep.vary.length - 1]?.name ?? "run");
  const groups = new Map<string, SweepGroup>();
  for (const r of sweep.runs) {
    if (r.status !== "done") continue;
    const rest = byRunSeed ? r.variant : r.variant.filter(([n]) => n !== pairName);
    const setting = rest.map(([n, v]) => `${n}=${v}`).join(", ");
    const pair = byRunSeed
      ? String(r.seed)
      : (r.variant.find(([n]) => n === pairName)?.[1] ?? r.name);
    let g = groups.get(setting);
    if (!g) groups.set(setting, (g = { setting, runs: [] }));
    g.runs.push({ name: r.name, pair });
  }
  return { pairedBy: pairName, groups: [...groups.values()] };
}

const fixed4 = (v: number) => v.toFixed(4);
const SUMMARY: [string, (s: DictionaryScore) => number, (v: number) => string][] = [
  ["NMSE of the spiking code", (s) => s.nmseCode, fixed4],
  ["NMSE on the training rows", (s) => s.nmseTrainCode, fixed4],
  ["logistic, 5-fold CV on the training rows", (s) => s.classifier.logistic.cvAccuracy, pct],
  ["logistic", (s) => s.classifier.logistic.accuracy, pct],
  ["least squares", (s) => s.classifier.leastSquares.accuracy, pct],
];

function printSummary(scores: DictionaryScore[]): void {
  for (const [what, of, f] of SUMMARY) {
    const x = spread(scores.map(of));
    console.log(`  ${what}: mean ${f(x.mean)}, sd ${f(x.sd)}, min ${f(x.min)}, max ${f(x.max)}`);
  }
}

/**
 * measureDir, with a directory it cannot read (not an S-LCA run, or a run that never finished
 * writing its files) named in one line on stderr: null then, so the caller goes on with the others.
 */
function measureReported(dir: string, exactCodes: boolean): DictionaryScore | undefined | null {
  try {
    return measureDir(dir, exactCodes);
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? `cannot read ${(e as NodeJS.ErrnoException).path}`
        : (e as Error).message;
    console.error(`measure.ts: ${dir}: ${why} (not a finished run of programs/slca/*.snn?)`);
    return null;
  }
}

/**
 * Measures every finished run of sweep directory `dir`, then summarises each setting over the
 * runs it could read. False if a run could not be read.
 */
function measureSweep(dir: string, exactCodes: boolean): boolean {
  const file = join(dir, SWEEP_FILE);
  let sweep: SweepRuns;
  try {
    sweep = JSON.parse(readFileSync(file, "utf8")) as SweepRuns;
    if (!Array.isArray(sweep.runs) || !Array.isArray(sweep.vary))
      throw new Error("it has no runs and vary lists");
  } catch (e) {
    console.error(`measure.ts: ${file}: ${(e as Error).message} (not written by snn sweep?)`);
    return false;
  }
  const { pairedBy, groups } = sweepGroups(sweep);
  if (groups.length === 0) {
    console.log(`${dir}: no finished runs`);
    return true;
  }
  let ok = true;
  const scored: { setting: string; scores: Map<string, DictionaryScore> }[] = [];
  for (const g of groups) {
    const scores = new Map<string, DictionaryScore>();
    for (const r of g.runs) {
      console.log(join(dir, r.name));
      const s = measureReported(join(dir, r.name), exactCodes);
      if (s === null) ok = false;
      else if (s) scores.set(r.pair, s);
    }
    scored.push({ setting: g.setting, scores });
  }
  const first = scored[0]!;
  for (const g of scored) {
    if (g.scores.size === 0) continue;
    console.log(`${g.setting || "the program"}: over ${g.scores.size} dictionary runs`);
    printSummary([...g.scores.values()]);
    if (g === first) continue;
    for (const [what, of, f] of SUMMARY) {
      const values = (m: Map<string, DictionaryScore>) =>
        new Map([...m].map(([k, v]) => [k, of(v)] as const));
      const d = pairedDifference(values(first.scores), values(g.scores));
      if (!d) continue;
      // A difference of two accuracies is in points, not a percentage.
      const diff = f === pct ? (v: number) => `${(100 * v).toFixed(2)} points` : f;
      const sign = (v: number) => (v >= 0 ? "+" : "-") + diff(Math.abs(v));
      console.log(
        `  ${what} against ${first.setting || "the program"}, paired by ${pairedBy}: ${sign(d.mean)} (sd ${diff(d.sd)}; ${d.up} up, ${d.down} down of ${d.runs})`,
      );
    }
  }
  return ok;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  tolerateClosedPipes();
  const args = process.argv.slice(2);
  const exactCodes = args.includes("--exact-codes");
  const dirs = args.filter((a) => a !== "--exact-codes");
  if (dirs.length === 0 || dirs.some((d) => d.startsWith("--"))) {
    console.error(
      "usage: npx tsx programs/slca/measure.ts [--exact-codes] DIR... (run directories: each, then the mean and spread of the dictionary runs; a sweep directory: its runs by setting; --exact-codes: also the classifiers on exact LASSO codes of each learned dictionary)",
    );
    process.exit(2);
  }
  const scores: DictionaryScore[] = [];
  let failed = false;
  for (const dir of dirs) {
    if (existsSync(join(dir, SWEEP_FILE))) {
      if (!measureSweep(dir, exactCodes)) failed = true;
      continue;
    }
    if (dirs.length > 1) console.log(dir);
    const s = measureReported(dir, exactCodes);
    if (s === null) failed = true;
    else if (s) scores.push(s);
  }
  if (scores.length > 1) {
    console.log(`over ${scores.length} dictionary runs`);
    printSummary(scores);
  }
  if (failed) process.exitCode = 1;
}
