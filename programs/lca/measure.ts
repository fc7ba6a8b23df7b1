// Scores a run of programs/lca/lasso.snn against the exact LASSO solution:
// `npx tsx programs/lca/measure.ts DIR` after `snn run programs/lca/lasso.snn --out DIR`.
// The code is the spike rate of each LCA neuron over steps FROM..END (the first 200 steps are the
// start-up transient) times the program's scale; the reference is FISTA on the same seeded
// problem (test/reference). It reads the run directory and prints; it computes nothing the
// emulator should.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  lassoObjective,
  relativeGap,
  type SpikeTrain,
  spikeRateCode,
  supportRecovery,
} from "../../cli/eval/index.ts";
import { tolerateClosedPipes } from "../../cli/exit.ts";
import { makeLassoProblem } from "../../test/reference/lasso-problem.ts";
import { fista } from "../../test/reference/lasso-solvers.ts";
import { LASSO_SCALE } from "../data/make-data.ts";

/** First step of the rate window: steps before it are the start-up transient. */
export const RATE_FROM = 201;

export interface LassoScore {
  steps: number;
  spikes: number;
  objective: number;
  fistaObjective: number;
  /** (objective - FISTA) / FISTA. */
  gap: number;
  exactSupport: boolean;
  support: number[];
  /** Smallest end step T (multiple of 50) at which the window RATE_FROM..T is within 1 %. */
  firstWithin1pct: number | null;
  fistaMacs: number;
  fistaMacsTo1pct: number;
  code: Float64Array;
}

export function scoreLasso(spikes: SpikeTrain, steps: number): LassoScore {
  const p = makeLassoProblem();
  const f = fista(p.phi, p.signal, p.lambda);
  const n = p.phi.cols;
  const code = spikeRateCode(spikes, n, RATE_FROM, steps, LASSO_SCALE);
  const objective = lassoObjective(p.signal, p.phi, code, p.lambda);
  let firstWithin1pct: number | null = null;
  for (let t = RATE_FROM + 99; t <= steps; t += 50) {
    const a = spikeRateCode(spikes, n, RATE_FROM, t, LASSO_SCALE);
    if (relativeGap(lassoObjective(p.signal, p.phi, a, p.lambda), f.objective) <= 0.01) {
      firstWithin1pct = t;
      break;
    }
  }
  const sup = supportRecovery(code, p.support);
  return {
    steps,
    spikes: spikes.index.length,
    objective,
    fistaObjective: f.objective,
    gap: relativeGap(objective, f.objective),
    exactSupport: sup.exact,
    support: Array.from(code.keys()).filter((j) => code[j]! > 0),
    firstWithin1pct,
    fistaMacs: f.macs,
    fistaMacsTo1pct: f.macsToOnePercent,
    code,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  tolerateClosedPipes();
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: npx tsx programs/lca/measure.ts RUN_DIR");
    process.exit(2);
  }
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));
  const sp = read("spikes/lca.json") as SpikeTrain;
  const stats = read("stats.json");
  const s = scoreLasso(sp, stats.steps as number);
  const pct = (x: number) => `${(100 * x).toFixed(3)} %`;
  console.log(`steps ${s.steps}, spikes ${s.spikes}, rate window ${RATE_FROM}..${s.steps}`);
  console.log(
    `objective ${s.objective.toFixed(6)}, FISTA ${s.fistaObjective.toFixed(6)}, gap ${pct(s.gap)}`,
  );
  console.log(`support ${s.support.join(",")} (${s.exactSupport ? "exact" : "NOT exact"})`);
  console.log(`within 1 % from window end step ${s.firstWithin1pct ?? "never"}`);
  console.log(
    `synaptic events ${stats.totals.synOps}, energy ${(stats.chip.energyTotalPj / 1e6).toFixed(2)} uJ (estimate); FISTA ${s.fistaMacs} MAC (${s.fistaMacsTo1pct} to within 1 %)`,
  );
}
