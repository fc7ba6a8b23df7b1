// The compiled rule pass on whole programs: each learning program of programs/ (every rule
// feature between them: x0/y0/u_k dependencies, second pre traces, exported post traces, tags,
// tied copies, sgn factors) runs the same number of steps with the compiled pass and with the
// isa evaluator called on every synapse ("spec"), where the compiled pass visits only the
// synapses whose axon or target spiked when no rule holds for the whole epoch; spikes, sampled
// weights and counters are identical.
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fileLoader } from "../../cli/commands/check.ts";
import { compileFile } from "../../compiler/index.ts";
import { type RunResult, run } from "../../emulator/index.ts";
import { PROGRAMS } from "../programs/emstdp-helpers.ts";

const CASES: [string, number][] = [
  ["stdp/triplet.snn", 1500],
  ["stdp/rstdp.snn", 1500],
  ["emstdp/iris.snn", 3000],
  ["oja/concepts.snn", 1500],
  ["credit/wm.snn", 1600],
  ["strsbp/digits.snn", 1600],
  ["slca/dictionary.snn", 1500],
];

/** Digest of everything a run recorded: spike index/time and sampled values, in order (a deep
 *  toEqual over the large typed arrays takes seconds). */
function digest(r: RunResult): string {
  const h = createHash("sha256");
  for (const s of r.spikes) {
    h.update(s.population);
    h.update(new Uint8Array(s.index.buffer, s.index.byteOffset, s.index.byteLength));
    h.update(new Uint8Array(s.time.buffer, s.time.byteOffset, s.time.byteLength));
  }
  for (const s of r.sampled) {
    h.update(s.name);
    h.update(new Uint8Array(s.steps.buffer, s.steps.byteOffset, s.steps.byteLength));
    h.update(new Uint8Array(s.values.buffer, s.values.byteOffset, s.values.byteLength));
  }
  return h.digest("hex");
}

describe("compiled learning rules on the programs", () => {
  for (const [path, steps] of CASES) {
    it(`${path}: ${steps} steps, same bits as the isa evaluator`, () => {
      const r = compileFile(resolve(PROGRAMS, path), fileLoader);
      expect(r.image).toBeDefined();
      const image = r.image!;
      const fast = run(image, { steps });
      const spec = run(image, { steps, learningRules: "spec" });
      expect(fast.stats.totals.learnUpdates).toBeGreaterThan(0);
      expect(fast.stats.totals).toEqual(spec.stats.totals);
      // Weights are seen through a weight probe, or (ST-RSBP) through the host step that
      // reads the accumulated traces and writes the weights the next samples run with.
      expect(fast.sampled.some((x) => x.what === "weights") || image.hostLearning.length > 0).toBe(
        true,
      );
      expect(fast.predictions).toEqual(spec.predictions);
      expect(digest(fast)).toBe(digest(spec));
    });
  }
});
