// Golden test of the standard CUBA LIF program against chip.md section 3's worked example,
// step by step, with cycles and energy of each path (the Davies 2018 calibration).

import { describe, expect, it } from "vitest";
import {
  CUBA_LIF,
  compileMicrocode,
  cubaLifConstants,
  disassemble,
  OUT_LENGTH,
  runMicrocode,
  voltageLimits,
} from "../../../isa/microcode/index.ts";

const { vmin, vmax } = voltageLimits(23, 7); // -(2^23) + 1 .. 2^23 - 1
const K = cubaLifConstants({ decayU: 410, decayV: 205, vthMant: 100 });

describe("CUBA LIF microcode (chip.md section 3 worked example)", () => {
  it("reproduces the example step by step", () => {
    const st = new Int32Array(3); // s0 = u, s1 = v, s2 = ref
    const step = (q: number) => runMicrocode(CUBA_LIF, { state: st, q, constants: K, vmin, vmax });

    // Step 1: no input. u = 0, v = 0; inactive path: 53 cycles (5.3 ns), 52 pJ.
    let r = step(0);
    expect([...st]).toEqual([0, 0, 0]);
    expect(r).toMatchObject({ spiked: false, cycles: 53, energyPj: 52 });

    // Step 2: weight mantissa 100, weight_exp 0 arrives: q = 100 << (6 + 0) = 6400.
    // u(2) = decayInt(0, 410, 1) + 6400 = 6400; v(2) = decayInt(0, 205, 0) + 6400 = 6400.
    // 6400 > vth = 100 << 6 = 6400 is false (strict): no spike.
    r = step(6400);
    expect([...st]).toEqual([6400, 6400, 0]);
    expect(r).toMatchObject({ spiked: false, cycles: 53, energyPj: 52 });

    // Step 3: u(3) = trunc(6400 * (4096 - 1 - 410) / 4096) = trunc(6400 * 3685 / 4096)
    //             = trunc(5757.81) = 5757
    //         v(3) = trunc(6400 * (4096 - 0 - 205) / 4096) + 5757 = trunc(6079.69) + 5757
    //             = 6079 + 5757 = 11836 > 6400: spike, v resets to 0.
    // chip.md prints 11837, which is 6400 - trunc(6400 * 205 / 4096) + 5757 = 6080 + 5757, a
    // different rounding than its own decayInt formula (and nengo-loihi's decay_int); we follow
    // the formula. Both values exceed vth, so the spike step and reset are the same.
    // Active path: 84 cycles (8.4 ns), 81 pJ.
    r = runMicrocode(CUBA_LIF, { state: st, q: 0, constants: K, vmin, vmax, record: true });
    expect(r).toMatchObject({ spiked: true, payload: 1, cycles: 84, energyPj: 81 });
    const wrote = (pc: number) => r.log!.find((l) => l.pc === pc)!.wrote;
    expect(wrote(1)).toBe(5757); // decay s0: u decayed
    expect(wrote(6)).toBe(6079); // decay s1: v decayed
    expect(wrote(7)).toBe(11836); // add s1: v + u2
    expect([...st]).toEqual([5757, 0, 0]);

    // Step 4: u(4) = trunc(5757 * 3685 / 4096) = 5179; v(4) = 0 + 5179 = 5179 <= 6400.
    r = step(0);
    expect(r).toMatchObject({ spiked: false, cycles: 53, energyPj: 52 });
    expect([...st]).toEqual([5179, 5179, 0]);
  });

  it("holds v at 0 for refract - 1 steps after a spike, u keeps integrating", () => {
    // refract = 3: after a spike at step t, v is 0 during t+1 and t+2 (chip.md section 3).
    const k = cubaLifConstants({ decayU: 4095, decayV: 0, vthMant: 1, refract: 3 });
    // decay_u 4095: u = q each step (factor 4096 - 1 - 4095 = 0); decay_v 0: no leak.
    const st = new Int32Array(3);
    const run = (q: number) => runMicrocode(CUBA_LIF, { state: st, q, constants: k, vmin, vmax });
    expect(run(100).spiked).toBe(true); // v = 100 > 64: spike, ref = 2
    expect([...st]).toEqual([100, 0, 2]);
    let r = run(100); // refractory: v held at 0, ref 2 -> 1; path: 10 + 4 instructions
    expect([...st]).toEqual([100, 0, 1]);
    // 0..9 (3 wrap, 2 decay, 2 add, addk, clampv, beq) + movi, movi, add, end:
    // cycles 3*3 + 2*8 + 2*3 + 3 + 3 + 4 + 3*3 + 5 = 55; energy 9 + 16 + 6 + 3 + 3 + 3 + 9 + 6 = 55
    expect(r).toMatchObject({ spiked: false, cycles: 55, energyPj: 55 });
    r = run(100);
    expect([...st]).toEqual([100, 0, 0]);
    expect(run(100).spiked).toBe(true); // ref 0: v = 0 + 100 > 64
  });

  it("wraps q to 21 bits + sign and clamps v to [vmin, vmax]", () => {
    const k = cubaLifConstants({ decayU: 4095, decayV: 0, vthMant: 2 ** 17 - 1 });
    const st = new Int32Array(3);
    // q = 2^21 wraps to -2^21 (22-bit two's complement); v clamps at vmin = -(2^8) + 1.
    const lim = voltageLimits(8, 0);
    runMicrocode(CUBA_LIF, { state: st, q: 2 ** 21, constants: k, ...lim });
    expect([...st]).toEqual([-(2 ** 21), -255, 0]);
    // vmax = 2^9 - 1 = 511.
    runMicrocode(CUBA_LIF, { state: st, q: 1000, constants: k, ...lim });
    // u = 1000 (decay_u 4095), v = -255 + 1000 = 745 > 511: clamped.
    expect([...st]).toEqual([1000, 511, 0]);
  });

  it("the compiled fast path gives the same bits, cycles and energy", () => {
    const f = compileMicrocode(CUBA_LIF);
    const a = new Int32Array(3);
    const b = new Int32Array(3);
    const out = new Float64Array(OUT_LENGTH);
    for (let t = 1; t <= 40; t++) {
      const q = t % 7 === 2 ? 6400 : 0;
      const r = runMicrocode(CUBA_LIF, { state: a, q, constants: K, vmin, vmax });
      f(b, 0, q, K, vmin, vmax, out);
      expect([...b]).toEqual([...a]);
      expect([out[0], out[1], out[2], out[3]]).toEqual([
        r.spiked ? 1 : 0,
        r.payload,
        r.cycles,
        r.energyPj,
      ]);
    }
  });

  it("disassembly snapshot", () => {
    expect(disassemble(CUBA_LIF, { addresses: true })).toMatchSnapshot();
  });
});
