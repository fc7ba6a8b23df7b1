// Turns the parsed files of a run directory (cli/run-dir.ts writes them: predictions.json,
// spikes/<population>.json, weights/<projection>.json) into evaluation metrics. Takes already-parsed JSON values and
// checks their shape, naming the file and field on error; it never reads files or prints.
import { accuracy, type ConfusionMatrix, confusionMatrix } from "./classification.ts";
import { matrix } from "./matrix.ts";
import {
  type Convergence,
  cosine,
  cosineWithTranspose,
  countAtLimits,
  weightConvergence,
} from "./weights.ts";

/** A problem with a run directory's contents, naming the file and field. */
export class RunDataError extends Error {}

/** One sample's readout (predictions.json element); predicted -1 = no output spike. */
export interface PredictionRow {
  sample: number;
  row: number;
  label: number;
  predicted: number;
  test: boolean;
  epoch: number;
}

/** Parsed run-directory contents; absent files are undefined, folders are lists of files. */
export interface RunFiles {
  predictions?: unknown;
  /** spikes/<population>.json contents: {population, index[], time[]}. */
  spikes?: { file: string; value: unknown }[];
  /** weights/<projection>.json contents: {projection, steps[], width, values[]}. */
  weights?: { file: string; value: unknown }[];
}

/** What `snn eval` can ask for beyond the defaults. */
export interface EvalRequest {
  /**
   * cosine(B, W^T) of the last samples of two weight probes. When both probes label their
   * columns "synapse k: PRE->POST" (the emulator does), B's synapse a->b is paired with W's b->a
   * and no shape is needed; otherwise both are read row-major with B rows x cols.
   */
  align?: { b: string; w: string; rows?: number; cols?: number };
  /**
   * Fraction of the last sample of a weight probe within `percent` % of `target`; with `above`,
   * only weights greater than it count (for example the learned child edges of Oja's rule).
   */
  converge?: { probe: string; target: number; percent: number; above?: number };
}

export interface RunMetrics {
  classification?: {
    nClasses: number;
    test: {
      samples: number;
      accuracy: number;
      undecided: number;
      confusion: ConfusionMatrix;
    } | null;
    trainEpochs: { epoch: number; samples: number; accuracy: number }[];
  };
  spikes?: { population: string; spikes: number }[];
  weights?: {
    probe: string;
    samples: number;
    width: number;
    min: number;
    max: number;
    mean: number;
    /** With the format's range in the file: how many of the last sample's weights sit at its
     *  ends (saturated: a rule pushing them further changes nothing). */
    saturated?: { count: number; min: number; max: number };
  }[];
  alignment?: {
    b: string;
    w: string;
    /** At the last samples of both probes. */
    cosine: number;
    pairs: number;
    /** At every step both probes sampled, in step order (how the alignment grew over the run). */
    over: { step: number; cosine: number }[];
  };
  /** Set when the run held out training rows (`snn run --holdout`): the "test" predictions are
   *  of those rows [first, end), not of the test rows. */
  heldOut?: { rows: [number, number] };
  /** Set when the run was stopped early (Ctrl-C during `snn run`): its figures cover steps
   *  1..atStep of `of` only. */
  interrupted?: { atStep: number; of: number };
  /** How the run was made, from meta.json: its seed and the `--const` values it was compiled
   *  with (absent when none), so that the runs of a sweep say which is which. */
  settings?: { seed?: number; consts?: Record<string, string> };
  convergence?: { probe: string; target: number; percent: number; above?: number } & Convergence;
}

function fail(file: string, field: string, what: string): never {
  throw new RunDataError(`${file}: ${field} ${what}`);
}

function int(v: unknown, file: string, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v))
    fail(file, field, `must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

function numArray(v: unknown, file: string, field: string): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number"))
    fail(file, field, "must be an array of numbers");
  return v as number[];
}

function parsePredictions(v: unknown): PredictionRow[] {
  const f = "predictions.json";
  if (!Array.isArray(v)) fail(f, "top level", "must be an array");
  return v.map((p, i) => {
    if (typeof p !== "object" || p === null) fail(f, `[${i}]`, "must be an object");
    const o = p as Record<string, unknown>;
    if (typeof o.test !== "boolean") fail(f, `[${i}].test`, "must be true or false");
    return {
      sample: int(o.sample, f, `[${i}].sample`),
      row: int(o.row, f, `[${i}].row`),
      label: int(o.label, f, `[${i}].label`),
      predicted: int(o.predicted, f, `[${i}].predicted`),
      test: o.test,
      epoch: int(o.epoch, f, `[${i}].epoch`),
    };
  });
}

interface WeightProbe {
  name: string;
  steps: number[];
  width: number;
  values: number[];
  /** Pre and post neuron of each column, when every column label says "PRE->POST". */
  pairs?: { pre: number; post: number }[];
  /** The weight format's range, when the file gives it. */
  limits?: { min: number; max: number };
}

function parseLimits(v: unknown, f: string): { min: number; max: number } | undefined {
  if (v === undefined) return undefined;
  const o = (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
  const min = int(o.min, f, "limits.min");
  const max = int(o.max, f, "limits.max");
  if (min > max) fail(f, "limits", `has min ${min} above max ${max}`);
  return { min, max };
}

function parsePairs(columns: unknown): { pre: number; post: number }[] | undefined {
  if (!Array.isArray(columns)) return undefined;
  const out: { pre: number; post: number }[] = [];
  for (const c of columns) {
    const m = typeof c === "string" ? /(\d+)\s*->\s*(\d+)\s*$/.exec(c) : null;
    if (!m) return undefined;
    out.push({ pre: Number(m[1]), post: Number(m[2]) });
  }
  return out;
}

function parseWeights(files: { file: string; value: unknown }[]): WeightProbe[] {
  return files.map(({ file: f, value }) => {
    if (typeof value !== "object" || value === null) fail(f, "top level", "must be an object");
    const o = value as Record<string, unknown>;
    const name = o.projection ?? o.name;
    if (typeof name !== "string") fail(f, "projection", "must be a string");
    const steps = numArray(o.steps, f, "steps");
    const width = int(o.width, f, "width");
    const values = numArray(o.values, f, "values");
    if (values.length !== steps.length * width) {
      fail(
        f,
        "values",
        `has ${values.length} values, not steps (${steps.length}) x width (${width})`,
      );
    }
    const pairs = parsePairs(o.columns);
    if (pairs && pairs.length !== width)
      fail(f, "columns", `has ${pairs.length} labels for width ${width}`);
    const limits = parseLimits(o.limits, f);
    return {
      name,
      steps,
      width,
      values,
      ...(pairs ? { pairs } : {}),
      ...(limits ? { limits } : {}),
    };
  });
}

function probeNamed(probes: WeightProbe[], name: string): WeightProbe {
  const p = probes.find((q) => q.name === name);
  if (!p) {
    const names = probes.map((q) => q.name).join(", ") || "none";
    throw new RunDataError(`weights/: no weight probe of projection '${name}' (probed: ${names})`);
  }
  if (p.steps.length === 0) throw new RunDataError(`weights/: probe of '${name}' has no samples`);
  return p;
}

function lastSample(probes: WeightProbe[], name: string): number[] {
  const p = probeNamed(probes, name);
  return p.values.slice((p.steps.length - 1) * p.width);
}

/** cosine over synapse pairs: B's a->b against W's b->a; a synapse missing on one side is 0.
 *  Returns the measure for one sample of each probe (columns as the probes order them) and the
 *  number of synapses paired. */
function pairedCosine(
  b: WeightProbe,
  w: WeightProbe,
): { measure: (bv: ArrayLike<number>, wv: ArrayLike<number>) => number; pairs: number } {
  // W's column for each reversed synapse (the last, when a pair of neurons has several).
  const wBy = new Map<string, number>();
  w.pairs!.forEach((q, k) => {
    wBy.set(`${q.post}>${q.pre}`, k);
  });
  const bCols: number[] = [];
  const wCols: number[] = [];
  let pairs = 0;
  const seen = new Set<string>();
  b.pairs!.forEach((q, k) => {
    const key = `${q.pre}>${q.post}`;
    seen.add(key);
    const other = wBy.get(key);
    if (other !== undefined) pairs++;
    bCols.push(k);
    wCols.push(other ?? -1);
  });
  for (const [key, k] of wBy) {
    if (seen.has(key)) continue;
    bCols.push(-1);
    wCols.push(k);
  }
  const x = new Float64Array(bCols.length);
  const y = new Float64Array(bCols.length);
  const measure = (bv: ArrayLike<number>, wv: ArrayLike<number>) => {
    for (let i = 0; i < bCols.length; i++) {
      const kb = bCols[i] as number;
      const kw = wCols[i] as number;
      x[i] = kb < 0 ? 0 : (bv[kb] as number);
      y[i] = kw < 0 ? 0 : (wv[kw] as number);
    }
    return cosine(x, y);
  };
  return { measure, pairs };
}

/** Sample `r` of probe `p`. */
function sampleOf(p: WeightProbe, r: number): number[] {
  return p.values.slice(r * p.width, (r + 1) * p.width);
}

/** `measure` at every step both probes sampled, in step order. */
function alignmentOver(
  b: WeightProbe,
  w: WeightProbe,
  measure: (bv: ArrayLike<number>, wv: ArrayLike<number>) => number,
): { step: number; cosine: number }[] {
  const wAt = new Map(w.steps.map((t, r) => [t, r]));
  const out: { step: number; cosine: number }[] = [];
  b.steps.forEach((t, r) => {
    const rw = wAt.get(t);
    if (rw !== undefined) out.push({ step: t, cosine: measure(sampleOf(b, r), sampleOf(w, rw)) });
  });
  return out.sort((p, q) => p.step - q.step);
}

/** Computes every metric the files allow; throws RunDataError on malformed contents. */
export function evaluateRun(files: RunFiles, req: EvalRequest = {}): RunMetrics {
  const m: RunMetrics = {};
  if (files.predictions !== undefined) {
    const preds = parsePredictions(files.predictions);
    const labelled = preds.filter((p) => p.label >= 0);
    const nClasses = Math.max(1, ...labelled.map((p) => Math.max(p.label, p.predicted) + 1));
    const test = labelled.filter((p) => p.test);
    const epochs = [...new Set(labelled.filter((p) => !p.test).map((p) => p.epoch))].sort(
      (a, b) => a - b,
    );
    const acc = (rows: PredictionRow[]) =>
      accuracy(
        rows.map((p) => p.predicted),
        rows.map((p) => p.label),
      );
    m.classification = {
      nClasses,
      test:
        test.length === 0
          ? null
          : {
              samples: test.length,
              accuracy: acc(test),
              undecided: test.filter((p) => p.predicted < 0).length,
              confusion: confusionMatrix(
                test.map((p) => (p.predicted < 0 ? -1 : p.predicted)),
                test.map((p) => p.label),
                nClasses,
              ),
            },
      trainEpochs: epochs.map((e) => {
        const rows = labelled.filter((p) => !p.test && p.epoch === e);
        return { epoch: e, samples: rows.length, accuracy: acc(rows) };
      }),
    };
  }
  if (files.spikes !== undefined) {
    m.spikes = files.spikes.map(({ file: f, value }) => {
      const o = (value ?? {}) as Record<string, unknown>;
      if (typeof o.population !== "string") fail(f, "population", "must be a string");
      return { population: o.population, spikes: numArray(o.index, f, "index").length };
    });
  }
  const probes = files.weights === undefined ? [] : parseWeights(files.weights);
  if (probes.length > 0) {
    m.weights = probes.map((p) => {
      const last = p.steps.length === 0 ? [] : p.values.slice((p.steps.length - 1) * p.width);
      const sum = last.reduce((a, b) => a + b, 0);
      return {
        probe: p.name,
        samples: p.steps.length,
        width: p.width,
        min: last.length ? Math.min(...last) : Number.NaN,
        max: last.length ? Math.max(...last) : Number.NaN,
        mean: last.length ? sum / last.length : Number.NaN,
        ...(p.limits
          ? {
              saturated: { count: countAtLimits(last, p.limits), ...p.limits },
            }
          : {}),
      };
    });
  }
  if (req.align) {
    const { b, w, rows, cols } = req.align;
    const bp = probeNamed(probes, b);
    const wp = probeNamed(probes, w);
    let measure: (bv: ArrayLike<number>, wv: ArrayLike<number>) => number;
    let pairs: number;
    if (bp.pairs && wp.pairs) {
      ({ measure, pairs } = pairedCosine(bp, wp));
    } else {
      if (rows === undefined || cols === undefined) {
        throw new RunDataError(
          `--align: probes '${b}' and '${w}' do not label their synapses; give --shape ROWS,COLS`,
        );
      }
      if (bp.width !== rows * cols || wp.width !== rows * cols) {
        throw new RunDataError(
          `--align: probes '${b}' (${bp.width} weights) and '${w}' (${wp.width}) do not both hold ${rows} x ${cols}`,
        );
      }
      measure = (bv, wv) => cosineWithTranspose(matrix(rows, cols, bv), matrix(cols, rows, wv));
      pairs = rows * cols;
    }
    const cos = measure(lastSample(probes, b), lastSample(probes, w));
    m.alignment = { b, w, cosine: cos, pairs, over: alignmentOver(bp, wp, measure) };
  }
  if (req.converge) {
    const { probe, target, percent, above } = req.converge;
    const all = lastSample(probes, probe);
    const chosen = above === undefined ? all : all.filter((v) => v > above);
    m.convergence = {
      probe,
      target,
      percent,
      ...(above === undefined ? {} : { above }),
      ...weightConvergence(chosen, target, percent),
    };
  }
  return m;
}

/** True when the metrics hold anything to report. */
export function hasEvaluationData(m: RunMetrics): boolean {
  return (
    m.classification !== undefined || (m.spikes?.length ?? 0) > 0 || (m.weights?.length ?? 0) > 0
  );
}
