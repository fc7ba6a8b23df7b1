// Learning-engine throughput on programs/emstdp/digits.snn (64-100-10, two 63-step phases per
// sample, rules on 7,400 plastic synapses): the emulator's compiled rule pass against the isa
// evaluator called per synapse (`learningRules: "spec"`), the rule pass it replaced, in the same
// process. Both must record the same weights and spikes (checked). Run: npm run bench -- learning
// (`LEARN_STEPS=N` changes the step count; default 200 samples).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fileLoader } from "../cli/commands/check.ts";
import { compileFile } from "../compiler/index.ts";
import { type RunResult, run as runImage } from "../emulator/index.ts";

const STEPS = Number(process.env.LEARN_STEPS ?? 200 * 126);
const ROUNDS = 3;
const PROGRAM = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "programs",
  "emstdp",
  "digits.snn",
);

/** Everything recorded, as one string (weights sampled by the program's probe, output spikes). */
function recorded(r: RunResult): string {
  const parts: string[] = [];
  for (const s of r.spikes) parts.push(s.population, s.index.join(","), s.time.join(","));
  for (const s of r.sampled) parts.push(s.name, s.values.join(","));
  return parts.join("|");
}

export async function run(): Promise<void> {
  const compiled = compileFile(PROGRAM, fileLoader);
  const image = compiled.image;
  if (!image) throw new Error("programs/emstdp/digits.snn does not compile");
  // Warm both paths so neither pays V8's compile time in the measurement.
  runImage(image, { steps: 2000 });
  runImage(image, { steps: 2000, learningRules: "spec" });

  const specTimes: number[] = [];
  const fastTimes: number[] = [];
  let spec: RunResult | null = null;
  let fast: RunResult | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    spec = runImage(image, { steps: STEPS, learningRules: "spec" });
    specTimes.push((performance.now() - t0) / 1000);
    const t1 = performance.now();
    fast = runImage(image, { steps: STEPS });
    fastTimes.push((performance.now() - t1) / 1000);
  }
  if (!spec || !fast) return;
  const same = recorded(spec) === recorded(fast);
  const tSpec = Math.min(...specTimes);
  const tFast = Math.min(...fastTimes);
  const all = (a: number[]) => a.map((x) => x.toFixed(3)).join(", ");
  const t = fast.stats.totals;
  console.log(
    `digits.snn: ${image.cores.length} cores, ${STEPS} steps; ${t.learnUpdates} synapse updates, ${t.synOps} synaptic ops`,
  );
  console.log(`weights and spikes: ${same ? "identical" : "DIFFERENT"}`);
  console.log(`isa evaluator per synapse: ${tSpec.toFixed(3)} s (best of ${all(specTimes)})`);
  console.log(`compiled rule pass:        ${tFast.toFixed(3)} s (best of ${all(fastTimes)})`);
  console.log(
    `ratio spec / compiled: ${(tSpec / tFast).toFixed(2)}x; ${(STEPS / tFast).toFixed(0)} steps/s compiled`,
  );
  if (!same) throw new Error("the compiled rule pass and the isa evaluator disagree");
}
