// Evaluates the front end's IndexExpr (functions of the pre index i and post index j) for
// `where` filters and weight expressions. Pure arithmetic; comparisons yield 0 or 1.
import type { IndexExpr } from "../check/checked.ts";

/** Value of `e` at (i, j). Division is real division; `floor` rounds down. */
export function evalIndexExpr(e: IndexExpr, i: number, j: number): number {
  switch (e.op) {
    case "const":
      return e.value;
    case "i":
      return i;
    case "j":
      return j;
    case "neg":
      return -evalIndexExpr(e.a, i, j);
    case "not":
      return evalIndexExpr(e.a, i, j) === 0 ? 1 : 0;
    case "abs":
      return Math.abs(evalIndexExpr(e.a, i, j));
    case "floor":
      return Math.floor(evalIndexExpr(e.a, i, j));
    case "min":
      return Math.min(evalIndexExpr(e.a, i, j), evalIndexExpr(e.b, i, j));
    case "max":
      return Math.max(evalIndexExpr(e.a, i, j), evalIndexExpr(e.b, i, j));
    case "if":
      return evalIndexExpr(e.cond, i, j) !== 0
        ? evalIndexExpr(e.then, i, j)
        : evalIndexExpr(e.else, i, j);
    default: {
      const a = evalIndexExpr(e.a, i, j);
      const b = evalIndexExpr(e.b, i, j);
      switch (e.op) {
        case "+":
          return a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          return a / b;
        case "%":
          return a % b;
        case "<":
          return a < b ? 1 : 0;
        case "<=":
          return a <= b ? 1 : 0;
        case ">":
          return a > b ? 1 : 0;
        case ">=":
          return a >= b ? 1 : 0;
        case "==":
          return a === b ? 1 : 0;
        case "!=":
          return a !== b ? 1 : 0;
        case "&&":
          return a !== 0 && b !== 0 ? 1 : 0;
        case "||":
          return a !== 0 || b !== 0 ? 1 : 0;
      }
    }
  }
}
