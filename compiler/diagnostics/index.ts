// The diagnostics stage's public face: the code table, diagnostic values, the sink and the
// renderers. Nothing here reads files or prints.
export {
  type DiagArgs,
  type Diagnostic,
  DiagnosticSink,
  didYouMean,
  editDistance,
  makeDiagnostic,
  sortDiagnostics,
  suggestHint,
} from "./diagnostic.ts";
export {
  diagnosticsToJson,
  type RenderOptions,
  renderDiagnostic,
  renderDiagnostics,
} from "./render.ts";
export { DIAGNOSTICS, type DiagnosticCode, type DiagnosticDef, type Severity } from "./table.ts";
