// Assembler and disassembler: round trips, and errors that name line and column.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assemble,
  CUBA_LIF,
  disassemble,
  encodeProgram,
  validateProgram,
} from "../../../isa/microcode/index.ts";
import { arbProgram } from "./arbitrary.ts";

describe("microcode assembler", () => {
  it("assemble(disassemble(code)) = code for random valid programs", () => {
    fc.assert(
      fc.property(arbProgram, (prog) => {
        const code = encodeProgram(prog);
        expect([...assemble(disassemble(code))]).toEqual([...code]);
        expect([...assemble(disassemble(code, { addresses: true }))]).toEqual([...code]);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips the standard program", () => {
    expect([...assemble(disassemble(CUBA_LIF))]).toEqual([...CUBA_LIF]);
  });

  it("rejects a backward branch at its source location", () => {
    expect(() => assemble("top: movi t0, 1\n  beq t0, z, top\nend")).toThrow(
      "line 2 col 14: backward branch to 'top': microcode branches only forward, so every program terminates",
    );
  });

  it("names line and column of bad operands", () => {
    expect(() => assemble("end\n  frob t0")).toThrow("line 2 col 3: unknown instruction 'frob'");
    expect(() => assemble("mov q, t0\nend")).toThrow("line 1 col 5: q is read-only");
    expect(() => assemble("add t0, t1\nend")).toThrow(
      "line 1 col 1: add takes 3 operand(s) (d, a, b), got 2",
    );
    expect(() => assemble("wrap t0, q, 33\nend")).toThrow(
      /line 1 col 13: bits = 33 out of range 1..32/,
    );
    expect(() => assemble("jmp nowhere\nend")).toThrow("line 1 col 5: undefined label 'nowhere'");
  });

  it("validation rejects programs that fall off the end, bad targets, missing registers", () => {
    expect(() => validateProgram(assemble("movi t0, 1"))).toThrow(
      "last instruction is 'movi', must be 'end'",
    );
    expect(() => validateProgram(assemble("jmp +5\nend"))).toThrow(
      /branch target 6 is past the last instruction 1/,
    );
    expect(() => validateProgram(assemble("mov s5, q\nend"), { stateRegisters: 3 })).toThrow(
      "pc 0 (mov): s5 used but the core stores only 3 state register(s)",
    );
    expect(() => validateProgram(assemble("movk t0, k9\nend"), { constants: 5 })).toThrow(
      "pc 0 (movk): k9 used but the profile has 5 constant(s)",
    );
    expect(() => validateProgram(assemble("spikep q\nend"), { graded: false })).toThrow(
      "pc 0: spikep needs a graded-spike profile",
    );
  });
});
