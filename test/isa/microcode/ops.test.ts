// Per-instruction tests: each op's result AND its cycles and energy, the negative-payload
// fault, decay against a BigInt oracle, and the compiled fast path against the interpreter.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assemble,
  compileMicrocode,
  decayInt32,
  encodeProgram,
  MICRO_OP_BY_MNEMONIC,
  MicrocodeFault,
  OUT_LENGTH,
  runMicrocode,
} from "../../../isa/microcode/index.ts";
import { arbProgram } from "./arbitrary.ts";

const END = MICRO_OP_BY_MNEMONIC.get("end")!;
const K = Int32Array.from([410, -3, 7, 1 << 20, 100, -100]);

/** Run `body` (followed by end) with s0 = a, s1 = b, q; return s0 and the costs. */
function run1(body: string, a: number, b = 0, q = 0) {
  const st = Int32Array.from([a, b, 0, 0]);
  const r = runMicrocode(assemble(`${body}\nend`), {
    state: st,
    q,
    constants: K,
    vmin: -50,
    vmax: 60,
  });
  return { s0: st[0], ...r };
}

const cases: [string, number, number, number, number][] = [
  // body, s0, s1, q, expected s0
  ["mov s0, q", 0, 0, -9, -9],
  ["movk s0, k1", 0, 0, 0, -3],
  ["movi s0, -32768", 5, 0, 0, -32768],
  ["add s0, s0, s1", 2 ** 31 - 1, 1, 0, -(2 ** 31)], // 32-bit wrap
  ["sub s0, s0, s1", -(2 ** 31), 1, 0, 2 ** 31 - 1],
  ["addk s0, s0, k1", 10, 0, 0, 7],
  ["shl s0, s0, 4", -3, 0, 0, -48],
  ["sar s0, s0, 2", -5, 0, 0, -2], // arithmetic shift rounds toward -infinity
  ["mulk s0, s0, k3", 4096, 0, 0, 0], // 2^12 * 2^20 = 2^32 wraps to 0
  ["decay s0, s0, k0, 1", -6400, 0, 0, -5757], // sign * trunc(6400 * 3685 / 4096)
  ["wrap s0, s0, 8", 200, 0, 0, -56], // 200 - 256
  ["clampv s0, s0", 100, 0, 0, 60],
  ["clampv s0, s0", -100, 0, 0, -50],
  ["clampk s0, s0, k5, k4", 1000, 0, 0, 100],
  ["min s0, s0, s1", -4, 3, 0, -4],
  ["max s0, s0, s1", -4, 3, 0, 3],
];

describe("microcode ops", () => {
  it.each(cases)(
    "%s with s0=%i s1=%i q=%i gives s0=%i, charging the table's cost",
    (body, a, b, q, want) => {
      const r = run1(body, a, b, q);
      expect(r.s0).toBe(want);
      const row = MICRO_OP_BY_MNEMONIC.get(body.split(" ")[0]!)!;
      expect(r.cycles).toBe(row.cycles + END.cycles);
      expect(r.energyPj).toBe(row.energyPj + END.energyPj);
    },
  );

  it("branches skip forward and cost the same taken or not", () => {
    const src = "bgt s0, s1, skip\nmovi s0, 99\nskip: end";
    const taken = run1(src, 5, 1);
    const fall = run1(src, 1, 5);
    expect([taken.s0, fall.s0]).toEqual([5, 99]);
    const br = MICRO_OP_BY_MNEMONIC.get("bgt")!;
    const movi = MICRO_OP_BY_MNEMONIC.get("movi")!;
    expect(taken.cycles).toBe(br.cycles + END.cycles);
    expect(fall.cycles).toBe(br.cycles + movi.cycles + END.cycles);
    expect(taken.executed).toBe(2);
  });

  it.each([
    ["beq", [3, 3, true], [3, 4, false]],
    ["bne", [3, 4, true], [3, 3, false]],
    ["blt", [-5, 4, true], [4, 4, false]],
    ["ble", [4, 4, true], [5, 4, false]],
    ["bgt", [5, -4, true], [4, 4, false]],
    ["bge", [4, 4, true], [-5, 4, false]],
  ] as const)("%s compares signed registers", (op, yes, no) => {
    const src = `${op} s0, s1, skip\nmovi s0, 99\nskip: end`;
    expect(run1(src, yes[0], yes[1]).s0).toBe(yes[0]);
    expect(run1(src, no[0], no[1]).s0).toBe(99);
    const jmp = run1("jmp +1\nmovi s0, 99\nend", 7);
    expect(jmp.s0).toBe(7);
    expect(jmp.cycles).toBe(MICRO_OP_BY_MNEMONIC.get("jmp")!.cycles + END.cycles);
  });

  it("graded spikes: payload is unsigned, saturates to the width, negative faults", () => {
    const sp = run1("spikep s0", 300);
    expect(sp.payload).toBe(300);
    expect(sp.spiked).toBe(true);
    const SPIKEP = MICRO_OP_BY_MNEMONIC.get("spikep")!;
    expect([sp.cycles, sp.energyPj]).toEqual([
      SPIKEP.cycles + END.cycles,
      SPIKEP.energyPj + END.energyPj,
    ]);
    const st = Int32Array.from([1000]);
    const r = runMicrocode(assemble("spikep s0\nend"), {
      state: st,
      q: 0,
      constants: K,
      vmin: 0,
      vmax: 0,
      payloadBits: 8,
    });
    expect(r.payload).toBe(255);
    expect(() => run1("movi t0, -3\nspikep t0", 0)).toThrow(MicrocodeFault);
    expect(() => run1("movi t0, -3\nspikep t0", 0)).toThrow(
      "microcode fault: negative spike payload -3 at pc 1 (spikep); spikes are unsigned (chip.md section 5)",
    );
    const f = compileMicrocode(assemble("movi t0, -3\nspikep t0\nend"));
    expect(() => f(new Int32Array(1), 0, 0, K, 0, 0, new Float64Array(OUT_LENGTH))).toThrow(
      "microcode fault: negative spike payload -3 at pc 1 (spikep); spikes are unsigned (chip.md section 5)",
    );
  });

  it("trace writes saturate to the unsigned 7-bit range", () => {
    const r = run1("trace y2, s0\ntrace y3, s1", 300, -4);
    const TRACE = MICRO_OP_BY_MNEMONIC.get("trace")!;
    expect(r.cycles).toBe(2 * TRACE.cycles + END.cycles);
    expect(r.energyPj).toBe(2 * TRACE.energyPj + END.energyPj);
    expect(r.traceWrites).toEqual([
      { trace: 2, value: 127 },
      { trace: 3, value: 0 },
    ]);
  });

  it("decay matches a BigInt oracle of sign(x) * ((|x| * (4096 - off - d)) >> 12)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 4095 }),
        fc.integer({ min: 0, max: 1 }),
        (x, d, off) => {
          const f = BigInt(Math.max(0, 4096 - off - d));
          const mag = ((x < 0 ? -BigInt(x) : BigInt(x)) * f) >> 12n;
          const want = BigInt.asIntN(32, x < 0 ? -mag : mag);
          expect(decayInt32(x, d, off)).toBe(Number(want));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("the compiled fast path equals the interpreter on random programs", () => {
    fc.assert(
      fc.property(
        arbProgram,
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), {
          minLength: 16,
          maxLength: 16,
        }),
        (prog, s, q, k) => {
          const code = encodeProgram(prog);
          const consts = Int32Array.from(k);
          const a = Int32Array.from(s);
          const b = Int32Array.from(s);
          let ref: ReturnType<typeof runMicrocode> | Error;
          try {
            ref = runMicrocode(code, {
              state: a,
              q,
              constants: consts,
              vmin: -1000,
              vmax: 1000,
              stateRegisters: 4,
            });
          } catch (e) {
            ref = e as Error;
          }
          const f = compileMicrocode(code, { stateRegisters: 4 });
          const out = new Float64Array(OUT_LENGTH);
          if (ref instanceof Error) {
            expect(() => f(b, 0, q, consts, -1000, 1000, out)).toThrow(ref.message);
            return;
          }
          f(b, 0, q, consts, -1000, 1000, out);
          expect([...b]).toEqual([...a]);
          expect(out[0]).toBe(ref.spiked ? 1 : 0);
          expect(out[1]).toBe(ref.payload);
          expect(out[2]).toBe(ref.cycles);
          expect(out[3]).toBe(ref.energyPj);
          let mask = 0;
          for (const w of ref.traceWrites) {
            mask |= 1 << w.trace;
            expect(out[w.trace === 2 ? 5 : 6]).toBe(
              ref.traceWrites.filter((x) => x.trace === w.trace).at(-1)!.value,
            );
          }
          expect(out[4]).toBe(mask);
        },
      ),
      { numRuns: 400 },
    );
  });
});
