// Weights of a plastic projection: a histogram of the first and last snapshot (weight
// mantissas, signed integers), and the distribution over time (min..max and 10..90% bands,
// median line). Snapshots beyond the point budget are thinned evenly and the subtitle says so.
// Builds Vega-Lite specs only.
import type { TopLevelSpec } from "vega-lite";
import { countAtLimits } from "../../eval/weights.ts";
import { markLabel } from "../html-util.ts";
import type { WeightData } from "../run-data.ts";
import { pickRows, quantile } from "../series-budget.ts";

const MAX_BINS = 64;
const MAX_SNAPSHOTS = 400;

function rowOf(w: WeightData, r: number): Float64Array {
  return w.values.subarray(r * w.width, (r + 1) * w.width);
}

/** "; 174 of the last snapshot at the format's ends (-256, 254)", when the range is known. */
function saturation(w: WeightData): string {
  const n = w.steps.length;
  if (!w.limits || n === 0) return "";
  const at = countAtLimits(rowOf(w, n - 1), w.limits);
  return `; ${at} of the last snapshot at the format's ends (${w.limits.min}, ${w.limits.max})`;
}

export function weightHistogramSpec(w: WeightData): TopLevelSpec {
  const n = w.steps.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of w.values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) lo = hi = 0;
  const binW = Math.max(1, Math.ceil((hi - lo + 1) / MAX_BINS));
  const rows: { b0: number; b1: number; count: number; snapshot: string; label: string }[] = [];
  const labels: string[] = [];
  const picks = n > 1 ? [0, n - 1] : n === 1 ? [0] : [];
  for (const r of picks) {
    const label = `step ${w.steps[r]}${r === 0 && n > 1 ? " (first)" : r === n - 1 ? " (last)" : ""}`;
    labels.push(label);
    const counts = new Map<number, number>();
    for (const v of rowOf(w, r)) {
      const b = lo + Math.floor((v - lo) / binW) * binW;
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    for (const [b, count] of [...counts.entries()].sort((a, c) => a[0] - c[0])) {
      const range = binW === 1 ? String(b) : `${b}..${b + binW - 1}`;
      rows.push({
        b0: b,
        b1: b + binW,
        count,
        snapshot: label,
        label: markLabel([
          ["snapshot", label],
          ["weights", range],
          ["synapses", count],
        ]),
      });
    }
  }
  return {
    title: {
      text: `Weight histogram: ${w.projection}`,
      subtitle: `${w.width} synapses; ${n} snapshot(s); bins of ${binW} mantissa unit(s)${saturation(w)}`,
    },
    width: 420,
    height: 180,
    data: { values: rows },
    mark: { type: "rect", opacity: 0.6 },
    encoding: {
      x: {
        field: "b0",
        type: "quantitative",
        title: "weight mantissa",
      },
      x2: { field: "b1" },
      y: { field: "count", type: "quantitative", title: "synapses", stack: null },
      color: {
        field: "snapshot",
        type: "nominal",
        title: "snapshot",
        // First snapshot light, last dark, in that order (not alphabetical).
        scale: { domain: labels, range: ["#9ecae1", "#d95f02"] },
      },
      description: { field: "label" },
    },
  } as TopLevelSpec;
}

export function weightEvolutionSpec(w: WeightData): TopLevelSpec {
  const picks = pickRows(w.steps.length, MAX_SNAPSHOTS);
  const rows = picks.map((r) => {
    const s = Float64Array.from(rowOf(w, r)).sort();
    const q = {
      step: w.steps[r] as number,
      min: quantile(s, 0),
      p10: quantile(s, 0.1),
      median: quantile(s, 0.5),
      p90: quantile(s, 0.9),
      max: quantile(s, 1),
    };
    const label = markLabel([
      ["step", q.step],
      ["min", q.min],
      ["10%", q.p10],
      ["median", q.median],
      ["90%", q.p90],
      ["max", q.max],
    ]);
    return { ...q, label };
  });
  const thin =
    picks.length < w.steps.length
      ? `; ${picks.length} of ${w.steps.length} snapshots drawn (evenly spaced)`
      : "";
  const x = { field: "step", type: "quantitative", title: "step", axis: { format: ",d" } };
  return {
    title: {
      text: `Weight evolution: ${w.projection}`,
      subtitle: `bands: min..max and 10..90%; line: median${thin}`,
    },
    width: 420,
    height: 180,
    data: { values: rows },
    layer: [
      {
        mark: { type: "area", color: "#fdd0a2", opacity: 0.7 },
        encoding: {
          x,
          y: { field: "min", type: "quantitative", title: "weight mantissa" },
          y2: { field: "max" },
        },
      },
      {
        mark: { type: "area", color: "#fd8d3c", opacity: 0.6 },
        encoding: { x, y: { field: "p10", type: "quantitative" }, y2: { field: "p90" } },
      },
      {
        mark: {
          type: "line",
          color: "#7f2704",
          point: picks.length <= 40 ? { color: "#7f2704" } : false,
        },
        encoding: {
          x,
          y: { field: "median", type: "quantitative" },
          description: { field: "label" },
        },
      },
    ],
  } as TopLevelSpec;
}
