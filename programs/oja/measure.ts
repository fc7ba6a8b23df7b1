// Scores a run of programs/oja/concepts.snn (or concepts-noisy.snn):
// `npx tsx programs/oja/measure.ts DIR [SCHEDULE.csv]` after `snn run ... --out DIR`.
// Reads the spikes of l1/l2, the weight probes (every 3 steps: after every presentation; or
// coarser) and the presentation schedule, and reports: child-edge weights against 1/sqrt(k)
// (mantissa 128), presentations each concept needed until all its child weights were within 5 %
// (first, and for good), and the
// recognition trials checked against the theorem's guarantees (an r2-supported concept's neuron
// fires, a concept that is not r1-supported stays silent; r1 = 0.5, r2 = 0.75), plus stray
// firings of neurons that represent no concept. It reads files and prints; nothing else.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SpikeTrain } from "../../cli/eval/index.ts";
import { tolerateClosedPipes } from "../../cli/exit.ts";

export const K = 4;
/** 1/sqrt(k) as a weight mantissa (weights in units of 1/256). */
export const TARGET = 128;
/** Concept id of a recognition trial row (no concept engaged, no learning). */
export const TRIAL_ID = 20;
export const STEPS_PER_ROW = 3;

export interface WeightProbe {
  steps: ArrayLike<number>;
  width: number;
  columns: string[];
  values: ArrayLike<number>;
}

export interface OjaScore {
  /** Child edges (level 1 and top) within 5 % of 1/sqrt(k) at the end of training. */
  childWithin5pct: number;
  /** The child-edge weights at the end: 64 of level-1 concepts, then 16 of top concepts. */
  finalChildWeights: number[];
  childEdges: number;
  maxChildError: number;
  /** Per concept (0..15 level 1, 16..19 top): presentations until all child weights within 5 %. */
  presentationsTo5pct: (number | null)[];
  /** Per concept: presentations after which its child weights stayed within 5 % to the end. */
  presentationsToStay5pct: (number | null)[];
  /** Guaranteed recognition cases and how many the network got right. */
  guaranteed: number;
  correct: number;
  /** Firings of neurons that represent no concept (l1 16..63, l2 4..63), whole run. */
  stray: number;
}

/** Schedule rows: present leaves and the concept id (20 = recognition trial). */
export function parseSchedule(text: string): { leaves: boolean[]; id: number }[] {
  return text
    .trim()
    .split("\n")
    .map((line) => {
      const c = line.split(",").map(Number);
      return { leaves: c.slice(0, 64).map((v) => v === 1), id: c[64]! };
    });
}

const childLeaves = (c: number) => [0, 1, 2, 3].map((i) => 4 * c + i);
const childConcepts = (t: number) => [0, 1, 2, 3].map((i) => 4 * t + i);

/** Weight of synapse pre->post in probe sample r (columns "synapse k: i->j"). */
function lookup(p: WeightProbe) {
  const index = new Map<string, number>();
  p.columns.forEach((c, k) => {
    const m = c.match(/(\d+)->(\d+)$/);
    if (m) index.set(`${m[1]}->${m[2]}`, k);
  });
  return (r: number, pre: number, post: number) => {
    const k = index.get(`${pre}->${post}`);
    if (k === undefined) throw new Error(`no synapse ${pre}->${post} in the weight probe`);
    return p.values[r * p.width + k]!;
  };
}

export function scoreOja(
  schedule: { leaves: boolean[]; id: number }[],
  l1: SpikeTrain,
  l2: SpikeTrain,
  w1: WeightProbe,
  w2: WeightProbe,
  /** Passes over the training rows before the recognition trials (the run's `epochs`). */
  epochs = 1,
): OjaScore {
  // Training rows are the rows before the first recognition trial (640 in concepts.csv).
  const trainRows = schedule.findIndex((r) => r.id === TRIAL_ID);
  if (trainRows < 0) throw new Error("the schedule has no recognition trials (concept id 20)");
  const g1 = lookup(w1);
  const g2 = lookup(w2);
  // A probe sample at step s is taken after the updates of the first s / 3 presentations (the
  // same steps in both probes; every 3 steps gives one sample per presentation).
  const trainSteps = epochs * trainRows * STEPS_PER_ROW;
  const edges = (r: number, id: number) =>
    id < 16
      ? childLeaves(id).map((i) => g1(r, i, id))
      : childConcepts(id - 16).map((i) => g2(r, i, id - 16));
  const within = (w: number) => Math.abs(w - TARGET) <= 0.05 * TARGET;
  // Presentations of each concept among the first `rows` training rows (over the epochs).
  const perEpoch = new Array<number>(20).fill(0);
  const prefix: number[][] = [];
  for (let r = 0; r < trainRows; r++) {
    prefix.push([...perEpoch]);
    const id = schedule[r]!.id;
    if (id < 20) perEpoch[id]!++;
  }
  const shown = (rows: number, id: number) =>
    Math.floor(rows / trainRows) * perEpoch[id]! + prefix[rows % trainRows]![id]!;
  const presentationsTo5pct: (number | null)[] = new Array(20).fill(null);
  const presentationsToStay5pct: (number | null)[] = new Array(20).fill(null);
  let last = -1;
  for (let j = 0; j < w1.steps.length && w1.steps[j]! <= trainSteps; j++) {
    last = j;
    const rows = Math.floor(w1.steps[j]! / STEPS_PER_ROW);
    for (let id = 0; id < 20; id++) {
      const n = shown(rows, id);
      if (n === 0) continue;
      if (!edges(j, id).every(within)) presentationsToStay5pct[id] = null;
      else {
        presentationsTo5pct[id] ??= n;
        presentationsToStay5pct[id] ??= n;
      }
    }
  }
  if (last < 0) throw new Error("the weight probes have no sample within the training rows");
  const finals = Array.from({ length: 20 }, (_, id) => edges(last, id)).flat();
  // Recognition trials: leaves at the first step of a row, l1 answers one step later, l2 two.
  const fired = (s: SpikeTrain) => {
    const set = new Set<string>();
    for (let k = 0; k < s.index.length; k++) set.add(`${s.time[k]}:${s.index[k]}`);
    return set;
  };
  const f1 = fired(l1);
  const f2 = fired(l2);
  let guaranteed = 0;
  let correct = 0;
  for (let r = trainRows; r < schedule.length; r++) {
    const leaves = schedule[r]!.leaves;
    const s0 = trainSteps + (r - trainRows) * STEPS_PER_ROW + 1;
    const present = Array.from(
      { length: 16 },
      (_, c) => childLeaves(c).filter((i) => leaves[i]).length,
    );
    const check = (fires: boolean, r2: boolean, notR1: boolean) => {
      if (r2 || notR1) {
        guaranteed++;
        if (fires === r2) correct++;
      }
    };
    for (let c = 0; c < 16; c++) {
      check(f1.has(`${s0 + 1}:${c}`), present[c]! >= 0.75 * K, present[c]! < 0.5 * K);
    }
    for (let t = 0; t < 4; t++) {
      const kids = childConcepts(t);
      const r2 = kids.filter((c) => present[c]! >= 0.75 * K).length >= 0.75 * K;
      const notR1 = kids.filter((c) => present[c]! >= 0.5 * K).length < 0.5 * K;
      check(f2.has(`${s0 + 2}:${t}`), r2, notR1);
    }
  }
  let stray = 0;
  for (let k = 0; k < l1.index.length; k++) if (l1.index[k]! >= 16) stray++;
  for (let k = 0; k < l2.index.length; k++) if (l2.index[k]! >= 4) stray++;
  return {
    childWithin5pct: finals.filter(within).length,
    finalChildWeights: finals,
    childEdges: finals.length,
    maxChildError: Math.max(...finals.map((w) => Math.abs(w - TARGET) / TARGET)),
    presentationsTo5pct,
    presentationsToStay5pct,
    guaranteed,
    correct,
    stray,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  tolerateClosedPipes();
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: npx tsx programs/oja/measure.ts RUN_DIR [SCHEDULE.csv]");
    process.exit(2);
  }
  const here = fileURLToPath(new URL(".", import.meta.url));
  const csv = process.argv[3] ?? join(here, "../data/concepts.csv");
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));
  const schedule = parseSchedule(readFileSync(csv, "utf8"));
  // The run's passes over the training rows, from its length: epochs x train rows + test rows.
  const trainRows = schedule.findIndex((r) => r.id === TRIAL_ID);
  const rows = read("meta.json").steps / STEPS_PER_ROW;
  const epochs = (rows - (schedule.length - trainRows)) / trainRows;
  if (!Number.isInteger(epochs) || epochs < 1) {
    console.error(
      `the run's ${rows} rows do not fit the schedule ${csv} (${trainRows} training rows)`,
    );
    process.exit(2);
  }
  const w1Probe = read("weights/leaves-_l1.json");
  const w1Steps = w1Probe.steps.length > 1 ? w1Probe.steps[1] - w1Probe.steps[0] : "-";
  const s = scoreOja(
    schedule,
    read("spikes/l1.json"),
    read("spikes/l2.json"),
    w1Probe,
    read("weights/l1-_l2.json"),
    epochs,
  );
  console.log(
    `child weights within 5 % of 1/sqrt(k): ${s.childWithin5pct}/${s.childEdges} (worst ${(100 * s.maxChildError).toFixed(2)} %)`,
  );
  const summary = (label: string, p: (number | null)[]) => {
    const ok = p.filter((x): x is number => x !== null).sort((a, b) => a - b);
    console.log(
      `presentations to within 5 % (${label}): ${ok.length}/20 concepts; median ${ok[Math.floor(ok.length / 2)] ?? "-"}, max ${ok.at(-1) ?? "-"} (per concept: ${p.map((x) => x ?? "-").join(" ")})`,
    );
  };
  summary("first", s.presentationsTo5pct);
  summary("for good", s.presentationsToStay5pct);
  const spread = (ws: number[]) => {
    const mean = ws.reduce((a, b) => a + b, 0) / ws.length;
    const sd = Math.sqrt(ws.reduce((a, b) => a + (b - mean) ** 2, 0) / ws.length);
    return `mean ${mean.toFixed(2)}, sd ${sd.toFixed(2)}, ${Math.min(...ws)}..${Math.max(...ws)}`;
  };
  const f = s.finalChildWeights;
  console.log(`final child weights: level 1 ${spread(f.slice(0, 64))}; top ${spread(f.slice(64))}`);
  console.log(`weight samples every ${w1Steps} steps`);
  console.log(
    `recognition: ${s.correct}/${s.guaranteed} guaranteed cases correct; stray firings ${s.stray}`,
  );
}
