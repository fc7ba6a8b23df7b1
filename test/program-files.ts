// The .snn programs under programs/ that the tests and the fuzzer's corpus use: every folder but
// data/, without scratch copies (`_*.snn`, git-ignored), so an experiment's temporary program
// never writes a snapshot, fails a clean-check or feeds the fuzzer. It only lists files.
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const PROGRAMS_ROOT = resolve(import.meta.dirname, "../programs");

/** The program files below `dir` (default programs/), sorted, recursing into folders. */
export function programFiles(dir = PROGRAMS_ROOT): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory())
        return dir === PROGRAMS_ROOT && f === "data" ? [] : programFiles(p);
      return f.endsWith(".snn") && !f.startsWith("_") ? [p] : [];
    });
}
