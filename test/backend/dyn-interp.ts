// A direct interpreter of the front end's neuron dynamics IR (int32 arithmetic with the chip's
// decay, wrap and clamp), used as the oracle that generated microcode is compared against.
import type {
  CheckedNeuronModel,
  DynCond,
  DynExpr,
  DynStmt,
  ResolvedParam,
} from "../../compiler/check/checked.ts";
import { decayInt32, wrapInt } from "../../isa/index.ts";

export interface DynMachine {
  state: Map<string, number>;
  q: number;
  vmin: number;
  vmax: number;
  spiked: boolean;
  payload: number;
  exports: Map<string, number>;
}

/** A machine at rest: the given state, no input yet, no spike. */
export function dynMachine(
  state: Iterable<[string, number]>,
  vmin: number,
  vmax: number,
): DynMachine {
  return {
    state: new Map(state),
    q: 0,
    vmin,
    vmax,
    spiked: false,
    payload: 0,
    exports: new Map(),
  };
}

export function runDyn(
  model: CheckedNeuronModel,
  params: Record<string, ResolvedParam>,
  m: DynMachine,
): void {
  const temps = new Map<string, number>();
  const ev = (e: DynExpr): number => {
    switch (e.op) {
      case "const":
        return e.value;
      case "state":
        return m.state.get(e.name)!;
      case "temp":
        return temps.get(e.name)!;
      case "param":
        return params[e.name]!.value;
      case "input":
        return m.q;
      case "vmin":
        return m.vmin;
      case "vmax":
        return m.vmax;
      case "add":
        return (ev(e.a) + ev(e.b)) | 0;
      case "sub":
        return (ev(e.a) - ev(e.b)) | 0;
      case "mulConst":
        return Math.imul(ev(e.a), e.k);
      case "shl":
        return ev(e.a) << ev(e.by);
      case "shr":
        return ev(e.a) >> ev(e.by);
      case "decay":
        return decayInt32(ev(e.a), ev(e.decay), e.offset);
      case "wrap":
        return wrapInt(ev(e.a), e.bits);
      case "clamp":
        return Math.min(Math.max(ev(e.a), ev(e.lo)), ev(e.hi));
      case "min":
        return Math.min(ev(e.a), ev(e.b));
      case "max":
        return Math.max(ev(e.a), ev(e.b));
      case "select":
        return cond(e.cond) ? ev(e.a) : ev(e.b);
    }
  };
  const cond = (c: DynCond): boolean => {
    switch (c.op) {
      case "not":
        return !cond(c.a);
      case "and":
        return cond(c.a) && cond(c.b);
      case "or":
        return cond(c.a) || cond(c.b);
      case "cmp": {
        const a = ev(c.a);
        const b = ev(c.b);
        return { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a === b, "!=": a !== b }[
          c.cmp
        ];
      }
    }
  };
  const exec = (ss: DynStmt[]): void => {
    for (const s of ss) {
      switch (s.op) {
        case "set":
          m.state.set(s.name, ev(s.value));
          break;
        case "let":
          temps.set(s.name, ev(s.value));
          break;
        case "if":
          exec(cond(s.cond) ? s.then : s.else);
          break;
        case "spike":
          m.spiked = true;
          m.payload = s.payload ? ev(s.payload) : 1;
          break;
        case "export":
          m.exports.set(s.slot, Math.min(Math.max(ev(s.value), 0), 127));
          break;
      }
    }
  };
  exec(model.program);
}
