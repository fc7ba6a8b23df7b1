// `snn check FILE... [--json]`: parse and check .snn programs and report diagnostics. Text goes
// to stderr (rustc style, with the source line and a caret span); `--json` prints one JSON
// document to stdout. Exit 0 when no file has errors, 1 when one has, 2 on usage errors.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { diagnosticsToJson, renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { checkProgram } from "../../compiler/frontend.ts";
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

export function runCheck(files: string[], opts: { json?: boolean }): number {
  let failed = false;
  const json: object[] = [];
  for (const f of files) {
    const path = resolve(f);
    const r = checkProgram(path, fileLoader);
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    if (errors > 0) failed = true;
    // Show paths as the user wrote them, relative to the working directory.
    const rel = (p: string) => (p.startsWith(`${process.cwd()}/`) ? p.slice(process.cwd().length + 1) : p);
    const diags = r.diagnostics.map((d) => ({ ...d, span: { ...d.span, file: rel(d.span.file) } }));
    if (opts.json) {
      json.push({ file: f, ok: errors === 0, diagnostics: diagnosticsToJson(diags) });
    } else {
      const sources = (file: string) => r.sources.get(resolve(file)) ?? r.sources.get(file);
      const text = renderDiagnostics(diags, {
        sources,
        ...(process.stderr.isTTY ? { color: colour } : {}),
      });
      if (text) process.stderr.write(text);
      if (errors === 0) process.stderr.write(`${f}: ok\n`);
    }
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ files: json }, null, 2)}\n`);
  return failed ? EXIT_PROGRAM_ERROR : EXIT_OK;
}

export function register(program: Command): void {
  program
    .command("check")
    .description("parse and check .snn programs; report every error with its source location")
    .argument("<files...>", ".snn files to check")
    .option("--json", "print diagnostics as JSON on stdout")
    .action((files: string[], opts: { json?: boolean }) => {
      process.exitCode = runCheck(files, opts);
    });
}
