// Normalizes learning rules to the learning engine's sum of products and proves them local:
// each term is S * D * prod(F) with one dependency (x0, y0 or u_k) and factors read at the
// synapse only. Reads of remote state (post voltage, another projection's weight, sums over
// synapses) and constructs that are not sums of products are located errors.
import type * as A from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import { suggestHint } from "../diagnostics/index.ts";
import type { Dependency, Factor, PostSlot, ProductTerm, RuleVar, Scale } from "./checked.ts";
import { sourceText } from "./dynamics.ts";
import { LEARNING } from "./profiles.ts";

type Atom =
  | { k: "dep"; dep: "x0" | "y0"; span: A.Span }
  | { k: "u"; n: number; span: A.Span }
  | { k: "var"; v: RuleVar; span: A.Span }
  | { k: "add"; v: RuleVar; c: number; span: A.Span }
  | { k: "sgn"; v: RuleVar; c: number; span: A.Span };

interface Mono {
  coef: number;
  atoms: Atom[];
  /** Source of this term (for diagnostics about its scale or factors). */
  span?: A.Span;
}
type Poly = Mono[];

/** What a rule can see, by name. */
export interface RuleScope {
  /** Synapse variable names: weight, delay, tag -> w, d, t. */
  synVars: Map<string, "w" | "d" | "t">;
  /** Pre trace names -> slot. */
  preTraces: Map<string, "x1" | "x2">;
  /** Post trace names (declared in the synapse or exported by the post model) -> slot. */
  postTraces: Map<string, PostSlot | "y1">;
  /** Post model, for locality messages (undefined when the rule is checked without a post). */
  postModel?: { name: string; states: Set<string>; params: Set<string> };
  /** Compile-time constants. */
  constant: (name: string) => number | undefined;
  /** A constant that has a unit (not usable in a rule): its dimension's name and its value as
   *  text (e.g. "time", "3 ms"); else undefined. */
  constantWithUnit?: (name: string) => { dim: string; value: string } | undefined;
  constNames: () => Iterable<string>;
  /** True for a name declared as a constant (whose value may have failed to evaluate: that
   *  error is already reported, so the rule does not add an L001 for it). */
  declaredConstant?: (name: string) => boolean;
  /** Projection labels and population names of the network (for weight-transport errors). */
  projections: Set<string>;
  populations: Set<string>;
}

class RuleAbort extends Error {}

const REDUCTIONS = new Set(["sum", "mean", "reduce", "dot", "norm", "avg", "prod"]);
const TRANSPOSES = new Set(["transpose", "T"]);

export class RuleNormalizer {
  constructor(
    private readonly scope: RuleScope,
    private readonly sink: DiagnosticSink,
  ) {}

  private abort(): never {
    throw new RuleAbort();
  }

  private p001(span: A.Span, why: string, what: string): never {
    this.sink.report("P001", span, { why, what });
    this.abort();
  }

  /**
   * Normalize one rule expression to product terms for `target`, multiplied by `extra`
   * dependency (for `on pre` / `on post` blocks). Returns undefined after reporting.
   */
  terms(e: A.Expr, target: "w" | "d" | "t", sign: number, extra?: Atom): ProductTerm[] | undefined {
    try {
      let p = this.poly(e);
      if (extra) p = mul(p, [{ coef: 1, atoms: [extra] }]);
      const out: ProductTerm[] = [];
      for (const m of p) {
        const t = this.term(m, target, sign, m.span ?? e.span);
        if (t) out.push(t);
      }
      return out;
    } catch (err) {
      if (err instanceof RuleAbort) return undefined;
      throw err;
    }
  }

  private term(
    m: Mono,
    target: "w" | "d" | "t",
    sign: number,
    span: A.Span,
  ): ProductTerm | undefined {
    const coef = m.coef * sign;
    if (coef === 0) return undefined;
    const us = m.atoms.filter((a): a is Extract<Atom, { k: "u" }> => a.k === "u");
    if (us.length > 1) {
      this.sink.report("P002", us[1]!.span, { n: us.length });
      return undefined;
    }
    const spikes = m.atoms.filter((a): a is Extract<Atom, { k: "dep" }> => a.k === "dep");
    let dependency: Dependency = { kind: "none" };
    let rest = spikes;
    if (us[0]) dependency = { kind: "u", k: us[0].n };
    else if (spikes.some((s) => s.dep === "x0")) {
      dependency = { kind: "x0" };
      const i = spikes.findIndex((s) => s.dep === "x0");
      rest = spikes.filter((_, j) => j !== i);
    } else if (spikes[0]) {
      dependency = { kind: "y0" };
      rest = spikes.slice(1);
    }
    const factors: Factor[] = [];
    for (const s of rest) factors.push({ kind: "var", v: s.dep, span: s.span });
    for (const a of m.atoms) {
      if (a.k === "var") factors.push({ kind: "var", v: a.v, span: a.span });
      else if (a.k === "add") factors.push({ kind: "add", v: a.v, c: a.c, span: a.span });
      else if (a.k === "sgn") factors.push({ kind: "sgn", v: a.v, c: a.c, span: a.span });
    }
    if (factors.length > LEARNING.maxFactors) {
      this.sink.report("P007", factors[LEARNING.maxFactors]!.span, {
        n: factors.length,
        max: LEARNING.maxFactors,
      });
      return undefined;
    }
    const scale = this.scale(coef, span);
    if (!scale) return undefined;
    return { target, scale, dependency, factors, span };
  }

  /** Quantize a coefficient to m * 2^e (m in -8..7, e in -7..8), reporting any rounding. */
  scale(coef: number, span: A.Span): Scale | undefined {
    let best: { mant: number; exp: number; err: number } | undefined;
    for (let exp = LEARNING.expMin; exp <= LEARNING.expMax; exp++) {
      const mant = Math.max(
        LEARNING.mantMin,
        Math.min(LEARNING.mantMax, Math.round(coef / 2 ** exp)),
      );
      if (mant === 0) continue;
      const err = Math.abs(mant * 2 ** exp - coef);
      // Smallest error; among equals the larger exponent (smallest mantissa), so 2^-5 is 1*2^-5.
      if (!best || err <= best.err + 1e-15 * Math.abs(coef)) best = { mant, exp, err };
    }
    const exact = coef;
    if (!best || best.err / Math.abs(coef) > 0.5) {
      this.sink.report("R008", span, { exact: fmt(coef) });
      return undefined;
    }
    if (best.err > 1e-12 * Math.abs(coef)) {
      this.sink.report("R007", span, {
        exact: fmt(coef),
        mant: best.mant,
        exp: best.exp,
        error: `${(100 * (best.err / Math.abs(coef))).toFixed(1)}%`,
      });
    }
    return { mant: best.mant, exp: best.exp, exact };
  }

  private poly(e: A.Expr): Poly {
    return this.polyOf(e).map((m) => (m.span ? m : { ...m, span: e.span }));
  }

  private polyOf(e: A.Expr): Poly {
    switch (e.kind) {
      case "number":
        if (e.unit !== undefined) {
          this.sink.report("U002", e.span, {
            expected: "a plain number",
            found: `\`${e.unit}\``,
            hint: "learning rules are unitless",
          });
          this.abort();
        }
        return [{ coef: e.value, atoms: [] }];
      case "name":
        return [this.nameAtom(e.name, e.span)];
      case "member":
        return [this.member(e)];
      case "projection":
        this.sink.report("L003", e.span, { other: `${e.pre.name} -> ${e.post.name}` });
        return this.abort();
      case "unary":
        if (e.op === "!") return this.p001(e.span, "`!` (a logical test)", "conditions");
        return e.op === "-" ? scaleP(this.poly(e.operand), -1) : this.poly(e.operand);
      case "binary":
        return this.binary(e);
      case "call":
        return this.call(e);
      case "conditional": {
        const k = this.condConst(e.cond);
        if (k === undefined)
          return this.p001(e.cond.span, "a data-dependent `if`", "data-dependent branches");
        return k ? this.poly(e.then) : this.poly(e.else);
      }
      default:
        return this.p001(e.span, "a list", "lists");
    }
  }

  /** The value of a compile-time condition; a data-dependent one is not a sum of products. */
  private condConst(e: A.Expr): number {
    const cmp = ["<", "<=", ">", ">=", "==", "!="];
    if (e.kind === "binary" && cmp.includes(e.op)) {
      const a = constOf(this.poly(e.left));
      const b = constOf(this.poly(e.right));
      if (a === undefined || b === undefined) {
        return this.p001(e.span, "a data-dependent `if`", "data-dependent branches");
      }
      const r = {
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
        "==": a === b,
        "!=": a !== b,
      };
      return r[e.op as keyof typeof r] ? 1 : 0;
    }
    const k = constOf(this.poly(e));
    if (k === undefined)
      return this.p001(e.span, "a data-dependent `if`", "data-dependent branches");
    return k;
  }

  private nameAtom(name: string, span: A.Span): Mono {
    const s = this.scope;
    const sv = s.synVars.get(name);
    if (sv) return { coef: 1, atoms: [{ k: "var", v: sv, span }] };
    if (name === "x0" || name === "y0") return { coef: 1, atoms: [{ k: "dep", dep: name, span }] };
    const um = /^u(\d+)$/.exec(name);
    if (um && Number(um[1]) <= 15) return { coef: 1, atoms: [{ k: "u", n: Number(um[1]), span }] };
    const pt = s.preTraces.get(name);
    if (pt) return { coef: 1, atoms: [{ k: "var", v: pt, span }] };
    const qt = s.postTraces.get(name);
    if (qt) return { coef: 1, atoms: [{ k: "var", v: qt, span }] };
    const c = s.constant(name);
    if (c !== undefined) return { coef: c, atoms: [] };
    if (s.postModel && (s.postModel.states.has(name) || s.postModel.params.has(name))) {
      this.sink.report("L002", span, { name, model: s.postModel.name });
      this.abort();
    }
    if (s.projections.has(name)) {
      this.sink.report("L003", span, { other: name });
      this.abort();
    }
    const withUnit = s.constantWithUnit?.(name);
    if (withUnit !== undefined) {
      this.sink.report("U002", span, {
        expected: "a plain number",
        found: withUnit.dim,
        hint: `\`${name}\` is ${withUnit.value}; a learning rule's constants take no unit (its arithmetic is in register units)`,
      });
      this.abort();
    }
    // A constant whose own value is in error (reported where it is declared, or at --const).
    if (s.declaredConstant?.(name)) return this.abort();
    this.sink.report("L001", span, { name });
    return this.abort();
  }

  private member(e: A.MemberRef): Mono {
    const field = e.member.name;
    const span = e.span;
    const s = this.scope;
    if (TRANSPOSES.has(field)) {
      this.sink.report("L003", span, { other: sourceText(e.object) });
      this.abort();
    }
    const obj = e.object;
    if (obj.kind === "projection") {
      this.sink.report("L003", span, { other: `${obj.pre.name} -> ${obj.post.name}` });
      this.abort();
    }
    if (obj.kind === "name" && obj.name === "post") {
      const qt = s.postTraces.get(field);
      if (qt) return { coef: 1, atoms: [{ k: "var", v: qt, span }] };
      if (field === "y0" || field === "spike" || field === "spiked") {
        return { coef: 1, atoms: [{ k: "dep", dep: "y0", span }] };
      }
      // Checked without a post model (a synapse type no projection uses yet): an exported value
      // cannot be resolved, so it is assumed to exist; projections re-check with their model.
      if (!s.postModel) return { coef: 1, atoms: [{ k: "var", v: "y2", span }] };
      if (
        s.postModel &&
        (s.postModel.states.has(field) || s.postModel.params.has(field) || field === "q")
      ) {
        this.sink.report("L002", span, { name: field, model: s.postModel.name });
        this.abort();
      }
      this.sink.report("L001", span, { name: `post.${field}` });
      this.abort();
    }
    if (obj.kind === "name" && obj.name === "pre") {
      const pt = s.preTraces.get(field);
      if (pt) return { coef: 1, atoms: [{ k: "var", v: pt, span }] };
      if (field === "x0" || field === "spike" || field === "spiked") {
        return { coef: 1, atoms: [{ k: "dep", dep: "x0", span }] };
      }
      this.sink.report("L005", span, { name: field });
      this.abort();
    }
    if (obj.kind === "name" && (s.projections.has(obj.name) || s.synVars.has(field))) {
      this.sink.report("L003", span, { other: obj.name });
      this.abort();
    }
    this.sink.report("L001", span, { name: sourceText(e) });
    return this.abort();
  }

  private binary(e: A.Binary): Poly {
    switch (e.op) {
      case "+":
        return addP(this.poly(e.left), this.poly(e.right));
      case "-":
        return addP(this.poly(e.left), scaleP(this.poly(e.right), -1));
      case "*":
        return mul(this.factorPoly(e.left), this.factorPoly(e.right));
      case "/": {
        const b = this.poly(e.right);
        const k = constOf(b);
        if (k === undefined)
          return this.p001(e.right.span, "division by a variable", "division by a variable");
        if (k === 0) return this.p001(e.right.span, "division by zero", "division by zero");
        return scaleP(this.poly(e.left), 1 / k);
      }
      case "^": {
        const b = constOf(this.poly(e.right));
        const a = this.poly(e.left);
        const ka = constOf(a);
        if (b === undefined)
          return this.p001(e.right.span, "a variable exponent", "variable exponents");
        if (ka !== undefined) return [{ coef: ka ** b, atoms: [] }];
        if (!Number.isInteger(b) || b < 1 || b > LEARNING.maxFactors) {
          return this.p001(e.span, `a power ^${b} of a variable`, "non-integer powers");
        }
        let p = a;
        for (let i = 1; i < b; i++) p = mul(p, a);
        return p;
      }
      default:
        return this.p001(e.opSpan, `\`${e.op}\``, `\`${e.op}\``);
    }
  }

  /** A product operand: `(v + C)` with one variable and an integer C stays one factor. */
  private factorPoly(e: A.Expr): Poly {
    const p = this.poly(e);
    if (p.length === 2) {
      const v = p.find((m) => m.atoms.length === 1 && m.coef === 1);
      const c = p.find((m) => m.atoms.length === 0);
      const a = v?.atoms[0];
      if (a && c && Number.isInteger(c.coef) && a.k === "var") {
        return [{ coef: 1, atoms: [{ k: "add", v: a.v, c: c.coef, span: e.span }] }];
      }
    }
    return p;
  }

  private call(e: A.Call): Poly {
    const name = e.callee.name;
    if (REDUCTIONS.has(name)) {
      this.sink.report("L004", e.callee.span, { name });
      this.abort();
    }
    if (TRANSPOSES.has(name)) {
      this.sink.report("L003", e.span, { other: e.args[0] ? sourceText(e.args[0]) : name });
      this.abort();
    }
    if (name === "sgn") {
      const p = e.args[0] ? this.poly(e.args[0]) : [];
      const v = p.filter((m) => m.atoms.length > 0);
      const c = p.filter((m) => m.atoms.length === 0).reduce((s, m) => s + m.coef, 0);
      const a = v[0]?.atoms[0];
      if (
        e.args.length !== 1 ||
        v.length !== 1 ||
        v[0]!.coef !== 1 ||
        !a ||
        a.k !== "var" ||
        v[0]!.atoms.length !== 1 ||
        !Number.isInteger(c)
      ) {
        return this.p001(
          e.span,
          "`sgn` of something other than (variable + integer)",
          "this `sgn` argument",
        );
      }
      return [{ coef: 1, atoms: [{ k: "sgn", v: a.v, c, span: e.span }] }];
    }
    const f: Record<string, (x: number) => number> = {
      exp: Math.exp,
      log: Math.log,
      sqrt: Math.sqrt,
      abs: Math.abs,
    };
    const fn = f[name];
    if (fn && e.args.length === 1) {
      const k = constOf(this.poly(e.args[0]!));
      if (k === undefined)
        return this.p001(e.span, `\`${name}\` of a variable`, `\`${name}\` of a variable`);
      return [{ coef: fn(k), atoms: [] }];
    }
    if ((name === "min" || name === "max") && e.args.length === 2) {
      const a = constOf(this.poly(e.args[0]!));
      const b = constOf(this.poly(e.args[1]!));
      if (a === undefined || b === undefined)
        return this.p001(e.span, `\`${name}\` of a variable`, `\`${name}\``);
      return [{ coef: name === "min" ? Math.min(a, b) : Math.max(a, b), atoms: [] }];
    }
    this.sink.report("N001", e.callee.span, {
      what: "function",
      name,
      hint: suggestHint(name, ["sgn", "exp", "log", "sqrt", "abs", "min", "max"]),
    });
    return this.abort();
  }
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function constOf(p: Poly): number | undefined {
  if (p.some((m) => m.atoms.length > 0)) return undefined;
  return p.reduce((s, m) => s + m.coef, 0);
}

function scaleP(p: Poly, k: number): Poly {
  return p.map((m) => ({ ...m, coef: m.coef * k }));
}

function atomKey(a: Atom): string {
  switch (a.k) {
    case "dep":
      return a.dep;
    case "u":
      return `u${a.n}`;
    case "var":
      return a.v;
    default:
      return `${a.k}(${a.v}${a.c >= 0 ? "+" : ""}${a.c})`;
  }
}

function monoKey(m: Mono): string {
  return m.atoms.map(atomKey).sort().join("*");
}

/** Sum, merging like terms (same multiset of atoms) in first-seen order. */
function addP(a: Poly, b: Poly): Poly {
  const out: Mono[] = [];
  const idx = new Map<string, number>();
  for (const m of [...a, ...b]) {
    const k = monoKey(m);
    const i = idx.get(k);
    if (i === undefined) {
      idx.set(k, out.length);
      out.push({ ...m });
    } else {
      out[i] = { ...out[i]!, coef: out[i]!.coef + m.coef };
    }
  }
  return out.filter((m) => m.coef !== 0);
}

function mul(a: Poly, b: Poly): Poly {
  const out: Poly = [];
  for (const x of a)
    for (const y of b) out.push({ coef: x.coef * y.coef, atoms: [...x.atoms, ...y.atoms] });
  return addP(out, []);
}

/** The atom for `on pre` / `on post` blocks. */
export function eventAtom(side: "pre" | "post", span: A.Span): Atom {
  return { k: "dep", dep: side === "pre" ? "x0" : "y0", span };
}
