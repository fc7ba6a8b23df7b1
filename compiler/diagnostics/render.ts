// Renders diagnostics as text (rustc style: `error[L002]: ...`, `--> file:line:col`, the source
// line, a caret span with its label, `= help: ...`) or as JSON for tools. Returns strings; the
// caller decides where they go.
import type { Diagnostic } from "./diagnostic.ts";

export interface RenderOptions {
  /** Source text per file name, to print the offending line. */
  sources: (file: string) => string | undefined;
  /** Wrap severities in ANSI colour codes (off by default; tests compare plain text). */
  color?: (severity: string, text: string) => string;
}

/** A source line as printed: tabs as spaces and other control characters as their pictures
 *  (U+2400 + code, U+2421 for DEL), one column each, so the caret stays under its character and
 *  nothing raw (a NUL, an escape) reaches the terminal. */
function visibleLine(line: string): string {
  let out = "";
  for (const ch of line) {
    const code = ch.charCodeAt(0);
    if (ch === "\t") out += " ";
    else if (code < 0x20) out += String.fromCharCode(0x2400 + code);
    else if (code === 0x7f) out += "\u2421";
    else out += ch;
  }
  return out;
}

/** Render one diagnostic as text, ending in a newline. */
export function renderDiagnostic(d: Diagnostic, opts: RenderOptions): string {
  const col = opts.color ?? ((_s: string, t: string) => t);
  const { file, line, col: c } = d.span;
  const out: string[] = [];
  out.push(`${col(d.severity, `${d.severity}[${d.code}]`)}: ${d.message}`);
  const gutter = " ".repeat(String(line).length);
  out.push(`${gutter}--> ${file}:${line}:${c}`);
  const text = opts.sources(file);
  const srcLine = text?.split(/\r?\n/)[line - 1];
  if (srcLine !== undefined) {
    const shown = visibleLine(srcLine);
    const start = Math.max(0, c - 1);
    const width =
      d.span.endLine === line ? Math.max(1, d.span.endCol - c) : Math.max(1, shown.length - start);
    out.push(`${gutter} |`);
    out.push(`${line} | ${shown}`);
    const label = d.label ? ` ${d.label}` : "";
    out.push(`${gutter} | ${" ".repeat(start)}${"^".repeat(width)}${label}`);
  }
  if (d.hint) out.push(`${gutter} = help: ${d.hint}`);
  return `${out.join("\n")}\n`;
}

/** Render all diagnostics plus a summary line (`2 errors, 1 warning`). */
export function renderDiagnostics(list: Diagnostic[], opts: RenderOptions): string {
  const parts = list.map((d) => renderDiagnostic(d, opts));
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.filter((d) => d.severity === "warning").length;
  if (errors + warnings > 0) {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    parts.push(`${plural(errors, "error")}, ${plural(warnings, "warning")}\n`);
  }
  return parts.join("\n");
}

/** The JSON form: one object per diagnostic, spans included, stable field order. */
export function diagnosticsToJson(list: Diagnostic[]): object[] {
  return list.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    line: d.span.line,
    col: d.span.col,
    endLine: d.span.endLine,
    endCol: d.span.endCol,
    offset: d.span.offset,
    length: d.span.length,
    label: d.label,
    hint: d.hint,
  }));
}
