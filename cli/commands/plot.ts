// `snn plot RUN_DIR --what raster|traces|chip|weights|alignment -o FILE.svg`: one chart of a
// run directory as a standalone SVG (the same charts as `snn report`, and cos(B, W^T) over the
// run from `snn eval --align`). Large rasters are binned or sampled and say so in their
// subtitle. Errors name what is missing (exit 1).
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { EXIT_USAGE, UserError } from "../exit.ts";
import { alignmentSpec } from "../report/charts/alignment.ts";
import { loadCompileReport } from "../report/load-compile-report.ts";
import { loadRunDir } from "../report/load-run-dir.ts";
import { PLOT_KINDS, type PlotOptions, plotSvg } from "../report/plot.ts";
import { addTitles, renderSvg } from "../report/render-svg.ts";
import { alignmentOfRun } from "./eval.ts";

interface PlotFlags {
  what: string;
  output: string;
  population?: string;
  projection?: string;
  neurons?: string;
  metric?: string;
  view?: string;
  compileReport?: string;
  align?: string;
  shape?: string;
}

/** The SVG of cos(B, W^T) at every step both probes sampled (`--what alignment --align B,W`). */
async function alignmentSvg(runDir: string, f: PlotFlags): Promise<string> {
  if (f.align === undefined)
    throw new UserError(
      "--what alignment needs --align B,W: the feedback and forward projections",
      EXIT_USAGE,
    );
  const a = alignmentOfRun(runDir, f.align, f.shape);
  if (!a.over.some((p) => Number.isFinite(p.cosine)))
    throw new UserError(
      `${runDir}: probes '${a.b}' and '${a.w}' share no sampled step with nonzero weights, so there is nothing to plot (probe both at the same period)`,
    );
  return addTitles(await renderSvg(alignmentSpec(a.over, a.b, a.w), "alignment"));
}

export async function runPlot(runDir: string, f: PlotFlags): Promise<void> {
  if (f.what !== "alignment" && (f.align !== undefined || f.shape !== undefined))
    throw new UserError("--align and --shape go with --what alignment", EXIT_USAGE);
  const svg = f.what === "alignment" ? await alignmentSvg(runDir, f) : await chartOfRun(runDir, f);
  try {
    writeFileSync(f.output, svg);
  } catch (e) {
    throw new UserError(
      `${f.output}: cannot write the chart (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

async function chartOfRun(runDir: string, f: PlotFlags): Promise<string> {
  const run = loadRunDir(runDir);
  if (f.compileReport) run.compile = loadCompileReport(f.compileReport);
  const opts: PlotOptions = { what: f.what };
  const select = f.what === "weights" ? f.projection : f.population;
  if (select !== undefined) opts.select = select;
  if (f.neurons !== undefined) opts.neurons = f.neurons;
  if (f.metric !== undefined) opts.metric = f.metric;
  if (f.view !== undefined) opts.view = f.view;
  return plotSvg(run, opts);
}

export function register(program: Command): void {
  program
    .command("plot")
    .description("write one chart of a run directory as SVG")
    .argument("<run-dir>", "run directory written by snn run --out")
    .requiredOption("--what <chart>", `chart to draw: ${[...PLOT_KINDS, "alignment"].join(", ")}`)
    .requiredOption("-o, --output <file>", "SVG file to write")
    .option("--population <name>", "population for raster or traces (default: the first)")
    .option("--projection <id>", "projection for weights (default: the first)")
    .option("--neurons <A:B>", "raster: neurons A..B-1 only")
    .option("--metric <m>", "chip: colour by energy, cycles or utilization", "energy")
    .option("--view <v>", "weights: evolution or histogram", "evolution")
    .option("--compile-report <file>", "compile report JSON, for chip utilization")
    .option(
      "--align <B,W>",
      "alignment: cos(B, W^T) of two probed projections over the run, synapse a->b against b->a",
    )
    .option("--shape <ROWS,COLS>", "alignment: B's shape, for probes that do not label synapses")
    .action(async (runDir: string, f: PlotFlags) => {
      await runPlot(runDir, f);
      process.stderr.write(`chart written to ${f.output}\n`);
    });
}
