// Renders a Vega-Lite spec to a standalone SVG string in Node, headless (vega's "none"
// renderer, text measured by vega's built-in estimate, so no canvas and no fonts are needed).
// Element ids are renumbered under a per-chart prefix so many SVGs can share one HTML page and
// the bytes never depend on vega's process-wide id counters. It must not read or write files.
import * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import { compile } from "vega-lite";

/** Shared look of every chart: plain sans-serif, no external fonts, white background. */
export const CHART_CONFIG = {
  font: "Helvetica, Arial, sans-serif",
  background: "white",
  view: { stroke: "#ccc" },
  axis: { labelFontSize: 10, titleFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 11, titleLimit: 260, labelLimit: 260 },
  title: { fontSize: 13, subtitleFontSize: 11, subtitleColor: "#555", anchor: "start" as const },
};

/** Compiles `spec` with vega-lite, runs the dataflow and serialises the scene to SVG.
 *  `idPrefix` (letters, digits, '-') namespaces the SVG's internal ids. */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const full = { config: CHART_CONFIG, ...spec } as TopLevelSpec;
  const vg = compile(full).spec;
  const view = new vega.View(vega.parse(vg), { renderer: "none", logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    return namespaceIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

/** Rewrites every id="x" and its references (url(#x), href="#x") to `${prefix}-${n}` with n
 *  counted in order of first appearance, so the output is independent of global counters. */
export function namespaceIds(svg: string, prefix: string): string {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = m[1] as string;
    if (!map.has(id)) map.set(id, `${prefix}-${map.size}`);
  }
  if (map.size === 0) return svg;
  return svg
    .replace(
      /(\sid=")([^"]+)(")/g,
      (_, a: string, id: string, b: string) => a + (map.get(id) ?? id) + b,
    )
    .replace(/url\(#([^)]+)\)/g, (s, id: string) => {
      const n = map.get(id);
      return n ? `url(#${n})` : s;
    })
    .replace(/(href=")#([^"]+)(")/g, (s, a: string, id: string, b: string) => {
      const n = map.get(id);
      return n ? `${a}#${n}${b}` : s;
    });
}
