// Writes the derived data files the programs read (`npx tsx programs/data/make-data.ts`):
// iris encoded by Gaussian receptive fields, the LASSO problem's bias row and lateral weights
// in chip mantissas, and the concept-hierarchy presentation schedules. Deterministic: fixed seeds,
// same bytes on every machine. It only writes into programs/data/.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomDictionary } from "../../test/reference/dictionary-learning.ts";
import { LASSO_DEFAULTS, makeLassoProblem } from "../../test/reference/lasso-problem.ts";
import { Rng } from "../../test/reference/rng.ts";

const here = dirname(fileURLToPath(import.meta.url));
const fmt = (x: number) => String(Number(x.toFixed(6)));

/** Iris: each of the 4 features becomes 10 Gaussian receptive fields (centres spread over the
 *  feature's range, sigma = range / 10 * 1.5), intensities in [0, 1]; then the class. Rows are
 *  shuffled with seed 7 (the source file is sorted by class) so rows 0..99 train, 100..149 test. */
export function irisGrf(text: string, fields = 10): string {
  const rows = text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
  const rng = new Rng(7);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const lo = [0, 1, 2, 3].map((c) => Math.min(...rows.map((r) => r[c]!)));
  const hi = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!)));
  const out: string[] = [];
  for (const r of rows) {
    const cells: string[] = [];
    for (let c = 0; c < 4; c++) {
      const span = hi[c]! - lo[c]!;
      const sigma = (span / fields) * 1.5;
      for (let k = 0; k < fields; k++) {
        const centre = lo[c]! + (span * (k + 0.5)) / fields;
        cells.push(fmt(Math.exp(-(((r[c]! - centre) / sigma) ** 2) / 2)));
      }
    }
    cells.push(String(r[4]));
    out.push(cells.join(","));
  }
  return `${out.join("\n")}\n`;
}

/** Chip scales of the LASSO program (programs/lca/lasso.snn must use the same values).
 *  A code value a is `LASSO_SCALE` times the neuron's rate in spikes per step; the synaptic
 *  current decay register 511 keeps (4096 - 1 - 511) / 4096 = 7/8 per step, so a constant input
 *  x per step settles at u = 8 x (`LASSO_GAIN`). */
export const LASSO_VTH_MANT = 3840;
export const LASSO_SCALE = 60;
export const LASSO_GAIN = 8;
/** Weight exponents of the two files: the finest at which the largest mantissa fits in +-254
 *  (mixed sign mode), so each weight keeps as many significant bits as the 8-bit mantissa has. */
export const LASSO_BIAS_EXP = -4;
export const LASSO_LATERAL_EXP = 0;

/** LASSO: bias row (1 x 128) and negated lateral Gram matrix (128 x 128) as weight mantissas at
 *  weight_exp LASSO_BIAS_EXP and LASSO_LATERAL_EXP (a mantissa adds mant << (6 + exp) to q). With the
 *  voltage threshold vth = 64 * LASSO_VTH_MANT, a neuron whose settled input is b * vth /
 *  LASSO_SCALE per step fires b / LASSO_SCALE times per step, so: bias mantissa =
 *  b * VTH_MANT / (SCALE * GAIN) per step; lateral mantissa per spike = -G * VTH_MANT / GAIN
 *  (one spike of neuron k stands for a_k / SCALE, i.e. removes G_jk a_k / SCALE of j's rate). */
export function lassoFiles(): Record<string, string> {
  const p = makeLassoProblem();
  const { m, n } = LASSO_DEFAULTS;
  const phi = p.phi.data;
  const fine = (x: number) => String(Number(x.toFixed(9)));
  const bias: string[] = [];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += phi[i * n + j]! * p.signal[i]!;
    bias.push(
      fine(((s - p.lambda) * LASSO_VTH_MANT) / (LASSO_SCALE * LASSO_GAIN) / 2 ** LASSO_BIAS_EXP),
    );
  }
  const lateral: string[] = [];
  for (let a = 0; a < n; a++) {
    const row: string[] = [];
    for (let b = 0; b < n; b++) {
      let g = 0;
      if (a !== b) for (let i = 0; i < m; i++) g += phi[i * n + a]! * phi[i * n + b]!;
      row.push(fine((-g * LASSO_VTH_MANT) / LASSO_GAIN / 2 ** LASSO_LATERAL_EXP));
    }
    lateral.push(row.join(","));
  }
  return {
    "lasso-bias.csv": `${bias.join(",")}\n`,
    "lasso-lateral.csv": `${lateral.join("\n")}\n`,
  };
}

/** Concept hierarchy (lmax 2, k 4, 64 leaves = 4 top concepts of 4 children of 4 leaves).
 *  Level-1 concept c has leaves 4c..4c+3; top concept t has level-1 children 4t..4t+3.
 *  Training schedule (rows 0..20 * presentations - 1; 0..639 with the default 32):
 *  `presentations` of each of the 16 level-1 concepts (its 4 leaves), then as many of each top
 *  concept (its 16 leaves), in a seeded shuffled order per stage; each leaf present with
 *  probability `p`. Recognition trials (the next `CONCEPT_TRIALS` rows, 640..839 by default):
 *  50 trials each with keep probability 0.5, 0.7, 0.85 and 1, each presenting the leaves of a
 *  random top concept, every leaf kept with that probability. Columns: 64 leaf indicators, then
 *  the concept id (0..15 level 1, 16..19 top; 20 = a recognition trial, no concept engaged).
 *  With `rate`, a training row holds p itself for each of the concept's leaves instead of a
 *  drawn 0 or 1: the program's Bernoulli encoder then draws which leaves are present, afresh in
 *  every epoch (the recognition trials stay drawn 0/1 rows). */
export const CONCEPT_TRIALS = 200;
export const CONCEPT_KEEP = [0.5, 0.7, 0.85, 1] as const;
export function concepts(p: number, seed: number, presentations = 32, rate = false): string {
  const rng = new Rng(seed);
  const rows: string[] = [];
  const row = (on: Set<number>, id: number, value = "1") => {
    const cells = Array.from({ length: 64 }, (_, i) => (on.has(i) ? value : "0"));
    rows.push([...cells, String(id)].join(","));
  };
  const stage = (ids: number[], leavesOf: (id: number) => number[]) => {
    const order: number[] = [];
    for (let r = 0; r < presentations; r++) order.push(...ids);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const id of order) {
      if (rate) row(new Set(leavesOf(id)), id, String(p));
      else row(new Set(leavesOf(id).filter(() => p >= 1 || rng.uniform() < p)), id);
    }
  };
  const range = (a: number, k: number) => Array.from({ length: k }, (_, i) => a + i);
  stage(range(0, 16), (c) => range(4 * c, 4));
  stage(range(16, 4), (t) => range(16 * (t - 16), 16));
  for (const keep of CONCEPT_KEEP) {
    for (let r = 0; r < CONCEPT_TRIALS / CONCEPT_KEEP.length; r++) {
      const t = rng.int(4);
      row(new Set(range(16 * t, 16).filter(() => keep >= 1 || rng.uniform() < keep)), 20);
    }
  }
  return `${rows.join("\n")}\n`;
}

/** S-LCA starting dictionary: 100 unit-norm Gaussian atoms over 64 pixels (seed 3), as weight
 *  mantissas of `SLCA_PHI_MANT` per unit (weight_exp -1 in programs/slca/dictionary.snn), rounded
 *  to even values (the mixed sign mode's step) so every copy holds exactly the same matrix:
 *  slca-phi.csv is 64 x 100 (row = pixel, for the bottom-up copies), slca-phi-t.csv its
 *  transpose (row = atom, for the top-down copies), and -neg variants hold the negations (the
 *  copies that carry -Phi). */
export const SLCA_PHI_MANT = 256;
export function slcaFiles(): Record<string, string> {
  const phi = randomDictionary(64, 100, new Rng(3));
  const m = (i: number, j: number) => 2 * Math.round((SLCA_PHI_MANT * phi.data[i * 100 + j]!) / 2);
  const rows = Array.from({ length: 64 }, (_, i) =>
    Array.from({ length: 100 }, (_, j) => m(i, j)).join(","),
  );
  const cols = Array.from({ length: 100 }, (_, j) =>
    Array.from({ length: 64 }, (_, i) => m(i, j)).join(","),
  );
  const neg = (lines: string[]) =>
    `${lines
      .map((l) =>
        l
          .split(",")
          .map((v) => String(-Number(v) || 0))
          .join(","),
      )
      .join("\n")}\n`;
  return {
    "slca-phi.csv": `${rows.join("\n")}\n`,
    "slca-phi-t.csv": `${cols.join("\n")}\n`,
    "slca-phi-neg.csv": neg(rows),
    "slca-phi-t-neg.csv": neg(cols),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files: Record<string, string> = {
    "iris-grf.csv": irisGrf(readFileSync(join(here, "iris.csv"), "utf8")),
    ...lassoFiles(),
    "concepts.csv": concepts(1, 11),
    "concepts-noisy.csv": concepts(0.8, 14, 200, true),
    ...slcaFiles(),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(here, name), text);
  console.log(`wrote ${Object.keys(files).join(", ")}`);
}
