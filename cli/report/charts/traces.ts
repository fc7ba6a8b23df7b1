// Membrane (and other state) traces of probed neurons: one line per probed column, at most
// MAX_LINES per chart, each downsampled to a min/max envelope above the point budget. The
// subtitle says what was left out. Builds a Vega-Lite spec only.
import type { TopLevelSpec } from "vega-lite";
import type { TraceData } from "../run-data.ts";
import { envelope } from "../series-budget.ts";

export const MAX_LINES = 8;
const MAX_POINTS = 1500;

export function traceSpec(tr: TraceData, maxLines = MAX_LINES): TopLevelSpec {
  const shown = Math.min(tr.width, maxLines);
  const rows: {
    step: number;
    min: number;
    max: number;
    mean: number;
    series: string;
    order: number;
  }[] = [];
  let note = "";
  for (let c = 0; c < shown; c++) {
    const env = envelope(tr.steps, tr.values, tr.width, c, MAX_POINTS);
    if (env.reduced) note = env.note;
    const series = tr.columns[c] ?? `column ${c}`;
    for (const r of env.rows) rows.push({ ...r, series, order: c });
  }
  const parts = [
    `${tr.steps.length} samples`,
    shown < tr.width
      ? `showing ${shown} of ${tr.width} probed columns`
      : `${tr.width} probed column(s)`,
    note,
  ].filter((s) => s !== "");
  const x = { field: "step", type: "quantitative", title: "step", axis: { format: ",d" } };
  const color = { field: "series", type: "nominal", title: "neuron", sort: { field: "order" } };
  return {
    title: { text: `State trace: ${tr.population}.${tr.what}`, subtitle: parts.join("; ") },
    width: 640,
    height: 200,
    data: { values: rows },
    layer: [
      ...(note
        ? [
            {
              mark: { type: "area", opacity: 0.25 },
              encoding: {
                x,
                y: { field: "min", type: "quantitative", title: tr.what },
                y2: { field: "max" },
                color,
              },
            },
          ]
        : []),
      {
        mark: { type: "line", strokeWidth: 1, interpolate: "step-after" },
        encoding: { x, y: { field: "mean", type: "quantitative", title: tr.what }, color },
      },
    ],
  } as TopLevelSpec;
}
