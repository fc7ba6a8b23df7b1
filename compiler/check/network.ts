// Elaborates a network's populations (sizes, shapes, neuron models with per-population
// parameters, spike sources with their seeds and data sets) and probes. Projections are in
// projections.ts. It never generates spikes or weights; it records how they are generated.
import { MAX_SEED } from "../../isa/image.ts";
import type * as A from "../ast/types.ts";
import { type DiagnosticSink, suggestHint } from "../diagnostics/index.ts";
import type { CheckedPopulation, CheckedProbe, PopSlice, SourceSpec } from "./checked.ts";
import type { CheckContext } from "./context.ts";
import { checkDataset } from "./datasets.ts";
import { resolveParams } from "./neuron.ts";
import { DIMLESS, dimEq, evalConst, formatQuantity, type Quantity, RATE, TIME } from "./units.ts";

/** Largest population the toolchain elaborates (128 chips of 128 cores of 1024 compartments). */
export const MAX_POPULATION = 2 ** 24;

export interface NetScope {
  file: string;
  network: A.NetworkDecl;
  pops: Map<string, CheckedPopulation>;
  /** Every population the network declares, including those that failed to elaborate. */
  declaredPops: Set<string>;
  /** Model templates by population (neuron populations only). */
  popModel: Map<string, A.NeuronDecl>;
  localConsts: Map<string, A.ConstDecl>;
  defaultSeed: number;
}

export function netConst(cx: CheckContext, ns: NetScope) {
  const local = (n: string): Quantity | undefined => {
    const c = ns.localConsts.get(n);
    return c ? evalConst(c.value, cx.constEnv(ns.file, local), cx.sink) : undefined;
  };
  const env = cx.constEnv(ns.file, local);
  return {
    ...env,
    names: () => [...env.names(), ...ns.localConsts.keys()],
  };
}

/** Evaluate an integer (steps when given a time; plain integers otherwise). Integers beyond
 *  2^53 are refused: they are not exact in the image (its integer fields are safe integers). */
export function intOf(
  cx: CheckContext,
  ns: NetScope,
  e: A.Expr,
  what: string,
  opts: { min?: number; max?: number; steps?: boolean } = {},
): number | undefined {
  const q = evalConst(e, netConst(cx, ns), cx.sink);
  if (!q) return undefined;
  return checkedInt(cx.sink, e.span, q, what, { ...opts, dtSeconds: cx.dtSeconds });
}

/** The integer a constant quantity `q` (written at `span`) stands for, or a located error:
 *  the wrong dimension (U002), not an integer (R002), below `min` (R005) or beyond `max` or
 *  2^53 (R001). With `steps`, a time is converted to steps with `dtSeconds` (the run's dt). */
export function checkedInt(
  sink: DiagnosticSink,
  span: A.Span,
  q: Quantity,
  what: string,
  opts: { min?: number; max?: number; steps?: boolean; dtSeconds?: number } = {},
): number | undefined {
  let v = q.value;
  if (dimEq(q.dim, TIME) && opts.steps && opts.dtSeconds !== undefined)
    v = q.value / opts.dtSeconds;
  else if (!dimEq(q.dim, DIMLESS)) {
    sink.report("U002", span, {
      expected: opts.steps ? "a number of steps or a time" : "a plain number",
      found: formatQuantity(q),
      hint: "",
    });
    return undefined;
  }
  const r = Math.round(v);
  if (Math.abs(r - v) > 1e-6) {
    sink.report("R002", span, { what, value: String(Number(v.toPrecision(6))) });
    return undefined;
  }
  const hi = opts.max ?? Number.MAX_SAFE_INTEGER;
  // "must be positive" only where 0 is refused too; a range where 0 is allowed (seeds, rows)
  // is stated as a range.
  if (opts.min !== undefined && r < opts.min && opts.min >= 1) {
    sink.report("R005", span, { what, value: r });
    return undefined;
  }
  if (r > hi || r < (opts.min ?? -Number.MAX_SAFE_INTEGER)) {
    const lo = opts.min ?? -Number.MAX_SAFE_INTEGER;
    sink.report("R001", span, { name: what, value: r, lo, hi, hint: "" });
    return undefined;
  }
  return r;
}

/** Declare the data sets visible to a network (top level of its file and inside it). */
export function collectDatasets(cx: CheckContext, ns: NetScope): void {
  const decls: { d: A.DatasetDecl; file: string }[] = [];
  for (const [, v] of cx.scopes.visible(ns.file))
    if (v.kind === "dataset") decls.push({ d: v.decl as A.DatasetDecl, file: v.file });
  for (const it of ns.network.items)
    if (it.kind === "dataset") decls.push({ d: it, file: ns.file });
  for (const { d, file } of decls) {
    if (cx.datasets[d.name.name]) continue;
    const r = checkDataset(d, cx.resolvePath(file, d.path), netConst(cx, ns), cx.sink, cx.load);
    if (r) cx.datasets[d.name.name] = r;
  }
}

export function elaboratePopulation(
  cx: CheckContext,
  ns: NetScope,
  p: A.PopulationDecl,
): CheckedPopulation | undefined {
  const sink = cx.sink;
  const shape: number[] = [];
  for (const e of p.shape) {
    const n = intOf(cx, ns, e, "population size");
    if (n === undefined) return undefined;
    if (n < 1) {
      sink.report("Z003", e.span, { value: n });
      return undefined;
    }
    shape.push(n);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size > MAX_POPULATION) {
    sink.report("Z010", p.shape[0]!.span, { pop: p.name.name, size, max: MAX_POPULATION });
    return undefined;
  }
  const base = { name: p.name.name, size, shape, span: p.span };
  if (p.model.name === "SpikeSource") {
    if (!p.source) {
      sink.report("N007", p.model.span, {
        what: "spike source clause",
        name: "SpikeSource",
        hint: "add e.g. `at steps [1, 5]`, `every 5 steps`, `poisson(rate = 20 Hz)` or `from dataset NAME encode rate(max = 200 Hz)`",
      });
      return undefined;
    }
    if (p.params.length > 0)
      sink.report("S006", p.params[0]!.span, {
        what: "a parameter block on a spike source",
        hint: "sources have no neuron parameters",
      });
    const source = sourceSpec(cx, ns, p, size);
    return source ? { ...base, source } : undefined;
  }
  const d = cx.scopes.resolve(ns.file, p.model, "neuron", sink, ["SpikeSource"]);
  // With an unknown model (say `SpikeSourcex`) its N001 is the one error: the source clause is
  // then more likely meant for a SpikeSource than misplaced on a neuron population.
  if (p.source && d) {
    sink.report("S006", p.source.span, {
      what: "a spike-source clause on a neuron population",
      hint: "use `SpikeSource[n]` for inputs; neurons can be bias-driven with their bias parameters",
    });
  }
  if (!d) return undefined;
  const decl = d.decl as A.NeuronDecl;
  const m = cx.model(decl, d.file);
  if (!m) return undefined;
  if (m.model.graded && cx.profile.gradedSpikeBits === 0) {
    sink.report("P005", p.model.span, { profile: cx.profile.name });
    return undefined;
  }
  const errorsBefore = sink.errorCount;
  const r = resolveParams(m.template, p.params, cx.neuronCtx(), p.name.name);
  cx.quantization.push(...r.quantization);
  ns.popModel.set(p.name.name, decl);
  return {
    ...base,
    model: m.model.name,
    params: r.params,
    weightUnits: r.weightUnits,
    ...(sink.errorCount > errorsBefore ? { paramErrors: true } : {}),
  };
}

function sourceSpec(
  cx: CheckContext,
  ns: NetScope,
  p: A.PopulationDecl,
  size: number,
): SourceSpec | undefined {
  const sink = cx.sink;
  const src = p.source!;
  const seed = p.seed ? intOf(cx, ns, p.seed, "seed", { min: 0, max: MAX_SEED }) : ns.defaultSeed;
  if (seed === undefined) return undefined;
  const env = netConst(cx, ns);
  switch (src.kind) {
    case "steps": {
      const steps: number[] = [];
      for (const e of src.steps) {
        const s = intOf(cx, ns, e, "spike step", { min: 1, steps: true });
        if (s !== undefined) steps.push(s);
      }
      return { kind: "steps", steps: steps.sort((a, b) => a - b) };
    }
    case "periodic": {
      const period = intOf(cx, ns, src.period, "period", { min: 1, steps: true });
      const start = src.start ? intOf(cx, ns, src.start, "start step", { min: 1, steps: true }) : 1;
      return period === undefined || start === undefined
        ? undefined
        : { kind: "periodic", period, start };
    }
    case "random": {
      const name = src.dist.callee.name;
      const arg = (k: string) =>
        src.dist.named.find((a) => a.name.name === k)?.value ?? src.dist.args[0];
      if (name === "poisson") {
        const e = arg("rate");
        const q = e ? evalConst(e, env, sink) : undefined;
        if (!e || !q) {
          if (!e)
            sink.report("N007", src.dist.span, {
              what: "argument",
              name: "rate",
              hint: "write `poisson(rate = 20 Hz)`",
            });
          return undefined;
        }
        if (!dimEq(q.dim, RATE)) {
          if (dimEq(q.dim, DIMLESS))
            sink.report("U001", e.span, { name: "rate", dim: "rate", example: "20 Hz" });
          else
            sink.report("U002", e.span, { expected: "rate", found: formatQuantity(q), hint: "" });
          return undefined;
        }
        const prob = q.value * cx.dtSeconds;
        if (prob < 0 || prob > 1) {
          sink.report("R006", e.span, { value: prob });
          return undefined;
        }
        return { kind: "poisson", rateHz: q.value, probPerStep: prob, seed };
      }
      if (name === "bernoulli") {
        const e = arg("p");
        const q = e ? evalConst(e, env, sink) : undefined;
        if (!e || !q) return undefined;
        if (q.value < 0 || q.value > 1) {
          sink.report("R006", e.span, { value: q.value });
          return undefined;
        }
        return { kind: "bernoulli", p: q.value, seed };
      }
      sink.report("N001", src.dist.callee.span, {
        what: "spike source",
        name,
        hint: suggestHint(name, ["poisson", "bernoulli"]),
      });
      return undefined;
    }
    case "dataset": {
      const ds = cx.datasets[src.dataset.name];
      if (!ds) {
        const known =
          ns.network.items.some((i) => i.kind === "dataset" && i.name.name === src.dataset.name) ||
          cx.scopes.visible(ns.file).has(src.dataset.name);
        if (!known) {
          sink.report("N001", src.dataset.span, {
            what: "data set",
            name: src.dataset.name,
            hint: suggestHint(src.dataset.name, Object.keys(cx.datasets)),
          });
        }
        return undefined;
      }
      const n = src.label ? (ds.classes ?? 0) : ds.features[1] - ds.features[0];
      if (src.label && ds.label === undefined) {
        sink.report("E001", src.span, {
          what: `data set \`${ds.name}\` has no label column`,
          hint: "add `label = COLUMN;` to the data set",
        });
        return undefined;
      }
      if (n !== size) {
        sink.report("Z006", p.shape[0]!.span, {
          pop: p.name.name,
          size,
          n: `${n} ${src.label ? "classes" : "features"}`,
          hint: `make it \`SpikeSource[${n}]\``,
        });
        return undefined;
      }
      const enc = src.encode;
      const arg = (k: string) => enc.named.find((a) => a.name.name === k)?.value ?? enc.args[0];
      const select = src.label ? "label" : "features";
      // `frozen = 1` (rate codes): every phase of a sample replays the sample's spike train.
      let frozen = false;
      if (enc.callee.name === "rate" || enc.callee.name === "bernoulli") {
        for (const a of enc.named) {
          if (a.name.name === "max" || a.name.name === "frozen") continue;
          sink.report("N006", a.name.span, {
            name: a.name.name,
            what: `encoder \`${enc.callee.name}\``,
            hint: suggestHint(a.name.name, ["max", "frozen"]),
          });
          return undefined;
        }
        const f = enc.named.find((a) => a.name.name === "frozen")?.value;
        const v = f ? intOf(cx, ns, f, "frozen") : 0;
        if (v === undefined) return undefined;
        if (v !== 0 && v !== 1) {
          sink.report("R001", f!.span, { name: "frozen", value: v, lo: 0, hi: 1, hint: "" });
          return undefined;
        }
        frozen = v === 1;
      }
      if (enc.callee.name === "rate") {
        const e = arg("max");
        const q = e ? evalConst(e, env, sink) : undefined;
        if (!e || !q) return undefined;
        if (!dimEq(q.dim, RATE)) {
          sink.report(dimEq(q.dim, DIMLESS) ? "U001" : "U002", e.span, {
            name: "max",
            dim: "rate",
            example: "200 Hz",
            expected: "rate",
            found: formatQuantity(q),
            hint: "",
          });
          return undefined;
        }
        const prob = q.value * cx.dtSeconds;
        if (prob > 1) {
          sink.report("R006", e.span, { value: prob });
          return undefined;
        }
        return {
          kind: "dataset",
          dataset: ds.name,
          select,
          encoding: {
            kind: "rate",
            maxRateHz: q.value,
            probPerStepAtMax: prob,
            ...(frozen ? { frozen } : {}),
          },
          seed,
        };
      }
      if (enc.callee.name === "bernoulli") {
        const e = arg("max");
        const q = e ? evalConst(e, env, sink) : { value: 1, dim: DIMLESS };
        if (!q) return undefined;
        if (q.value < 0 || q.value > 1) {
          sink.report("R006", e?.span ?? enc.span, { value: q.value });
          return undefined;
        }
        return {
          kind: "dataset",
          dataset: ds.name,
          select,
          encoding: { kind: "bernoulli", pMax: q.value, ...(frozen ? { frozen } : {}) },
          seed,
        };
      }
      if (enc.callee.name === "latency") {
        const e = arg("window");
        const w = e ? intOf(cx, ns, e, "latency window", { min: 1, steps: true }) : undefined;
        if (w === undefined) return undefined;
        return {
          kind: "dataset",
          dataset: ds.name,
          select,
          encoding: { kind: "latency", windowSteps: w },
          seed,
        };
      }
      sink.report("N001", enc.callee.span, {
        what: "encoder",
        name: enc.callee.name,
        hint: suggestHint(enc.callee.name, ["rate", "bernoulli", "latency"]),
      });
      return undefined;
    }
  }
}

/**
 * N001 for a reference to a population the network does not have. A population that is
 * declared but failed to elaborate (a bad size, a neuron model with errors) has its own error
 * already, so references to it are not reported again: one mistake, one error.
 */
export function unknownPopulation(
  cx: CheckContext,
  ns: NetScope,
  id: A.Ident,
  also: { what: string; names: Iterable<string> } = { what: "population", names: [] },
): void {
  if (ns.declaredPops.has(id.name)) return;
  cx.sink.report("N001", id.span, {
    what: also.what,
    name: id.name,
    hint: suggestHint(id.name, [...also.names, ...ns.pops.keys()]),
  });
}

/** Resolve `pop`, `pop[lo..hi]`, `img[r, c0..c1]` to flattened index ranges. */
export function resolveSlice(
  cx: CheckContext,
  ns: NetScope,
  ref: { name: A.Ident; slice?: A.SliceExpr[]; span: A.Span },
  port = "q",
): PopSlice | undefined {
  const pop = ns.pops.get(ref.name.name);
  if (!pop) {
    unknownPopulation(cx, ns, ref.name);
    return undefined;
  }
  if (!ref.slice)
    return { population: pop.name, ranges: [[0, pop.size]], size: pop.size, port, span: ref.span };
  if (ref.slice.length !== pop.shape.length) {
    cx.sink.report("Z004", ref.slice[0]?.span ?? ref.span, {
      pop: pop.name,
      shape: `[${pop.shape.join(", ")}]`,
      n: ref.slice.length,
    });
    return undefined;
  }
  const dims: [number, number][] = [];
  for (let k = 0; k < ref.slice.length; k++) {
    const s = ref.slice[k]!;
    const lo = intOf(cx, ns, s.lo, "index");
    const hi = s.hi ? intOf(cx, ns, s.hi, "index") : lo;
    if (lo === undefined || hi === undefined) return undefined;
    const n = pop.shape[k]!;
    for (const [v, e] of [
      [lo, s.lo],
      [hi, s.hi ?? s.lo],
    ] as const) {
      if (v < 0 || v >= n) {
        cx.sink.report("Z001", e.span, { index: v, pop: pop.name, size: n });
        return undefined;
      }
    }
    if (hi < lo) {
      cx.sink.report("Z001", s.span, { index: `${lo}..${hi}`, pop: pop.name, size: n });
      return undefined;
    }
    dims.push([lo, hi + 1]);
  }
  // Row-major flattening: a run of contiguous indices per combination of the outer dimensions.
  let ranges: [number, number][] = [[0, 1]];
  let stride = 1;
  for (let k = dims.length - 1; k >= 0; k--) {
    const [lo, hi] = dims[k]!;
    const next: [number, number][] = [];
    for (let v = lo; v < hi; v++)
      for (const [a, b] of ranges) next.push([a + v * stride, b + v * stride]);
    stride *= pop.shape[k]!;
    ranges = mergeRanges(next);
  }
  const size = ranges.reduce((s, [a, b]) => s + b - a, 0);
  return { population: pop.name, ranges, size, port, span: ref.span };
}

function mergeRanges(r: [number, number][]): [number, number][] {
  const s = [...r].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && last[1] === x[0]) last[1] = x[1];
    else out.push([x[0], x[1]]);
  }
  return out;
}

export function elaborateProbe(
  cx: CheckContext,
  ns: NetScope,
  p: A.ProbeDecl,
  projIds: Map<string, string>,
): CheckedProbe | undefined {
  const every = p.every ? intOf(cx, ns, p.every, "probe interval", { min: 1, steps: true }) : 1;
  if (every === undefined) return undefined;
  const fields = p.fields.map((f) => f.name);
  if (p.target.kind === "proj") {
    const key = `${p.target.pre.name}->${p.target.post.name}`;
    const id = projIds.get(key);
    if (!id) {
      cx.sink.report("N001", p.target.span, {
        what: "projection",
        name: `${p.target.pre.name} -> ${p.target.post.name}`,
        hint: "",
      });
      return undefined;
    }
    for (const f of p.fields) {
      if (!["w", "d", "t"].includes(f.name))
        cx.sink.report("N006", f.span, {
          name: f.name,
          what: "a projection",
          hint: "probe w, d or t",
        });
    }
    return { target: { kind: "projection", id }, fields, everySteps: every, span: p.span };
  }
  const slice = resolveSlice(cx, ns, p.target.pop);
  if (!slice) return undefined;
  const pop = ns.pops.get(slice.population)!;
  const decl = ns.popModel.get(pop.name);
  const model = decl ? cx.models.get(decl)?.model : undefined;
  const allowed = [
    "spikes",
    ...(model?.state.map((s) => s.name) ?? []),
    ...(model?.exports.map((e) => e.name) ?? []),
  ];
  for (const f of p.fields) {
    if (!allowed.includes(f.name)) {
      cx.sink.report("N006", f.span, {
        name: f.name,
        what: `population \`${pop.name}\``,
        hint: suggestHint(f.name, allowed, `probe one of ${allowed.join(", ")}`),
      });
      return undefined;
    }
  }
  return { target: { kind: "population", slice }, fields, everySteps: every, span: p.span };
}
