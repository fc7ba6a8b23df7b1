// Neuron codegen: a model's dynamics IR (DynStmt/DynExpr) with one population's parameter
// values -> neuron microcode text, assembled by isa's assembler. Parameters are folded into
// the program (a program and its constant pool form one compartment profile). Forward branches
// only, as the microcode requires. It must not know instruction encodings: isa does.
import type {
  CheckedNeuronModel,
  DynCond,
  DynExpr,
  DynStmt,
  ResolvedParam,
  Span,
} from "../check/checked.ts";
import { fold32 } from "../check/fold.ts";

/** A dynamics construct the microcode cannot express, with the span to blame. */
export class CodegenError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly hint = "",
  ) {
    super(message);
  }
}

export interface NeuronCodegenLimits {
  stateRegisters: number;
  constants: number;
  graded: boolean;
}

interface Line {
  labels: string[];
  op: string;
  args: string[];
}

const TEMPS = ["t0", "t1", "t2", "t3"];
const READ_ONLY = new Set(["q", "vmin", "vmax", "z"]);
const BRANCH_TRUE: Record<string, string> = {
  "<": "blt",
  "<=": "ble",
  ">": "bgt",
  ">=": "bge",
  "==": "beq",
  "!=": "bne",
};
const NEGATE: Record<string, string> = {
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
  "==": "!=",
  "!=": "==",
};

/** Operand of a computed value: a register name, and whether it is a temporary we own. */
interface Val {
  reg: string;
  temp: boolean;
}

class Emitter {
  readonly lines: Line[] = [];
  private pending: string[] = [];
  private labelCount = 0;
  readonly pool: number[] = [];
  private free = [...TEMPS];
  private lets = new Map<string, Val | number>();
  private lastUse = new Map<string, number>();
  private pos = 0;

  constructor(
    private readonly model: CheckedNeuronModel,
    private readonly params: Record<string, ResolvedParam>,
    private readonly lim: NeuronCodegenLimits,
  ) {}

  label(): string {
    return `L${this.labelCount++}`;
  }
  place(l: string): void {
    this.pending.push(l);
  }
  emit(op: string, ...args: (string | number)[]): void {
    this.lines.push({ labels: this.pending, op, args: args.map(String) });
    this.pending = [];
  }

  k(value: number, span: Span): string {
    let i = this.pool.indexOf(value);
    if (i < 0) {
      i = this.pool.length;
      if (i >= this.lim.constants) {
        throw new CodegenError(
          `needs more than ${this.lim.constants} distinct constants`,
          span,
          "simplify the dynamics",
        );
      }
      this.pool.push(value | 0);
    }
    return `k${i}`;
  }

  alloc(span: Span): string {
    const r = this.free.shift();
    if (!r) {
      throw new CodegenError(
        "needs more than 4 temporaries at once",
        span,
        "split the expression with fewer live `let` values",
      );
    }
    return r;
  }
  release(v: Val): void {
    if (v.temp && !this.free.includes(v.reg)) {
      this.free.push(v.reg);
      this.free.sort();
    }
  }

  stateReg(name: string, span: Span): string {
    const i = this.model.state.findIndex((s) => s.name === name);
    if (i < 0) throw new CodegenError(`unknown state register '${name}'`, span);
    return `s${i}`;
  }

  /** Value of an expression if it only involves constants and parameters. */
  fold(e: DynExpr): number | null {
    switch (e.op) {
      case "const":
        return e.value;
      case "param": {
        const p = this.params[e.name];
        return p ? p.value : null;
      }
      case "temp": {
        const v = this.lets.get(e.name);
        return typeof v === "number" ? v : null;
      }
      case "add":
      case "sub":
      case "min":
      case "max": {
        const a = this.fold(e.a);
        const b = this.fold(e.b);
        return a === null || b === null ? null : fold32(e.op, a, b);
      }
      case "mulConst": {
        const a = this.fold(e.a);
        return a === null ? null : fold32("mul", a, e.k);
      }
      case "shl":
      case "shr": {
        const a = this.fold(e.a);
        const b = this.fold(e.by);
        return a === null || b === null ? null : fold32(e.op, a, b);
      }
      default:
        return null;
    }
  }

  /** Put a constant in a register. */
  materialize(v: number, span: Span): Val {
    if (v === 0) return { reg: "z", temp: false };
    const r = this.alloc(span);
    if (v >= -32768 && v <= 32767) this.emit("movi", r, v);
    else this.emit("movk", r, this.k(v, span));
    return { reg: r, temp: true };
  }

  /** Destination for a node: reuse the first operand's temporary, else a fresh one. */
  dest(a: Val, span: Span): string {
    return a.temp ? a.reg : this.alloc(span);
  }

  expr(e: DynExpr): Val {
    const c = this.fold(e);
    if (c !== null) return this.materialize(c, e.span);
    switch (e.op) {
      case "state":
        return { reg: this.stateReg(e.name, e.span), temp: false };
      case "temp": {
        const v = this.lets.get(e.name);
        if (v === undefined || typeof v === "number")
          throw new CodegenError(`temporary '${e.name}' used before its definition`, e.span);
        return { reg: v.reg, temp: false };
      }
      case "input":
        if (e.name !== "q") {
          throw new CodegenError(
            `input port '${e.name}' has no microcode register (only q is delivered to a compartment)`,
            e.span,
            "drive the neuron through its dendritic input q",
          );
        }
        return { reg: "q", temp: false };
      case "vmin":
      case "vmax":
        return { reg: e.op, temp: false };
      case "param":
        throw new CodegenError(`parameter '${e.name}' has no value`, e.span);
      case "add":
      case "sub": {
        const kb = this.fold(e.b);
        if (kb !== null) {
          const a = this.expr(e.a);
          const v = e.op === "add" ? kb : -kb;
          if (v === 0) return a;
          const d = this.dest(a, e.span);
          this.emit("addk", d, a.reg, this.k(v, e.span));
          return { reg: d, temp: true };
        }
        const ka = this.fold(e.a);
        if (ka !== null && e.op === "add") {
          const b = this.expr(e.b);
          const d = this.dest(b, e.span);
          this.emit("addk", d, b.reg, this.k(ka, e.span));
          return { reg: d, temp: true };
        }
        return this.binary(e.op, e.a, e.b, e.span);
      }
      case "min":
      case "max":
        return this.binary(e.op, e.a, e.b, e.span);
      case "mulConst": {
        const a = this.expr(e.a);
        const d = this.dest(a, e.span);
        this.emit("mulk", d, a.reg, this.k(e.k, e.span));
        return { reg: d, temp: true };
      }
      case "shl":
      case "shr": {
        const n = this.fold(e.by);
        if (n === null || n < 0 || n > 31) {
          // The checker refuses a constant outside 0..31; a parameter's value is per population.
          const what = e.by.op === "param" ? `\`${e.by.name}\` = ${n}` : "a run-time value";
          throw new CodegenError(
            `shift amount ${what} is outside 0..31`,
            e.by.span,
            "the core shifts 32-bit registers by 0..31",
          );
        }
        const a = this.expr(e.a);
        if (n === 0) return a;
        const d = this.dest(a, e.span);
        this.emit(e.op === "shl" ? "shl" : "sar", d, a.reg, n);
        return { reg: d, temp: true };
      }
      case "decay": {
        const k = this.fold(e.decay);
        if (k === null) throw new CodegenError("decay must be a constant or parameter", e.span);
        const a = this.expr(e.a);
        const d = this.dest(a, e.span);
        this.emit("decay", d, a.reg, this.k(k, e.span), e.offset);
        return { reg: d, temp: true };
      }
      case "wrap": {
        const a = this.expr(e.a);
        const d = this.dest(a, e.span);
        this.emit("wrap", d, a.reg, e.bits);
        return { reg: d, temp: true };
      }
      case "clamp": {
        if (e.lo.op === "vmin" && e.hi.op === "vmax") {
          const a = this.expr(e.a);
          const d = this.dest(a, e.span);
          this.emit("clampv", d, a.reg);
          return { reg: d, temp: true };
        }
        const lo = this.fold(e.lo);
        const hi = this.fold(e.hi);
        if (lo !== null && hi !== null) {
          const a = this.expr(e.a);
          const d = this.dest(a, e.span);
          this.emit("clampk", d, a.reg, this.k(lo, e.span), this.k(hi, e.span));
          return { reg: d, temp: true };
        }
        const lower: DynExpr = { op: "max", a: e.a, b: e.lo, span: e.span };
        return this.binary("min", lower, e.hi, e.span);
      }
      case "select": {
        // Forward branch: each arm leaves its value in one register d.
        const d = this.alloc(e.span);
        const elseL = this.label();
        const endL = this.label();
        this.jump(e.cond, false, elseL);
        this.into(d, e.a);
        this.emit("jmp", endL);
        this.place(elseL);
        this.into(d, e.b);
        this.place(endL);
        return { reg: d, temp: true };
      }
    }
    throw new CodegenError(`unknown dynamics operation '${(e as { op: string }).op}'`, e.span);
  }

  /** Leave the value of `e` in register `d`: a constant as one move, a computed value by
   *  retargeting the instruction that produced it, else one `mov`. */
  into(d: string, e: DynExpr): void {
    const c = this.fold(e);
    if (c !== null) {
      if (c >= -32768 && c <= 32767) this.emit("movi", d, c);
      else this.emit("movk", d, this.k(c, e.span));
      return;
    }
    const v = this.expr(e);
    const last = this.lines[this.lines.length - 1];
    if (v.temp && last && last.args[0] === v.reg && this.pending.length === 0) {
      last.args[0] = d;
    } else if (v.reg !== d) {
      this.emit("mov", d, v.reg);
    }
    this.release(v);
  }

  binary(op: string, ea: DynExpr, eb: DynExpr, span: Span): Val {
    const a = this.expr(ea);
    const b = this.expr(eb);
    const d = a.temp ? a.reg : b.temp ? b.reg : this.alloc(span);
    this.emit(op, d, a.reg, b.reg);
    if (b.temp && b.reg !== d) this.release(b);
    if (a.temp && a.reg !== d) this.release(a);
    return { reg: d, temp: true };
  }

  /** Branch to `target` when `c` has truth value `when`. */
  jump(c: DynCond, when: boolean, target: string): void {
    switch (c.op) {
      case "not":
        this.jump(c.a, !when, target);
        return;
      case "and":
      case "or": {
        // and-false / or-true: either operand decides; otherwise skip past on the first.
        if ((c.op === "and") !== when) {
          this.jump(c.a, when, target);
          this.jump(c.b, when, target);
        } else {
          const skip = this.label();
          this.jump(c.a, !when, skip);
          this.jump(c.b, when, target);
          this.place(skip);
        }
        return;
      }
      case "cmp": {
        const a = this.expr(c.a);
        const b = this.expr(c.b);
        const cmp = when ? c.cmp : NEGATE[c.cmp]!;
        this.emit(BRANCH_TRUE[cmp]!, a.reg, b.reg, target);
        this.release(b);
        this.release(a);
      }
    }
  }

  stmts(list: DynStmt[]): void {
    const declared: string[] = [];
    for (const s of list) {
      this.stmt(s, declared);
      this.pos++;
      for (const [name, last] of this.lastUse) {
        const v = this.lets.get(name);
        if (last < this.pos && v !== undefined && typeof v !== "number" && v.temp) {
          this.release(v);
          this.lets.set(name, { reg: v.reg, temp: false });
        }
      }
    }
    for (const name of declared) {
      const v = this.lets.get(name);
      if (v !== undefined && typeof v !== "number") this.release(v);
      this.lets.delete(name);
    }
  }

  stmt(s: DynStmt, declared: string[]): void {
    switch (s.op) {
      case "set": {
        this.into(this.stateReg(s.name, s.span), s.value);
        return;
      }
      case "let": {
        declared.push(s.name);
        const c = this.fold(s.value);
        if (c !== null) {
          this.lets.set(s.name, c);
          return;
        }
        const v = this.expr(s.value);
        if (v.temp || READ_ONLY.has(v.reg)) {
          this.lets.set(s.name, v);
          return;
        }
        const r = this.alloc(s.span);
        this.emit("mov", r, v.reg);
        this.lets.set(s.name, { reg: r, temp: true });
        return;
      }
      case "if": {
        const elseL = this.label();
        const endL = this.label();
        this.jump(s.cond, false, s.else.length > 0 ? elseL : endL);
        this.stmts(s.then);
        if (s.else.length > 0) {
          this.emit("jmp", endL);
          this.place(elseL);
          this.stmts(s.else);
        }
        this.place(endL);
        return;
      }
      case "spike": {
        if (!s.payload) {
          this.emit("spike");
          return;
        }
        if (!this.lim.graded) {
          throw new CodegenError(
            "graded spike payloads need a graded-spike profile",
            s.span,
            "use profile loihi2",
          );
        }
        const v = this.expr(s.payload);
        this.emit("spikep", v.reg);
        this.release(v);
        return;
      }
      case "export": {
        const v = this.expr(s.value);
        this.emit("trace", s.slot, v.reg);
        this.release(v);
        return;
      }
    }
  }

  /** Record, per `let` name, the position of the last top-level-numbered statement reading it. */
  scan(list: DynStmt[]): void {
    let pos = 0;
    const readsIn = (e: DynExpr | DynCond, at: number): void => {
      const x = e as { op: string; name?: string } & Record<string, unknown>;
      if (x.op === "temp" && typeof x.name === "string") this.lastUse.set(x.name, at);
      for (const key of ["a", "b", "by", "decay", "lo", "hi", "cond"]) {
        const child = x[key];
        if (child && typeof child === "object") readsIn(child as DynExpr, at);
      }
    };
    // Post-order numbering, as stmts() counts: a statement's number comes after its
    // children's, so a value read in an else branch stays live through the then branch.
    const walk = (ss: DynStmt[]): void => {
      for (const s of ss) {
        if (s.op === "if") {
          walk(s.then);
          walk(s.else);
        }
        const at = pos++;
        if (s.op === "if") readsIn(s.cond, at);
        else if (s.op === "spike") {
          if (s.payload) readsIn(s.payload, at);
        } else readsIn(s.value, at);
      }
    };
    walk(list);
  }

  text(): string {
    // Peephole: a jump to an `end` is an `end`; a jump to the next instruction is dropped.
    const at = new Map<string, number>();
    this.lines.forEach((l, i) => {
      for (const x of l.labels) at.set(x, i);
    });
    const out: string[] = [];
    this.lines.forEach((l, i) => {
      let { op, args } = l;
      if (op === "jmp") {
        const t = at.get(args[0]!)!;
        if (this.lines[t]?.op === "end") {
          op = "end";
          args = [];
        } else if (t === i + 1 && l.labels.length === 0) return;
      }
      // The assembler takes one label per line; extra labels stand on lines of their own.
      for (const x of l.labels.slice(0, -1)) out.push(`${x}:`);
      const lab = l.labels.length > 0 ? `${l.labels[l.labels.length - 1]}:` : "";
      out.push(`${lab.padEnd(8)}${op.padEnd(7)}${args.join(", ")}`.trimEnd());
    });
    return `${out.join("\n")}\n`;
  }
}

/** Compile one model with one population's parameters to microcode assembly text and its
 *  constant pool. Throws CodegenError at the offending construct. */
export function neuronAssembly(
  model: CheckedNeuronModel,
  params: Record<string, ResolvedParam>,
  lim: NeuronCodegenLimits,
): { text: string; constants: Int32Array } {
  if (model.state.length > lim.stateRegisters) {
    throw new CodegenError(
      `it has ${model.state.length} state registers, the core stores ${lim.stateRegisters} per compartment`,
      model.span,
      "use fewer state variables or a profile with more state registers (loihi2)",
    );
  }
  const em = new Emitter(model, params, lim);
  em.scan(model.program);
  em.stmts(model.program);
  em.emit("end");
  return { text: em.text(), constants: Int32Array.from(em.pool) };
}
