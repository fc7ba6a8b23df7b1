// `snn report RUN_DIR [-o report.html] [--compile-report FILE.json]`: one self-contained HTML
// page with the chip map, per-core cycles and energy, rasters, traces, weights, the learning
// curve and the compile report of a run directory written by `snn run --out DIR`. The page
// has no network dependencies. Errors name the file and field at fault (exit 1).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../exit.ts";
import { buildReport } from "../report/build-report.ts";
import { loadCompileReport } from "../report/load-compile-report.ts";
import { loadRunDir } from "../report/load-run-dir.ts";

export async function runReport(
  runDir: string,
  opts: { output?: string; compileReport?: string },
): Promise<string> {
  const run = loadRunDir(runDir);
  if (opts.compileReport) run.compile = loadCompileReport(opts.compileReport);
  const html = await buildReport(run);
  const out = opts.output ?? join(runDir, "report.html");
  try {
    writeFileSync(out, html);
  } catch (e) {
    throw new UserError(
      `${out}: cannot write the report (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return out;
}

export function register(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report of a run directory (snn run --out DIR)")
    .argument("<run-dir>", "run directory written by snn run --out")
    .option("-o, --output <file>", "HTML file to write (default: RUN_DIR/report.html)")
    .option("--compile-report <file>", "compile report JSON (snn compile --report) to include")
    .action(async (runDir: string, opts: { output?: string; compileReport?: string }) => {
      const out = await runReport(runDir, opts);
      process.stderr.write(`report written to ${out}\n`);
    });
}
