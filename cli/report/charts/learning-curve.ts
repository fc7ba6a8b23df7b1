// The learning curve: accuracy per epoch or sample block, one line per split (train, test).
// Builds a Vega-Lite spec only.
import type { TopLevelSpec } from "vega-lite";
import { markLabel } from "../html-util.ts";
import type { LearningCurve } from "../run-data.ts";

export function learningCurveSpec(lc: LearningCurve): TopLevelSpec {
  const last = new Map<string, number>();
  for (const p of lc.points) last.set(p.split, p.accuracy);
  const sub = [...last.entries()]
    .map(([s, a]) => `final ${s} accuracy ${(a * 100).toFixed(1)}%`)
    .join("; ");
  return {
    title: { text: "Learning curve", subtitle: sub || "no points" },
    width: 480,
    height: 200,
    data: {
      values: lc.points.map((p) => ({
        ...p,
        label: markLabel([
          ["split", p.split],
          [lc.xLabel, p.x],
          ["accuracy", `${(p.accuracy * 100).toFixed(1)}%`],
        ]),
      })),
    },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: lc.xLabel },
      y: {
        field: "accuracy",
        type: "quantitative",
        title: "accuracy",
        scale: { domain: [0, 1] },
        axis: { format: ".0%" },
      },
      color: { field: "split", type: "nominal", title: "split" },
      description: { field: "label" },
    },
  } as TopLevelSpec;
}
