// Elaborates synapse types: weight/delay/tag declarations (sign mode from the weight type),
// pre/post trace configurations (tau turned into a 12-bit decay register, rounding recorded),
// the learning epoch, and the learning rule normalized per post model (locality depends on
// what the post neuron exports). It does not generate weights; that is per projection.
import type * as A from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import { suggestHint } from "../diagnostics/index.ts";
import type {
  CheckedNeuronModel,
  CheckedRule,
  CheckedSynapse,
  PostSlot,
  ProductTerm,
  QuantizationRecord,
  TraceConfig,
} from "./checked.ts";
import { QUANT_WARN } from "./neuron.ts";
import { LEARNING } from "./profiles.ts";
import { eventAtom, RuleNormalizer, type RuleScope } from "./rules.ts";
import type { Scopes } from "./scope.ts";
import {
  DIMLESS,
  dimEq,
  dimName,
  evalConst,
  formatQuantity,
  type Quantity,
  TIME,
} from "./units.ts";

export interface SynapseTemplate {
  name: string;
  decl: A.SynapseDecl;
  file: string;
  weight?: A.SynWeightDecl;
  delay?: A.SynDelayDecl;
  tag?: A.SynTagDecl;
  traces: A.TraceDecl[];
  learn?: A.LearnBlock;
  events: A.EventBlock[];
  consts: Map<string, { decl: A.ConstDecl; file: string }>;
}

export interface SynapseContext {
  scopes: Scopes;
  sink: DiagnosticSink;
  dtSeconds: number;
  fileConst: (file: string, name: string) => Quantity | undefined;
}

export function buildSynapseTemplate(
  decl: A.SynapseDecl,
  file: string,
  ctx: SynapseContext,
  seen: string[] = [],
): SynapseTemplate | undefined {
  if (seen.includes(decl.name.name)) {
    ctx.sink.report("N008", decl.name.span, { name: decl.name.name });
    return undefined;
  }
  let t: SynapseTemplate = {
    name: decl.name.name,
    decl,
    file,
    traces: [],
    events: [],
    consts: new Map(),
  };
  if (decl.extends) {
    const base = ctx.scopes.resolve(file, decl.extends, "synapse", ctx.sink);
    if (!base) return undefined;
    const bt = buildSynapseTemplate(base.decl as A.SynapseDecl, base.file, ctx, [
      ...seen,
      decl.name.name,
    ]);
    if (!bt) return undefined;
    t = {
      ...bt,
      name: decl.name.name,
      decl,
      file,
      traces: [...bt.traces],
      events: [...bt.events],
      consts: new Map(bt.consts),
    };
  }
  for (const it of decl.items) {
    switch (it.kind) {
      case "synWeight":
        t.weight = it;
        break;
      case "synDelay":
        t.delay = it;
        break;
      case "synTag":
        t.tag = it;
        break;
      case "trace":
        t.traces = t.traces.filter((x) => x.name.name !== it.name.name);
        t.traces.push(it);
        break;
      case "learn":
        t.learn = it;
        break;
      case "event":
        t.events.push(it);
        break;
      case "const":
        t.consts.set(it.name.name, { decl: it, file });
        break;
    }
  }
  return t;
}

function synConst(t: SynapseTemplate, ctx: SynapseContext) {
  const lookup = (name: string): Quantity | undefined => {
    if (name === "dt") return { value: ctx.dtSeconds, dim: TIME };
    const c = t.consts.get(name);
    if (c)
      return evalConst(
        c.decl.value,
        { lookup, dtSeconds: ctx.dtSeconds, names: () => t.consts.keys() },
        ctx.sink,
      );
    return ctx.fileConst(t.file, name);
  };
  return lookup;
}

function intValue(
  e: A.Expr | undefined,
  fallback: number,
  what: string,
  lo: number,
  hi: number,
  t: SynapseTemplate,
  ctx: SynapseContext,
): number {
  if (!e) return fallback;
  const q = evalConst(
    e,
    { lookup: synConst(t, ctx), dtSeconds: ctx.dtSeconds, names: () => t.consts.keys() },
    ctx.sink,
  );
  if (!q) return fallback;
  let v = q.value;
  if (dimEq(q.dim, TIME)) v = q.value / ctx.dtSeconds;
  else if (!dimEq(q.dim, DIMLESS)) {
    ctx.sink.report("U002", e.span, {
      expected: "a plain number or steps",
      found: formatQuantity(q),
      hint: "",
    });
    return fallback;
  }
  const r = Math.round(v);
  if (Math.abs(r - v) > 1e-9) {
    ctx.sink.report("R002", e.span, { what, value: String(Number(v.toPrecision(6))) });
    return fallback;
  }
  if (r < lo || r > hi) {
    ctx.sink.report("R001", e.span, { name: what, value: r, lo, hi, hint: "" });
    return fallback;
  }
  return r;
}

/** Weight type -> sign mode and range (u8 excitatory, n8 inhibitory, s8 mixed). */
export function weightType(
  name: string,
):
  | { signMode: "excitatory" | "inhibitory" | "mixed"; bits: number; min: number; max: number }
  | undefined {
  const m = /^([usn])(\d+)$/.exec(name);
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (bits < 1 || bits > 9) return undefined;
  const full = 2 ** bits - 1;
  if (m[1] === "u") return { signMode: "excitatory", bits, min: 0, max: full };
  if (m[1] === "n") return { signMode: "inhibitory", bits, min: -full, max: 0 };
  return { signMode: "mixed", bits, min: -(2 ** bits), max: full };
}

export function checkSynapse(
  t: SynapseTemplate,
  ctx: SynapseContext,
  ruleName: string | null,
): CheckedSynapse {
  const sink = ctx.sink;
  let wt = {
    signMode: "mixed" as const as "excitatory" | "inhibitory" | "mixed",
    bits: 8,
    min: -256,
    max: 255,
  };
  if (t.weight) {
    const w = weightType(t.weight.type.name);
    if (!w) {
      sink.report("N001", t.weight.type.span, {
        what: "weight type",
        name: t.weight.type.name,
        hint: suggestHint(
          t.weight.type.name,
          ["u8", "s8", "n8"],
          "use u8 (excitatory), n8 (inhibitory) or s8 (mixed)",
        ),
      });
    } else wt = w;
  }
  const init = intValue(t.weight?.init, 0, "initial weight", wt.min, wt.max, t, ctx);
  const delayInit = intValue(t.delay?.init, 0, "delay", 0, 63, t, ctx);
  const tag = t.tag ? { bits: 9, init: intValue(t.tag.init, 0, "tag", -256, 255, t, ctx) } : null;
  return {
    name: t.name,
    weight: { ...wt, init },
    delay: { mode: t.delay?.mode ?? "dendritic", init: delayInit },
    tag,
    rule: ruleName,
    span: t.decl.span,
  };
}

export function isPlastic(t: SynapseTemplate): boolean {
  return !!t.learn || t.events.length > 0;
}

/**
 * Normalize the synapse's learning rule against a post model (undefined: check what can be
 * checked without one). Returns undefined for static synapses or after errors.
 */
export function checkRule(
  t: SynapseTemplate,
  post: CheckedNeuronModel | undefined,
  network: { projections: Set<string>; populations: Set<string> },
  ctx: SynapseContext,
  quantization: QuantizationRecord[],
): CheckedRule | undefined {
  if (!isPlastic(t)) return undefined;
  const sink = ctx.sink;
  const before = sink.errorCount;
  const synVars = new Map<string, "w" | "d" | "t">([
    [t.weight?.name.name ?? "w", "w"],
    [t.delay?.name.name ?? "d", "d"],
    [t.tag?.name.name ?? "t", "t"],
  ]);
  const preTraces = new Map<string, "x1" | "x2">();
  const postTraces = new Map<string, PostSlot | "y1">();
  const traces: TraceConfig[] = [];
  const exportSlots = new Set(post?.exports.map((e) => e.slot) ?? []);
  for (const tr of t.traces) {
    const pool = tr.side === "pre" ? (["x1", "x2"] as const) : (["y1", "y2", "y3"] as const);
    const used =
      tr.side === "pre"
        ? new Set<string>(preTraces.values())
        : new Set<string>([...postTraces.values(), ...exportSlots]);
    const named = (pool as readonly string[]).includes(tr.name.name) ? tr.name.name : undefined;
    const slot = named && !used.has(named) ? named : pool.find((s) => !used.has(s));
    if (!slot) {
      sink.report("L007", tr.name.span, {
        name: tr.name.name,
        model: post?.name ?? t.name,
        what: "trace",
        slots: pool.join(", "),
      });
      continue;
    }
    if (tr.side === "pre") preTraces.set(tr.name.name, slot as "x1" | "x2");
    else postTraces.set(tr.name.name, slot as PostSlot | "y1");
    traces.push(traceConfig(tr, slot as TraceConfig["slot"], t, ctx, quantization));
  }
  for (const e of post?.exports ?? []) postTraces.set(e.name, e.slot);
  const lookup = synConst(t, ctx);
  const scope: RuleScope = {
    synVars,
    preTraces,
    postTraces,
    ...(post
      ? {
          postModel: {
            name: post.name,
            states: new Set(post.state.map((s) => s.name)),
            params: new Set(post.params.map((p) => p.name)),
          },
        }
      : {}),
    constant: (n) => {
      if (n === "dt") return undefined;
      const q = lookup(n);
      return q && dimEq(q.dim, DIMLESS) ? q.value : undefined;
    },
    constantWithUnit: (n) => {
      if (n === "dt") return undefined;
      const q = lookup(n);
      return q && !dimEq(q.dim, DIMLESS)
        ? { dim: dimName(q.dim), value: formatQuantity(q) }
        : undefined;
    },
    constNames: () => t.consts.keys(),
    declaredConstant: (n) => t.consts.has(n) || ctx.scopes.visible(t.file).get(n)?.kind === "const",
    projections: network.projections,
    populations: network.populations,
  };
  const norm = new RuleNormalizer(scope, sink);
  const terms: ProductTerm[] = [];
  const targetOf = (r: A.RuleAssign, inEvent: boolean): "w" | "d" | "t" | undefined => {
    const name = r.target.name;
    const direct = synVars.get(name);
    if (inEvent && direct) return direct;
    if (!inEvent && name.startsWith("d") && synVars.get(name.slice(1)))
      return synVars.get(name.slice(1));
    if (inEvent && name.startsWith("d") && synVars.get(name.slice(1)) && r.op === "=")
      return synVars.get(name.slice(1));
    sink.report("L006", r.target.span, { name });
    return undefined;
  };
  for (const r of t.learn?.rules ?? []) {
    const target = targetOf(r, false);
    if (!target) continue;
    terms.push(...(norm.terms(r.value, target, r.op === "-=" ? -1 : 1) ?? []));
  }
  for (const ev of t.events) {
    const side = ev.on.name;
    if (side !== "pre" && side !== "post") {
      sink.report("N001", ev.on.span, {
        what: "event",
        name: side,
        hint: suggestHint(side, ["pre", "post"], "events are `on pre` and `on post`"),
      });
      continue;
    }
    for (const r of ev.rules) {
      const target = targetOf(r, true);
      if (!target) continue;
      terms.push(
        ...(norm.terms(r.value, target, r.op === "-=" ? -1 : 1, eventAtom(side, ev.on.span)) ?? []),
      );
    }
  }
  const epochSteps = intValue(
    t.learn?.every,
    1,
    "learning epoch",
    1,
    LEARNING.maxEpochSteps,
    t,
    ctx,
  );
  if (sink.errorCount > before) return undefined;
  return {
    name: t.name,
    epochSteps,
    terms,
    traces,
    postReads: Object.fromEntries(postTraces),
    span: t.decl.span,
  };
}

function traceConfig(
  tr: A.TraceDecl,
  slot: TraceConfig["slot"],
  t: SynapseTemplate,
  ctx: SynapseContext,
  quantization: QuantizationRecord[],
): TraceConfig {
  const sink = ctx.sink;
  let impulse = 0;
  let decay = 0;
  let tauSteps: number | undefined;
  let quant: QuantizationRecord | undefined;
  const env = { lookup: synConst(t, ctx), dtSeconds: ctx.dtSeconds, names: () => t.consts.keys() };
  for (const f of tr.fields) {
    const n = f.name.name;
    if (n === "impulse")
      impulse = intValue(f.value, 0, "impulse", 0, LEARNING.traceImpulseMax, t, ctx);
    else if (n === "decay") decay = intValue(f.value, 0, "decay", 0, LEARNING.decayMax, t, ctx);
    else if (n === "tau") {
      const q = evalConst(f.value, env, sink);
      if (!q) continue;
      if (!dimEq(q.dim, TIME)) {
        if (dimEq(q.dim, DIMLESS) && f.value.kind === "number") {
          sink.report("U001", f.value.span, { name: "tau", dim: "time", example: "20 ms" });
        } else {
          sink.report("U002", f.value.span, {
            expected: "time",
            found: formatQuantity(q),
            hint: "",
          });
        }
        continue;
      }
      tauSteps = q.value / ctx.dtSeconds;
      // chip.md: decay = round(4095 * (1 - exp(-dt / tau))).
      const exact = 4095 * (1 - Math.exp(-1 / tauSteps));
      decay = Math.round(exact);
      quant = {
        what: `${t.name}.${tr.name.name}.decay`,
        exact,
        value: decay,
        error: decay - exact,
        relError: exact === 0 ? 0 : Math.abs(decay - exact) / exact,
        from: { tau: formatQuantity(q), dt: formatQuantity({ value: ctx.dtSeconds, dim: TIME }) },
        span: f.value.span,
      };
      quantization.push(quant);
      if (quant.relError > QUANT_WARN) {
        sink.report("R003", f.value.span, {
          name: `${tr.name.name}.decay`,
          value: decay,
          exact: Number(exact.toPrecision(6)),
          rel: `${(100 * quant.relError).toFixed(1)} %`,
          hint: "the register is coarse at this value (see `snn check --quantization`)",
        });
      }
    } else {
      sink.report("N006", f.name.span, {
        name: n,
        what: "a trace",
        hint: suggestHint(n, ["impulse", "tau", "decay"]),
      });
    }
  }
  return {
    slot,
    name: tr.name.name,
    impulse,
    decay,
    ...(tauSteps !== undefined ? { tauSteps } : {}),
    ...(quant ? { quantization: quant } : {}),
    span: tr.span,
  };
}
