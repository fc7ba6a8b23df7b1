// The front end in one call: parse the entry file and everything it imports (through the
// caller's loader), then check. `std/...` imports resolve to the library shipped in
// compiler/std/. It never touches the file system itself: `load` is the only way in.
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConstDecl, ImportDecl } from "./ast/types.ts";
import type { CheckedProgram } from "./check/checked.ts";
import { check, type ModuleInfo } from "./check/index.ts";
import { type Diagnostic, DiagnosticSink, sortDiagnostics } from "./diagnostics/index.ts";
import { parse } from "./syntax/index.ts";

/** Directory of the standard library (.snn files shipped with the compiler). */
export const STD_DIR = fileURLToPath(new URL("./std/", import.meta.url));

/** Resolve a path written in `from` (an import or a data file): `std/x` or relative to `from`. */
export function resolveImport(from: string, path: string): string {
  if (path.startsWith("std/")) return join(STD_DIR, path.slice(4));
  if (path.startsWith("/")) return normalize(path);
  return join(dirname(from), path);
}

export type Loader = (path: string) => string | undefined;

export interface FrontendResult {
  program?: CheckedProgram;
  diagnostics: Diagnostic[];
  /** Source text of every file read, by path (for rendering diagnostics). */
  sources: Map<string, string>;
}

export interface FrontendOptions {
  /**
   * Values for top-level constants, as `snn ... --const NAME=VALUE` gives them: VALUE (an
   * expression, units allowed) replaces the expression of `const NAME` at the top level of
   * every file of the program that declares it (the entry file and its imports). A program can
   * then be run with another learning rate or size without an edited copy. VALUE is parsed as
   * the text `const NAME = VALUE;` of a pseudo file named `--const NAME`, where its diagnostics
   * point.
   */
  consts?: ReadonlyArray<readonly [name: string, value: string]>;
}

/** Parse and check a program. Never throws on bad input: problems come back as diagnostics. */
export function checkProgram(
  entryPath: string,
  load: Loader,
  opts: FrontendOptions = {},
): FrontendResult {
  const sink = new DiagnosticSink();
  const modules = new Map<string, ModuleInfo>();
  const sources = new Map<string, string>();
  const failed = new Set<string>();
  let syntaxErrors = false;

  // Modules are registered before their imports are visited, so mutual imports terminate;
  // they are allowed because declarations are order-independent and scopes are per file.
  const visit = (path: string, at?: ImportDecl): void => {
    if (modules.has(path) || failed.has(path)) return;
    const text = load(path);
    if (text === undefined) {
      failed.add(path);
      if (at) {
        sink.report("I001", at.pathSpan, {
          what: "module",
          path: at.path,
          hint: at.path.startsWith("std/")
            ? "the standard library has neurons.snn and synapses.snn"
            : `looked for ${path}`,
        });
      } else {
        sink.report(
          "I001",
          { file: path, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, length: 0 },
          { what: "module", path, hint: "" },
        );
      }
      return;
    }
    sources.set(path, text);
    const r = parse(path, text);
    sink.list.push(...r.diagnostics);
    if (!r.ast) {
      syntaxErrors = true;
      failed.add(path);
      return;
    }
    if (r.ast.version && r.ast.version.value !== 1) {
      sink.report("S004", r.ast.version.span, { version: r.ast.version.text });
    }
    const importPaths = new Map<ImportDecl, string>();
    modules.set(path, { path, ast: r.ast, text, importPaths });
    for (const it of r.ast.items) {
      if (it.kind !== "import") continue;
      const target = resolveImport(path, it.path);
      visit(target, it);
      if (modules.has(target)) importPaths.set(it, target);
    }
  };
  visit(entryPath);
  if (modules.has(entryPath))
    for (const [name, value] of opts.consts ?? [])
      overrideConst(name, value, modules, sources, sink);
  if (syntaxErrors || sink.errorCount > 0 || !modules.has(entryPath)) {
    return { diagnostics: sortDiagnostics(sink.list), sources };
  }
  const trackingLoad: Loader = (p) => {
    const t = load(p);
    return t;
  };
  const r = check({ modules, entry: entryPath, load: trackingLoad, resolvePath: resolveImport });
  const diagnostics = sortDiagnostics([...sink.list, ...r.diagnostics]);
  return { ...(r.program ? { program: r.program } : {}), diagnostics, sources };
}

/** Top-level `const` declarations of a module. */
function topConsts(m: ModuleInfo): ConstDecl[] {
  return m.ast.items.filter((it): it is ConstDecl => it.kind === "const");
}

/** Applies one `--const NAME=VALUE` (FrontendOptions.consts) to the parsed modules. */
function overrideConst(
  name: string,
  value: string,
  modules: Map<string, ModuleInfo>,
  sources: Map<string, string>,
  sink: DiagnosticSink,
): void {
  const file = `--const ${name}`;
  const text = `const ${name} = ${value};`;
  sources.set(file, text);
  const r = parse(file, text);
  sink.list.push(...r.diagnostics);
  if (!r.ast) return;
  const [first, ...rest] = r.ast.items;
  if (first?.kind !== "const" || first.name.name !== name || rest.length > 0 || r.ast.version) {
    const at = rest[0]?.span ?? first?.span ?? r.ast.span;
    sink.report("S006", at, {
      what: "more than one expression in a --const value",
      hint: `give NAME=VALUE with VALUE one expression, e.g. --const ${name}=2^-6`,
    });
    return;
  }
  const targets = [...modules.values()].flatMap((m) =>
    topConsts(m).filter((c) => c.name.name === name),
  );
  if (targets.length === 0) {
    const known = [
      ...new Set([...modules.values()].flatMap((m) => topConsts(m).map((c) => c.name.name))),
    ].sort();
    sink.report("N001", first.name.span, {
      what: "top-level constant",
      name,
      hint:
        known.length > 0
          ? `the program's top-level constants: ${known.join(", ")} (constants inside a network or run block cannot be set)`
          : "the program declares no top-level constant (constants inside a network or run block cannot be set)",
    });
    return;
  }
  // Every file's own `const NAME` takes the value: scopes are per file, and a program whose
  // files each declare the constant they use (a shared rate, say) is set by one option.
  for (const t of targets) t.value = first.value;
}
