// Self-test of the microcode table: sound layout, no overlapping encodings (like Spike's
// check-opcode-overlap), decode(encode(x)) = x, and strict decoding of reserved bits.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkTableLayout,
  decodeInstruction,
  encodeInstruction,
  findEncodingOverlaps,
  MICRO_OPS,
  MicrocodeError,
  type MicroOpDef,
  maskMatch,
} from "../../../isa/microcode/index.ts";
import { arbInstruction } from "./arbitrary.ts";

describe("microcode table", () => {
  it("has a sound layout: fields inside the word, disjoint, unique opcodes", () => {
    expect(checkTableLayout()).toEqual([]);
  });

  it("has no two encodings that overlap", () => {
    expect(findEncodingOverlaps()).toEqual([]);
  });

  it("the overlap check detects an overlap and a layout clash (it can fail)", () => {
    const add = MICRO_OPS.find((r) => r.mnemonic === "add")!;
    const clone: MicroOpDef = { ...add, mnemonic: "add2" };
    expect(findEncodingOverlaps([add, clone])).toEqual(["add overlaps add2"]);
    expect(checkTableLayout([add, clone])).toContain("add2: opcode 4 also used by add");
    const bad: MicroOpDef = {
      ...add,
      operands: [...add.operands, { kind: "k", name: "x", lsb: 15 }],
    };
    expect(checkTableLayout([bad])).toContain("add: field x overlaps another field");
  });

  it("every row has integer cycles, non-negative energy, semantics text", () => {
    for (const r of MICRO_OPS) {
      expect(Number.isInteger(r.cycles) && r.cycles > 0, r.mnemonic).toBe(true);
      expect(r.energyPj, r.mnemonic).toBeGreaterThan(0);
      expect(r.semantics.length, r.mnemonic).toBeGreaterThan(3);
    }
  });

  it("decode(encode(x)) = x for random valid instructions", () => {
    fc.assert(
      fc.property(arbInstruction, (ins) => {
        const w = encodeInstruction(ins);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThan(2 ** 32);
        expect(decodeInstruction(w)).toEqual(ins);
      }),
      { numRuns: 2000 },
    );
  });

  it("every word either decodes to an instruction that re-encodes to it, or is rejected", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (w) => {
        let ins: ReturnType<typeof decodeInstruction>;
        try {
          ins = decodeInstruction(w);
        } catch (e) {
          expect(e).toBeInstanceOf(MicrocodeError);
          return;
        }
        expect(encodeInstruction(ins)).toBe(w);
      }),
      { numRuns: 5000 },
    );
  });

  it("rejects erased words, reserved bits and writes to read-only registers", () => {
    expect(() => decodeInstruction(0)).toThrow(/unassigned opcode 0/);
    const end = maskMatch(MICRO_OPS.find((r) => r.mnemonic === "end")!).match;
    expect(() => decodeInstruction(end | 1)).toThrow(/reserved bits are not zero/);
    // mov q, s0: destination field 12 (q) is not a writable register.
    const mov = encodeInstruction({ op: "mov", args: [0, 0] }) | (12 << 22);
    expect(() => decodeInstruction(mov)).toThrow(/mov\): d = 12 is not writable register/);
    expect(() => encodeInstruction({ op: "movi", args: [0, 40000] })).toThrow(
      /operand imm = 40000 out of range -32768..32767/,
    );
    expect(() => encodeInstruction({ op: "nope", args: [] })).toThrow(
      /unknown microcode instruction 'nope'/,
    );
  });

  it("encodes known words by hand: add s1, s1, t1 and wrap t0, q, 22", () => {
    // add: opcode 4 <<26 = 0x10000000; d=1 <<22 = 0x400000; a=1 <<18 = 0x40000; b=9 <<14 = 0x24000
    expect(encodeInstruction({ op: "add", args: [1, 1, 9] })).toBe(0x10464000);
    // wrap: opcode 11 <<26 = 0x2c000000; d=8 <<22 = 0x2000000; a=12 <<18 = 0x300000;
    // bits-1 = 21 <<13 = 0x2a000
    expect(encodeInstruction({ op: "wrap", args: [8, 12, 22] })).toBe(0x2e32a000);
  });
});
