// Helpers of the EMSTDP and credit-assignment program tests: compile a program from programs/
// with parts of its text replaced (a shorter schedule, extra probes, a small test network next to
// the real one) and run it on the bit-exact emulator in-process. It must not change what a program means beyond the
// replacements the test names, and it never writes files.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compileFile } from "../../compiler/index.ts";
import { type RunResult, run } from "../../emulator/index.ts";

export const PROGRAMS = resolve(import.meta.dirname, "..", "..", "programs");

/** Replaces each `from` (which must occur) in `text`; throws naming a missing one. */
export function edit(text: string, replacements: [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`program text has no \`${from}\``);
    out = out.split(from).join(to);
  }
  return out;
}

/** Compiles `path` (under programs/) with `text` standing in for its source, and runs it. */
export function compileAndRun(path: string, text: string, steps?: number): RunResult {
  const entry = resolve(PROGRAMS, path);
  const load = (p: string) => {
    if (resolve(p) === entry) return text;
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  };
  const r = compileFile(entry, load);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.image || errors.length > 0) {
    throw new Error(`${path} does not compile: ${errors.map((d) => d.message).join("; ")}`);
  }
  return run(r.image, steps === undefined ? {} : { steps });
}

/** Source text of a program under programs/. */
export function programText(path: string): string {
  return readFileSync(resolve(PROGRAMS, path), "utf8");
}

/** Spike counts of `population` per (sample, phase, neuron) for samples of `sampleSteps` steps
 *  split at the given phase lengths. Returns counts[sample][phase][neuron]. */
export function phaseCounts(result: RunResult, population: string, phases: number[]): number[][][] {
  const rec = result.spikes.find((s) => s.population === population);
  if (!rec) throw new Error(`no spike probe of ${population}`);
  const sampleSteps = phases.reduce((a, b) => a + b, 0);
  const out: number[][][] = [];
  for (let k = 0; k < rec.time.length; k++) {
    const t0 = (rec.time[k] as number) - 1;
    const s = Math.floor(t0 / sampleSteps);
    let inSample = t0 - s * sampleSteps;
    let ph = 0;
    while (inSample >= (phases[ph] as number)) inSample -= phases[ph++] as number;
    while (out.length <= s) out.push(phases.map(() => new Array<number>(rec.size).fill(0)));
    const row = (out[s] as number[][])[ph] as number[];
    row[rec.index[k] as number] = (row[rec.index[k] as number] as number) + 1;
  }
  return out;
}

/** The last sample of a weight probe (`name` as written in the program, e.g. "w2"). */
export function lastWeights(result: RunResult, name: string): Float64Array {
  const rec = result.sampled.find((s) => s.what === "weights" && s.name === name);
  if (!rec) throw new Error(`no weight probe ${name} (have ${result.sampled.map((s) => s.name)})`);
  const r = rec.steps.length - 1;
  return rec.values.slice(r * rec.width, (r + 1) * rec.width);
}

/** All samples of a weight probe: rows[r] holds the weights at rec.steps[r]. */
export function weightRows(
  result: RunResult,
  name: string,
): { steps: Float64Array; rows: Float64Array[] } {
  const rec = result.sampled.find((s) => s.what === "weights" && s.name === name);
  if (!rec) throw new Error(`no weight probe ${name} (have ${result.sampled.map((s) => s.name)})`);
  const rows: Float64Array[] = [];
  for (let r = 0; r < rec.steps.length; r++)
    rows.push(rec.values.slice(r * rec.width, (r + 1) * rec.width));
  return { steps: rec.steps, rows };
}
