// Elaborates a neuron model's declarative clauses (floor, refractory hold, spike condition,
// reset) into plain forward-branch statements appended after the update block, in the order of
// chip.md section 3. Pure construction of IR; no checks.
import type { Span } from "../ast/types.ts";
import type { CheckedNeuronModel, DynCond, DynExpr, DynStmt } from "./checked.ts";

/** Floor, then refractory hold / spike / reset / refractory restart, as forward branches. */
export function elaborate(
  cond: DynCond,
  payload: DynExpr | undefined,
  span: Span,
  reset: CheckedNeuronModel["reset"],
  floor: CheckedNeuronModel["floor"],
  refr: CheckedNeuronModel["refractory"],
): DynStmt[] {
  const out: DynStmt[] = [];
  if (floor) {
    const cur: DynExpr = { op: "state", name: floor.target, span: floor.span };
    out.push({
      op: "set",
      name: floor.target,
      value: { op: "max", a: cur, b: floor.value, span: floor.span },
      span: floor.span,
    });
  }
  const fire: DynStmt[] = [{ op: "spike", ...(payload ? { payload } : {}), span }];
  if (reset) {
    const cur: DynExpr = { op: "state", name: reset.target, span: reset.span };
    const value: DynExpr =
      reset.mode === "to" ? reset.value : { op: "sub", a: cur, b: reset.value, span: reset.span };
    fire.push({ op: "set", name: reset.target, value, span: reset.span });
  }
  if (!refr) {
    // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
    out.push({ op: "if", cond, then: fire, else: [], span });
    return out;
  }
  const ctr: DynExpr = { op: "state", name: refr.counter, span: refr.span };
  const one: DynExpr = { op: "const", value: 1, span: refr.span };
  fire.push({
    op: "set",
    name: refr.counter,
    value: { op: "sub", a: refr.period, b: one, span: refr.span },
    span: refr.span,
  });
  const hold: DynStmt[] = [];
  if (refr.hold)
    hold.push({ op: "set", name: refr.hold.target, value: refr.hold.value, span: refr.span });
  hold.push({
    op: "set",
    name: refr.counter,
    value: { op: "sub", a: ctr, b: one, span: refr.span },
    span: refr.span,
  });
  out.push({
    op: "if",
    cond: {
      op: "cmp",
      cmp: ">",
      a: ctr,
      b: { op: "const", value: 0, span: refr.span },
      span: refr.span,
    },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
    then: hold,
    // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
    else: [{ op: "if", cond, then: fire, else: [], span }],
    span: refr.span,
  });
  return out;
}
