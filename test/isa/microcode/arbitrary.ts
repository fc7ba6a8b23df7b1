// fast-check generators of valid microcode instructions and programs, derived from the table
// (so a new row is covered without touching the tests).

import fc from "fast-check";
import type { Instruction } from "../../../isa/microcode/index.ts";
import { MICRO_OPS, OPERAND_KINDS } from "../../../isa/microcode/index.ts";

/** Any valid instruction (targets unconstrained within the field). */
export const arbInstruction: fc.Arbitrary<Instruction> = fc
  .constantFrom(...MICRO_OPS)
  .chain((row) =>
    fc
      .tuple(
        ...row.operands.map((f) =>
          fc.integer({ min: OPERAND_KINDS[f.kind].min, max: OPERAND_KINDS[f.kind].max }),
        ),
      )
      .map((args) => ({ op: row.mnemonic, args })),
  );

/** A valid program: random instructions, branch skips folded into range, final `end`.
 *  State registers s0..s3 only (the generated context stores 4). */
export const arbProgram: fc.Arbitrary<Instruction[]> = fc
  .array(arbInstruction, { minLength: 0, maxLength: 24 })
  .map((body) => {
    const prog = [...body, { op: "end", args: [] }];
    return prog.map((ins, pc) => {
      const row = MICRO_OPS.find((r) => r.mnemonic === ins.op)!;
      const args = ins.args.map((v, i) => {
        const f = row.operands[i]!;
        if (f.kind === "target") return v % (prog.length - pc - 1 || 1);
        if ((f.kind === "dst" || f.kind === "src") && v >= 4 && v < 8) return v - 4;
        return v;
      });
      return { op: ins.op, args };
    });
  })
  .filter((prog) => prog.every((ins, pc) => ins.op === "end" || pc < prog.length - 1));
