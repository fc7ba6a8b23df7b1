// Data-set declarations: path resolution, expected shape, and verification of the file's shape
// when the loader can provide it (rows, columns, numeric cells, label range). Reading is done by
// the caller's loader; this file only parses the text it is given.
import type * as A from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import { suggestHint } from "../diagnostics/index.ts";
import type { CheckedDataset } from "./checked.ts";
import { type EvalEnv, evalConst } from "./units.ts";

const FIELDS = ["header", "rows", "columns", "label", "classes", "scale"];

export interface CsvShape {
  rows: number;
  columns: number;
  /** Distinct values of the label column (if any), for the class count. */
  labelMax: number;
  labelMin: number;
  /** First bad cell, if any: 1-based line and column. */
  bad?: { line: number; col: number; text: string };
  ragged?: { line: number; found: number };
}

// Shapes of recently seen texts: the same data file is checked by many programs in one process
// (tests, fuzzing, the CLI checking several files); the text itself is the key.
const shapeCache = new Map<string, CsvShape>();

/** Parse CSV text (after `header` lines) into its shape; no allocation of the whole matrix. */
export function csvShape(text: string, header: number, labelCol: number | undefined): CsvShape {
  const key = `${header}|${labelCol ?? ""}|${text}`;
  const hit = shapeCache.get(key);
  if (hit) return hit;
  const shape = computeShape(text, header, labelCol);
  if (shapeCache.size >= 16) shapeCache.delete(shapeCache.keys().next().value!);
  shapeCache.set(key, shape);
  return shape;
}

function computeShape(text: string, header: number, labelCol: number | undefined): CsvShape {
  const lines = text.split(/\r?\n/);
  let rows = 0;
  let columns = -1;
  let labelMax = -Infinity;
  let labelMin = Infinity;
  const out: CsvShape = { rows: 0, columns: 0, labelMax, labelMin };
  for (let li = header; li < lines.length; li++) {
    const line = lines[li]!.trim();
    if (line === "") continue;
    const cells = line.split(",");
    if (columns < 0) columns = cells.length;
    else if (cells.length !== columns && !out.ragged)
      out.ragged = { line: li + 1, found: cells.length };
    for (let c = 0; c < cells.length; c++) {
      const v = Number(cells[c]);
      if (!Number.isFinite(v) || cells[c]!.trim() === "") {
        if (!out.bad) out.bad = { line: li + 1, col: c + 1, text: cells[c]! };
      }
    }
    if (labelCol !== undefined) {
      const v = Number(cells[labelCol]);
      if (Number.isFinite(v)) {
        labelMax = Math.max(labelMax, v);
        labelMin = Math.min(labelMin, v);
      }
    }
    rows++;
  }
  return { ...out, rows, columns: Math.max(columns, 0), labelMax, labelMin };
}

export function checkDataset(
  d: A.DatasetDecl,
  resolvedPath: string,
  env: EvalEnv,
  sink: DiagnosticSink,
  load: (path: string) => string | undefined,
): CheckedDataset | undefined {
  if (d.format.name !== "csv") {
    sink.report("N001", d.format.span, {
      what: "data format",
      name: d.format.name,
      hint: "supported: csv",
    });
    return undefined;
  }
  const vals: Record<string, number> = {};
  for (const f of d.fields) {
    const n = f.name.name;
    if (!FIELDS.includes(n)) {
      sink.report("N006", f.name.span, {
        name: n,
        what: "a data set",
        hint: suggestHint(n, FIELDS),
      });
      continue;
    }
    const q = evalConst(f.value, env, sink);
    if (!q) continue;
    if (n !== "scale" && (!Number.isInteger(q.value) || q.value < 0)) {
      sink.report("R002", f.value.span, { what: `\`${n}\``, value: String(q.value) });
      continue;
    }
    vals[n] = q.value;
  }
  const header = vals.header ?? 0;
  const text = load(resolvedPath);
  if (text === undefined) {
    sink.report("I001", d.pathSpan, {
      what: "data file",
      path: d.path,
      hint: `looked for ${resolvedPath}`,
    });
    return undefined;
  }
  const shape = csvShape(text, header, vals.label);
  const at = d.pathSpan;
  if (shape.ragged) {
    sink.report("Z005", at, {
      name: d.name.name,
      found: shape.ragged.found,
      what: `columns on line ${shape.ragged.line}`,
      expected: shape.columns,
      hint: "every row needs the same number of columns",
    });
  }
  if (shape.bad) {
    sink.report("Z005", at, {
      name: d.name.name,
      found: `\`${shape.bad.text}\``,
      what: `at line ${shape.bad.line} column ${shape.bad.col}`,
      expected: "a number",
      hint: header === 0 ? "if the file has a header line, add `header = 1;`" : "",
    });
  }
  if (vals.rows !== undefined && vals.rows !== shape.rows) {
    sink.report("Z005", at, {
      name: d.name.name,
      found: shape.rows,
      what: "rows",
      expected: vals.rows,
      hint: "",
    });
  }
  if (vals.columns !== undefined && vals.columns !== shape.columns) {
    sink.report("Z005", at, {
      name: d.name.name,
      found: shape.columns,
      what: "columns",
      expected: vals.columns,
      hint: "",
    });
  }
  const columns = shape.columns;
  const label = vals.label;
  if (label !== undefined && label >= columns) {
    sink.report("Z005", at, {
      name: d.name.name,
      found: columns,
      what: "columns",
      expected: `a label column ${label}`,
      hint: "",
    });
    return undefined;
  }
  let classes = vals.classes;
  if (label !== undefined) {
    const seen = shape.labelMax + 1;
    if (!Number.isInteger(shape.labelMin) || shape.labelMin < 0) {
      sink.report("Z005", at, {
        name: d.name.name,
        found: shape.labelMin,
        what: "as smallest label",
        expected: "labels 0, 1, ...",
        hint: "",
      });
    }
    if (classes !== undefined && seen > classes) {
      sink.report("Z005", at, {
        name: d.name.name,
        found: seen,
        what: "classes",
        expected: classes,
        hint: "",
      });
    }
    classes ??= seen;
  }
  const features: [number, number] =
    label === columns - 1 ? [0, columns - 1] : label === 0 ? [1, columns] : [0, columns];
  return {
    name: d.name.name,
    format: "csv",
    path: d.path,
    resolvedPath,
    headerLines: header,
    rows: shape.rows,
    columns,
    features,
    ...(label !== undefined ? { label } : {}),
    ...(classes !== undefined ? { classes } : {}),
    scale: vals.scale ?? 1,
    verified: true,
    span: d.span,
  };
}
