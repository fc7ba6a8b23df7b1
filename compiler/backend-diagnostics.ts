// The back end's diagnostic codes (prefix B), kept beside the front end's table in
// compiler/diagnostics/table.ts and built into the same Diagnostic values, so the same renderer
// prints them (file:line:col, source line, caret, help). Codes are stable: never renumber.
// Data plus one constructor; no formatting, no I/O.
import type { Span } from "./ast/types.ts";
import type { Diagnostic, DiagnosticCode, Severity } from "./diagnostics/index.ts";

interface BackendDef {
  severity: Severity;
  message: string;
  label: string;
  hint: string;
}

const d = (severity: Severity, message: string, label: string, hint: string): BackendDef => ({
  severity,
  message,
  label,
  hint,
});

export const BACKEND_DIAGNOSTICS = {
  B001: d("error", "data file `{path}` cannot be used: {why}", "read here", "{hint}"),
  B002: d("error", "cannot build the synapses of `{id}`: {why}", "here", "{hint}"),
  B003: d(
    "error",
    "{n} nonzero weight(s) of `{id}` round to zero at weight LSB {lsb} (weight_exp {exp})",
    "weights lost",
    "scale the weights up, raise the precision, or allow flushing (`allow flush`) if this is intended",
  ),
  B004: d(
    "warning",
    "{n} weight(s) of `{id}` saturate at {limit} (weight_exp {exp})",
    "saturated",
    "lower the weights or let the compiler pick weight_exp (no `exp`)",
  ),
  B005: d(
    "error",
    "{resource} does not fit on core {core}: {used} / {max}{by}",
    "{label}",
    "{hint}",
  ),
  B006: d(
    "error",
    "neuron model `{model}` cannot be compiled to core microcode: {why}",
    "here",
    "{hint}",
  ),
  B007: d(
    "error",
    "the network needs {need} cores but profile `{profile}` offers {max} ({chips} chip(s) of {perChip})",
    "placed here",
    "{hint}",
  ),
  B008: d(
    "error",
    "{what} is not supported by the back end on profile `{profile}`",
    "here",
    "{hint}",
  ),
  B009: d("warning", "{what}", "here", "{hint}"),
  B010: d("error", "the compiled image failed validation: {why}", "here", "this is a compiler bug"),
  B011: d(
    "error",
    "learning rule `{rule}` cannot be compiled for the learning engine: {why}",
    "here",
    "{hint}",
  ),
  B012: d(
    "error",
    "tied copies cannot be kept equal: {why}",
    "tied here",
    "tied projections hold one matrix: give them the same pairs, the same weight format and equal (or negated) initial weights",
  ),
} as const satisfies Record<string, BackendDef>;

export type BackendCode = keyof typeof BACKEND_DIAGNOSTICS;

function fill(t: string, args: Record<string, string | number>): string {
  return t.replace(/\{(\w+)\}/g, (m, k: string) => (args[k] === undefined ? m : String(args[k])));
}

/** A back-end diagnostic, in the front end's Diagnostic shape (its `code` field holds a B code;
 *  the renderer only prints it). */
export function backendDiagnostic(
  code: BackendCode,
  span: Span,
  args: Record<string, string | number> = {},
): Diagnostic {
  const def = BACKEND_DIAGNOSTICS[code];
  const hint = fill(def.hint, args);
  return {
    code: code as unknown as DiagnosticCode,
    severity: def.severity,
    message: fill(def.message, args),
    span,
    label: fill(def.label, args),
    hint: /\{\w+\}/.test(hint) ? "" : hint,
  };
}

/** True if any diagnostic is an error. */
export const hasErrors = (list: readonly Diagnostic[]): boolean =>
  list.some((x) => x.severity === "error");
