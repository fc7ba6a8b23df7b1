// Single charts for `snn plot`: picks the chart a user asked for out of RunData and renders it
// to one standalone SVG string. Bad choices (unknown population, a run without the probes the
// chart needs) come back as a UserError naming what exists. No file I/O here.
import { UserError } from "../exit.ts";
import { CHIP_METRICS, type ChipMetric, chipMapSpec } from "./charts/chip-map.ts";
import { rasterSpec } from "./charts/raster.ts";
import { traceSpec } from "./charts/traces.ts";
import { weightEvolutionSpec, weightHistogramSpec } from "./charts/weights.ts";
import { parseNeuronSlice } from "./raster-budget.ts";
import { addTitles, renderSvg } from "./render-svg.ts";
import type { RunData } from "./run-data.ts";

export const PLOT_KINDS = ["raster", "traces", "chip", "weights"] as const;
export type PlotKind = (typeof PLOT_KINDS)[number];

export interface PlotOptions {
  what: string;
  /** Population (raster, traces) or projection id (weights); default: the first one. */
  select?: string;
  /** Neuron slice "A:B" for rasters. */
  neurons?: string;
  /** Chip map colouring. */
  metric?: string;
  /** Weights: "evolution" (default) or "histogram". */
  view?: string;
}

function pick<T>(
  items: T[],
  name: (t: T) => string,
  select: string | undefined,
  what: string,
  flag: string,
): T {
  if (items.length === 0)
    throw new UserError(`this run recorded no ${what}, so there is nothing to plot`);
  if (select === undefined) return items[0] as T;
  const hit = items.find((t) => name(t) === select);
  if (!hit) {
    throw new UserError(
      `${flag} '${select}': no ${what} of that name (recorded: ${items.map(name).join(", ")})`,
    );
  }
  return hit;
}

/** Renders the chart `opts.what` of `run` to a standalone SVG whose marks carry <title>
 *  tooltips (no script needed). */
export async function plotSvg(run: RunData, opts: PlotOptions): Promise<string> {
  return addTitles(await chartSvg(run, opts));
}

async function chartSvg(run: RunData, opts: PlotOptions): Promise<string> {
  const kind = opts.what as PlotKind;
  if (!PLOT_KINDS.includes(kind)) {
    throw new UserError(`--what '${opts.what}': choose one of ${PLOT_KINDS.join(", ")}`);
  }
  if (kind === "chip") {
    const metric = (opts.metric ?? "energy") as ChipMetric;
    if (!CHIP_METRICS.includes(metric)) {
      throw new UserError(`--metric '${opts.metric}': choose one of ${CHIP_METRICS.join(", ")}`);
    }
    return renderSvg(chipMapSpec(run, metric), "chip");
  }
  if (kind === "raster") {
    const r = pick(run.rasters, (x) => x.population, opts.select, "spike probes", "--population");
    let range: [number, number] | undefined;
    if (opts.neurons !== undefined) {
      const s = parseNeuronSlice(opts.neurons, r.size);
      if (!s.ok) throw new UserError(`--neurons: ${s.reason}`);
      range = s.range;
    }
    return renderSvg(rasterSpec(r, run.meta.steps, range), "raster");
  }
  if (kind === "traces") {
    // A bare population name picks its first probed variable; "pop.v" picks one exactly.
    const sel = opts.select;
    const bare =
      sel !== undefined && !sel.includes(".")
        ? run.traces.find((x) => x.population === sel)
        : undefined;
    const t =
      bare ??
      pick(run.traces, (x) => `${x.population}.${x.what}`, sel, "state probes", "--population");
    return renderSvg(traceSpec(t), "traces");
  }
  const w = pick(run.weights, (x) => x.projection, opts.select, "weight probes", "--projection");
  const view = opts.view ?? "evolution";
  if (view !== "evolution" && view !== "histogram") {
    throw new UserError(`--view '${view}': choose evolution or histogram`);
  }
  return renderSvg(
    view === "histogram" ? weightHistogramSpec(w) : weightEvolutionSpec(w),
    "weights",
  );
}
