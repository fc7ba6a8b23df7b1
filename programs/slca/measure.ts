// Scores a run of programs/slca/inference.snn: `npx tsx programs/slca/measure.ts DIR` after
// `snn run programs/slca/inference.snn --out DIR`. Codes are atom spike counts over the last
// WINDOW steps of each 100-step presentation (a = 2 x rate); the NMSE of Phi a (Phi from
// programs/data/slca-phi.csv) is compared with the exact non-negative LASSO code (FISTA, lambda
// 0.1) on the same digits and dictionary, and with the residual the chip itself reports
// (r+ minus r- spike rate). It reads files and prints; nothing else.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Matrix, matrix, nmse, reconstruct, windowCounts } from "../../cli/eval/index.ts";
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

export function scoreSlca(
  atoms: { index: ArrayLike<number>; time: ArrayLike<number> },
  rp: { index: ArrayLike<number>; time: ArrayLike<number> },
  rn: { index: ArrayLike<number>; time: ArrayLike<number> },
  samples: number,
): SlcaScore {
  const w = { period: PERIOD, offset: PERIOD - WINDOW, length: WINDOW };
  const a = windowCounts(atoms, 100, samples, w);
  for (let k = 0; k < a.data.length; k++) a.data[k] = (CODE_PER_RATE * a.data[k]!) / WINDOW;
  const p = windowCounts(rp, 64, samples, w);
  const n = windowCounts(rn, 64, samples, w);
  const x = digitRows(FIRST_ROW, samples);
  const phi = startDictionary();
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: npx tsx programs/slca/measure.ts RUN_DIR");
    process.exit(2);
  }
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));
  const steps = read("stats.json").steps as number;
  const s = scoreSlca(
    read("spikes/atoms.json"),
    read("spikes/rp.json"),
    read("spikes/rn.json"),
    Math.floor(steps / PERIOD),
  );
  console.log(
    `${s.samples} digits from row ${FIRST_ROW}: NMSE of the spiking code ${s.nmseCode.toFixed(4)} (residual spikes ${s.nmseResidual.toFixed(4)}), exact LASSO on the same dictionary ${s.nmseLasso.toFixed(4)}; ${s.activeAtoms.toFixed(1)} active atoms per digit`,
  );
}
