// Algorithm B reference (float ST-RSBP-like recurrent SNN). One epoch here; the full-length
// number (algorithms.md asks >= 90 %) is in docs/references.md.
import { describe, expect, it } from "vitest";
import { stRsbpDigits } from "./experiments.ts";

describe("float ST-RSBP-like 64-R100-10 on digits", () => {
  it("learns from spike-train-level host updates in one epoch", () => {
    // 50 steps per sample keep the test short. Measured (seed 1, 1 epoch): 82.85 % test; the
    // untrained network is silent (0 %).
    const r = stRsbpDigits(1, 1, { steps: 50 });
    expect(r.testAccuracy).toBeGreaterThan(0.78);
    expect(r.hostSteps).toBe(1348);
  });
});
