// Algorithm C reference: Oja's rule learns a depth-2, k = 4 concept hierarchy over 64 leaves.
import { describe, expect, it } from "vitest";
import { conceptHierarchy } from "./experiments.ts";

describe("hierarchical concepts with Oja's rule (lmax 2, k 4, 64 leaves, eta 0.05)", () => {
  it("noise-free: every concept within 5 % of 1/sqrt(k) after about 32 presentations", () => {
    // v' = v + eta * k v (1 - k v^2) from w_init = 1/256 enters [0.475, 0.525] at step 32.
    const r = conceptHierarchy({ presentations: 40 }, 200);
    expect(r.neverReached).toBe(0);
    expect(r.medianTo5Percent).toBe(32);
    expect(r.convergence.fractionWithin).toBe(1);
    expect(r.recognition.correct).toBe(r.recognition.guaranteedCases);
    expect(r.recognition.guaranteedCases).toBeGreaterThan(1000);
    expect(r.recognition.strayFirings).toBe(0);
  });
  it("too few presentations (10) leave the weights short of the target", () => {
    const r = conceptHierarchy({ presentations: 10 }, 50);
    expect(r.neverReached).toBe(20);
    expect(r.convergence.fractionWithin).toBe(0);
  });
  it("noisy presentations (p = 0.8) with a decaying rate still recognise correctly", () => {
    // Measured: median 130 presentations to first reach 5 %, 86 % of child weights within 5 %
    // after 200 (worst 8.2 %), 100 % correct on the guaranteed cases.
    const r = conceptHierarchy({ presentProb: 0.8, presentations: 200, etaHalfLife: 32 }, 200);
    expect(r.neverReached).toBe(0);
    expect(r.convergence.fractionWithin).toBeGreaterThan(0.8);
    expect(r.convergence.maxRelativeError).toBeLessThan(0.15);
    expect(r.recognition.correct).toBe(r.recognition.guaranteedCases);
    expect(r.recognition.strayFirings).toBe(0);
  });
});
