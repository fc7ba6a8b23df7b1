// E (inference stage): programs/slca/inference.snn on the bit-exact emulator over 20 test
// digits. The spiking residual/sparse loop must code each digit nearly as well as the exact
// non-negative LASSO solution on the same dictionary, and its own residual neurons must report
// the same reconstruction error. Dictionary learning (dictionary.snn) is tested in
// slca-dictionary.test.ts.
import { describe, expect, it } from "vitest";
import { scoreSlca } from "../../programs/slca/measure.ts";
import { compileProgram, runImage, spikesOf } from "./run-program.ts";

describe("slca/inference.snn", () => {
  const img = compileProgram("slca/inference.snn", [
    ["train rows 1348..1796;", "train rows 1348..1367;"],
  ]);
  const r = runImage(img);
  const s = scoreSlca(spikesOf(r, "atoms"), spikesOf(r, "rp"), spikesOf(r, "rn"), 20);

  it("codes digits within 25 % of the exact LASSO reconstruction error", () => {
    expect(s.samples).toBe(20);
    expect(s.nmseLasso).toBeGreaterThan(0.1);
    expect(s.nmseCode).toBeLessThan(1.25 * s.nmseLasso);
    expect(s.nmseCode).toBeGreaterThan(0.95 * s.nmseLasso);
  });
  it("its residual spikes agree with the reconstruction from the code", () => {
    expect(Math.abs(s.nmseResidual - s.nmseCode)).toBeLessThan(0.1 * s.nmseCode);
  });
  it("is sparse: a few dozen of 100 atoms per digit", () => {
    expect(s.activeAtoms).toBeGreaterThan(10);
    expect(s.activeAtoms).toBeLessThan(60);
  });
});
