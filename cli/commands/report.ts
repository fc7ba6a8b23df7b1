// `snn report RUN_DIR [-o report.html] [--compile-report FILE.json] [--align B,W]`: one
// self-contained HTML page with the chip map, per-core cycles and energy, rasters, traces,
// weights (and, with --align, cos(B, W^T) over the run), the learning curve and the compile
// report of a run directory written by `snn run --out DIR`. The page has no network
// dependencies. Errors name the file and field at fault (exit 1).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { EXIT_USAGE, UserError } from "../exit.ts";
import { buildReport } from "../report/build-report.ts";
import { loadCompileReport } from "../report/load-compile-report.ts";
import { loadRunDir } from "../report/load-run-dir.ts";
import { alignmentOfRun } from "./eval.ts";

interface ReportFlags {
  output?: string;
  compileReport?: string;
  /** `--align B,W [--shape R,C]`: add cos(B, W^T) over the run to the weights section. */
  align?: string;
  shape?: string;
}

export async function runReport(runDir: string, opts: ReportFlags): Promise<string> {
  if (opts.shape !== undefined && opts.align === undefined)
    throw new UserError("--shape goes with --align B,W", EXIT_USAGE);
  const run = loadRunDir(runDir);
  if (opts.compileReport) run.compile = loadCompileReport(opts.compileReport);
  if (opts.align !== undefined) run.alignment = alignmentOfRun(runDir, opts.align, opts.shape);
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
    .option(
      "--align <B,W>",
      "add cos(B, W^T) of two probed projections over the run (as snn eval --align)",
    )
    .option("--shape <ROWS,COLS>", "B's shape, for probes that do not label synapses")
    .action(async (runDir: string, opts: ReportFlags) => {
      const out = await runReport(runDir, opts);
      process.stderr.write(`report written to ${out}\n`);
    });
}
