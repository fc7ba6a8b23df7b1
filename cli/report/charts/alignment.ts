// cos(B, W^T) over a run: how feedback weights B came to point along the transpose of the
// forward weights W they stand in for (algorithms.md D: weight mirror and information alignment
// should rise above 0.9 and about 0.75, feedback alignment stay below 0.5). The points come
// from `snn eval --align` (cli/eval/run-metrics.ts). Builds a Vega-Lite spec only.
import type { TopLevelSpec } from "vega-lite";
import { pickRows } from "../series-budget.ts";

/** Most points drawn; more samples are thinned evenly (first and last kept). */
const MAX_POINTS = 1000;

export function alignmentSpec(
  over: { step: number; cosine: number }[],
  b: string,
  w: string,
): TopLevelSpec {
  const points = over.filter((p) => Number.isFinite(p.cosine));
  const keep = pickRows(points.length, MAX_POINTS).map((r) => points[r] as (typeof points)[number]);
  const last = points.at(-1);
  const thinned = keep.length < points.length ? `, ${keep.length} of them drawn` : "";
  return {
    title: {
      text: `cos(${b}, ${w}^T) over the run`,
      subtitle: `${points.length} steps at which both projections were probed${thinned}${last ? `; last ${last.cosine.toFixed(4)} at step ${last.step.toLocaleString("en-US")}` : ""}`,
    },
    width: 640,
    height: 200,
    data: { values: keep.map((p) => ({ step: p.step, cosine: p.cosine })) },
    mark: { type: "line", point: keep.length <= 60, color: "#4c78a8" },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step", axis: { format: ",d" } },
      y: {
        field: "cosine",
        type: "quantitative",
        title: `cos(${b}, ${w}^T)`,
        scale: { domain: [-1, 1] },
      },
      tooltip: [
        { field: "step", type: "quantitative", format: ",d" },
        { field: "cosine", type: "quantitative", format: ".4f" },
      ],
    },
  } as TopLevelSpec;
}
