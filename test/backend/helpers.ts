// Test helpers: compile .snn text held in memory (imports of std/ and data files read from
// disk), and the front end's checked program for a snippet.
import { readFileSync } from "node:fs";
import type { CheckedProgram } from "../../compiler/check/checked.ts";
import { renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { checkProgram } from "../../compiler/frontend.ts";
import { type CompileOptions, type CompileResult, compileFile } from "../../compiler/index.ts";

export function diskLoader(extra: Record<string, string> = {}) {
  return (p: string): string | undefined => {
    if (extra[p] !== undefined) return extra[p];
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  };
}

/** Compile `text` as the file `path` (default /mem/test.snn). */
export function compileText(
  text: string,
  opts: CompileOptions = {},
  path = "/mem/test.snn",
): CompileResult {
  return compileFile(path, diskLoader({ [path]: text }), opts);
}

/** The checked program of `text`; throws with rendered diagnostics if the front end refuses. */
export function checkText(text: string, path = "/mem/test.snn"): CheckedProgram {
  const load = diskLoader({ [path]: text });
  const r = checkProgram(path, load);
  if (!r.program) {
    throw new Error(renderDiagnostics(r.diagnostics, { sources: (f) => r.sources.get(f) }));
  }
  return r.program;
}

/** Rendered diagnostics of a compile result, for assertions and failure messages. */
export function rendered(r: CompileResult): string {
  return renderDiagnostics(r.diagnostics, { sources: (f) => r.sources?.get(f) });
}
