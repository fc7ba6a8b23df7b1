// Lower stage: CheckedProgram -> network IR. Populations get dense global neuron ids; every
// projection is expanded into explicit synapse lists (typed arrays) by its seeded connector and
// weight generator, with slice-relative indices mapped to population indices. No file I/O: data
// files arrive parsed, through `data`.
import { backendDiagnostic } from "../backend-diagnostics.ts";
import type { CheckedProgram, PopSlice } from "../check/checked.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import { connect, type PairList } from "./connectors.ts";
import type { CsvTable } from "./csv.ts";
import type { NetPopulation, NetProjection, NetworkIR } from "./types.ts";
import { generateWeights } from "./weights.ts";

export type { NetPopulation, NetProjection, NetworkIR } from "./types.ts";

/** Parsed data files by data-set name or path; undefined when missing (with the reason). */
export type DataAccess = (nameOrPath: string) => { table?: CsvTable; error?: string };

/** Slice index -> population index. */
function sliceMap(s: PopSlice): Int32Array {
  const m = new Int32Array(s.size);
  let k = 0;
  for (const [lo, hi] of s.ranges) for (let x = lo; x < hi && k < s.size; x++) m[k++] = x;
  return m;
}

export interface LowerLimits {
  /** Largest synaptic delay of the chip profile, in steps. */
  maxDelay: number;
}

export function lower(
  program: CheckedProgram,
  data: DataAccess,
  limits: LowerLimits = { maxDelay: 63 },
): { ir?: NetworkIR; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const profileName = program.experiment?.profile ?? program.profile.name;
  const populations: NetPopulation[] = [];
  const byName = new Map<string, number>();
  let offset = 0;
  program.populations.forEach((p, index) => {
    byName.set(p.name, index);
    populations.push({
      name: p.name,
      index,
      size: p.size,
      shape: p.shape.length > 0 ? p.shape : [p.size],
      offset,
      ...(p.source ? { source: p.source } : {}),
      ...(p.model ? { model: p.model } : {}),
      ...(p.params ? { params: p.params } : {}),
      span: p.span,
    });
    offset += p.size;
  });
  const table = (name: string, span: PopSlice["span"]): CsvTable | null => {
    const r = data(name);
    if (r.table) return r.table;
    diagnostics.push(
      backendDiagnostic("B001", span, {
        path: name,
        why: r.error ?? "not found",
        hint: "check the path; it is resolved against the importing file",
      }),
    );
    return null;
  };
  // Data sets the host sources and the presentation read must be loadable now, so encode
  // never meets a missing table.
  for (const p of program.populations) {
    if (p.source?.kind === "dataset") table(p.source.dataset, p.span);
  }
  const pres = program.experiment?.presentation;
  if (pres) table(pres.dataset, pres.span);
  const projections: NetProjection[] = [];
  for (const pr of program.projections) {
    const prePop = byName.get(pr.pre.population);
    const postPop = byName.get(pr.post.population);
    if (prePop === undefined || postPop === undefined) {
      diagnostics.push(
        backendDiagnostic("B002", pr.span, {
          id: pr.id,
          why: `unknown population ${prePop === undefined ? pr.pre.population : pr.post.population}`,
          hint: "",
        }),
      );
      continue;
    }
    if (pr.post.port !== "q") {
      // One dendritic accumulator per compartment (chip.md section 3): the microcode reads q
      // only, so a second input port would need a register the core does not have.
      diagnostics.push(
        backendDiagnostic("B008", pr.post.span, {
          what: `a projection into input port \`${pr.post.port}\` of \`${pr.post.population}\``,
          profile: profileName,
          hint: "the core delivers one dendritic input (q) per compartment; drive the neuron through q",
        }),
      );
      continue;
    }
    if (populations[postPop]!.source) {
      diagnostics.push(
        backendDiagnostic("B002", pr.post.span, {
          id: pr.id,
          why: `\`${pr.post.population}\` is a host spike source; it has no compartments to receive synapses`,
          hint: "project into a neuron population",
        }),
      );
      continue;
    }
    if (pr.delay.steps > limits.maxDelay) {
      diagnostics.push(
        backendDiagnostic("B008", pr.delay.span, {
          what: `a delay of ${pr.delay.steps} steps (the chip's delays are 0..${limits.maxDelay})`,
          profile: profileName,
          hint: "shorten the delay or use a profile with longer delays (loihi2: 0..63)",
        }),
      );
      continue;
    }
    let list: PairList | null = null;
    const c = pr.connector;
    if (c.kind === "list") {
      if (c.pairs) {
        const pairs = c.pairs;
        list = { count: pairs.length, at: (k) => pairs[k]! };
      } else if (c.dataset) {
        const t = table(c.dataset, c.span);
        if (!t) continue;
        if (t.cols < 2) {
          diagnostics.push(
            backendDiagnostic("B001", c.span, {
              path: c.dataset,
              why: `a connection list needs two columns (i, j), it has ${t.cols}`,
              hint: "",
            }),
          );
          continue;
        }
        list = { count: t.rows, at: (k) => [t.values[k * t.cols]!, t.values[k * t.cols + 1]!] };
      }
    }
    const conn = connect(c, pr.pre.size, pr.post.size, list);
    if (!conn.ok) {
      diagnostics.push(
        backendDiagnostic("B002", c.span, { id: pr.id, why: conn.message, hint: conn.hint }),
      );
      continue;
    }
    let matrix: CsvTable | null = null;
    if (pr.weight.gen.kind === "file") {
      matrix = table(pr.weight.gen.dataset, pr.weight.span);
      if (!matrix) continue;
    }
    const w = generateWeights(pr.weight, conn.i, conn.j, matrix);
    if (!w.ok) {
      diagnostics.push(backendDiagnostic("B002", pr.weight.span, { id: pr.id, why: w.message }));
      continue;
    }
    // Slice-relative indices -> population indices, in place.
    const preMap = sliceMap(pr.pre);
    const postMap = sliceMap(pr.post);
    const pre = conn.i;
    const post = conn.j;
    for (let k = 0; k < pre.length; k++) {
      pre[k] = preMap[pre[k]!]!;
      post[k] = postMap[post[k]!]!;
    }
    projections.push({
      id: pr.id,
      index: projections.length,
      prePop,
      postPop,
      port: pr.post.port,
      count: pre.length,
      pre,
      post,
      weight: w.weight,
      delay: new Uint8Array(pre.length).fill(pr.delay.steps),
      weightSpec: pr.weight,
      tagInit: program.synapses[pr.synapse]?.tag?.init ?? 0,
      rule: pr.rule,
      tiedGroup: pr.tiedGroup,
      learnEnabled: pr.learnEnabled,
      span: pr.span,
    });
  }
  if (!populations.some((p) => !p.source) && program.populations.length === 0) {
    diagnostics.push(
      backendDiagnostic(
        "B008",
        { file: program.file, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, length: 0 },
        {
          what: "a file without a network (nothing to place)",
          profile: profileName,
          hint: "compile a file with a `network` and a `run` section; this one is a library",
        },
      ),
    );
  }
  if (diagnostics.some((x) => x.severity === "error")) return { diagnostics };
  return {
    ir: {
      name: program.experiment?.network ?? program.file,
      file: program.file,
      profile: program.experiment?.profile ?? program.profile.name,
      populations,
      projections,
      neuronModels: program.neuronModels,
      rules: program.rules,
      datasets: program.datasets,
      probes: program.probes,
      ...(program.experiment ? { experiment: program.experiment } : {}),
      vmin: program.profile.vmin,
      vmax: program.profile.vmax,
      neurons: offset,
      quantization: program.quantization,
    },
    diagnostics,
  };
}
