// The neuron microcode instruction table: the ONE definition of every instruction (mnemonic,
// operands and their bit fields, opcode, semantics for the interpreter and for generated JS,
// cycles, energy). Encoder, decoder, assembler, interpreter, the emulator's compiled fast path
// and docs/isa.md are all derived from this table; nothing else may restate an instruction.

import type { OperandKind } from "./operands.ts";

/** Word layout shared by all instructions: bits [31:26] hold the 6-bit opcode. Opcode 0 is
 *  never assigned, so an all-zero (erased) word cannot decode as an instruction. */
export const OPCODE_SHIFT = 26;
export const OPCODE_BITS = 6;

/** One operand field: its kind and the least significant bit of its field in the word. */
export interface OperandField {
  kind: OperandKind;
  /** Name used in the docs and in assembler messages. */
  name: string;
  lsb: number;
}

/** What the interpreter offers an instruction's semantics. */
export interface MicroMachine {
  /** Register file, indexed as operands.ts REGISTER_NAMES (q, vmin, vmax, z read-only). */
  r: Int32Array;
  /** Profile constants k0..k15 (missing ones read as 0). */
  k: Int32Array;
  /** Set by branches: absolute pc of the next instruction, or -1 to fall through. */
  next: number;
  /** Set by `end`. */
  halted: boolean;
  spiked: boolean;
  /** Unsigned payload of the last spike (1 for `spike`). */
  payload: number;
  /** Post-trace writes in program order. */
  traceWrites: { trace: 2 | 3; value: number }[];
  /** Largest payload the profile can carry (2^payloadBits - 1); larger payloads saturate. */
  maxPayload: number;
  /** Raise a fault: a program did something the chip forbids. */
  fault(message: string): never;
}

/** What the JS generator offers an instruction's snippet: the JS spelling of each operand.
 *  Besides these names, snippets assume the generated function declares the locals
 *  `spiked`, `payload` (set by spike/spikep), `y2`, `y3`, `yMask` (set by trace: bit 2 / 3
 *  marks y2 / y3 written), `VMIN`, `VMAX`, and uses `Math`. */
export interface JsNames {
  /** Register index -> JS expression (a local variable, or "0" for z). */
  reg(i: number): string;
  /** Constant index -> JS expression. */
  k(i: number): string;
  /** Statement jumping to absolute pc `target`. */
  jump(target: number): string;
  /** Statement ending the program. */
  halt(): string;
  /** Statement raising a fault with a JS string expression as the message. */
  fault(messageExpr: string): string;
  /** Largest payload, as a JS expression. */
  maxPayload: string;
}

export interface MicroOpDef {
  mnemonic: string;
  /** 6-bit opcode placed at bits [31:26]. */
  opcode: number;
  operands: OperandField[];
  /** Cycles of the nominal core clock (isa/costs.ts NOMINAL_CLOCK_GHZ) charged per execution. */
  cycles: number;
  /** Energy charged per execution, in pJ (an estimate calibrated to Davies 2018, see below). */
  energyPj: number;
  /** Cost class used in the calibration documentation. */
  costClass: "alu" | "mul" | "branch" | "spike" | "trace" | "end";
  /** Semantics in one line, for docs/isa.md. */
  semantics: string;
  /** Interpreter semantics; `a` holds the operand values in `operands` order; pc is this op's. */
  exec(a: readonly number[], m: MicroMachine, pc: number): void;
  /** Emulator fast path: the same semantics as a JS statement over the names in `n`. */
  js(a: readonly number[], n: JsNames, pc: number): string;
}

// Calibration (ours): the standard CUBA LIF program's paths must sum to Davies 2018 Table 2
// neuron-update figures (inactive 52 pJ / 5.3 ns = 53 cycles, active 81 pJ / 8.4 ns = 84 cycles
// at the 10 GHz nominal clock). Inactive path = 8 alu + 2 mul + 2 branch + end
// = 8*3 + 2*8 + 2*4 + 5 = 53 cycles and 8*3 + 2*8 + 2*3 + 6 = 52 pJ. The active path adds
// spike + 2 alu = 25 + 6 = 31 cycles and 23 + 6 = 29 pJ: 84 cycles, 81 pJ.
// test/isa/microcode/std-programs.test.ts asserts both sums.
const ALU = { cycles: 3, energyPj: 3, costClass: "alu" } as const;
const MUL = { cycles: 8, energyPj: 8, costClass: "mul" } as const;
const BRANCH = { cycles: 4, energyPj: 3, costClass: "branch" } as const;
const SPIKE = { cycles: 25, energyPj: 23, costClass: "spike" } as const;
const TRACE = { cycles: 4, energyPj: 4, costClass: "trace" } as const;
const END = { cycles: 5, energyPj: 6, costClass: "end" } as const;

const d = (lsb = 22): OperandField => ({ kind: "dst", name: "d", lsb });
const src = (name: string, lsb: number): OperandField => ({ kind: "src", name, lsb });
const kf = (name: string, lsb: number): OperandField => ({ kind: "k", name, lsb });

/** int32 helpers shared by exec and js so both spell the same arithmetic. */
export function decayInt32(a: number, k: number, off: number): number {
  // |a| * factor stays below 2^44, exact in a double; truncation toward zero as chip.md says.
  const mag = Math.trunc(((a < 0 ? -a : a) * (4096 - off - k)) / 4096);
  return (a < 0 ? -mag : mag) | 0;
}
/** Saturate x to [lo, hi]. */
export function clampInt(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}
export function wrapInt(a: number, bits: number): number {
  const s = 32 - bits;
  return (a << s) >> s;
}

type Cmp = "eq" | "ne" | "lt" | "le" | "gt" | "ge";
const CMP_JS: Record<Cmp, string> = { eq: "===", ne: "!==", lt: "<", le: "<=", gt: ">", ge: ">=" };
function cmp(c: Cmp, x: number, y: number): boolean {
  switch (c) {
    case "eq":
      return x === y;
    case "ne":
      return x !== y;
    case "lt":
      return x < y;
    case "le":
      return x <= y;
    case "gt":
      return x > y;
    case "ge":
      return x >= y;
  }
}

function branch(c: Cmp, opcode: number): MicroOpDef {
  return {
    mnemonic: `b${c}`,
    opcode,
    operands: [src("a", 22), src("b", 18), { kind: "target", name: "skip", lsb: 0 }],
    ...BRANCH,
    semantics: `if a ${CMP_JS[c].replace("===", "==").replace("!==", "!=")} b (signed): pc = pc + 1 + skip`,
    exec: (a, m, pc) => {
      if (cmp(c, m.r[a[0]!]!, m.r[a[1]!]!)) m.next = pc + 1 + a[2]!;
    },
    js: (a, n, pc) => `if (${n.reg(a[0]!)} ${CMP_JS[c]} ${n.reg(a[1]!)}) ${n.jump(pc + 1 + a[2]!)}`,
  };
}

/** The instruction table. Order is the docs order; opcodes are fixed forever once released. */
export const MICRO_OPS: readonly MicroOpDef[] = [
  {
    mnemonic: "mov",
    opcode: 1,
    operands: [d(), src("a", 18)],
    ...ALU,
    semantics: "d = a",
    exec: (a, m) => void (m.r[a[0]!] = m.r[a[1]!]!),
    js: (a, n) => `${n.reg(a[0]!)} = ${n.reg(a[1]!)};`,
  },
  {
    mnemonic: "movk",
    opcode: 2,
    operands: [d(), kf("k", 18)],
    ...ALU,
    semantics: "d = K[k]",
    exec: (a, m) => void (m.r[a[0]!] = m.k[a[1]!]!),
    js: (a, n) => `${n.reg(a[0]!)} = ${n.k(a[1]!)};`,
  },
  {
    mnemonic: "movi",
    opcode: 3,
    operands: [d(), { kind: "imm16", name: "imm", lsb: 0 }],
    ...ALU,
    semantics: "d = imm (sign-extended 16-bit)",
    exec: (a, m) => void (m.r[a[0]!] = a[1]!),
    js: (a, n) => `${n.reg(a[0]!)} = ${a[1]!};`,
  },
  {
    mnemonic: "add",
    opcode: 4,
    operands: [d(), src("a", 18), src("b", 14)],
    ...ALU,
    semantics: "d = a + b (32-bit wrap)",
    exec: (a, m) => void (m.r[a[0]!] = (m.r[a[1]!]! + m.r[a[2]!]!) | 0),
    js: (a, n) => `${n.reg(a[0]!)} = (${n.reg(a[1]!)} + ${n.reg(a[2]!)}) | 0;`,
  },
  {
    mnemonic: "sub",
    opcode: 5,
    operands: [d(), src("a", 18), src("b", 14)],
    ...ALU,
    semantics: "d = a - b (32-bit wrap)",
    exec: (a, m) => void (m.r[a[0]!] = (m.r[a[1]!]! - m.r[a[2]!]!) | 0),
    js: (a, n) => `${n.reg(a[0]!)} = (${n.reg(a[1]!)} - ${n.reg(a[2]!)}) | 0;`,
  },
  {
    mnemonic: "addk",
    opcode: 6,
    operands: [d(), src("a", 18), kf("k", 14)],
    ...ALU,
    semantics: "d = a + K[k] (32-bit wrap)",
    exec: (a, m) => void (m.r[a[0]!] = (m.r[a[1]!]! + m.k[a[2]!]!) | 0),
    js: (a, n) => `${n.reg(a[0]!)} = (${n.reg(a[1]!)} + ${n.k(a[2]!)}) | 0;`,
  },
  {
    mnemonic: "shl",
    opcode: 7,
    operands: [d(), src("a", 18), { kind: "shamt", name: "n", lsb: 13 }],
    ...ALU,
    semantics: "d = a << n (32-bit wrap)",
    exec: (a, m) => void (m.r[a[0]!] = m.r[a[1]!]! << a[2]!),
    js: (a, n) => `${n.reg(a[0]!)} = ${n.reg(a[1]!)} << ${a[2]!};`,
  },
  {
    mnemonic: "sar",
    opcode: 8,
    operands: [d(), src("a", 18), { kind: "shamt", name: "n", lsb: 13 }],
    ...ALU,
    semantics: "d = a >> n (arithmetic: rounds toward minus infinity)",
    exec: (a, m) => void (m.r[a[0]!] = m.r[a[1]!]! >> a[2]!),
    js: (a, n) => `${n.reg(a[0]!)} = ${n.reg(a[1]!)} >> ${a[2]!};`,
  },
  {
    mnemonic: "mulk",
    opcode: 9,
    operands: [d(), src("a", 18), kf("k", 14)],
    ...MUL,
    semantics: "d = a * K[k] (low 32 bits, signed)",
    exec: (a, m) => void (m.r[a[0]!] = Math.imul(m.r[a[1]!]!, m.k[a[2]!]!)),
    js: (a, n) => `${n.reg(a[0]!)} = Math.imul(${n.reg(a[1]!)}, ${n.k(a[2]!)});`,
  },
  {
    mnemonic: "decay",
    opcode: 10,
    operands: [d(), src("a", 18), kf("k", 14), { kind: "off", name: "off", lsb: 10 }],
    ...MUL,
    semantics: "d = sign(a) * ((|a| * (4096 - off - K[k])) >> 12), truncated toward 0",
    exec: (a, m) => void (m.r[a[0]!] = decayInt32(m.r[a[1]!]!, m.k[a[2]!]!, a[3]!)),
    js: (a, n) => {
      const x = n.reg(a[1]!);
      const f = `(${4096 - a[3]!} - ${n.k(a[2]!)})`;
      return `${n.reg(a[0]!)} = ${x} < 0 ? -Math.trunc((-${x} * ${f}) / 4096) | 0 : Math.trunc((${x} * ${f}) / 4096) | 0;`;
    },
  },
  {
    mnemonic: "wrap",
    opcode: 11,
    operands: [d(), src("a", 18), { kind: "bits", name: "bits", lsb: 13 }],
    ...ALU,
    semantics: "d = a wrapped (two's complement) to `bits` bits including the sign",
    exec: (a, m) => void (m.r[a[0]!] = wrapInt(m.r[a[1]!]!, a[2]!)),
    js: (a, n) => `${n.reg(a[0]!)} = (${n.reg(a[1]!)} << ${32 - a[2]!}) >> ${32 - a[2]!};`,
  },
  {
    mnemonic: "clampv",
    opcode: 12,
    operands: [d(), src("a", 18)],
    ...ALU,
    semantics: "d = min(max(a, VMIN), VMAX)",
    exec: (a, m) => {
      m.r[a[0]!] = clampInt(m.r[a[1]!]!, m.r[13]!, m.r[14]!);
    },
    js: (a, n) => {
      const x = n.reg(a[1]!);
      return `${n.reg(a[0]!)} = Math.min(Math.max(${x}, VMIN), VMAX);`;
    },
  },
  {
    mnemonic: "clampk",
    opcode: 13,
    operands: [d(), src("a", 18), kf("klo", 14), kf("khi", 10)],
    ...ALU,
    semantics: "d = min(max(a, K[klo]), K[khi])",
    exec: (a, m) => {
      m.r[a[0]!] = clampInt(m.r[a[1]!]!, m.k[a[2]!]!, m.k[a[3]!]!);
    },
    js: (a, n) => {
      const x = n.reg(a[1]!);
      const lo = n.k(a[2]!);
      const hi = n.k(a[3]!);
      // min(max()) order: when lo > hi the upper bound wins, in both paths.
      return `${n.reg(a[0]!)} = Math.min(Math.max(${x}, ${lo}), ${hi});`;
    },
  },
  {
    mnemonic: "min",
    opcode: 14,
    operands: [d(), src("a", 18), src("b", 14)],
    ...ALU,
    semantics: "d = min(a, b) (signed)",
    exec: (a, m) => void (m.r[a[0]!] = Math.min(m.r[a[1]!]!, m.r[a[2]!]!)),
    js: (a, n) => `${n.reg(a[0]!)} = Math.min(${n.reg(a[1]!)}, ${n.reg(a[2]!)});`,
  },
  {
    mnemonic: "max",
    opcode: 15,
    operands: [d(), src("a", 18), src("b", 14)],
    ...ALU,
    semantics: "d = max(a, b) (signed)",
    exec: (a, m) => void (m.r[a[0]!] = Math.max(m.r[a[1]!]!, m.r[a[2]!]!)),
    js: (a, n) => `${n.reg(a[0]!)} = Math.max(${n.reg(a[1]!)}, ${n.reg(a[2]!)});`,
  },
  branch("eq", 16),
  branch("ne", 17),
  branch("lt", 18),
  branch("le", 19),
  branch("gt", 20),
  branch("ge", 21),
  {
    mnemonic: "jmp",
    opcode: 22,
    operands: [{ kind: "target", name: "skip", lsb: 0 }],
    ...BRANCH,
    semantics: "pc = pc + 1 + skip (unconditional, forward only)",
    exec: (a, m, pc) => void (m.next = pc + 1 + a[0]!),
    js: (a, n, pc) => n.jump(pc + 1 + a[0]!),
  },
  {
    mnemonic: "spike",
    opcode: 23,
    operands: [],
    ...SPIKE,
    semantics: "emit a spike with payload 1",
    exec: (_a, m) => {
      m.spiked = true;
      m.payload = 1;
    },
    js: () => "spiked = 1; payload = 1;",
  },
  {
    mnemonic: "spikep",
    opcode: 24,
    operands: [src("a", 22)],
    ...SPIKE,
    semantics:
      "emit a graded spike with unsigned payload a (saturated to the profile's payload width); a < 0 faults",
    exec: (a, m, pc) => {
      const x = m.r[a[0]!]!;
      if (x < 0) {
        m.fault(
          `negative spike payload ${x} at pc ${pc} (spikep); spikes are unsigned (chip.md section 5)`,
        );
      }
      m.spiked = true;
      m.payload = Math.min(x, m.maxPayload);
    },
    js: (a, n, pc) => {
      const x = n.reg(a[0]!);
      return `if (${x} < 0) ${n.fault(`"negative spike payload " + ${x} + " at pc ${pc} (spikep); spikes are unsigned (chip.md section 5)"`)} spiked = 1; payload = ${x} > ${n.maxPayload} ? ${n.maxPayload} : ${x};`;
    },
  },
  {
    mnemonic: "trace",
    opcode: 25,
    operands: [{ kind: "ytrace", name: "y", lsb: 21 }, src("a", 22)],
    ...TRACE,
    semantics:
      "post trace y (y2 or y3) of this compartment = a saturated to 0..127 (traces are unsigned 7-bit)",
    exec: (a, m) => {
      const x = m.r[a[1]!]!;
      m.traceWrites.push({ trace: a[0] as 2 | 3, value: clampInt(x, 0, 127) });
    },
    js: (a, n) => {
      const x = n.reg(a[1]!);
      return `y${a[0]!} = ${x} < 0 ? 0 : ${x} > 127 ? 127 : ${x}; yMask |= ${1 << a[0]!};`;
    },
  },
  {
    mnemonic: "end",
    opcode: 26,
    operands: [],
    ...END,
    semantics: "end of this compartment's program: state registers are written back",
    exec: (_a, m) => void (m.halted = true),
    js: (_a, n) => n.halt(),
  },
];

/** Lookup by mnemonic and by opcode, derived from the table. */
export const MICRO_OP_BY_MNEMONIC: ReadonlyMap<string, MicroOpDef> = new Map(
  MICRO_OPS.map((o) => [o.mnemonic, o]),
);
export const MICRO_OP_BY_OPCODE: ReadonlyMap<number, MicroOpDef> = new Map(
  MICRO_OPS.map((o) => [o.opcode, o]),
);
