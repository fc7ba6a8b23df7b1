// Physical units and dimensions of compile-time values, and the evaluator of constant
// expressions (`20 ms`, `2^-5`, `round(4095 * (1 - exp(-dt / tau_u)))`). Values are doubles in
// SI base units; a dimension is the exponent of seconds, volts and amperes. It never rounds to
// chip registers itself: callers do that and report the quantization.
import type { Expr, Span } from "../ast/types.ts";
import type { DiagnosticSink } from "../diagnostics/index.ts";
import { suggestHint } from "../diagnostics/index.ts";

/** Exponents of [second, volt, ampere]. */
export type Dim = readonly [number, number, number];

export const DIMLESS: Dim = [0, 0, 0];
export const TIME: Dim = [1, 0, 0];
export const VOLTAGE: Dim = [0, 1, 0];
export const RATE: Dim = [-1, 0, 0];
export const CURRENT: Dim = [0, 0, 1];

/** Unit suffix -> [factor to SI, dimension]. `step` is special: one step is dt seconds. */
export const UNITS: Record<string, { factor: number; dim: Dim }> = {
  s: { factor: 1, dim: TIME },
  ms: { factor: 1e-3, dim: TIME },
  us: { factor: 1e-6, dim: TIME },
  V: { factor: 1, dim: VOLTAGE },
  mV: { factor: 1e-3, dim: VOLTAGE },
  uV: { factor: 1e-6, dim: VOLTAGE },
  Hz: { factor: 1, dim: RATE },
  kHz: { factor: 1e3, dim: RATE },
  nA: { factor: 1e-9, dim: CURRENT },
  pA: { factor: 1e-12, dim: CURRENT },
};

/** Dimension names accepted as parameter types. */
export const DIM_NAMES: Record<string, Dim> = {
  time: TIME,
  voltage: VOLTAGE,
  rate: RATE,
  current: CURRENT,
  real: DIMLESS,
};

export function dimEq(a: Dim, b: Dim): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

export function dimName(d: Dim): string {
  for (const [n, v] of Object.entries(DIM_NAMES)) {
    if (dimEq(v, d)) return n === "real" ? "a plain number" : n;
  }
  const parts: string[] = [];
  const names = ["s", "V", "A"];
  d.forEach((e, i) => {
    if (e !== 0) parts.push(e === 1 ? names[i]! : `${names[i]}^${e}`);
  });
  return parts.join("*");
}

/** An example literal for a dimension (for hints). */
export function dimExample(d: Dim): string {
  if (dimEq(d, TIME)) return "20 ms";
  if (dimEq(d, VOLTAGE)) return "10 mV";
  if (dimEq(d, RATE)) return "100 Hz";
  if (dimEq(d, CURRENT)) return "1 nA";
  return "1.0";
}

export interface Quantity {
  value: number;
  dim: Dim;
}

/** What a name means during constant evaluation. */
export type ConstLookup = (name: string) => Quantity | "dynamic" | undefined;

export interface EvalEnv {
  lookup: ConstLookup;
  /** Step length in seconds (for `step` / `steps` units). */
  dtSeconds: number;
  /** Names visible, for did-you-mean hints. */
  names: () => Iterable<string>;
}

const FUNCS1: Record<string, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  round: (x) => Math.sign(x) * Math.round(Math.abs(x)),
  floor: Math.floor,
  ceil: Math.ceil,
  abs: Math.abs,
};

/** Thrown inside the evaluator to abandon an expression after reporting its diagnostic. */
export class EvalAbort extends Error {}

/**
 * Evaluate a compile-time constant. Reports a located diagnostic and returns undefined if the
 * expression is not constant, uses an unknown name, mixes dimensions, or is not finite.
 */
export function evalConst(e: Expr, env: EvalEnv, sink: DiagnosticSink): Quantity | undefined {
  try {
    const q = ev(e, env, sink);
    if (!Number.isFinite(q.value)) {
      sink.report("R002", e.span, { what: "value", value: String(q.value) });
      return undefined;
    }
    return q;
  } catch (err) {
    if (err instanceof EvalAbort) return undefined;
    throw err;
  }
}

function fail(): never {
  throw new EvalAbort();
}

function ev(e: Expr, env: EvalEnv, sink: DiagnosticSink): Quantity {
  switch (e.kind) {
    case "number": {
      if (e.unit === undefined) return { value: e.value, dim: DIMLESS };
      if (e.unit === "step" || e.unit === "steps")
        return { value: e.value * env.dtSeconds, dim: TIME };
      const u = UNITS[e.unit];
      if (!u) {
        sink.report("S005", e.span, { unit: e.unit, units: Object.keys(UNITS).join(", ") });
        fail();
      }
      return { value: e.value * u.factor, dim: u.dim };
    }
    case "name": {
      const v = env.lookup(e.name);
      if (v === "dynamic") {
        sink.report("R004", e.span, { name: e.name, dep: "a run-time value", hint: "" });
        fail();
      }
      if (!v) {
        sink.report("N001", e.span, {
          what: "constant",
          name: e.name,
          hint: suggestHint(e.name, env.names()),
        });
        fail();
      }
      return v;
    }
    case "unary": {
      const a = ev(e.operand, env, sink);
      if (e.op === "!") return { value: a.value ? 0 : 1, dim: DIMLESS };
      return { value: e.op === "-" ? -a.value : a.value, dim: a.dim };
    }
    case "binary":
      return evBinary(e, env, sink);
    case "call": {
      const f = FUNCS1[e.callee.name];
      const name = e.callee.name;
      if ((name === "min" || name === "max") && e.args.length === 2) {
        const a = ev(e.args[0]!, env, sink);
        const b = ev(e.args[1]!, env, sink);
        checkSame(a, b, "compare", e.span, sink);
        return {
          value: name === "min" ? Math.min(a.value, b.value) : Math.max(a.value, b.value),
          dim: a.dim,
        };
      }
      if (!f || e.args.length !== 1) {
        sink.report("N001", e.callee.span, {
          what: "function",
          name,
          hint: suggestHint(name, [...Object.keys(FUNCS1), "min", "max"]),
        });
        fail();
      }
      const a = ev(e.args[0]!, env, sink);
      if ((name === "exp" || name === "log") && !dimEq(a.dim, DIMLESS)) {
        sink.report("U002", e.args[0]!.span, {
          expected: "a plain number",
          found: dimName(a.dim),
          hint: "divide by a quantity of the same dimension, e.g. `dt / tau`",
        });
        fail();
      }
      if (name === "sqrt")
        return { value: Math.sqrt(a.value), dim: a.dim.map((x) => x / 2) as unknown as Dim };
      return { value: f(a.value), dim: a.dim };
    }
    case "conditional": {
      const c = ev(e.cond, env, sink);
      return c.value ? ev(e.then, env, sink) : ev(e.else, env, sink);
    }
    default:
      sink.report("S006", e.span, { what: "this expression", hint: "a constant is expected here" });
      fail();
  }
}

function checkSame(a: Quantity, b: Quantity, op: string, span: Span, sink: DiagnosticSink): void {
  if (!dimEq(a.dim, b.dim)) {
    sink.report("U003", span, { op, a: dimName(a.dim), b: dimName(b.dim) });
    fail();
  }
}

function evBinary(
  e: Extract<Expr, { kind: "binary" }>,
  env: EvalEnv,
  sink: DiagnosticSink,
): Quantity {
  const a = ev(e.left, env, sink);
  const b = ev(e.right, env, sink);
  const add = (x: Dim, y: Dim, s: number): Dim => [
    x[0] + s * y[0],
    x[1] + s * y[1],
    x[2] + s * y[2],
  ];
  switch (e.op) {
    case "+":
      checkSame(a, b, "add", e.span, sink);
      return { value: a.value + b.value, dim: a.dim };
    case "-":
      checkSame(a, b, "subtract", e.span, sink);
      return { value: a.value - b.value, dim: a.dim };
    case "*":
      return { value: a.value * b.value, dim: add(a.dim, b.dim, 1) };
    case "/":
      return { value: a.value / b.value, dim: add(a.dim, b.dim, -1) };
    case "%":
      checkSame(a, b, "take the remainder of", e.span, sink);
      return { value: a.value % b.value, dim: a.dim };
    case "^": {
      if (!dimEq(b.dim, DIMLESS)) {
        sink.report("U002", e.right.span, {
          expected: "a plain number",
          found: dimName(b.dim),
          hint: "",
        });
        fail();
      }
      // A dimensionless base stays dimensionless whatever the exponent (0 * Infinity would make
      // the unit NaN for an exponent that overflows, as in 2^2^...^2).
      const dim = a.dim.map((x) => (x === 0 ? 0 : x * b.value)) as unknown as Dim;
      return { value: a.value ** b.value, dim };
    }
    case "<<":
      return { value: a.value * 2 ** b.value, dim: a.dim };
    case ">>":
      return { value: Math.floor(a.value / 2 ** b.value), dim: a.dim };
    case "&&":
      return { value: a.value && b.value ? 1 : 0, dim: DIMLESS };
    case "||":
      return { value: a.value || b.value ? 1 : 0, dim: DIMLESS };
    default: {
      checkSame(a, b, "compare", e.span, sink);
      const r =
        e.op === "<"
          ? a.value < b.value
          : e.op === "<="
            ? a.value <= b.value
            : e.op === ">"
              ? a.value > b.value
              : e.op === ">="
                ? a.value >= b.value
                : e.op === "=="
                  ? a.value === b.value
                  : a.value !== b.value;
      return { value: r ? 1 : 0, dim: DIMLESS };
    }
  }
}

/** Format a quantity in a readable unit for messages (`20 ms`, `-9 mV`, `0.5`). */
export function formatQuantity(q: Quantity): string {
  const r = (x: number) => String(Number(x.toPrecision(6)));
  const small = Math.abs(q.value) < 1e-3 && q.value !== 0;
  if (dimEq(q.dim, TIME)) return small ? `${r(q.value * 1e6)} us` : `${r(q.value * 1e3)} ms`;
  if (dimEq(q.dim, VOLTAGE)) return small ? `${r(q.value * 1e6)} uV` : `${r(q.value * 1e3)} mV`;
  if (dimEq(q.dim, RATE)) return `${r(q.value)} Hz`;
  if (dimEq(q.dim, CURRENT)) return `${r(q.value * 1e9)} nA`;
  return r(q.value);
}
