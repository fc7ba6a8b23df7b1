// A real run for the report tests: a program from programs/ compiled and run on the emulator,
// its run directory written by the CLI's own writer (cli/run-dir.ts) and its compile report
// as `snn compile --report` writes it, so the adapter is tested against what the emulator
// and compiler really produce.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runRun } from "../../cli/commands/run.ts";
import { writeRunDir } from "../../cli/run-dir.ts";
import { type CompileReport, compileFile } from "../../compiler/index.ts";
import type { RunResult } from "../../emulator/index.ts";

export const REAL_PROGRAM = resolve(
  import.meta.dirname,
  "..",
  "..",
  "programs",
  "emstdp",
  "iris.snn",
);

const load = (p: string) => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
};

/** Runs REAL_PROGRAM for `steps` steps into `dir`/run and writes `dir`/compile.json. */
export async function makeRealRun(
  dir: string,
  steps: number,
): Promise<{ result: RunResult; report: CompileReport; runDir: string; compileJson: string }> {
  const result = await runRun(REAL_PROGRAM, { steps: String(steps) });
  const runDir = join(dir, "run");
  writeRunDir(result, runDir);
  const compiled = compileFile(REAL_PROGRAM, load);
  const compileJson = join(dir, "compile.json");
  writeFileSync(compileJson, JSON.stringify(compiled.report));
  return { result, report: compiled.report, runDir, compileJson };
}
