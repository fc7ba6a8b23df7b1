// F: LASSO by spiking LCA (programs/lca/lasso.snn) on the bit-exact emulator, scored against
// FISTA on the same seeded problem: the rate code's objective is within 1 % of the exact
// solver's in the program's 2000 steps, its support is exactly the true support, with about 200
// spikes and fewer synaptic events than the solver's multiply-accumulates.
import { describe, expect, it } from "vitest";
import { scoreLasso } from "../../programs/lca/measure.ts";
import { compileProgram, runImage, spikesOf } from "./run-program.ts";

describe("lca/lasso.snn", () => {
  const r = runImage(compileProgram("lca/lasso.snn"));
  const s = scoreLasso(spikesOf(r, "lca"), r.meta.steps);

  it("runs 2000 steps and reaches FISTA's objective within 1 %", () => {
    expect(r.meta.steps).toBe(2000);
    expect(s.gap).toBeGreaterThanOrEqual(-1e-9); // no code beats the exact optimum
    expect(s.gap).toBeLessThan(0.01);
    expect(s.firstWithin1pct).not.toBeNull();
  });
  it("finds exactly the true support", () => {
    expect(s.support).toEqual([25, 35, 63, 64, 70, 117]);
    expect(s.exactSupport).toBe(true);
  });
  it("uses about 200 spikes and fewer synaptic events than FISTA's MACs", () => {
    expect(s.spikes).toBeGreaterThan(120);
    expect(s.spikes).toBeLessThan(300);
    expect(r.stats.totals.synOps).toBeLessThan(s.fistaMacsTo1pct);
  });
});
