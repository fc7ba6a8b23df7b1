// Name scopes across modules: what each file declares and what it imports. A reference is
// always resolved in the scope of the file it is written in, so `extends` and constants in the
// standard library resolve inside the standard library. No checking of meaning happens here.
import type * as A from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import { didYouMean, suggestHint } from "../diagnostics/index.ts";

export type DeclKind = "neuron" | "synapse" | "network" | "dataset" | "const";

export type TopDecl = A.NeuronDecl | A.SynapseDecl | A.NetworkDecl | A.DatasetDecl | A.ConstDecl;

export interface Declared {
  kind: DeclKind;
  decl: TopDecl;
  /** File the declaration is written in. */
  file: string;
}

export interface ModuleInfo {
  path: string;
  ast: A.Program;
  text: string;
  /** Resolved path of each import declaration (same order as the imports in `ast.items`). */
  importPaths: Map<A.ImportDecl, string>;
}

const built = new Set(["SpikeSource"]);

export class Scopes {
  /** file -> name -> declaration visible in that file. */
  private readonly scopes = new Map<string, Map<string, Declared>>();
  /** file -> names a misspelt import was probably meant to bring in (its I002 suggests them). */
  private readonly meant = new Map<string, Set<string>>();

  constructor(
    readonly modules: Map<string, ModuleInfo>,
    sink: DiagnosticSink,
  ) {
    const own = new Map<string, Map<string, Declared>>();
    for (const m of modules.values()) {
      const names = new Map<string, Declared>();
      for (const it of m.ast.items) {
        const d = declOf(it, m.path);
        if (!d) continue;
        const name = d.decl.name.name;
        const prev = names.get(name);
        if (prev) {
          const s = prev.decl.name.span;
          sink.report("N002", d.decl.name.span, { name, first: `${s.file}:${s.line}:${s.col}` });
          continue;
        }
        names.set(name, d);
      }
      own.set(m.path, names);
    }
    for (const m of modules.values()) {
      const scope = new Map(own.get(m.path));
      for (const it of m.ast.items) {
        if (it.kind !== "import") continue;
        const target = m.importPaths.get(it);
        const exported = target ? own.get(target) : undefined;
        if (!exported) continue; // unresolvable import already reported
        for (const n of it.names) {
          const d = exported.get(n.name);
          if (!d) {
            const guess = didYouMean(n.name, exported.keys());
            sink.report("I002", n.span, {
              path: it.path,
              name: n.name,
              hint: guess ? `did you mean \`${guess}\`?` : "",
            });
            if (guess) {
              const meant = this.meant.get(m.path) ?? new Set<string>();
              meant.add(guess);
              this.meant.set(m.path, meant);
            }
            continue;
          }
          const prev = scope.get(n.name);
          if (prev && prev.decl !== d.decl) {
            const s = prev.decl.name.span;
            sink.report("N002", n.span, { name: n.name, first: `${s.file}:${s.line}:${s.col}` });
            continue;
          }
          scope.set(n.name, d);
        }
      }
      this.scopes.set(m.path, scope);
    }
  }

  /** Everything visible in `file`. */
  visible(file: string): Map<string, Declared> {
    return this.scopes.get(file) ?? new Map();
  }

  /** Look a name up in `file`, reporting N001 (with did-you-mean) or N003 (wrong kind). */
  resolve(
    file: string,
    id: A.Ident,
    kind: DeclKind,
    sink: DiagnosticSink,
    extra: Iterable<string> = [],
  ): Declared | undefined {
    const scope = this.visible(file);
    const d = scope.get(id.name);
    if (!d) {
      // `import ... { Excx }` then `: Exc`: the import's I002 already names the fix.
      if (this.meant.get(file)?.has(id.name)) return undefined;
      const candidates = [...scope.entries()].filter(([, v]) => v.kind === kind).map(([k]) => k);
      sink.report("N001", id.span, {
        what: kindWord(kind),
        name: id.name,
        hint: suggestHint(id.name, [...candidates, ...extra], importHint(kind)),
      });
      return undefined;
    }
    if (d.kind !== kind) {
      sink.report("N003", id.span, {
        name: id.name,
        actual: kindWord(d.kind),
        expected: kindWord(kind),
      });
      return undefined;
    }
    return d;
  }

  isBuiltin(name: string): boolean {
    return built.has(name);
  }
}

function importHint(kind: DeclKind): string {
  if (kind === "neuron") return 'import it, e.g. `import "std/neurons.snn" { CubaLIF };`';
  if (kind === "synapse") return 'import it, e.g. `import "std/synapses.snn" { Static };`';
  return "";
}

export function kindWord(kind: DeclKind): string {
  return kind === "neuron"
    ? "neuron model"
    : kind === "synapse"
      ? "synapse type"
      : kind === "const"
        ? "constant"
        : kind;
}

function declOf(it: A.TopItem, file: string): Declared | undefined {
  switch (it.kind) {
    case "neuron":
    case "synapse":
    case "network":
    case "dataset":
    case "const":
      return { kind: it.kind, decl: it, file };
    default:
      return undefined;
  }
}
