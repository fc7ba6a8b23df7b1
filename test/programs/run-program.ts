// Test helpers for the algorithm programs: compile a program of programs/ from disk (optionally
// with text replacements, e.g. fewer steps or epochs for CI) and run it on the bit-exact
// emulator. Replacements must match exactly once, so a test never silently runs the full
// program. It never writes files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { compileFile } from "../../compiler/index.ts";
import { createEmulator, type EmulatorOptions, type RunResult } from "../../emulator/index.ts";
import type { ChipImage } from "../../isa/image.ts";

export const PROGRAMS = join(import.meta.dirname, "../../programs");

/** Compiles programs/<rel>, with each [from, to] replacement (a string or a pattern, which
 *  must match exactly once) applied to its text first. */
export function compileProgram(rel: string, edits: [string | RegExp, string][] = []): ChipImage {
  const path = join(PROGRAMS, rel);
  let text = readFileSync(path, "utf8");
  for (const [from, to] of edits) {
    const n =
      typeof from === "string"
        ? text.split(from).length - 1
        : (text.match(new RegExp(from.source, `${from.flags.replace("g", "")}g`)) ?? []).length;
    if (n !== 1) throw new Error(`${rel}: '${String(from)}' occurs ${n} times, expected once`);
    text = text.replace(from, to);
  }
  const r = compileFile(path, (p) => {
    if (p === path) return text;
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  });
  if (!r.image) {
    throw new Error(renderDiagnostics(r.diagnostics, { sources: (f) => r.sources?.get(f) }));
  }
  return r.image;
}

/** Runs an image on the bit-exact emulator. */
export function runImage(image: ChipImage, opts: EmulatorOptions = {}): RunResult {
  return createEmulator(image, opts).run();
}

/** The spike record of population `name`. */
export function spikesOf(r: RunResult, name: string) {
  const s = r.spikes.find((x) => x.population === name);
  if (!s) throw new Error(`no spike probe on '${name}'`);
  return s;
}

/** The weight probe of projection `name` ("a->b" or its label). */
export function weightsOf(r: RunResult, name: string) {
  const w = r.sampled.find((x) => x.what === "weights" && x.name === name);
  if (!w)
    throw new Error(`no weight probe '${name}' (have ${r.sampled.map((x) => x.name).join(", ")})`);
  return w;
}
