// Compiles neuron dynamics (the `update` block and the spike/reset/floor/refractory clauses) into
// the microcode-shaped IR of checked.ts, proving on the way that every operation is one the core
// microcode executes and computing value intervals (to prove spike payloads unsigned). It does
// not resolve parameter values; those are per population.
import type * as A from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import { suggestHint } from "../diagnostics/index.ts";
import type { CompareOp, DynCond, DynExpr, DynStmt } from "./checked.ts";
import { type FoldOp, fold32 } from "./fold.ts";

/** Inclusive integer interval. */
export interface Interval {
  lo: number;
  hi: number;
}

export type DynName =
  | { kind: "state"; range: Interval }
  | { kind: "param"; range: Interval }
  | { kind: "physical" }
  | { kind: "input"; range: Interval }
  | { kind: "const"; value: number };

export interface DynEnv {
  lookup: (name: string) => DynName | undefined;
  names: () => Iterable<string>;
  vmin: number;
  vmax: number;
}

const BIG = 2 ** 31;

/**
 * The range of a result whose exact range is lo..hi, in the core's 32-bit arithmetic: a result
 * that can leave 32 bits wraps and can then be any 32-bit value (clamping the interval instead
 * would let `max(v, 0) << 10` pass as non-negative, which the image verifier then refuses).
 */
function wrapped32(lo: number, hi: number): Interval {
  return lo < -BIG || hi > BIG - 1 ? { lo: -BIG, hi: BIG - 1 } : { lo, hi };
}

export function rangeOfBits(bits: number, signed: boolean): Interval {
  return signed
    ? { lo: -(2 ** (bits - 1)), hi: 2 ** (bits - 1) - 1 }
    : { lo: 0, hi: 2 ** bits - 1 };
}

/** Thrown to abandon one statement after its diagnostic was reported. */
export class DynAbort extends Error {}

export class DynCompiler {
  private temps = new Map<string, Interval>();
  /** Names whose error is already reported (a failed `let`, an unknown name): a statement that
   *  uses one is abandoned without a further error. */
  private readonly failed = new Set<string>();
  private ok = true;

  constructor(
    private readonly env: DynEnv,
    private readonly sink: DiagnosticSink,
  ) {}

  get succeeded(): boolean {
    return this.ok;
  }

  /** R001 for a constant outside what the instruction encodes; abandons the statement. */
  private r001(
    span: A.Span,
    name: string,
    value: number,
    lo: number,
    hi: number,
    hint: string,
  ): never {
    this.sink.report("R001", span, { name, value, lo, hi, hint });
    this.ok = false;
    throw new DynAbort();
  }

  private p003(span: A.Span, why: string, hint = ""): never {
    this.sink.report("P003", span, { why, hint });
    this.ok = false;
    throw new DynAbort();
  }

  stmts(list: A.Stmt[]): DynStmt[] {
    const out: DynStmt[] = [];
    for (const s of list) {
      try {
        const r = this.stmt(s);
        if (r) out.push(r);
      } catch (e) {
        if (!(e instanceof DynAbort)) throw e;
      }
    }
    return out;
  }

  private stmt(s: A.Stmt): DynStmt | undefined {
    switch (s.kind) {
      case "let": {
        if (this.temps.has(s.name.name) || this.env.lookup(s.name.name)) {
          this.sink.report("P006", s.name.span, { name: s.name.name });
          this.ok = false;
          return undefined;
        }
        let compiled: { e: DynExpr; r: Interval };
        try {
          compiled = this.expr(s.value);
        } catch (err) {
          // The value's error is reported; its uses are abandoned quietly (no N001 for the
          // name, no P008 from a range it never had).
          if (err instanceof DynAbort) this.failed.add(s.name.name);
          throw err;
        }
        this.temps.set(s.name.name, compiled.r);
        return { op: "let", name: s.name.name, value: compiled.e, span: s.span };
      }
      case "assign": {
        const target = this.assignable(s.target);
        const { e, r } = this.expr(s.value);
        // A register holds its declared width: reads assume it (the payload proof, P004), so a
        // write that may not fit is refused rather than stored as something else.
        const w = this.stateRange(target);
        this.checkFits(
          target,
          s.op === "="
            ? r
            : s.op === "+="
              ? wrapped32(w.lo + r.lo, w.hi + r.hi)
              : wrapped32(w.lo - r.hi, w.hi - r.lo),
          s.value.span,
        );
        const cur: DynExpr = { op: "state", name: target, span: s.target.span };
        const value: DynExpr =
          s.op === "=" ? e : { op: s.op === "+=" ? "add" : "sub", a: cur, b: e, span: s.span };
        return { op: "set", name: target, value, span: s.span };
      }
      case "if": {
        const cond = this.cond(s.cond);
        // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
        return { op: "if", cond, then: this.stmts(s.then), else: this.stmts(s.else), span: s.span };
      }
      case "spike": {
        if (!s.payload) return { op: "spike", span: s.span };
        return { op: "spike", payload: this.payload(s.payload, "this model"), span: s.span };
      }
    }
  }

  /** P008 unless a value in `value` (with `floor`: max(register, value)) fits state register
   *  `target`'s declared width. */
  checkFits(target: string, value: Interval, span: A.Span, floor = false): void {
    const w = this.stateRange(target);
    const v = floor ? { lo: Math.max(w.lo, value.lo), hi: Math.max(w.hi, value.hi) } : value;
    if (v.lo >= w.lo && v.hi <= w.hi) return;
    this.sink.report("P008", span, {
      name: target,
      lo: w.lo,
      hi: w.hi,
      alo: v.lo,
      ahi: v.hi,
      hint:
        w.lo < 0
          ? `keep it in range: \`wrap(x, ${Math.round(Math.log2(w.hi - w.lo + 1))})\` or \`clamp(x, ${w.lo}, ${w.hi})\``
          : `keep it in range: \`clamp(x, 0, ${w.hi})\` or \`min(x, ${w.hi})\``,
    });
    this.ok = false;
  }

  /** The declared width of state register `name` (a name `assignable` returned). */
  private stateRange(name: string): Interval {
    const n = this.env.lookup(name);
    if (n?.kind !== "state") throw new Error(`'${name}' is not a state register`);
    return n.range;
  }

  /** A state register name that may be written. */
  assignable(id: A.Ident): string {
    const n = this.env.lookup(id.name);
    if (n?.kind === "state") return id.name;
    if (this.failed.has(id.name)) {
      // Already reported (say `g = ...` where `let g = ...` was meant, assigned again).
    } else if (!n && !this.temps.has(id.name)) {
      this.sink.report("N001", id.span, {
        what: "state register",
        name: id.name,
        hint: suggestHint(
          id.name,
          this.env.names(),
          `declare it with \`state ${id.name} : s24;\`, or write \`let ${id.name} = ...;\` for a temporary`,
        ),
      });
      this.failed.add(id.name);
    } else {
      this.sink.report("N005", id.span, {
        name: id.name,
        hint: "only state registers are written by dynamics; parameters and inputs are read-only",
      });
    }
    this.ok = false;
    throw new DynAbort();
  }

  /** Compile a payload and prove it non-negative (spikes are unsigned). */
  payload(e: A.Expr, model: string): DynExpr {
    const { e: ir, r } = this.expr(e);
    if (r.lo < 0) {
      this.sink.report("P004", e.span, {
        model,
        lo: r.lo,
        hi: r.hi,
        expr: sourceText(e),
      });
      this.ok = false;
    }
    return ir;
  }

  cond(e: A.Expr): DynCond {
    if (e.kind === "binary" && (e.op === "&&" || e.op === "||")) {
      return {
        op: e.op === "&&" ? "and" : "or",
        a: this.cond(e.left),
        b: this.cond(e.right),
        span: e.span,
      };
    }
    if (e.kind === "unary" && e.op === "!")
      return { op: "not", a: this.cond(e.operand), span: e.span };
    if (e.kind === "binary" && ["<", "<=", ">", ">=", "==", "!="].includes(e.op)) {
      return {
        op: "cmp",
        cmp: e.op as CompareOp,
        a: this.expr(e.left).e,
        b: this.expr(e.right).e,
        span: e.span,
      };
    }
    return this.p003(e.span, "a condition must be a comparison", "write e.g. `v > vth`");
  }

  /** Compile an expression, returning IR and its value interval. */
  expr(x: A.Expr): { e: DynExpr; r: Interval } {
    const span = x.span;
    switch (x.kind) {
      case "number": {
        if (x.unit !== undefined) {
          return this.p003(
            span,
            `a physical quantity \`${x.text}\` in dynamics`,
            "derive a register parameter from it",
          );
        }
        if (!Number.isInteger(x.value) || Math.abs(x.value) >= BIG) {
          return this.p003(
            span,
            `\`${x.text}\` is not a 32-bit integer`,
            "registers hold integers",
          );
        }
        return { e: { op: "const", value: x.value, span }, r: { lo: x.value, hi: x.value } };
      }
      case "name":
        return this.name(x);
      case "unary": {
        if (x.op === "!") return this.p003(span, "`!` outside a condition");
        const a = this.expr(x.operand);
        if (x.op === "+") return a;
        if (a.e.op === "const") {
          const value = fold32("mul", a.e.value, -1)!;
          return { e: { ...a.e, value, span }, r: { lo: value, hi: value } };
        }
        return { e: { op: "mulConst", a: a.e, k: -1, span }, r: wrapped32(-a.r.hi, -a.r.lo) };
      }
      case "binary":
        return this.binary(x);
      case "call":
        return this.call(x);
      case "conditional": {
        // A forward branch around two moves: the value is one of the two, so is its range.
        const cond = this.cond(x.cond);
        const a = this.expr(x.then);
        const b = this.expr(x.else);
        return {
          e: { op: "select", cond, a: a.e, b: b.e, span },
          r: { lo: Math.min(a.r.lo, b.r.lo), hi: Math.max(a.r.hi, b.r.hi) },
        };
      }
      default:
        return this.p003(span, "this expression is not a register operation");
    }
  }

  private name(x: A.NameRef): { e: DynExpr; r: Interval } {
    const span = x.span;
    if (x.name === "vmin")
      return { e: { op: "vmin", span }, r: { lo: this.env.vmin, hi: this.env.vmin } };
    if (x.name === "vmax")
      return { e: { op: "vmax", span }, r: { lo: this.env.vmax, hi: this.env.vmax } };
    const t = this.temps.get(x.name);
    if (t) return { e: { op: "temp", name: x.name, span }, r: t };
    if (this.failed.has(x.name)) {
      this.ok = false;
      throw new DynAbort();
    }
    const n = this.env.lookup(x.name);
    if (!n) {
      this.sink.report("N001", span, {
        what: "name",
        name: x.name,
        hint: suggestHint(x.name, [...this.env.names(), ...this.temps.keys()]),
      });
      this.failed.add(x.name);
      this.ok = false;
      throw new DynAbort();
    }
    switch (n.kind) {
      case "state":
        return { e: { op: "state", name: x.name, span }, r: n.range };
      case "param":
        return { e: { op: "param", name: x.name, span }, r: n.range };
      case "input":
        return { e: { op: "input", name: x.name, span }, r: n.range };
      case "const":
        return { e: { op: "const", value: n.value, span }, r: { lo: n.value, hi: n.value } };
      default:
        return this.p003(
          span,
          `physical parameter \`${x.name}\` read at run time`,
          `derive a register from it with \`derive REG from ${x.name} = ...;\``,
        );
    }
  }

  private binary(x: A.Binary): { e: DynExpr; r: Interval } {
    const span = x.span;
    if (["<", "<=", ">", ">=", "==", "!=", "&&", "||"].includes(x.op)) {
      return this.p003(span, "a comparison used as a value", "compare in an `if` statement");
    }
    if (x.op === "/" || x.op === "%") {
      return this.p003(
        x.opSpan,
        `\`${x.op}\` (the core has no divider)`,
        "use `>> k` to divide by 2^k",
      );
    }
    if (x.op === "^")
      return this.p003(x.opSpan, "`^` (power) at run time", "use `<<` or multiply by a constant");
    const a = this.expr(x.left);
    const b = this.expr(x.right);
    // Constants fold here, with the microcode's 32-bit arithmetic (codegen folds the same way),
    // so that `1 << 22` may stand wherever a constant must: a clamp bound, a wrap width.
    if (a.e.op === "const" && b.e.op === "const") {
      const op = FOLD_OPS[x.op];
      const value = op ? fold32(op, a.e.value, b.e.value) : null;
      if (value !== null) return { e: { op: "const", value, span }, r: { lo: value, hi: value } };
    }
    const r = wrapped32;
    switch (x.op) {
      case "+":
        return { e: { op: "add", a: a.e, b: b.e, span }, r: r(a.r.lo + b.r.lo, a.r.hi + b.r.hi) };
      case "-":
        return { e: { op: "sub", a: a.e, b: b.e, span }, r: r(a.r.lo - b.r.hi, a.r.hi - b.r.lo) };
      case "*": {
        const [v, k] =
          b.e.op === "const" ? [a, b.e.value] : a.e.op === "const" ? [b, a.e.value] : [null, 0];
        if (!v) {
          return this.p003(
            x.opSpan,
            "multiplication of two run-time values",
            "multiply by a constant only",
          );
        }
        const ends = [v.r.lo * k, v.r.hi * k];
        return {
          e: { op: "mulConst", a: v.e, k, span },
          r: r(Math.min(...ends), Math.max(...ends)),
        };
      }
      default: {
        // << and >>: the shift amount is a constant or a parameter register.
        if (b.e.op !== "const" && b.e.op !== "param") {
          return this.p003(
            x.right.span,
            "shift by a run-time value",
            "shift by a constant or a parameter",
          );
        }
        // No shift instruction encodes an amount outside 0..31 (a parameter: by its declared range).
        if (b.e.op === "const" && (b.e.value < 0 || b.e.value > 31)) {
          this.r001(
            x.right.span,
            "shift amount",
            b.e.value,
            0,
            31,
            "the core shifts 32-bit registers by 0..31",
          );
        }
        if (b.e.op === "param" && (b.r.lo < 0 || b.r.hi > 31)) {
          return this.p003(
            x.right.span,
            `the shift amount \`${b.e.name}\` can be ${b.r.lo}..${b.r.hi}, outside 0..31`,
            `declare its range, e.g. \`param ${b.e.name} : u5\``,
          );
        }
        const maxSh = Math.max(0, Math.min(31, b.r.hi));
        const f = 2 ** maxSh;
        const op = x.op === "<<" ? "shl" : "shr";
        const rr =
          op === "shl"
            ? r(Math.min(a.r.lo, a.r.lo * f), Math.max(a.r.hi, a.r.hi * f))
            : { lo: Math.min(a.r.lo, 0), hi: Math.max(a.r.hi, 0) };
        return { e: { op, a: a.e, by: b.e, span }, r: rr };
      }
    }
  }

  private call(x: A.Call): { e: DynExpr; r: Interval } {
    const span = x.span;
    const name = x.callee.name;
    const argc = (n: number) => {
      if (x.args.length !== n || x.named.length > 0) {
        this.p003(span, `\`${name}\` takes ${n} arguments`, "");
      }
    };
    const constArg = (i: number, what: string): number => {
      const c = this.expr(x.args[i]!);
      if (c.e.op !== "const") return this.p003(x.args[i]!.span, `${what} must be a constant`);
      return c.e.value;
    };
    switch (name) {
      case "decay": {
        argc(3);
        const a = this.expr(x.args[0]!);
        const d = this.expr(x.args[1]!);
        if (d.e.op !== "const" && d.e.op !== "param") {
          return this.p003(
            x.args[1]!.span,
            "the decay factor must be a constant or a parameter register",
          );
        }
        const offset = constArg(2, "the decay offset");
        if (offset < 0 || offset > 15) {
          this.r001(
            x.args[2]!.span,
            "decay offset",
            offset,
            0,
            15,
            "the decay instruction's offset field has 4 bits",
          );
        }
        // The factor 4096 - offset - decay must not be negative: the result keeps a's sign and
        // shrinks toward 0 (the range below says so), where a larger decay would flip the sign.
        const maxDecay = 4096 - offset;
        if (d.e.op === "const" && (d.e.value < 0 || d.e.value > maxDecay)) {
          this.r001(
            x.args[1]!.span,
            "decay factor",
            d.e.value,
            0,
            maxDecay,
            "decay(x, d, offset) multiplies x by (4096 - offset - d) / 4096",
          );
        }
        if (d.e.op === "param" && (d.r.lo < 0 || d.r.hi > maxDecay)) {
          return this.p003(
            x.args[1]!.span,
            `the decay factor \`${d.e.name}\` can be ${d.r.lo}..${d.r.hi}, outside 0..${maxDecay}`,
            `declare its range, e.g. \`param ${d.e.name} : u12 in [0, ${maxDecay}]\``,
          );
        }
        return {
          e: { op: "decay", a: a.e, decay: d.e, offset, span },
          r: { lo: Math.min(a.r.lo, 0), hi: Math.max(a.r.hi, 0) },
        };
      }
      case "wrap": {
        argc(2);
        const a = this.expr(x.args[0]!);
        const bits = constArg(1, "the wrap width");
        if (bits < 2 || bits > 32)
          return this.p003(x.args[1]!.span, `wrap to ${bits} bits`, "widths are 2..32");
        const full = rangeOfBits(bits, true);
        const r = a.r.lo >= full.lo && a.r.hi <= full.hi ? a.r : full;
        return { e: { op: "wrap", a: a.e, bits, span }, r };
      }
      case "clamp": {
        argc(3);
        const a = this.expr(x.args[0]!);
        const lo = this.bound(x.args[1]!);
        const hi = this.bound(x.args[2]!);
        // The core computes min(max(a, lo), hi): with bounds that can cross, hi wins.
        const raised = { lo: Math.max(a.r.lo, lo.r.lo), hi: Math.max(a.r.hi, lo.r.hi) };
        return {
          e: { op: "clamp", a: a.e, lo: lo.e, hi: hi.e, span },
          r: { lo: Math.min(raised.lo, hi.r.lo), hi: Math.min(raised.hi, hi.r.hi) },
        };
      }
      case "min":
      case "max": {
        argc(2);
        const a = this.expr(x.args[0]!);
        const b = this.expr(x.args[1]!);
        const r =
          name === "min"
            ? { lo: Math.min(a.r.lo, b.r.lo), hi: Math.min(a.r.hi, b.r.hi) }
            : { lo: Math.max(a.r.lo, b.r.lo), hi: Math.max(a.r.hi, b.r.hi) };
        return { e: { op: name, a: a.e, b: b.e, span }, r };
      }
      default:
        return this.p003(
          x.callee.span,
          `\`${name}\` is not a microcode operation`,
          "available: decay, wrap, clamp, min, max, + - << >> and * by a constant",
        );
    }
  }

  private bound(x: A.Expr): { e: DynExpr; r: Interval } {
    const b = this.expr(x);
    if (!["const", "param", "vmin", "vmax"].includes(b.e.op)) {
      return this.p003(x.span, "clamp bounds must be constants, parameters or vmin/vmax");
    }
    return b;
  }
}

const FOLD_OPS: Record<string, FoldOp> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "<<": "shl",
  ">>": "shr",
};

/** A short rendering of an expression for hints. */
export function sourceText(e: A.Expr): string {
  switch (e.kind) {
    case "number":
      return e.text;
    case "name":
      return e.name;
    case "member":
      return `${sourceText(e.object)}.${e.member.name}`;
    case "unary":
      return `${e.op}${sourceText(e.operand)}`;
    case "binary":
      return `${sourceText(e.left)} ${e.op} ${sourceText(e.right)}`;
    case "call":
      return `${e.callee.name}(${e.args.map(sourceText).join(", ")})`;
    case "projection":
      return `(${e.pre.name} -> ${e.post.name})`;
    default:
      return "...";
  }
}
