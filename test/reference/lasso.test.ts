// Algorithm F reference: FISTA solves the non-negative LASSO exactly (KKT conditions hold) and the
// float LCA reaches its objective within 1 % in <= 2000 steps with the same, true support.
import { describe, expect, it } from "vitest";
import { supportOf, supportRecovery } from "../../cli/eval/sparse-coding.ts";
import { lassoProgramFiles, makeLassoProblem } from "./lasso-problem.ts";
import { fista, kktViolation, lca } from "./lasso-solvers.ts";

describe("LASSO problem generator", () => {
  it("is deterministic, unit-norm and 6-sparse", () => {
    const p = makeLassoProblem();
    const q = makeLassoProblem();
    expect(q.phi.data).toEqual(p.phi.data);
    expect(p.support).toEqual([25, 35, 63, 64, 70, 117]);
    for (let j = 0; j < 128; j++) {
      let norm = 0;
      for (let i = 0; i < 64; i++) norm += p.phi.data[i * 128 + j]! ** 2;
      expect(norm).toBeCloseTo(1, 12);
    }
    expect(makeLassoProblem({ seed: 7 }).phi.data).not.toEqual(p.phi.data);
  });
  it("writes CSV files the program can read back bit for bit", () => {
    const p = makeLassoProblem();
    const files = lassoProgramFiles(p);
    const rows = files["dictionary.csv"]!.trim().split("\n");
    expect(rows).toHaveLength(64);
    expect(rows[3]!.split(",").map(Number)).toEqual(
      Array.from(p.phi.data.subarray(3 * 128, 4 * 128)),
    );
    const lateral = files["lateral.csv"]!.trim().split("\n");
    expect(lateral[5]!.split(",").map(Number)[5]).toBe(0);
    expect(files["signal.csv"]!.trim().split("\n").map(Number)).toEqual(Array.from(p.signal));
  });
});

describe("FISTA and float LCA on the 64x128 problem", () => {
  const p = makeLassoProblem();
  const exact = fista(p.phi, p.signal, p.lambda);
  it("FISTA meets the optimality conditions and finds the true support", () => {
    expect(kktViolation(p.phi, p.signal, exact.a, p.lambda)).toBeLessThan(1e-8);
    expect(supportRecovery(exact.a, p.support, 1e-9).exact).toBe(true);
    // Measured: objective 0.60187, 276 iterations.
    expect(exact.objective).toBeCloseTo(0.6018658762, 8);
    expect(exact.iterations).toBeLessThan(1000);
  });
  it("float LCA is within 1 % of FISTA in <= 2000 steps with the exact support", () => {
    const sol = lca(p.phi, p.signal, p.lambda, { steps: 2000 });
    expect((sol.objective - exact.objective) / exact.objective).toBeLessThan(0.01);
    expect(sol.iterationsToOnePercent).toBeLessThanOrEqual(2000);
    expect(supportOf(sol.a)).toEqual(p.support);
  });
  it("an LCA cut short (20 steps) is not yet within 1 %", () => {
    const sol = lca(p.phi, p.signal, p.lambda, { steps: 20 });
    expect((sol.objective - exact.objective) / exact.objective).toBeGreaterThan(0.01);
  });
});
