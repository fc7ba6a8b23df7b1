// The compiled neuron kernels (emulator/neuron-compile.ts) against the isa table and the isa
// reference interpreter: every instruction's cycles and energy, and random programs, states
// and inputs run through both must agree on state, spikes, payloads, traces, cycles, energy.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EmulatorFault } from "../../emulator/index.ts";
import { compileNeuronKernel } from "../../emulator/neuron-compile.ts";
import { encodeInstruction, type Instruction } from "../../isa/microcode/codec.ts";
import { MicrocodeFault, runMicrocode } from "../../isa/microcode/interpreter.ts";
import { OPERAND_KINDS } from "../../isa/microcode/operands.ts";
import { MICRO_OP_BY_MNEMONIC, MICRO_OPS, type MicroOpDef } from "../../isa/microcode/table.ts";

const NSR = 8;
const END = MICRO_OP_BY_MNEMONIC.get("end") as MicroOpDef;

interface KernelRun {
  state: Int32Array;
  spiked: boolean;
  payload: number;
  post: Int32Array;
  cycles: number;
  energyPj: number;
  fault: boolean;
}

/** Runs a program once on one compartment through the compiled kernel. */
function runKernel(
  code: Uint32Array,
  st: Int32Array,
  q: number,
  k: Int32Array,
  vmin: number,
  vmax: number,
): KernelRun {
  const kernel = compileNeuronKernel(code, 24);
  const state = st.slice();
  const ring = Int32Array.from([q]);
  const spikes = new Int32Array(1);
  const payloads = new Int32Array(1);
  const post = new Int32Array(2).fill(-1);
  const acc = new Float64Array(3);
  try {
    const ns = kernel(
      Int32Array.from([0]),
      1,
      state,
      NSR,
      ring,
      0,
      k,
      vmin,
      vmax,
      spikes,
      payloads,
      0,
      post,
      acc,
      (c, m) => {
        throw new EmulatorFault(`compartment ${c}: ${m}`);
      },
    );
    expect(ring[0]).toBe(0);
    return {
      state,
      spiked: ns === 1,
      payload: ns === 1 ? (payloads[0] as number) : 0,
      post,
      cycles: acc[0] as number,
      energyPj: acc[1] as number,
      fault: false,
    };
  } catch (e) {
    if (!(e instanceof EmulatorFault)) throw e;
    return { state, spiked: false, payload: 0, post, cycles: 0, energyPj: 0, fault: true };
  }
}

function operandSample(kind: string): number {
  const info = OPERAND_KINDS[kind as keyof typeof OPERAND_KINDS];
  if (kind === "target") return 0;
  if (kind === "dst") return 1; // s1
  if (kind === "src") return 0; // s0
  return Math.max(info.min, Math.min(info.max, 3));
}

describe("compiled kernels: cost of every instruction", () => {
  for (const row of MICRO_OPS) {
    it(`${row.mnemonic}: ${row.cycles} cycles, ${row.energyPj} pJ (+ end ${END.cycles} / ${END.energyPj})`, () => {
      const args = row.operands.map((f) => operandSample(f.kind));
      const prog =
        row.mnemonic === "end"
          ? [{ op: "end", args: [] }]
          : [
              { op: row.mnemonic, args },
              { op: "end", args: [] },
            ];
      const code = Uint32Array.from(prog.map((ins, pc) => encodeInstruction(ins, pc)));
      const st = new Int32Array(NSR);
      st[0] = 5;
      const r = runKernel(
        code,
        st,
        7,
        Int32Array.from({ length: 16 }, (_, i) => i),
        -1000,
        1000,
      );
      const extra = row.mnemonic === "end" ? 0 : 1;
      expect(r.cycles).toBe(row.cycles + extra * END.cycles);
      expect(r.energyPj).toBeCloseTo(row.energyPj + extra * END.energyPj, 10);
      // And the interpreter charges the same.
      const ref = runMicrocode(code, {
        state: st.slice(),
        q: 7,
        constants: Int32Array.from({ length: 16 }, (_, i) => i),
        vmin: -1000,
        vmax: 1000,
        stateRegisters: NSR,
      });
      expect(r.cycles).toBe(ref.cycles);
      expect(r.state).toEqual(
        (() => {
          const s = st.slice();
          runMicrocode(code, {
            state: s,
            q: 7,
            constants: Int32Array.from({ length: 16 }, (_, i) => i),
            vmin: -1000,
            vmax: 1000,
            stateRegisters: NSR,
          });
          return s;
        })(),
      );
    });
  }
});

/** Random valid program: forward branches only, ending with `end`. */
const programArb = fc.integer({ min: 1, max: 14 }).chain((len) =>
  fc
    .tuple(
      ...Array.from({ length: len }, (_, pc) =>
        fc.constantFrom(...MICRO_OPS).chain((row) =>
          fc
            .tuple(
              ...row.operands.map((f) => {
                if (f.kind === "target") return fc.integer({ min: 0, max: len - pc - 1 });
                const info = OPERAND_KINDS[f.kind];
                return fc.integer({ min: info.min, max: info.max });
              }),
            )
            .map((args): Instruction => ({ op: row.mnemonic, args })),
        ),
      ),
    )
    .map((body) => [...body, { op: "end", args: [] }] as Instruction[]),
);

describe("compiled kernels match the isa reference interpreter", () => {
  it("on random programs, states and inputs", () => {
    fc.assert(
      fc.property(
        programArb,
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), {
          minLength: NSR,
          maxLength: NSR,
        }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), { minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 2 ** 23 }),
        (prog, st0, q, ks, lim) => {
          const code = Uint32Array.from(prog.map((ins, pc) => encodeInstruction(ins, pc)));
          const k = Int32Array.from(ks);
          const mine = runKernel(code, Int32Array.from(st0), q, k, -lim, lim);
          const st = Int32Array.from(st0);
          let ref: ReturnType<typeof runMicrocode> | null = null;
          try {
            ref = runMicrocode(code, {
              state: st,
              q,
              constants: k,
              vmin: -lim,
              vmax: lim,
              stateRegisters: NSR,
              payloadBits: 24,
            });
          } catch (e) {
            if (!(e instanceof MicrocodeFault)) throw e;
          }
          expect(mine.fault).toBe(ref === null);
          if (!ref) return;
          expect(mine.state).toEqual(st);
          expect(mine.spiked).toBe(ref.spiked);
          expect(mine.payload).toBe(ref.payload);
          expect(mine.cycles).toBe(ref.cycles);
          expect(mine.energyPj).toBeCloseTo(ref.energyPj, 9);
          const last = (y: 2 | 3) =>
            [...ref.traceWrites].reverse().find((w) => w.trace === y)?.value ?? -1;
          expect(mine.post[0]).toBe(last(2));
          expect(mine.post[1]).toBe(last(3));
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });
});
