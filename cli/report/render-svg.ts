// Renders a Vega-Lite spec to a standalone SVG string in Node, headless (vega's "none"
// renderer, text measured by vega's built-in estimate, so no canvas and no fonts are needed).
// Coordinates are rounded to 0.01 px, dense unlabelled symbol layers merged into one path, and
// element ids renumbered under a per-chart prefix, so many SVGs can share one HTML page and the
// bytes never depend on vega's process-wide id counters. It must not read or write files.
// vega and vega-lite are loaded on the first chart, not with the module: every `snn` command
// imports the report's code, and loading the two through tsx took about 0.3 s of each start
// (docs/benchmarks.md, CLI start).
import type { TopLevelSpec } from "vega-lite";

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
 *  `idPrefix` (letters, digits, '-') namespaces the SVG's internal ids. Unlabelled symbol
 *  layers (raster spikes) are drawn as one path each. */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const full = { config: CHART_CONFIG, ...spec } as TopLevelSpec;
  const vg = compile(full).spec;
  const view = new vega.View(vega.parse(vg), { renderer: "none", logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    return namespaceIds(crispHeatmaps(mergeSymbolMarks(compactSvg(svg))), idPrefix);
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

/** Rounds coordinates in `transform` and `d` attributes to 0.01 px (vega writes full float
 *  precision, e.g. translate(7.253333333333334,66)), for no visible change. Text content is
 *  left alone. */
export function compactSvg(svg: string): string {
  return svg.replace(/\s(transform|d)="([^"]*)"/g, (_, name: string, value: string) => {
    const v = value.replace(/-?\d+\.\d{3,}/g, (num) => {
      const r = Number(Number(num).toFixed(2));
      return String(Object.is(r, -0) ? 0 : r);
    });
    return ` ${name}="${v}"`;
  });
}

/** One symbol of a layer without hover labels: same shape and style, placed by translate. */
const SYMBOL =
  /^<path transform="translate\((-?[\d.]+),(-?[\d.]+)\)" d="M(-?[\d.]+),(-?[\d.]+)([hvHVZz\d.,-]*)"( [^>]*)?\/>/;

/** Replaces every aria-hidden symbol layer whose marks share one shape and style with a single
 *  path: a 10,000-spike raster shrinks from ~95 to ~25 bytes per spike. The shape must start
 *  with an absolute move followed only by relative h/v lines (vega's square), so translating
 *  it is moving its first point; any other layer is left as vega wrote it. */
export function mergeSymbolMarks(svg: string): string {
  return svg.replace(
    /(<g class="mark-symbol role-mark[^"]*" aria-hidden="true">)((?:<path [^>]*\/>)+)(<\/g>)/g,
    (whole, open: string, body: string, close: string) => {
      let rest = body;
      let style: string | null = null;
      let tail: string | null = null;
      const parts: string[] = [];
      while (rest.length > 0) {
        const m = SYMBOL.exec(rest);
        if (!m) return whole;
        const [text, tx, ty, mx, my, shape, attrs] = m as unknown as string[];
        if (/[HV]/.test(shape as string)) return whole;
        if (style === null) {
          style = attrs ?? "";
          tail = shape as string;
        } else if (style !== (attrs ?? "") || tail !== shape) return whole;
        const x = Number((Number(tx) + Number(mx)).toFixed(2));
        const y = Number((Number(ty) + Number(my)).toFixed(2));
        parts.push(`M${x},${y}${shape}`);
        rest = rest.slice((text as string).length);
      }
      return `${open}<path d="${parts.join("")}"${style ?? ""}/>${close}`;
    },
  );
}

/** Rect layers (heatmap bins, bars, core cells) are drawn with crisp edges: anti-aliased
 *  seams between neighbouring bins would read as gaps in the data. */
export function crispHeatmaps(svg: string): string {
  return svg.replace(
    /<g class="mark-rect role-mark([^"]*)"/g,
    '<g shape-rendering="crispEdges" class="mark-rect role-mark$1"',
  );
}

/** Gives every labelled mark a <title> child holding its aria-label, so a standalone SVG (no
 *  script, e.g. from `snn plot`) shows the mark's numbers as the viewer's native tooltip. */
export function addTitles(svg: string): string {
  return svg.replace(
    /<(path|rect|line|text)( aria-label="([^"]*)"[^>]*?)\/>/g,
    (_, tag: string, attrs: string, label: string) =>
      `<${tag}${attrs}><title>${label}</title></${tag}>`,
  );
}
