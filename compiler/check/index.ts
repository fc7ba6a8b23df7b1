// The semantic-check stage: parsed modules in, CheckedProgram plus diagnostics out. Resolves
// names across imports, elaborates the network the `run` section names (or the file's only
// network), and checks every model and synapse type declared in the entry file even if unused.
// Data files are read only through the loader it is given.
import type * as A from "../ast/types.ts";
import { type Diagnostic, DiagnosticSink, suggestHint } from "../diagnostics/index.ts";
import type {
  CheckedPopulation,
  CheckedProbe,
  CheckedProgram,
  CheckedProjection,
} from "./checked.ts";
import { CheckContext } from "./context.ts";
import { collectDatasets, elaboratePopulation, elaborateProbe, type NetScope } from "./network.ts";
import { PROFILES } from "./profiles.ts";
import { elaborateProjection, projectionId } from "./projections.ts";
import { elaborateRun, runBasics } from "./run.ts";
import { type ModuleInfo, Scopes } from "./scope.ts";
import { checkRule } from "./synapse.ts";

export type { CheckedProgram } from "./checked.ts";
export type { ModuleInfo } from "./scope.ts";

export interface CheckInput {
  modules: Map<string, ModuleInfo>;
  entry: string;
  load: (path: string) => string | undefined;
  resolvePath: (from: string, path: string) => string;
}

export function check(input: CheckInput): { program?: CheckedProgram; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink();
  const scopes = new Scopes(input.modules, sink);
  const entry = input.modules.get(input.entry);
  if (!entry) return { diagnostics: sink.list };
  const runs = entry.ast.items.filter((i): i is A.RunDecl => i.kind === "run");
  for (const extra of runs.slice(1)) {
    sink.report("E001", extra.span, {
      what: "a file has at most one `run` section",
      hint: "split experiments into separate files",
    });
  }
  const run = runs[0];
  // dt and seed come first: parameters, delays and rates are converted with them.
  const pre = new CheckContext(scopes, sink, PROFILES.loihi!, 1e-3, input.load, input.resolvePath);
  const { dtSeconds, seed } = runBasics(run, input.entry, pre);
  let profile = PROFILES.loihi!;
  if (run) {
    const p = PROFILES[run.profile.name];
    if (!p) {
      sink.report("E006", run.profile.span, {
        name: run.profile.name,
        hint: suggestHint(
          run.profile.name,
          Object.keys(PROFILES),
          `profiles: ${Object.keys(PROFILES).join(", ")}`,
        ),
      });
    } else profile = p;
  }
  const cx = new CheckContext(scopes, sink, profile, dtSeconds, input.load, input.resolvePath);

  // Every model and synapse type of the entry file is checked, used or not.
  const emptyNet = { projections: new Set<string>(), populations: new Set<string>() };
  for (const it of entry.ast.items) {
    if (it.kind === "neuron") cx.model(it, input.entry);
    if (it.kind === "synapse") {
      const t = cx.synapseTemplate(it, input.entry);
      if (t)
        checkRule(t, undefined, emptyNet, { scopes, sink, dtSeconds, fileConst: cx.fileConst }, []);
    }
  }

  let network: A.NetworkDecl | undefined;
  if (run) {
    const d = scopes.resolve(input.entry, run.network, "network", sink);
    network = d?.decl as A.NetworkDecl | undefined;
  } else {
    const nets = entry.ast.items.filter((i): i is A.NetworkDecl => i.kind === "network");
    network = nets[0];
    if (network) sink.report("E005", network.name.span, { name: network.name.name });
  }

  // Data sets declared at the top of the entry file are verified even if no network uses them.
  if (!network) {
    const decl: A.NetworkDecl = {
      kind: "network",
      name: { name: "", span: entry.ast.span },
      items: [],
      span: entry.ast.span,
    };
    collectDatasets(cx, {
      file: input.entry,
      network: decl,
      pops: new Map(),
      declaredPops: new Set(),
      popModel: new Map(),
      localConsts: new Map(),
      defaultSeed: seed,
    });
  }
  const populations: CheckedPopulation[] = [];
  const projections: CheckedProjection[] = [];
  const probes: CheckedProbe[] = [];
  let experiment: CheckedProgram["experiment"];
  if (network) {
    const ns: NetScope = {
      file: network.span.file,
      network,
      pops: new Map(),
      declaredPops: new Set(
        network.items.filter((i) => i.kind === "population").map((i) => i.name.name),
      ),
      popModel: new Map(),
      localConsts: new Map(
        network.items
          .filter((i): i is A.ConstDecl => i.kind === "const")
          .map((c) => [c.name.name, c]),
      ),
      defaultSeed: seed,
    };
    collectDatasets(cx, ns);
    // A duplicate is reported against the first declaration even when that one failed.
    const firstPop = new Map<string, A.Span>();
    for (const it of network.items) {
      if (it.kind !== "population") continue;
      const f = firstPop.get(it.name.name);
      if (f) {
        sink.report("N002", it.name.span, {
          name: it.name.name,
          first: `${f.file}:${f.line}:${f.col}`,
        });
        continue;
      }
      firstPop.set(it.name.name, it.span);
      const p = elaboratePopulation(cx, ns, it);
      if (p) {
        ns.pops.set(p.name, p);
        populations.push(p);
      }
    }
    const projDecls = network.items.filter((i): i is A.ProjectionDecl => i.kind === "projection");
    const netNames = {
      projections: new Set(projDecls.filter((p) => p.label).map((p) => p.label!.name)),
      populations: ns.declaredPops,
    };
    // Every declared projection is known by its end points and id, even one that failed to
    // elaborate, so later references to it do not cascade into more errors.
    const ids = new Map<string, string>();
    const declared = new Set<string>();
    for (const p of projDecls) {
      const id = projectionId(p);
      if (declared.has(id)) {
        sink.report("N002", p.label?.span ?? p.span, {
          name: id,
          first: "an earlier projection (label one of them: `project NAME: a -> b : T`)",
        });
        continue;
      }
      declared.add(id);
      ids.set(`${p.pre.name.name}->${p.post.name.name}`, id);
      const r = elaborateProjection(cx, ns, p, netNames);
      if (r) projections.push(r);
    }
    groupTied(projections, projDecls);
    checkTiedShapes(projections, sink);
    checkTiedLocality(projections, projDecls, sink);
    for (const it of network.items) {
      if (it.kind !== "probe") continue;
      const pr = elaborateProbe(cx, ns, it, ids);
      if (pr) probes.push(pr);
    }
    if (run) experiment = elaborateRun(cx, ns, run, projections, declared, seed, ids);
  }
  const diagnostics = dedupe(sink.list);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const program: CheckedProgram = {
    file: input.entry,
    neuronModels: cx.checkedModels,
    synapses: cx.synapses,
    rules: cx.rules,
    datasets: cx.datasets,
    populations,
    projections,
    probes,
    ...(experiment ? { experiment } : {}),
    profile,
    quantization: uniqueRecords(cx.quantization),
  };
  return { program, diagnostics };
}

/**
 * Tie edges (`tied with X`) form groups by transitivity: S-LCA ties four copies pairwise. The
 * group is named by its members' ids, sorted and joined with "+".
 */
function groupTied(projections: CheckedProjection[], decls: A.ProjectionDecl[]): void {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const p of projections) parent.set(p.id, p.id);
  for (const d of decls) {
    const id = projectionId(d);
    for (const it of d.items) {
      if (it.kind !== "tied" || !parent.has(id) || !parent.has(it.with.name)) continue;
      const a = find(id);
      const b = find(it.with.name);
      if (a !== b) parent.set(a, b);
    }
  }
  const members = new Map<string, string[]>();
  for (const p of projections) {
    const r = find(p.id);
    members.set(r, [...(members.get(r) ?? []), p.id]);
  }
  for (const p of projections) {
    const m = members.get(find(p.id))!;
    p.tiedGroup = m.length > 1 ? [...m].sort().join("+") : null;
  }
}

/** Tied copies hold one matrix: shapes (pre x post) must be equal or transposed. */
function checkTiedShapes(projections: CheckedProjection[], sink: DiagnosticSink): void {
  const groups = new Map<string, CheckedProjection[]>();
  for (const p of projections) {
    if (!p.tiedGroup) continue;
    const g = groups.get(p.tiedGroup) ?? [];
    g.push(p);
    groups.set(p.tiedGroup, g);
  }
  for (const g of groups.values()) {
    const [a, ...rest] = g;
    for (const b of rest) {
      const same = a!.pre.size === b.pre.size && a!.post.size === b.post.size;
      const transposed = a!.pre.size === b.post.size && a!.post.size === b.pre.size;
      if (!same && !transposed) {
        sink.report("Z009", b.span, {
          a: a!.id,
          aShape: `${a!.pre.size} x ${a!.post.size}`,
          b: b.id,
          bShape: `${b.pre.size} x ${b.post.size}`,
        });
      }
    }
  }
}

/**
 * A tie keeps two copies equal by giving them the same update. That is local only when the
 * copies share a population (S-LCA: the up and down dictionaries both touch the atoms, so each
 * copy's update is made of its own pre and post activity). A plastic copy tied to a projection
 * with which it shares no neuron (feedback B between error neurons tied to the forward W) could
 * only follow it by reading that projection's weights or activity: weight transport (L003).
 */
function checkTiedLocality(
  projections: CheckedProjection[],
  decls: A.ProjectionDecl[],
  sink: DiagnosticSink,
): void {
  const byId = new Map(projections.map((p) => [p.id, p]));
  for (const d of decls) {
    const a = byId.get(projectionId(d));
    if (!a) continue;
    for (const it of d.items) {
      if (it.kind !== "tied") continue;
      const b = byId.get(it.with.name);
      if (!b || !(a.rule || b.rule)) continue;
      const shared = [a.pre.population, a.post.population].some(
        (x) => x === b.pre.population || x === b.post.population,
      );
      if (!shared) sink.report("L003", it.span, { other: b.id });
    }
  }
}

/** A rule's trace decays are recorded once per projection that uses it; report them once. */
function uniqueRecords<T extends { what: string; span: { file: string; offset: number } }>(
  list: T[],
): T[] {
  const seen = new Set<string>();
  return list.filter((q) => {
    const k = `${q.what}|${q.span.file}|${q.span.offset}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The same diagnostic reached twice (a default checked per population) is reported once. */
function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.code}|${d.span.file}|${d.span.offset}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
