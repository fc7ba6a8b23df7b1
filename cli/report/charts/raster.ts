// Spike raster of one population: each spike a mark at (step, neuron), or, above the point
// budget, sampled neurons or a 2-D histogram of counts (raster-budget.ts decides and the
// subtitle says which). Builds a Vega-Lite spec only.
import type { TopLevelSpec } from "vega-lite";
import { DEFAULT_RASTER_BUDGET, type RasterBudget, reduceRaster } from "../raster-budget.ts";
import type { RasterData } from "../run-data.ts";

export function rasterSpec(
  r: RasterData,
  lastStep: number,
  neurons?: [number, number],
  budget: RasterBudget = DEFAULT_RASTER_BUDGET,
): TopLevelSpec {
  const red = reduceRaster(r, lastStep, budget, neurons ?? [0, r.size]);
  const [lo, hi] = red.neurons;
  const x = {
    type: "quantitative" as const,
    title: "step",
    axis: { format: ",d" },
    scale: { domain: [red.steps[0], red.steps[1]], nice: false },
  };
  const y = {
    type: "quantitative" as const,
    title: "neuron",
    axis: { format: "d", tickMinStep: 1 },
    // A point for neuron n is centred on row n (rows span [lo - 0.5, hi - 0.5]); a bin covers
    // neurons [n0, n1) exactly.
    scale: { domain: red.kind === "points" ? [lo - 0.5, hi - 0.5] : [lo, hi], nice: false },
  };
  const title = { text: `Spike raster: ${r.population}`, subtitle: red.subtitle };
  const height = Math.max(120, Math.min(320, (red.neurons[1] - red.neurons[0]) * 6));
  if (red.kind === "points") {
    const values = Array.from(red.t, (t, i) => ({ t, n: red.n[i] as number }));
    return {
      title,
      width: 640,
      height,
      data: { values },
      // Marks carry no per-spike aria label: tens of thousands of labels would bloat the page.
      mark: { type: "square", size: 4, color: "#222", opacity: 0.8, aria: false },
      encoding: { x: { field: "t", ...x }, y: { field: "n", ...y } },
    } as TopLevelSpec;
  }
  return {
    title,
    width: 640,
    height,
    data: { values: red.bins },
    mark: { type: "rect", aria: false },
    encoding: {
      x: { field: "t0", ...x },
      x2: { field: "t1" },
      y: { field: "n0", ...y },
      y2: { field: "n1" },
      color: {
        field: "count",
        type: "quantitative",
        title: "spikes per bin",
        scale: { scheme: "greys", zero: true },
      },
    },
  } as TopLevelSpec;
}
