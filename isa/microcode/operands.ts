// Operand kinds of the neuron microcode: register file naming, field widths and value ranges.
// This file only describes operands (how they are named, bounded and packed); it must not
// contain instruction semantics, which live in table.ts.

/** Register file of one compartment's program, as seen through a 4-bit register field.
 *  0..7  s0..s7  state registers: persistent per compartment, signed 32-bit.
 *  8..11 t0..t3  temporaries: signed 32-bit, zero at the start of each compartment's program.
 *  12    q       read-only dendritic input of this step (raw int32 accumulator value).
 *  13    vmin    read-only core register VMIN.
 *  14    vmax    read-only core register VMAX.
 *  15    z       read-only zero (so a compare against 0 needs no temporary). */
export const REGISTER_NAMES = [
  "s0",
  "s1",
  "s2",
  "s3",
  "s4",
  "s5",
  "s6",
  "s7",
  "t0",
  "t1",
  "t2",
  "t3",
  "q",
  "vmin",
  "vmax",
  "z",
] as const;

export type RegisterName = (typeof REGISTER_NAMES)[number];

/** Number of state registers addressable by a program (s0..s7). */
export const MAX_STATE_REGISTERS = 8;
/** Number of temporaries (t0..t3). */
export const TEMP_REGISTERS = 4;
/** Number of per-profile constants addressable by a program (k0..k15). */
export const MAX_CONSTANTS = 16;
/** Register index of the read-only dendritic input. */
export const REG_Q = 12;
export const REG_VMIN = 13;
export const REG_VMAX = 14;
export const REG_ZERO = 15;

/** True when a register index names a writable register (state or temporary). */
export function isWritable(reg: number): boolean {
  return reg >= 0 && reg < MAX_STATE_REGISTERS + TEMP_REGISTERS;
}

/**
 * Operand kinds. Each has a field width in the instruction word, a legal range of the value
 * as written in assembly, and an encoding of that value into the field.
 * - dst:    writable register s0..s7 / t0..t3 (4-bit field, 0..11)
 * - src:    any register (4-bit field, 0..15)
 * - k:      constant index k0..k15 (4-bit field)
 * - imm16:  signed 16-bit immediate -32768..32767 (two's complement in the field)
 * - shamt:  shift amount 0..31 (5-bit field)
 * - bits:   wrap width 1..32 including the sign (5-bit field holds bits - 1)
 * - off:    decay offset 0..15 (4-bit field); the standard programs use 0 (v) and 1 (u)
 * - target: forward skip 0..1023 (10-bit field): the branch goes to pc + 1 + skip, so a
 *           backward branch cannot be encoded at all
 * - ytrace: post trace written by `trace`, 2 (y2) or 3 (y3) (1-bit field holds y - 2)
 */
export type OperandKind =
  | "dst"
  | "src"
  | "k"
  | "imm16"
  | "shamt"
  | "bits"
  | "off"
  | "target"
  | "ytrace";

export interface OperandKindInfo {
  /** Field width in bits. */
  width: number;
  /** Smallest and largest legal value as written in assembly / held in Instruction.args. */
  min: number;
  max: number;
  /** Value -> unsigned field contents. */
  toField(v: number): number;
  /** Unsigned field contents -> value (may produce an out-of-range value, checked later). */
  fromField(f: number): number;
  /** Short description for generated docs. */
  doc: string;
}

export const OPERAND_KINDS: Record<OperandKind, OperandKindInfo> = {
  dst: {
    width: 4,
    min: 0,
    max: 11,
    toField: (v) => v,
    fromField: (f) => f,
    doc: "writable register s0..s7, t0..t3",
  },
  src: {
    width: 4,
    min: 0,
    max: 15,
    toField: (v) => v,
    fromField: (f) => f,
    doc: "any register s0..s7, t0..t3, q, vmin, vmax, z",
  },
  k: {
    width: 4,
    min: 0,
    max: 15,
    toField: (v) => v,
    fromField: (f) => f,
    doc: "profile constant k0..k15",
  },
  imm16: {
    width: 16,
    min: -32768,
    max: 32767,
    toField: (v) => v & 0xffff,
    fromField: (f) => (f << 16) >> 16,
    doc: "signed 16-bit immediate",
  },
  shamt: {
    width: 5,
    min: 0,
    max: 31,
    toField: (v) => v,
    fromField: (f) => f,
    doc: "shift amount 0..31",
  },
  bits: {
    width: 5,
    min: 1,
    max: 32,
    toField: (v) => v - 1,
    fromField: (f) => f + 1,
    doc: "width 1..32 including sign (field holds bits-1)",
  },
  off: {
    width: 4,
    min: 0,
    max: 15,
    toField: (v) => v,
    fromField: (f) => f,
    doc: "decay offset 0..15",
  },
  target: {
    width: 10,
    min: 0,
    max: 1023,
    toField: (v) => v,
    fromField: (f) => f,
    doc: "forward skip 0..1023: target = pc + 1 + skip",
  },
  ytrace: {
    width: 1,
    min: 2,
    max: 3,
    toField: (v) => v - 2,
    fromField: (f) => f + 2,
    doc: "post trace y2 or y3 (field holds y-2)",
  },
};

/** Parse a register name (case-insensitive); returns its index or -1. */
export function registerIndex(name: string): number {
  return (REGISTER_NAMES as readonly string[]).indexOf(name.toLowerCase());
}

/** Assembly text of one operand value of the given kind (targets are printed by the caller). */
export function formatOperand(kind: OperandKind, v: number): string {
  switch (kind) {
    case "dst":
    case "src":
      return REGISTER_NAMES[v] ?? `?r${v}`;
    case "k":
      return `k${v}`;
    case "ytrace":
      return `y${v}`;
    case "target":
      return `+${v}`;
    default:
      return String(v);
  }
}
