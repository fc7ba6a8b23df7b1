// Elaborates projections: end points and slices, connector with seed, weight generator with its
// unit converted to register units and checked against the synapse's sign mode, delays against
// the profile, tied groups, learn flags, and the learning rule checked against the post model.
import { MAX_SEED } from "../../isa/image.ts";
import type * as A from "../ast/types.ts";
import { suggestHint } from "../diagnostics/index.ts";
import type {
  CheckedPopulation,
  CheckedProjection,
  ConnectorSpec,
  IndexExpr,
  WeightGen,
  WeightSpec,
} from "./checked.ts";
import type { CheckContext } from "./context.ts";
import { intOf, type NetScope, netConst, resolveSlice } from "./network.ts";
import { checkRule, checkSynapse, isPlastic } from "./synapse.ts";
import {
  DIMLESS,
  dimEq,
  dimName,
  evalConst,
  formatQuantity,
  type Quantity,
  UNITS,
} from "./units.ts";

export function projectionId(p: A.ProjectionDecl): string {
  return p.label?.name ?? `${p.pre.name.name}->${p.post.name.name}`;
}

export function elaborateProjection(
  cx: CheckContext,
  ns: NetScope,
  p: A.ProjectionDecl,
  netNames: { projections: Set<string>; populations: Set<string> },
): CheckedProjection | undefined {
  const sink = cx.sink;
  const before = sink.errorCount;
  const pre = resolveSlice(cx, ns, p.pre);
  const postModelDecl = ns.popModel.get(p.post.name.name);
  const postEntry = postModelDecl ? cx.models.get(postModelDecl) : undefined;
  let port = "q";
  if (p.post.port) {
    const inputs = postEntry?.model.inputs.map((i) => i.name) ?? [];
    if (!inputs.includes(p.post.port.name)) {
      sink.report("N006", p.post.port.span, {
        name: p.post.port.name,
        what: `population \`${p.post.name.name}\``,
        hint: suggestHint(
          p.post.port.name,
          inputs,
          "declare `input NAME : s24;` in its neuron model",
        ),
      });
    } else port = p.post.port.name;
  }
  const post = resolveSlice(cx, ns, p.post, port);
  const sd = cx.scopes.resolve(ns.file, p.synapse, "synapse", sink);
  const st = sd ? cx.synapseTemplate(sd.decl as A.SynapseDecl, sd.file) : null;
  if (!pre || !post || !st) return undefined;
  if (ns.pops.get(post.population)?.source) {
    sink.report("E001", p.post.span, {
      what: `\`${post.population}\` is a spike source and cannot receive a projection`,
      hint: "",
    });
    return undefined;
  }
  const postModel = postEntry?.model;
  let rule = null as string | null;
  if (isPlastic(st)) {
    const r = checkRule(
      st,
      postModel,
      netNames,
      { scopes: cx.scopes, sink, dtSeconds: cx.dtSeconds, fileConst: cx.fileConst },
      cx.quantization,
    );
    if (r) {
      // One entry per distinct normalized rule (the slots of exported values depend on the model).
      const key = JSON.stringify(r, (k, v) => (k === "span" ? undefined : v));
      let name = st.name;
      for (
        let i = 2;
        cx.rules[name] &&
        JSON.stringify(cx.rules[name], (k, v) => (k === "span" ? undefined : v)) !== key;
        i++
      )
        name = `${st.name}#${i}`;
      cx.rules[name] = { ...r, name };
      rule = name;
    }
  }
  const syn = checkSynapse(
    st,
    { scopes: cx.scopes, sink, dtSeconds: cx.dtSeconds, fileConst: cx.fileConst },
    rule,
  );
  cx.synapses[syn.name] ??= syn;

  let connector: CheckedProjection["connector"] = { kind: "all_to_all", span: p.span };
  let weight: WeightSpec | undefined;
  let delay = { steps: syn.delay.init, mode: syn.delay.mode, span: p.span };
  let tiedGroup: string | null = null;
  let learnEnabled = true;
  let allowFlush = false;
  for (const it of p.items) if (it.kind === "allowFlush") allowFlush = true;
  for (const it of p.items) {
    switch (it.kind) {
      case "connect": {
        const c = connectorSpec(cx, ns, it, pre.size, post.size, p);
        if (c) connector = c;
        break;
      }
      case "weight":
        weight = weightSpec(
          cx,
          ns,
          it,
          syn.weight,
          postEntry?.template.weightUnits ?? new Map(),
          ns.pops.get(post.population),
          allowFlush,
        );
        break;
      case "delay": {
        const d = intOf(cx, ns, it.value, "delay", { steps: true });
        if (d === undefined) break;
        if (d < 0 || d > cx.profile.maxDelay) {
          sink.report("R009", it.value.span, {
            value: d,
            max: cx.profile.maxDelay,
            profile: cx.profile.name,
          });
          break;
        }
        delay = { steps: d, mode: syn.delay.mode, span: it.span };
        break;
      }
      case "tied":
        if (!netNames.projections.has(it.with.name)) {
          sink.report("N001", it.with.span, {
            what: "projection label",
            name: it.with.name,
            hint: suggestHint(
              it.with.name,
              netNames.projections,
              "label projections as `project NAME: a -> b : T`",
            ),
          });
        } else {
          tiedGroup = [projectionId(p), it.with.name].sort().join("+");
        }
        break;
      case "learnFlag":
        learnEnabled = it.on;
        break;
      default:
        break;
    }
  }
  if (!weight) {
    weight = {
      gen: { kind: "constant", value: syn.weight.init },
      scale: 64,
      unit: "mant",
      exp: 0,
      signMode: syn.weight.signMode,
      bits: syn.weight.bits,
      allowFlushToZero: allowFlush,
      span: p.span,
    };
  }
  if (sink.errorCount > before) return undefined;
  return {
    id: projectionId(p),
    pre,
    post,
    synapse: syn.name,
    connector,
    weight,
    delay,
    rule,
    tiedGroup,
    learnEnabled,
    span: p.span,
  };
}

function connectorSpec(
  cx: CheckContext,
  ns: NetScope,
  it: Extract<A.ProjectionItem, { kind: "connect" }>,
  preSize: number,
  postSize: number,
  p: A.ProjectionDecl,
): CheckedProjection["connector"] | undefined {
  const sink = cx.sink;
  const name = it.connector.callee.name;
  const seed = it.seed ? intOf(cx, ns, it.seed, "seed", { min: 0, max: MAX_SEED }) : ns.defaultSeed;
  if (seed === undefined) return undefined;
  const arg0 = it.connector.args[0] ?? it.connector.named[0]?.value;
  const where = it.where ? indexExpr(cx, ns, it.where) : undefined;
  if (it.where && !where) return undefined;
  const extra = { ...(where ? { where } : {}), span: it.span };
  let spec: ConnectorSpec | undefined;
  switch (name) {
    case "all_to_all":
      spec = { kind: "all_to_all" };
      break;
    case "one_to_one":
      if (preSize !== postSize) {
        sink.report("Z002", it.connector.span, {
          pre: p.pre.name.name,
          post: p.post.name.name,
          preSize,
          postSize,
          hint: String(Math.min(preSize, postSize) - 1),
        });
        return undefined;
      }
      spec = { kind: "one_to_one" };
      break;
    case "fixed_prob": {
      const q = arg0 ? evalConst(arg0, netConst(cx, ns), sink) : undefined;
      if (!q) {
        if (!arg0)
          sink.report("N007", it.connector.span, {
            what: "argument",
            name: "p",
            hint: "write `fixed_prob(0.1)`",
          });
        return undefined;
      }
      if (q.value < 0 || q.value > 1) {
        sink.report("R006", arg0!.span, { value: q.value });
        return undefined;
      }
      spec = { kind: "fixed_prob", p: q.value, seed };
      break;
    }
    case "fixed_fan_in":
    case "fixed_fan_out": {
      const n = arg0 ? intOf(cx, ns, arg0, "fan", { min: 0 }) : undefined;
      if (n === undefined) return undefined;
      const limit = name === "fixed_fan_in" ? preSize : postSize;
      if (n > limit) {
        sink.report("Z007", arg0!.span, {
          kind: name === "fixed_fan_in" ? "in" : "out",
          n,
          side: name === "fixed_fan_in" ? "pre" : "post",
          size: limit,
        });
        return undefined;
      }
      spec = { kind: name, n, seed };
      break;
    }
    case "list": {
      if (arg0?.kind === "name") {
        if (!cx.datasets[arg0.name]) {
          sink.report("N001", arg0.span, {
            what: "data set",
            name: arg0.name,
            hint: suggestHint(arg0.name, Object.keys(cx.datasets)),
          });
          return undefined;
        }
        spec = { kind: "list", dataset: arg0.name };
        break;
      }
      if (arg0?.kind !== "list") {
        sink.report("N007", it.connector.span, {
          what: "argument",
          name: "pairs",
          hint: "write `list([[0, 1], [2, 3]])` or `list(DATASET)`",
        });
        return undefined;
      }
      const pairs: [number, number][] = [];
      for (const pe of arg0.items) {
        if (pe.kind !== "list" || pe.items.length !== 2) {
          sink.report("S006", pe.span, {
            what: "this list element",
            hint: "each connection is a pair `[i, j]`",
          });
          return undefined;
        }
        const i = intOf(cx, ns, pe.items[0]!, "index");
        const j = intOf(cx, ns, pe.items[1]!, "index");
        if (i === undefined || j === undefined) return undefined;
        if (i < 0 || i >= preSize)
          return void sink.report("Z001", pe.items[0]!.span, {
            index: i,
            pop: p.pre.name.name,
            size: preSize,
          });
        if (j < 0 || j >= postSize)
          return void sink.report("Z001", pe.items[1]!.span, {
            index: j,
            pop: p.post.name.name,
            size: postSize,
          });
        pairs.push([i, j]);
      }
      spec = { kind: "list", pairs };
      break;
    }
    default:
      sink.report("N001", it.connector.callee.span, {
        what: "connector",
        name,
        hint: suggestHint(name, [
          "all_to_all",
          "one_to_one",
          "fixed_prob",
          "fixed_fan_in",
          "fixed_fan_out",
          "list",
        ]),
      });
      return undefined;
  }
  if (!spec) return undefined;
  return { ...spec, ...extra };
}

/** Compile an expression of i, j (and constants) for `where` and weight expressions. */
export function indexExpr(cx: CheckContext, ns: NetScope, e: A.Expr): IndexExpr | undefined {
  const env = netConst(cx, ns);
  const go = (x: A.Expr): IndexExpr | undefined => {
    switch (x.kind) {
      case "name": {
        if (x.name === "i" || x.name === "j") return { op: x.name };
        const q = evalConst(x, env, cx.sink);
        return q ? { op: "const", value: q.value } : undefined;
      }
      case "number": {
        const q = evalConst(x, env, cx.sink);
        return q ? { op: "const", value: q.value } : undefined;
      }
      case "unary": {
        const a = go(x.operand);
        if (!a) return undefined;
        return x.op === "-" ? { op: "neg", a } : x.op === "!" ? { op: "not", a } : a;
      }
      case "binary": {
        if (x.op === "^" || x.op === "<<" || x.op === ">>") {
          const q = evalConst(x, env, cx.sink);
          return q ? { op: "const", value: q.value } : undefined;
        }
        const a = go(x.left);
        const b = go(x.right);
        return a && b ? { op: x.op, a, b } : undefined;
      }
      case "conditional": {
        const c = go(x.cond);
        const t = go(x.then);
        const f = go(x.else);
        // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
        return c && t && f ? { op: "if", cond: c, then: t, else: f } : undefined;
      }
      case "call": {
        const n = x.callee.name;
        if ((n === "abs" || n === "floor") && x.args.length === 1) {
          const a = go(x.args[0]!);
          return a ? { op: n, a } : undefined;
        }
        if ((n === "min" || n === "max") && x.args.length === 2) {
          const a = go(x.args[0]!);
          const b = go(x.args[1]!);
          return a && b ? { op: n, a, b } : undefined;
        }
        cx.sink.report("N001", x.callee.span, {
          what: "function of i, j",
          name: n,
          hint: suggestHint(n, ["abs", "floor", "min", "max"]),
        });
        return undefined;
      }
      default:
        cx.sink.report("S006", x.span, {
          what: "this expression",
          hint: "use i, j, constants and arithmetic",
        });
        return undefined;
    }
  };
  return go(e);
}

function usesIJ(e: A.Expr): boolean {
  switch (e.kind) {
    case "name":
      return e.name === "i" || e.name === "j";
    case "unary":
      return usesIJ(e.operand);
    case "binary":
      return usesIJ(e.left) || usesIJ(e.right);
    case "conditional":
      return usesIJ(e.cond) || usesIJ(e.then) || usesIJ(e.else);
    case "call":
      return e.args.some(usesIJ);
    default:
      return false;
  }
}

function weightSpec(
  cx: CheckContext,
  ns: NetScope,
  it: Extract<A.ProjectionItem, { kind: "weight" }>,
  w: { signMode: WeightSpec["signMode"]; bits: number; min: number; max: number },
  modelUnits: ReadonlyMap<string, { item: A.WeightUnitDecl }>,
  postPop: CheckedPopulation | undefined,
  allowFlush: boolean,
): WeightSpec | undefined {
  const sink = cx.sink;
  const popUnits = postPop?.weightUnits ?? {};
  const env = netConst(cx, ns);
  const seed = it.seed ? intOf(cx, ns, it.seed, "seed", { min: 0, max: MAX_SEED }) : ns.defaultSeed;
  if (seed === undefined) return undefined;
  let exp: number | undefined;
  if (it.exp) {
    exp = intOf(cx, ns, it.exp, "weight exponent");
    if (exp === undefined) return undefined;
    if (exp < -7 || exp > 7) {
      sink.report("R001", it.exp.span, {
        name: "weight exponent",
        value: exp,
        lo: -7,
        hi: 7,
        hint: "",
      });
      return undefined;
    }
  }
  // `-uniform(a, b)` and `k * normal(m, s)` scale a random generator. uniform(a, b) draws
  // a + (b - a) r, so its scaled draws are uniform(k a, k b) with the same r: the same seed
  // gives exactly the negated (scaled) weights, e.g. the + and - copies of a feedback matrix.
  const isGen = (e: A.Expr) =>
    e.kind === "call" && (e.callee.name === "uniform" || e.callee.name === "normal");
  let v = it.value;
  let mult = 1;
  for (;;) {
    if (
      v.kind === "unary" &&
      (v.op === "-" || v.op === "+") &&
      (isGen(v.operand) || v.operand.kind === "unary" || v.operand.kind === "binary")
    ) {
      const inner = v.operand;
      if (
        !isGen(inner) &&
        !(inner.kind === "binary" && inner.op === "*" && (isGen(inner.left) || isGen(inner.right)))
      )
        break;
      if (v.op === "-") mult = -mult;
      v = inner;
      continue;
    }
    if (v.kind === "binary" && v.op === "*" && (isGen(v.left) || isGen(v.right))) {
      const k = evalConst(isGen(v.left) ? v.right : v.left, env, sink);
      if (!k) return undefined;
      if (!dimEq(k.dim, DIMLESS)) {
        sink.report("U002", (isGen(v.left) ? v.right : v.left).span, {
          expected: "a plain number",
          found: formatQuantity(k),
          hint: "",
        });
        return undefined;
      }
      mult *= k.value;
      v = isGen(v.left) ? v.left : v.right;
      continue;
    }
    break;
  }
  let gen: WeightGen | undefined;
  let qs: { q: Quantity; e: A.Expr }[] = [];
  if (v.kind === "call" && (v.callee.name === "uniform" || v.callee.name === "normal")) {
    const args = [...v.args, ...v.named.map((n) => n.value)];
    if (args.length !== 2) {
      sink.report("N007", v.span, {
        what: "arguments",
        name: v.callee.name,
        hint: `write \`${v.callee.name}(a, b)\``,
      });
      return undefined;
    }
    for (const a of args) {
      const q = evalConst(a, env, sink);
      if (!q) return undefined;
      qs.push({ q, e: a });
    }
  } else if (v.kind === "call" && v.callee.name === "file") {
    const a = v.args[0];
    if (a?.kind !== "name" || !cx.datasets[a.name]) {
      sink.report("N001", a?.span ?? v.span, {
        what: "data set",
        name: a?.kind === "name" ? a.name : "?",
        hint: suggestHint(a?.kind === "name" ? a.name : "", Object.keys(cx.datasets)),
      });
      return undefined;
    }
    gen = { kind: "file", dataset: a.name };
  } else if (usesIJ(v)) {
    const ie = indexExpr(cx, ns, v);
    if (!ie) return undefined;
    gen = { kind: "expr", expr: ie };
  } else {
    const q = evalConst(v, env, sink);
    if (!q) return undefined;
    qs = [{ q, e: v }];
  }
  // Units: all values share one dimension; physical ones use the post model's weight unit.
  let unit = "mant";
  let scale = 2 ** (6 + (exp ?? 0));
  let factor = 1;
  const dim = qs[0]?.q.dim ?? DIMLESS;
  for (const { q, e } of qs) {
    if (!dimEq(q.dim, dim)) {
      sink.report("U003", e.span, { op: "mix", a: dimName(dim), b: dimName(q.dim) });
      return undefined;
    }
  }
  if (!dimEq(dim, DIMLESS)) {
    if (exp !== undefined) {
      sink.report("U004", qs[0]!.e.span, {
        name: "weight mantissa",
        hint: "give a mantissa with `exp`, or a physical weight without it",
      });
      return undefined;
    }
    const u = Object.keys(popUnits).find((k) => UNITS[k] && dimEq(UNITS[k].dim, dim));
    const declared = [...modelUnits.keys()].find((k) => UNITS[k] && dimEq(UNITS[k].dim, dim));
    if (!u && declared) {
      // The model declares the unit; the population cannot resolve it. After an error in the
      // population's parameters that is a consequence; otherwise name what is missing.
      if (!postPop?.paramErrors)
        sink.report("U002", qs[0]!.e.span, {
          expected: "a chip weight mantissa (plain number)",
          found: formatQuantity(qs[0]!.q),
          hint: unitHint(ns, declared, modelUnits.get(declared)!.item.value, postPop?.name),
        });
      return undefined;
    }
    if (!u) {
      sink.report("U002", qs[0]!.e.span, {
        expected: Object.keys(popUnits).length
          ? `a weight in ${Object.keys(popUnits).join(" or ")}`
          : "a chip weight mantissa (plain number)",
        found: formatQuantity(qs[0]!.q),
        hint: "declare `weight unit mV = ...;` in the post neuron model to accept physical weights",
      });
      return undefined;
    }
    unit = u;
    factor = 1 / UNITS[u]!.factor;
    scale = popUnits[u]!;
  } else if (exp === undefined) {
    exp = 0;
  }
  // 12 significant digits drop the binary noise of unit conversion (-18 mV -> -18, not -18.000000000000004).
  const vals = qs.map(({ q }) => Number((q.value * factor).toPrecision(12)));
  if (mult !== 1)
    for (let k = 0; k < vals.length; k++) vals[k] = Number((vals[k]! * mult).toPrecision(12));
  if (!gen) {
    if (vals.length === 1) gen = { kind: "constant", value: vals[0]! };
    else if (v.kind === "call" && v.callee.name === "uniform")
      gen = { kind: "uniform", lo: vals[0]!, hi: vals[1]!, seed };
    else gen = { kind: "normal", mean: vals[0]!, sd: vals[1]!, seed };
  }
  // Mantissas are checked against the sign mode now; physical weights after scaling.
  const checkVals =
    gen.kind === "constant" ? [gen.value] : gen.kind === "uniform" ? [gen.lo, gen.hi] : [];
  for (let k = 0; k < checkVals.length; k++) {
    const m = unit === "mant" ? checkVals[k]! : (checkVals[k]! * scale) / 64;
    const lim =
      unit === "mant" ? { lo: w.min, hi: w.max } : { lo: w.min * 2 ** 7, hi: w.max * 2 ** 7 };
    if (m < lim.lo || m > lim.hi) {
      const e = qs[k]?.e ?? v;
      sink.report("R001", e.span, {
        name: "weight",
        value: Number(m.toPrecision(6)),
        lo: lim.lo,
        hi: lim.hi,
        hint: `synapse weights of this type are ${w.signMode} (${w.min}..${w.max} mantissa)${unit === "mant" ? "" : " in register units / 64"}`,
      });
      return undefined;
    }
  }
  return {
    gen,
    scale,
    unit,
    ...(exp !== undefined ? { exp } : {}),
    signMode: w.signMode,
    bits: w.bits,
    allowFlushToZero: allowFlush,
    span: it.span,
  };
}

/** Names an expression reads (its `name` nodes), in order of appearance. */
function namesIn(e: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(e)) for (const x of e) namesIn(x, out);
  else if (e && typeof e === "object") {
    const n = e as { kind?: unknown; name?: unknown };
    if (n.kind === "name" && typeof n.name === "string") out.add(n.name);
    for (const [k, v] of Object.entries(e)) if (k !== "span") namesIn(v, out);
  }
  return out;
}

/** Which physical parameters a weight unit is computed from that the population leaves unset. */
function unitHint(ns: NetScope, unit: string, value: A.Expr, pop: string | undefined): string {
  const decl = ns.network.items.find(
    (i): i is A.PopulationDecl => i.kind === "population" && i.name.name === pop,
  );
  const set = new Set(decl?.params.map((f) => f.name.name) ?? []);
  const reads = [...namesIn(value)].filter((n) => n !== "dt");
  const missing = reads.filter((n) => !set.has(n));
  return `the post neuron model's \`weight unit ${unit}\` is computed from ${reads.map((n) => `\`${n}\``).join(", ")}; set ${(missing.length ? missing : reads).map((n) => `\`${n}\``).join(", ")} on population \`${pop ?? "?"}\``;
}
