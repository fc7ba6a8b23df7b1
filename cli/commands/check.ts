// `snn check FILE... [--json]`: parse and check .snn programs and report diagnostics. Text goes
// to stderr (rustc style, with the source line and a caret span); `--json` prints one JSON
// document to stdout. Exit 0 when no file has errors, 1 when one has, 2 on usage errors.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import type { QuantizationRecord } from "../../compiler/check/checked.ts";
import { diagnosticsToJson, renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { checkProgram } from "../../compiler/frontend.ts";
import { addConstOption, parseConsts } from "../const-option.ts";
import { EXIT_OK, EXIT_PROGRAM_ERROR } from "../exit.ts";

/** The CLI's loader: the only place the front end's files and data are read. */
export function fileLoader(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function colour(severity: string, text: string): string {
  if (severity === "error") return pc.bold(pc.red(text));
  if (severity === "warning") return pc.bold(pc.yellow(text));
  return pc.bold(pc.cyan(text));
}

/** One line per rounding the front end made (derived registers, trace decays). */
function quantizationText(records: QuantizationRecord[], rel: (p: string) => string): string {
  if (records.length === 0) return "quantization: none\n";
  const lines = records.map((q) => {
    const from = Object.entries(q.from)
      .map(([k, v]) => `${k} = ${v}`)
      .join(", ");
    const pct = (100 * q.relError).toFixed(3);
    return `  ${q.what} = ${q.value} (exact ${Number(q.exact.toPrecision(8))}, error ${Number(q.error.toPrecision(4))}, ${pct}%) from ${from} at ${rel(q.span.file)}:${q.span.line}:${q.span.col}`;
  });
  return `quantization (${records.length}):\n${lines.join("\n")}\n`;
}

export function runCheck(
  files: string[],
  opts: { json?: boolean; quantization?: boolean; const?: string[] },
): number {
  let failed = false;
  const json: object[] = [];
  const consts = parseConsts(opts.const);
  for (const f of files) {
    const path = resolve(f);
    const r = checkProgram(path, fileLoader, consts.length > 0 ? { consts } : {});
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    if (errors > 0) failed = true;
    // Show paths as the user wrote them, relative to the working directory.
    const rel = (p: string) =>
      p.startsWith(`${process.cwd()}/`) ? p.slice(process.cwd().length + 1) : p;
    const diags = r.diagnostics.map((d) => ({ ...d, span: { ...d.span, file: rel(d.span.file) } }));
    if (opts.json) {
      json.push({
        file: f,
        ok: errors === 0,
        diagnostics: diagnosticsToJson(diags),
        ...(opts.quantization && r.program
          ? {
              quantization: r.program.quantization.map((q) => ({
                ...q,
                span: { ...q.span, file: rel(q.span.file) },
              })),
            }
          : {}),
      });
    } else {
      const sources = (file: string) => r.sources.get(resolve(file)) ?? r.sources.get(file);
      const text = renderDiagnostics(diags, {
        sources,
        ...(process.stderr.isTTY ? { color: colour } : {}),
      });
      if (text) process.stderr.write(text);
      if (opts.quantization && r.program)
        process.stderr.write(quantizationText(r.program.quantization, rel));
      if (errors === 0) process.stderr.write(`${f}: ok\n`);
    }
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ files: json }, null, 2)}\n`);
  return failed ? EXIT_PROGRAM_ERROR : EXIT_OK;
}

export function register(program: Command): void {
  const cmd = program
    .command("check")
    .description("parse and check .snn programs; report every error with its source location")
    .argument("<files...>", ".snn files to check")
    .option("--json", "print diagnostics as JSON on stdout")
    .option("--quantization", "also list every rounding of a derived register or trace decay");
  addConstOption(cmd).action(
    (files: string[], opts: { json?: boolean; quantization?: boolean; const?: string[] }) => {
      process.exitCode = runCheck(files, opts);
    },
  );
}
