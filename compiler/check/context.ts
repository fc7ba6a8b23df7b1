// The shared state of one semantic check: scopes, diagnostics, profile, dt, the loader for data
// files, and caches of elaborated models and synapse types. Plain bookkeeping, no checks.
import type * as A from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import type {
  CheckedDataset,
  CheckedNeuronModel,
  CheckedRule,
  CheckedSynapse,
  ProfileLimits,
  QuantizationRecord,
} from "./checked.ts";
import {
  buildTemplate,
  compileModel,
  type ModelTemplate,
  type ParamResolution,
  resolveParams,
} from "./neuron.ts";
import type { Scopes } from "./scope.ts";
import { buildSynapseTemplate, type SynapseTemplate } from "./synapse.ts";
import { evalConst, type Quantity, TIME } from "./units.ts";

export class CheckContext {
  readonly models = new Map<
    A.NeuronDecl,
    { template: ModelTemplate; defaults: ParamResolution; model: CheckedNeuronModel } | null
  >();
  readonly synapseTemplates = new Map<A.SynapseDecl, SynapseTemplate | null>();
  readonly checkedModels: Record<string, CheckedNeuronModel> = {};
  readonly synapses: Record<string, CheckedSynapse> = {};
  readonly rules: Record<string, CheckedRule> = {};
  readonly datasets: Record<string, CheckedDataset> = {};
  readonly quantization: QuantizationRecord[] = [];
  private readonly constCache = new Map<A.ConstDecl, Quantity | null>();
  private readonly evaluating = new Set<A.ConstDecl>();

  constructor(
    readonly scopes: Scopes,
    readonly sink: DiagnosticSink,
    readonly profile: ProfileLimits,
    readonly dtSeconds: number,
    readonly load: (path: string) => string | undefined,
    readonly resolvePath: (from: string, path: string) => string,
  ) {}

  /** A top-level constant visible in `file` (evaluated once, in its own file's scope). */
  fileConst = (file: string, name: string): Quantity | undefined => {
    if (name === "dt") return { value: this.dtSeconds, dim: TIME };
    const d = this.scopes.visible(file).get(name);
    if (d?.kind !== "const") return undefined;
    const decl = d.decl as A.ConstDecl;
    const cached = this.constCache.get(decl);
    if (cached !== undefined) return cached ?? undefined;
    if (this.evaluating.has(decl)) return undefined;
    this.evaluating.add(decl);
    const q = evalConst(decl.value, this.constEnv(d.file), this.sink);
    this.evaluating.delete(decl);
    this.constCache.set(decl, q ?? null);
    return q;
  };

  constEnv(file: string, local?: (name: string) => Quantity | undefined) {
    return {
      lookup: (n: string) => local?.(n) ?? this.fileConst(file, n),
      dtSeconds: this.dtSeconds,
      names: () =>
        [...this.scopes.visible(file).entries()]
          .filter(([, v]) => v.kind === "const")
          .map(([k]) => k),
    };
  }

  neuronCtx() {
    return {
      scopes: this.scopes,
      sink: this.sink,
      profile: this.profile,
      dtSeconds: this.dtSeconds,
      fileConst: this.fileConst,
    };
  }

  /** Elaborate a neuron model once; null after errors. */
  model(decl: A.NeuronDecl, file: string) {
    const cached = this.models.get(decl);
    if (cached !== undefined) return cached;
    this.models.set(decl, null);
    const ctx = this.neuronCtx();
    const template = buildTemplate(decl, file, ctx);
    if (!template) return null;
    const defaults = resolveParams(
      template,
      [],
      { ...ctx, sink: this.quietSink() },
      decl.name.name,
    );
    const model = compileModel(template, defaults, ctx);
    if (!model) return null;
    const entry = { template, defaults, model };
    this.models.set(decl, entry);
    this.checkedModels[model.name] = model;
    return entry;
  }

  synapseTemplate(decl: A.SynapseDecl, file: string): SynapseTemplate | null {
    const cached = this.synapseTemplates.get(decl);
    if (cached !== undefined) return cached;
    const t =
      buildSynapseTemplate(decl, file, {
        scopes: this.scopes,
        sink: this.sink,
        dtSeconds: this.dtSeconds,
        fileConst: this.fileConst,
      }) ?? null;
    this.synapseTemplates.set(decl, t);
    return t;
  }

  /** A sink that swallows diagnostics (defaults are re-checked per population with locations). */
  private quietSink(): DiagnosticSink {
    const list: never[] = [];
    return { list, report: () => ({}) as never, errorCount: 0 } as unknown as DiagnosticSink;
  }
}
