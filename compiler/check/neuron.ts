// Elaborates neuron models: merges the `extends` chain, compiles the dynamics to the microcode
// IR, and resolves parameters (defaults, per-population overrides, physical values turned into
// register values by `derive`, each rounding recorded). It never chooses hardware placement.
import type * as A from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import { suggestHint } from "../diagnostics/index.ts";
import type {
  CheckedNeuronModel,
  DynExpr,
  DynStmt,
  ExportedValue,
  PostSlot,
  ProfileLimits,
  QuantizationRecord,
  ResolvedParam,
  StateReg,
} from "./checked.ts";
import { DynAbort, DynCompiler, type DynName, rangeOfBits } from "./dynamics.ts";
import { elaborate } from "./elaborate.ts";
import type { Scopes } from "./scope.ts";
import {
  DIM_NAMES,
  DIMLESS,
  type Dim,
  dimEq,
  dimExample,
  dimName,
  evalConst,
  formatQuantity,
  type Quantity,
} from "./units.ts";

/** Relative rounding above which a derived register is also reported as a warning (R003). */
export const QUANT_WARN = 0.01;

/** An integer register type `u12` / `s13`, or undefined if `name` is not one. */
export function intType(name: string): { bits: number; signed: boolean } | undefined {
  const m = /^([us])(\d+)$/.exec(name);
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (bits < 1 || bits > 32) return undefined;
  return { bits, signed: m[1] === "s" };
}

interface Owned<T> {
  item: T;
  file: string;
  owner: string;
}

/** A neuron model with its `extends` chain merged (later declarations override earlier). */
export interface ModelTemplate {
  name: string;
  lineage: string[];
  decl: A.NeuronDecl;
  params: Map<string, Owned<A.ParamDecl>>;
  derives: Map<string, Owned<A.DeriveDecl>>;
  states: Map<string, Owned<A.StateDecl>>;
  inputs: Map<string, Owned<A.InputDecl>>;
  consts: Map<string, Owned<A.ConstDecl>>;
  weightUnits: Map<string, Owned<A.WeightUnitDecl>>;
  update?: Owned<A.UpdateBlock>;
  spikeWhen?: Owned<A.SpikeWhen>;
  reset?: Owned<A.ResetDecl>;
  floor?: Owned<A.FloorDecl>;
  refractory?: Owned<A.RefractoryDecl>;
  exports: Map<string, Owned<A.ExportDecl>>;
}

export interface NeuronContext {
  scopes: Scopes;
  sink: DiagnosticSink;
  profile: ProfileLimits;
  dtSeconds: number;
  /** Top-level constants visible in a file. */
  fileConst: (file: string, name: string) => Quantity | undefined;
}

/** Merge a neuron declaration with its bases. Returns undefined after reporting an error. */
export function buildTemplate(
  decl: A.NeuronDecl,
  file: string,
  ctx: NeuronContext,
  seen: string[] = [],
): ModelTemplate | undefined {
  if (seen.includes(decl.name.name)) {
    ctx.sink.report("N008", decl.name.span, { name: decl.name.name });
    return undefined;
  }
  let t: ModelTemplate;
  if (decl.extends) {
    const base = ctx.scopes.resolve(file, decl.extends, "neuron", ctx.sink);
    if (!base) return undefined;
    const bt = buildTemplate(base.decl as A.NeuronDecl, base.file, ctx, [...seen, decl.name.name]);
    if (!bt) return undefined;
    t = {
      ...bt,
      params: new Map(bt.params),
      derives: new Map(bt.derives),
      states: new Map(bt.states),
      inputs: new Map(bt.inputs),
      consts: new Map(bt.consts),
      weightUnits: new Map(bt.weightUnits),
      exports: new Map(bt.exports),
      name: decl.name.name,
      lineage: [...bt.lineage, decl.name.name],
      decl,
    };
  } else {
    t = {
      name: decl.name.name,
      lineage: [decl.name.name],
      decl,
      params: new Map(),
      derives: new Map(),
      states: new Map(),
      inputs: new Map(),
      consts: new Map(),
      weightUnits: new Map(),
      exports: new Map(),
    };
  }
  const own = <T>(item: T): Owned<T> => ({ item, file, owner: decl.name.name });
  for (const it of decl.items) {
    switch (it.kind) {
      case "param":
        t.params.set(it.name.name, own(it));
        break;
      case "derive":
        t.derives.set(it.target.name, own(it));
        break;
      case "state":
        t.states.set(it.name.name, own(it));
        break;
      case "input":
        t.inputs.set(it.name.name, own(it));
        break;
      case "const":
        t.consts.set(it.name.name, own(it));
        break;
      case "weightUnit":
        t.weightUnits.set(it.unit.name, own(it));
        break;
      case "update":
        t.update = own(it);
        break;
      case "spikeWhen":
        t.spikeWhen = own(it);
        break;
      case "reset":
        t.reset = own(it);
        break;
      case "floor":
        t.floor = own(it);
        break;
      case "refractory":
        t.refractory = own(it);
        break;
      case "export":
        t.exports.set(it.name.name, own(it));
        break;
    }
  }
  return t;
}

export interface ParamResolution {
  params: Record<string, ResolvedParam>;
  /** Physical parameter values (SI) by name. */
  physical: Record<string, Quantity>;
  weightUnits: Record<string, number>;
  quantization: QuantizationRecord[];
}

function paramRange(p: A.ParamDecl, ctx: NeuronContext, env: (n: string) => Quantity | undefined) {
  const it = intType(p.type.name);
  if (!it) return undefined;
  const full = rangeOfBits(it.bits, it.signed);
  if (!p.range) return { ...full, ...it };
  const cenv = { lookup: env, dtSeconds: ctx.dtSeconds, names: () => [] };
  const lo = evalConst(p.range.lo, cenv, ctx.sink);
  const hi = evalConst(p.range.hi, cenv, ctx.sink);
  return { lo: lo?.value ?? full.lo, hi: hi?.value ?? full.hi, ...it };
}

/**
 * Resolve every parameter of a model for one population. `overrides` are the population's
 * `{ name = value; }` fields (empty for the model's defaults).
 */
export function resolveParams(
  t: ModelTemplate,
  overrides: A.FieldAssign[],
  ctx: NeuronContext,
  what: string,
): ParamResolution {
  const sink = ctx.sink;
  const physical: Record<string, Quantity> = {};
  const params: Record<string, ResolvedParam> = {};
  const quantization: QuantizationRecord[] = [];
  const set = new Map<string, A.FieldAssign>();
  for (const f of overrides) {
    if (!t.params.has(f.name.name)) {
      sink.report("N006", f.name.span, {
        name: f.name.name,
        what: `neuron model \`${t.name}\``,
        hint: suggestHint(f.name.name, t.params.keys()),
      });
      continue;
    }
    set.set(f.name.name, f);
  }
  const constsOf =
    (file: string) =>
    (n: string): Quantity | undefined => {
      if (n === "dt") return { value: ctx.dtSeconds, dim: [1, 0, 0] };
      if (physical[n]) return physical[n];
      const p = params[n];
      if (p) return { value: p.value, dim: DIMLESS };
      const c = t.consts.get(n);
      if (c)
        return evalConst(
          c.item.value,
          { lookup: constsOf(c.file), dtSeconds: ctx.dtSeconds, names: () => [] },
          sink,
        );
      return ctx.fileConst(file, n);
    };
  const envFor = (file: string, extra: Iterable<string> = []) => ({
    lookup: constsOf(file),
    dtSeconds: ctx.dtSeconds,
    names: () => [...t.params.keys(), ...t.consts.keys(), "dt", ...extra],
  });
  // Physical parameters first (derivations read them), then registers in declaration order.
  const ordered = [...t.params.values()].sort(
    (a, b) => Number(!!intType(a.item.type.name)) - Number(!!intType(b.item.type.name)),
  );
  for (const { item: p, file } of ordered) {
    const name = p.name.name;
    const ov = set.get(name);
    const src = ov ? ov.value : p.default;
    const srcFile = ov ? "" : file;
    const it = intType(p.type.name);
    if (!it) {
      const dim = DIM_NAMES[p.type.name];
      if (!dim) {
        sink.report("N001", p.type.span, {
          what: "type",
          name: p.type.name,
          hint: suggestHint(p.type.name, [...Object.keys(DIM_NAMES), "u8", "s24"]),
        });
        continue;
      }
      if (!src) continue;
      const q = evalConst(src, envFor(srcFile || file), sink);
      if (!q) continue;
      if (!checkDim(q, dim, src, name, sink)) continue;
      physical[name] = q;
      continue;
    }
    const range = paramRange(p, ctx, constsOf(file))!;
    const derive = t.derives.get(name);
    const sourcesGiven = derive?.item.sources.filter((s) => physical[s.name]) ?? [];
    const explicitSource = derive?.item.sources.find((s) => set.has(s.name));
    if (ov && explicitSource) {
      sink.report("N004", set.get(explicitSource.name)!.name.span, {
        name: explicitSource.name,
        target: name,
        other: name,
      });
    }
    // A physical source that was given but failed to evaluate was reported already.
    if (!ov && explicitSource && !physical[explicitSource.name]) continue;
    const base = { name, min: range.lo, max: range.hi };
    if (derive && sourcesGiven.length === derive.item.sources.length && !ov) {
      // Derived from physical values: round to the register, report the rounding.
      const q = evalConst(derive.item.value, envFor(derive.file), sink);
      if (!q) continue;
      if (!dimEq(q.dim, DIMLESS)) {
        sink.report("U002", derive.item.value.span, {
          expected: "a register value (plain number)",
          found: dimName(q.dim),
          hint: "",
        });
        continue;
      }
      // 12 significant digits: 10 mV / 1.5625 uV / 64 is exactly 100, not 100.00000000000001.
      const exact = Number(q.value.toPrecision(12));
      const value = Math.sign(exact) * Math.round(Math.abs(exact));
      const from: Record<string, string> = {
        dt: formatQuantity({ value: ctx.dtSeconds, dim: [1, 0, 0] }),
      };
      for (const s of derive.item.sources) {
        const pq = physical[s.name];
        if (pq) from[s.name] = formatQuantity(pq);
      }
      const span = explicitSource ? set.get(explicitSource.name)!.value.span : derive.item.span;
      const rec: QuantizationRecord = {
        what: `${what}.${name}`,
        exact,
        value,
        error: value - exact,
        relError: exact === 0 ? 0 : Math.abs(value - exact) / Math.abs(exact),
        from,
        span,
      };
      if (value < range.lo || value > range.hi) {
        sink.report("R001", span, {
          name,
          value,
          lo: range.lo,
          hi: range.hi,
          hint: `derived from ${Object.entries(from)
            .map(([k, v]) => `${k} = ${v}`)
            .join(", ")}`,
        });
        continue;
      }
      quantization.push(rec);
      // Every rounding is recorded; one that changes the value by more than 1 % is also shown.
      if (rec.relError > QUANT_WARN) {
        sink.report("R003", span, {
          name,
          value,
          exact: Number(exact.toPrecision(6)),
          rel: `${(100 * rec.relError).toFixed(1)} %`,
          hint: "the register is coarse at this value (see `snn check --quantization`)",
        });
      }
      params[name] = { ...base, value, origin: "derived", quantization: rec, span };
      continue;
    }
    if (!src) {
      sink.report("N007", ov?.span ?? p.span, {
        what: "parameter",
        name,
        hint: `set it in the population, e.g. \`{ ${name} = 0; }\``,
      });
      continue;
    }
    const q = evalConst(src, envFor(srcFile || file), sink);
    if (!q) continue;
    if (!dimEq(q.dim, DIMLESS)) {
      sink.report("U004", src.span, {
        name,
        hint: `\`${name}\` is a ${p.type.name} register; give its integer value`,
      });
      continue;
    }
    if (!Number.isInteger(q.value)) {
      sink.report("R002", src.span, { what: `\`${name}\``, value: String(q.value) });
      continue;
    }
    if (q.value < range.lo || q.value > range.hi) {
      sink.report("R001", src.span, {
        name,
        value: q.value,
        lo: range.lo,
        hi: range.hi,
        hint: `\`${name}\` is a ${p.type.name} register${p.range ? " with a declared range" : ""}`,
      });
      continue;
    }
    params[name] = { ...base, value: q.value, origin: ov ? "set" : "default", span: src.span };
  }
  // A weight unit is available only when the physical values it needs were given (e.g. tau_v
  // and v_lsb); otherwise the population accepts chip mantissas only.
  const weightUnits: Record<string, number> = {};
  const quiet = { list: [], errorCount: 0, report: () => undefined } as unknown as DiagnosticSink;
  for (const [unit, w] of t.weightUnits) {
    const q = evalConst(w.item.value, { ...envFor(w.file), lookup: constsOf(w.file) }, quiet);
    if (q && dimEq(q.dim, DIMLESS)) weightUnits[unit] = q.value;
  }
  return { params, physical, weightUnits, quantization };
}

function checkDim(q: Quantity, dim: Dim, src: A.Expr, name: string, sink: DiagnosticSink): boolean {
  if (dimEq(q.dim, dim)) return true;
  if (dimEq(q.dim, DIMLESS) && src.kind === "number") {
    sink.report("U001", src.span, { name, dim: dimName(dim), example: dimExample(dim) });
  } else {
    sink.report("U002", src.span, {
      expected: dimName(dim),
      found: dimName(q.dim),
      hint: `\`${name}\` is a ${dimName(dim)}, e.g. \`${dimExample(dim)}\``,
    });
  }
  return false;
}

/** Compile the model's dynamics into the checked model (parameter values are per population). */
export function compileModel(
  t: ModelTemplate,
  defaults: ParamResolution,
  ctx: NeuronContext,
): CheckedNeuronModel | undefined {
  const sink = ctx.sink;
  const state: StateReg[] = [];
  const names = new Map<string, DynName>();
  for (const [n, p] of t.params) {
    const it = intType(p.item.type.name);
    const r = defaults.params[n];
    if (it)
      names.set(n, {
        kind: "param",
        range: r ? { lo: r.min, hi: r.max } : rangeOfBits(it.bits, it.signed),
      });
    else names.set(n, { kind: "physical" });
  }
  for (const [n, s] of t.states) {
    const it = intType(s.item.type.name);
    if (!it) {
      sink.report("N001", s.item.type.span, {
        what: "register type",
        name: s.item.type.name,
        hint: "write e.g. `s24` (signed) or `u6` (unsigned)",
      });
      continue;
    }
    let init = 0;
    if (s.item.init) {
      const q = evalConst(
        s.item.init,
        { lookup: (x) => ctx.fileConst(s.file, x), dtSeconds: ctx.dtSeconds, names: () => [] },
        sink,
      );
      // The initial value is what the register holds before the first step: it must fit the
      // register like every value written to it (P008 for the writes).
      const full = rangeOfBits(it.bits, it.signed);
      if (q && !dimEq(q.dim, DIMLESS)) {
        sink.report("U002", s.item.init.span, {
          expected: "a plain number",
          found: formatQuantity(q),
          hint: `\`${n}\` is a ${s.item.type.name} register`,
        });
      } else if (q && !Number.isInteger(q.value)) {
        sink.report("R002", s.item.init.span, {
          what: `the initial value of \`${n}\``,
          value: String(q.value),
        });
      } else if (q && (q.value < full.lo || q.value > full.hi)) {
        sink.report("R001", s.item.init.span, {
          name: n,
          value: q.value,
          lo: full.lo,
          hi: full.hi,
          hint: `\`${n}\` is a ${s.item.type.name} register`,
        });
      } else if (q) init = q.value;
    }
    state.push({
      name: n,
      bits: it.bits,
      signed: it.signed,
      init,
      persistent: s.item.persistent === true,
      span: s.item.span,
    });
    names.set(n, { kind: "state", range: rangeOfBits(it.bits, it.signed) });
  }
  names.set("q", { kind: "input", range: { lo: -(2 ** 31), hi: 2 ** 31 - 1 } });
  const inputs: CheckedNeuronModel["inputs"] = [];
  for (const [n, inp] of t.inputs) {
    const it = intType(inp.item.type.name) ?? { bits: 24, signed: true };
    inputs.push({ name: n, bits: it.bits, span: inp.item.span });
    names.set(n, { kind: "input", range: rangeOfBits(it.bits, it.signed) });
  }
  for (const [n, c] of t.consts) {
    const q = evalConst(
      c.item.value,
      { lookup: (x) => ctx.fileConst(c.file, x), dtSeconds: ctx.dtSeconds, names: () => [] },
      sink,
    );
    if (q && Number.isInteger(q.value)) names.set(n, { kind: "const", value: q.value });
  }
  const fileConstInt = (n: string): DynName | undefined => {
    const q = ctx.fileConst(t.decl.span.file, n);
    return q && Number.isInteger(q.value) ? { kind: "const", value: q.value } : undefined;
  };
  const env = {
    lookup: (n: string) => names.get(n) ?? fileConstInt(n),
    names: () => names.keys(),
    vmin: ctx.profile.vmin,
    vmax: ctx.profile.vmax,
  };
  const dc = new DynCompiler(env, sink);
  const program: DynStmt[] = t.update ? dc.stmts(t.update.item.body) : [];
  const safe = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof DynAbort) return undefined;
      throw e;
    }
  };
  if (!t.spikeWhen) {
    sink.report("N007", t.decl.name.span, {
      what: "spike condition",
      name: "spike when",
      hint: "add e.g. `spike when v > vth;`",
    });
    return undefined;
  }
  const sw = t.spikeWhen.item;
  const cond = safe(() => dc.cond(sw.cond));
  let payload: DynExpr | undefined;
  if (sw.payload) payload = safe(() => dc.payload(sw.payload!, t.name));
  const reg = (id: A.Ident) => safe(() => dc.assignable(id));
  const val = (e: A.Expr) => safe(() => dc.expr(e).e);
  // The value a register is set to must fit its width, as in the update block (P008). A reset
  // by subtraction is left alone: it runs only when the spike condition held, which interval
  // arithmetic does not see, and `v - vth` after `v > vth` is smaller than v.
  const fitting = (target: string | undefined, e: A.Expr, floor = false) =>
    safe(() => {
      const { e: ir, r } = dc.expr(e);
      if (target) dc.checkFits(target, r, e.span, floor);
      return ir;
    });
  let reset: CheckedNeuronModel["reset"] = null;
  if (t.reset) {
    const r = t.reset.item;
    const target = reg(r.target);
    const v = r.mode === "to" ? fitting(target, r.value) : val(r.value);
    if (target && v) reset = { target, mode: r.mode, value: v, span: r.span };
  }
  let floor: CheckedNeuronModel["floor"] = null;
  if (t.floor) {
    const f = t.floor.item;
    const target = reg(f.target);
    // max(x, floor): only a floor above the register's top can take it out of range.
    const v = fitting(target, f.value, true);
    if (target && v) floor = { target, value: v, span: f.span };
  }
  let refractory: CheckedNeuronModel["refractory"] = null;
  if (t.refractory) {
    const r = t.refractory.item;
    const counter = reg(r.counter);
    // The counter is set to period - 1 at a spike and counts down to 0.
    const period = safe(() => {
      const { e: ir, r: pr } = dc.expr(r.period);
      if (counter)
        dc.checkFits(counter, { lo: Math.min(pr.lo - 1, 0), hi: pr.hi - 1 }, r.period.span);
      return ir;
    });
    const holdTarget = r.hold ? reg(r.hold.target) : undefined;
    const hold = r.hold
      ? { target: holdTarget, value: fitting(holdTarget, r.hold.value) }
      : undefined;
    if (counter && period) {
      refractory = {
        counter,
        period,
        ...(hold?.target && hold.value ? { hold: { target: hold.target, value: hold.value } } : {}),
        span: r.span,
      };
    }
  }
  const exports: ExportedValue[] = [];
  const slots: PostSlot[] = ["y2", "y3"];
  const exportStmts: DynStmt[] = [];
  for (const [n, ex] of t.exports) {
    const slot = slots[exports.length];
    if (!slot) {
      sink.report("L007", ex.item.name.span, {
        name: n,
        model: t.name,
        what: ex.item.what,
        slots: "y2, y3",
      });
      continue;
    }
    const v = val(ex.item.value);
    exports.push({ name: n, what: ex.item.what, slot, span: ex.item.span });
    if (v) exportStmts.push({ op: "export", name: n, slot, value: v, span: ex.item.span });
  }
  if (!dc.succeeded || !cond) return undefined;
  program.push(...elaborate(cond, payload, sw.span, reset, floor, refractory), ...exportStmts);
  const fromStd = (o?: Owned<unknown>) =>
    !!o && o.owner === "CubaLIF" && /std[\\/]neurons\.snn$/.test(o.file);
  const isCubaLif = [t.update, t.spikeWhen, t.reset, t.refractory].every(fromStd) && !t.floor;
  return {
    name: t.name,
    lineage: t.lineage,
    state,
    params: Object.values(defaults.params),
    inputs,
    program,
    spike: { cond, ...(payload ? { payload } : {}), span: sw.span },
    reset,
    floor,
    refractory,
    graded: !!payload,
    exports,
    weightUnits: defaults.weightUnits,
    isCubaLif,
    span: t.decl.span,
  };
}
