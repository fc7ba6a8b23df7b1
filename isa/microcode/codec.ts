// Encoder, decoder and static validator of neuron microcode words, derived from table.ts.
// It must not define instruction semantics or costs (those are table rows); it only packs,
// unpacks and checks fields, so every layout decision stays in the table.

import { isWritable, MAX_STATE_REGISTERS, OPERAND_KINDS, REG_Q } from "./operands.ts";
import {
  MICRO_OP_BY_MNEMONIC,
  MICRO_OP_BY_OPCODE,
  MICRO_OPS,
  type MicroOpDef,
  OPCODE_BITS,
  OPCODE_SHIFT,
} from "./table.ts";

/** A decoded instruction: mnemonic plus operand values in the table row's operand order.
 *  Branch targets are held as forward skips (target = pc + 1 + skip). */
export interface Instruction {
  op: string;
  args: number[];
}

/** Thrown for any malformed microcode (bad word, bad operand, backward branch, ...). */
export class MicrocodeError extends Error {
  /** Program counter (word index) of the offending instruction, or -1 for whole-program errors. */
  readonly pc: number;
  constructor(message: string, pc = -1) {
    super(message);
    this.name = "MicrocodeError";
    this.pc = pc;
  }
}

const fieldBits = (width: number, lsb: number): number => (((1 << width) - 1) << lsb) >>> 0;

/** Bits of the word occupied by a row's operand fields. */
export function operandMask(row: MicroOpDef): number {
  let m = 0;
  for (const f of row.operands) m |= fieldBits(OPERAND_KINDS[f.kind].width, f.lsb);
  return m >>> 0;
}

/** riscv-opcodes style (mask, match): a word is this instruction iff (word & mask) == match.
 *  Every bit not owned by an operand is fixed: the opcode, and reserved bits that must be 0. */
export function maskMatch(row: MicroOpDef): { mask: number; match: number } {
  return { mask: ~operandMask(row) >>> 0, match: (row.opcode << OPCODE_SHIFT) >>> 0 };
}

/** Structural problems of the table itself (fields overlapping each other or the opcode,
 *  fields outside the word, duplicate opcodes or mnemonics); [] when sound. */
export function checkTableLayout(rows: readonly MicroOpDef[] = MICRO_OPS): string[] {
  const problems: string[] = [];
  const opcodeField = fieldBits(OPCODE_BITS, OPCODE_SHIFT);
  const seenOp = new Map<number, string>();
  for (const row of rows) {
    if (row.opcode <= 0 || row.opcode >= 1 << OPCODE_BITS) {
      problems.push(`${row.mnemonic}: opcode ${row.opcode} out of 1..${(1 << OPCODE_BITS) - 1}`);
    }
    const prev = seenOp.get(row.opcode);
    if (prev !== undefined)
      problems.push(`${row.mnemonic}: opcode ${row.opcode} also used by ${prev}`);
    seenOp.set(row.opcode, row.mnemonic);
    let used = opcodeField;
    for (const f of row.operands) {
      const w = OPERAND_KINDS[f.kind].width;
      if (f.lsb < 0 || f.lsb + w > OPCODE_SHIFT) {
        problems.push(`${row.mnemonic}: field ${f.name} [${f.lsb + w - 1}:${f.lsb}] leaves [25:0]`);
      }
      const bits = fieldBits(w, f.lsb);
      if ((used & bits) !== 0)
        problems.push(`${row.mnemonic}: field ${f.name} overlaps another field`);
      used |= bits;
    }
  }
  return problems;
}

/** Pairs of rows whose encodings overlap (some word matches both); [] when none do. */
export function findEncodingOverlaps(rows: readonly MicroOpDef[] = MICRO_OPS): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = maskMatch(rows[i]!);
      const b = maskMatch(rows[j]!);
      // Two patterns overlap iff they agree on every bit both of them fix.
      if (((a.match ^ b.match) & a.mask & b.mask) >>> 0 === 0) {
        out.push(`${rows[i]!.mnemonic} overlaps ${rows[j]!.mnemonic}`);
      }
    }
  }
  return out;
}

/** Encode one instruction into a 32-bit word (returned as an unsigned number). */
export function encodeInstruction(ins: Instruction, pc = -1): number {
  const row = MICRO_OP_BY_MNEMONIC.get(ins.op);
  if (!row) throw new MicrocodeError(`unknown microcode instruction '${ins.op}'`, pc);
  if (ins.args.length !== row.operands.length) {
    throw new MicrocodeError(
      `${ins.op} takes ${row.operands.length} operand(s), got ${ins.args.length}`,
      pc,
    );
  }
  let w = row.opcode << OPCODE_SHIFT;
  row.operands.forEach((f, i) => {
    const k = OPERAND_KINDS[f.kind];
    const v = ins.args[i]!;
    if (!Number.isInteger(v) || v < k.min || v > k.max) {
      throw new MicrocodeError(
        `${ins.op}: operand ${f.name} = ${v} out of range ${k.min}..${k.max} (${k.doc})`,
        pc,
      );
    }
    w |= k.toField(v) << f.lsb;
  });
  return w >>> 0;
}

/** Decode one 32-bit word; throws MicrocodeError for an unassigned opcode, nonzero reserved
 *  bits or an operand outside its kind's range (e.g. a write to q). */
export function decodeInstruction(word: number, pc = -1): Instruction {
  const w = word >>> 0;
  const row = MICRO_OP_BY_OPCODE.get(w >>> OPCODE_SHIFT);
  const hex = `0x${w.toString(16).padStart(8, "0")}`;
  if (!row) throw new MicrocodeError(`word ${hex}: unassigned opcode ${w >>> OPCODE_SHIFT}`, pc);
  const { mask, match } = maskMatch(row);
  if ((w & mask) >>> 0 !== match) {
    throw new MicrocodeError(`word ${hex} (${row.mnemonic}): reserved bits are not zero`, pc);
  }
  const args = row.operands.map((f) => {
    const k = OPERAND_KINDS[f.kind];
    const v = k.fromField((w >>> f.lsb) & ((1 << k.width) - 1));
    if (v < k.min || v > k.max) {
      throw new MicrocodeError(
        `word ${hex} (${row.mnemonic}): ${f.name} = ${v} is not ${k.doc}`,
        pc,
      );
    }
    return v;
  });
  return { op: row.mnemonic, args };
}

export function encodeProgram(prog: readonly Instruction[]): Uint32Array {
  return Uint32Array.from(prog.map((ins, pc) => encodeInstruction(ins, pc)));
}

export function decodeProgram(code: Uint32Array | readonly number[]): Instruction[] {
  return Array.from(code, (w, pc) => decodeInstruction(w, pc));
}

/** Limits a program is validated against (from the chip profile and the neuron profile). */
export interface ProgramLimits {
  /** State registers stored per compartment (s0..s{n-1} usable). Default 8. */
  stateRegisters?: number;
  /** Constants in the profile's pool (k0..k{n-1} usable). Default 16. */
  constants?: number;
  /** Whether the chip carries graded payloads (spikep allowed). Default true. */
  graded?: boolean;
  /** Longest program in words. Default 1024. */
  maxWords?: number;
}

/** Static checks every loader and the back end run: each word decodes, branches go forward
 *  and land inside the program, the last word is `end` (so execution cannot fall off),
 *  registers and constants exist. Returns the decoded program; throws MicrocodeError. */
export function validateProgram(
  code: Uint32Array | readonly number[],
  limits: ProgramLimits = {},
): Instruction[] {
  const nState = limits.stateRegisters ?? MAX_STATE_REGISTERS;
  const nConst = limits.constants ?? 16;
  const maxWords = limits.maxWords ?? 1024;
  if (code.length === 0) throw new MicrocodeError("empty microcode program (needs at least `end`)");
  if (code.length > maxWords) {
    throw new MicrocodeError(`microcode program has ${code.length} words, limit is ${maxWords}`);
  }
  const prog = decodeProgram(code);
  prog.forEach((ins, pc) => {
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op)!;
    row.operands.forEach((f, i) => {
      const v = ins.args[i]!;
      if ((f.kind === "dst" || f.kind === "src") && v < MAX_STATE_REGISTERS && v >= nState) {
        throw new MicrocodeError(
          `pc ${pc} (${ins.op}): s${v} used but the core stores only ${nState} state register(s)`,
          pc,
        );
      }
      if (f.kind === "dst" && (!isWritable(v) || v === REG_Q)) {
        throw new MicrocodeError(`pc ${pc} (${ins.op}): destination is read-only`, pc);
      }
      if (f.kind === "k" && v >= nConst) {
        throw new MicrocodeError(
          `pc ${pc} (${ins.op}): k${v} used but the profile has ${nConst} constant(s)`,
          pc,
        );
      }
      if (f.kind === "target" && pc + 1 + v >= prog.length) {
        throw new MicrocodeError(
          `pc ${pc} (${ins.op}): branch target ${pc + 1 + v} is past the last instruction ${prog.length - 1}`,
          pc,
        );
      }
    });
    if (ins.op === "spikep" && limits.graded === false) {
      throw new MicrocodeError(`pc ${pc}: spikep needs a graded-spike profile`, pc);
    }
  });
  if (prog[prog.length - 1]!.op !== "end") {
    throw new MicrocodeError(`last instruction is '${prog[prog.length - 1]!.op}', must be 'end'`);
  }
  return prog;
}
