// G: the Vogels-Abbott CUBA network (programs/cuba/cuba.snn) on the bit-exact emulator, shortened
// to 500 steps: after the 50-step kick phase the self-sustained activity must settle in the
// band the benchmark is known for (about 5-6 Hz with the classic parameters; a network without
// working inhibition runs away, one without the leak-reversal drive falls silent).
import { describe, expect, it } from "vitest";
import { compileProgram, runImage, spikesOf } from "./run-program.ts";

describe("cuba/cuba.snn", () => {
  const r = runImage(compileProgram("cuba/cuba.snn"), { steps: 500 });
  const s = spikesOf(r, "cells");
  const rate = (from: number, to: number, lo = 0, hi = 3999) => {
    let n = 0;
    for (let k = 0; k < s.index.length; k++) {
      const t = s.time[k]!;
      const i = s.index[k]!;
      if (t >= from && t <= to && i >= lo && i <= hi) n++;
    }
    return n / (hi - lo + 1) / ((to - from + 1) / 1000);
  };
  it("sustains 4-8 Hz after the kick phase, in both halves of the free run", () => {
    expect(rate(51, 500)).toBeGreaterThan(4);
    expect(rate(51, 500)).toBeLessThan(8);
    expect(rate(301, 500)).toBeGreaterThan(4);
    expect(rate(301, 500)).toBeLessThan(8);
  });
  it("excitatory and inhibitory cells fire at similar rates (balanced input)", () => {
    const e = rate(51, 500, 0, 3199);
    const i = rate(51, 500, 3200, 3999);
    expect(Math.abs(e - i)).toBeLessThan(0.3 * e);
  });
});
