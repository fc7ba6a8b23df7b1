// The compiler's report: per-core utilization as bars (used / max per resource) and the
// quantization summary as an HTML table. Builds a Vega-Lite spec and an HTML string; no I/O.
import type { TopLevelSpec } from "vega-lite";
import { escapeHtml, fmtNum, markLabel } from "../html-util.ts";
import { type CompileReport, coreUtilization } from "../run-data.ts";

/** Most cores drawn; a larger placement shows its fullest cores and says so. */
const MAX_CORES = 64;

export function utilizationSpec(rep: CompileReport): TopLevelSpec {
  const fullest = [...rep.cores]
    .sort(
      (a, b) => coreUtilization(b.utilization) - coreUtilization(a.utilization) || a.core - b.core,
    )
    .slice(0, MAX_CORES)
    .sort((a, b) => a.core - b.core);
  const note =
    fullest.length < rep.cores.length
      ? `; showing the ${MAX_CORES} fullest of ${rep.cores.length} cores`
      : "";
  const rows = fullest.flatMap((c) =>
    Object.entries(c.utilization)
      // Plain code-unit order, not localeCompare: the same bytes on every machine.
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([resource, [used, max]]) => ({
        core: `core ${c.core}`,
        idx: c.core,
        resource,
        used,
        max,
        fraction: max > 0 ? used / max : 0,
        label: markLabel([
          ["core", c.core],
          ["resource", resource],
          ["used / max", `${fmtNum(used)} / ${fmtNum(max)}`],
          ["fraction", max > 0 ? `${((used / max) * 100).toFixed(1)}%` : "-"],
        ]),
      })),
  );
  const worst = rows.reduce(
    (b, r) => (b === null || r.fraction > b.fraction ? r : b),
    null as (typeof rows)[number] | null,
  );
  return {
    title: {
      text: "Utilization per core (compile report)",
      subtitle: worst
        ? `fullest: ${worst.core} ${worst.resource} ${fmtNum(worst.used)} / ${fmtNum(worst.max)} (${(worst.fraction * 100).toFixed(1)}%)${note}`
        : "no cores",
    },
    width: Math.max(240, Math.min(900, fullest.length * 18)),
    height: 180,
    data: { values: rows },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "core",
        type: "ordinal",
        sort: { field: "idx" },
        title: null,
        axis: { labelAngle: -60 },
      },
      xOffset: { field: "resource", type: "nominal" },
      y: {
        field: "fraction",
        type: "quantitative",
        title: "used / max",
        scale: { domain: [0, 1] },
        axis: { format: ".0%" },
      },
      color: { field: "resource", type: "nominal", title: "resource" },
      description: { field: "label" },
    },
  } as TopLevelSpec;
}

/** The report's headline facts (program, neurons, synapses, ...) as a two-column table. */
export function compileFacts(rep: CompileReport): string {
  return rep.facts.length
    ? `<table class="summary">${rep.facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`
    : "";
}

/** The quantization summary as tables: columns in first-seen order across each table's rows. */
export function quantizationTables(rep: CompileReport): string {
  const tables = rep.quantization.map((t) => `<h3>${escapeHtml(t.title)}</h3>${table(t.rows)}`);
  if (tables.length === 0) tables.push("<p>The compile report has no quantization summary.</p>");
  return tables.join("\n");
}

function table(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return "<p>(none)</p>";
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows
    .map((r) => {
      const cells = cols.map((c) => {
        const v = r[c];
        const num = typeof v === "number";
        return `<td${num ? ' class="num"' : ""}>${escapeHtml(v === undefined ? "" : num ? formatNum(v) : v)}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table class="quant"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function formatNum(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? v.toPrecision(4) : v.toExponential(3);
}
