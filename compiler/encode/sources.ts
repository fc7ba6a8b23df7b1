// Host spike sources and data sets of the image: SourceSpec -> SourceImage (probabilities in
// Q16, data sets as unsigned 16-bit fixed point), with each channel's routes into the cores.
// It must not read files: data-set tables arrive parsed.
import type { DatasetImage, SourceImage } from "../../isa/index.ts";
import type { CheckedDataset, CheckedExperiment, SourceSpec } from "../check/checked.ts";
import type { CsvTable } from "../lower/csv.ts";
import type { NetPopulation } from "../lower/index.ts";
import { stream } from "../lower/rng.ts";
import type { Routing } from "../route/index.ts";

/** Probability -> Q16 (65536 = always: the emulator fires when a 16-bit draw is below it). */
export const probQ16 = (p: number): number => Math.max(0, Math.min(65536, Math.round(p * 65536)));

export interface DatasetTableSet {
  /** Index of a data set in the image, adding it on first use. */
  index(name: string): number;
  images: DatasetImage[];
}

export function datasetImage(
  d: CheckedDataset,
  t: CsvTable,
  exp: CheckedExperiment | undefined,
): DatasetImage {
  const [lo, hi] = d.features;
  const cols = Math.max(0, Math.min(hi, t.cols) - lo);
  const values = new Uint16Array(t.rows * cols);
  for (let r = 0; r < t.rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = t.values[r * t.cols + lo + c]! * d.scale;
      values[r * cols + c] = Math.round(Math.max(0, Math.min(1, v)) * 65535);
    }
  }
  const labels =
    d.label !== undefined
      ? Int32Array.from({ length: t.rows }, (_, r) => Math.round(t.values[r * t.cols + d.label!]!))
      : new Int32Array(0);
  const pr = exp?.presentation;
  const useful = pr && pr.dataset === d.name;
  const train: [number, number] =
    useful && pr.train ? [pr.train[0], pr.train[1] + 1] : [0, useful && pr.test ? 0 : t.rows];
  const test: [number, number] =
    useful && pr.test ? [pr.test[0], pr.test[1] + 1] : [t.rows, t.rows];
  return { name: d.name, rows: t.rows, cols, values, labels, trainRows: train, testRows: test };
}

/** Salt of the stream that pre-samples phase-limited random sources of plain runs. */
const PRESAMPLE_SALT = 3;

/**
 * A plain run (no data-set presentation) has no phase clock in the image, so a source limited
 * to some phases is expanded into explicit spike steps over the run: step lists are filtered,
 * periodic sources enumerated, and Bernoulli/Poisson sources pre-sampled from their seed (the
 * compiler's stream, not the emulator's). `active(t)` says whether step t (1-based) is in an
 * enabled phase.
 */
export function expandToSteps(
  spec: SourceSpec,
  n: number,
  steps: number,
  active: (t: number) => boolean,
): SourceImage["kind"] | null {
  const ch: number[] = [];
  const st: number[] = [];
  const fire = (t: number) => {
    for (let c = 0; c < n; c++) {
      ch.push(c);
      st.push(t);
    }
  };
  switch (spec.kind) {
    case "steps":
      for (const t of spec.steps) if (active(t)) fire(t);
      break;
    case "periodic":
      for (let t = spec.start; t <= steps; t += spec.period) if (active(t)) fire(t);
      break;
    case "poisson":
    case "bernoulli": {
      const p = spec.kind === "poisson" ? spec.probPerStep : spec.p;
      const rng = stream(spec.seed, PRESAMPLE_SALT);
      for (let t = 1; t <= steps; t++) {
        if (!active(t)) continue;
        for (let c = 0; c < n; c++) {
          if (rng.float() < p) {
            ch.push(c);
            st.push(t);
          }
        }
      }
      break;
    }
    case "dataset":
      return null;
  }
  return { type: "steps", channel: Uint32Array.from(ch), step: Uint32Array.from(st) };
}

export function sourceImage(
  pop: NetPopulation,
  spec: SourceSpec,
  routing: Routing,
  datasets: DatasetTableSet,
  phases: number[],
  plainRun?: { steps: number; active: (t: number) => boolean },
): SourceImage {
  const n = pop.size;
  let kind: SourceImage["kind"];
  const expanded = plainRun ? expandToSteps(spec, n, plainRun.steps, plainRun.active) : null;
  if (expanded) {
    kind = expanded;
    phases = [];
  } else
    switch (spec.kind) {
      case "steps": {
        const channel = new Uint32Array(n * spec.steps.length);
        const step = new Uint32Array(n * spec.steps.length);
        let k = 0;
        for (const t of spec.steps)
          for (let c = 0; c < n; c++) {
            channel[k] = c;
            step[k++] = t;
          }
        kind = { type: "steps", channel, step };
        break;
      }
      case "periodic":
        kind = { type: "periodic", period: spec.period, start: spec.start };
        break;
      case "poisson":
        kind = {
          type: "bernoulli",
          probQ16: new Uint32Array(n).fill(probQ16(spec.probPerStep)),
          seed: spec.seed,
        };
        break;
      case "bernoulli":
        kind = {
          type: "bernoulli",
          probQ16: new Uint32Array(n).fill(probQ16(spec.p)),
          seed: spec.seed,
        };
        break;
      case "dataset": {
        const ds = datasets.index(spec.dataset);
        const e = spec.encoding;
        const p = e.kind === "rate" ? e.probPerStepAtMax : e.kind === "bernoulli" ? e.pMax : 0;
        if (spec.select === "label") {
          const period =
            e.kind === "latency" ? e.windowSteps : Math.max(1, Math.round(1 / Math.max(p, 1e-9)));
          kind = { type: "label-onehot", dataset: ds, period };
        } else if (e.kind === "latency") {
          kind = { type: "dataset-latency", dataset: ds, window: e.windowSteps };
        } else {
          const type = e.frozen ? "dataset-rate-frozen" : "dataset-rate";
          kind = { type, dataset: ds, maxProbQ16: probQ16(p), seed: spec.seed };
        }
        break;
      }
    }
  const rs = routing.routeStart;
  const first = rs[pop.offset]!;
  const last = rs[pop.offset + n]!;
  const outStart = new Uint32Array(n + 1);
  for (let c = 0; c <= n; c++) outStart[c] = rs[pop.offset + c]! - first;
  return {
    name: pop.name,
    channels: n,
    kind,
    phases,
    outStart,
    routeCore: routing.routeCore.slice(first, last),
    routeAxon: routing.routeAxon.slice(first, last),
  };
}
