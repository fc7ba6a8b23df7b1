// Diagnostic values and the sink that collects them. A diagnostic is plain data: code, severity,
// filled-in message, span, label and hint. Creating one never prints; rendering is render.ts.
import type { Span } from "../ast/types.ts";
import { DIAGNOSTICS, type DiagnosticCode, type Severity } from "./table.ts";

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  /** Text under the caret span. */
  label: string;
  /** The `= help:` text, or "" for none. */
  hint: string;
}

export type DiagArgs = Record<string, string | number>;

function fill(template: string, args: DiagArgs): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = args[k];
    return v === undefined ? m : String(v);
  });
}

/** Build a diagnostic from the table; `args` fill the message, label and hint placeholders. */
export function makeDiagnostic(code: DiagnosticCode, span: Span, args: DiagArgs = {}): Diagnostic {
  const def = DIAGNOSTICS[code];
  const hint = fill(def.hint, args);
  return {
    code,
    severity: def.severity,
    message: fill(def.message, args),
    span,
    label: fill(def.label, args),
    // An unfilled placeholder means the caller had no hint to give.
    hint: /\{\w+\}/.test(hint) ? "" : hint,
  };
}

/** Collects diagnostics of one front-end run, in report order. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];

  report(code: DiagnosticCode, span: Span, args: DiagArgs = {}): Diagnostic {
    const diag = makeDiagnostic(code, span, args);
    this.list.push(diag);
    return diag;
  }

  get errorCount(): number {
    return this.list.filter((x) => x.severity === "error").length;
  }
}

/** Order diagnostics by file, then position, keeping report order for ties. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        a.d.span.file.localeCompare(b.d.span.file) ||
        a.d.span.offset - b.d.span.offset ||
        a.i - b.i,
    )
    .map((x) => x.d);
}

/** Edit distance with adjacent transpositions (optimal string alignment), for did-you-mean. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a third of the name's length (at least 1 edit), if any. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (c === name) continue;
    const dd = editDistance(name.toLowerCase(), c.toLowerCase());
    // Replacing every letter (`g` for `v`) is not a near miss.
    if (dd >= name.length) continue;
    if (dd < bestD || (dd === bestD && best === undefined)) {
      best = c;
      bestD = dd;
    }
  }
  return best;
}

/** `did you mean `x`?` or a fallback hint. */
export function suggestHint(name: string, candidates: Iterable<string>, fallback = ""): string {
  const s = didYouMean(name, candidates);
  return s ? `did you mean \`${s}\`?` : fallback;
}
