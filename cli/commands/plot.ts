// `snn plot RUN_DIR --what raster|traces|chip|weights -o FILE.svg`: one chart of a run
// directory as a standalone SVG (the same charts as `snn report`). Large rasters are binned
// or sampled and say so in their subtitle. Errors name what is missing (exit 1).
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { UserError } from "../exit.ts";
import { loadCompileReport } from "../report/load-compile-report.ts";
import { loadRunDir } from "../report/load-run-dir.ts";
import { PLOT_KINDS, type PlotOptions, plotSvg } from "../report/plot.ts";

interface PlotFlags {
  what: string;
  output: string;
  population?: string;
  projection?: string;
  neurons?: string;
  metric?: string;
  view?: string;
  compileReport?: string;
}

export async function runPlot(runDir: string, f: PlotFlags): Promise<void> {
  const run = loadRunDir(runDir);
  if (f.compileReport) run.compile = loadCompileReport(f.compileReport);
  const opts: PlotOptions = { what: f.what };
  const select = f.what === "weights" ? f.projection : f.population;
  if (select !== undefined) opts.select = select;
  if (f.neurons !== undefined) opts.neurons = f.neurons;
  if (f.metric !== undefined) opts.metric = f.metric;
  if (f.view !== undefined) opts.view = f.view;
  const svg = await plotSvg(run, opts);
  try {
    writeFileSync(f.output, svg);
  } catch (e) {
    throw new UserError(
      `${f.output}: cannot write the chart (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

export function register(program: Command): void {
  program
    .command("plot")
    .description("write one chart of a run directory as SVG")
    .argument("<run-dir>", "run directory written by snn run --out")
    .requiredOption("--what <chart>", `chart to draw: ${PLOT_KINDS.join(", ")}`)
    .requiredOption("-o, --output <file>", "SVG file to write")
    .option("--population <name>", "population for raster or traces (default: the first)")
    .option("--projection <id>", "projection for weights (default: the first)")
    .option("--neurons <A:B>", "raster: neurons A..B-1 only")
    .option("--metric <m>", "chip: colour by energy, cycles or utilization", "energy")
    .option("--view <v>", "weights: evolution or histogram", "evolution")
    .option("--compile-report <file>", "compile report JSON, for chip utilization")
    .action(async (runDir: string, f: PlotFlags) => {
      await runPlot(runDir, f);
      process.stderr.write(`chart written to ${f.output}\n`);
    });
}
