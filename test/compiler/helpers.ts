// Test helpers: run the front end on in-memory sources. The loader serves the given files and
// falls back to the real file system for the standard library and programs/data.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkProgram, type FrontendResult } from "../../compiler/frontend.ts";

export const MAIN = "/virtual/main.snn";

/** The digits data set shipped with the programs (absolute path). */
export const DIGITS = resolve(import.meta.dirname, "../../programs/data/digits.csv");

export function loaderFor(files: Record<string, string>) {
  return (path: string): string | undefined => {
    if (path in files) return files[path];
    if (path.startsWith("/virtual/")) return undefined;
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  };
}

/** Check `src` as the file /virtual/main.snn (plus extra virtual files). */
export function checkSource(src: string, extra: Record<string, string> = {}): FrontendResult {
  return checkProgram(MAIN, loaderFor({ [MAIN]: src, ...extra }));
}

/** The standard imports most test programs start with (2 lines). */
export const STD = `import "std/neurons.snn" { CubaLIF, IF, Threshold, GradedIF };
import "std/synapses.snn" { Static, Exc, Inh, STDP };
`;
