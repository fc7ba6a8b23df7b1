// The report on a real run (real-run.ts: a program compiled and run, its run directory and
// compile report written by the CLI's own writers): the adapter must read both, agree with the
// emulator's own statistics, and the report must show every part the run recorded.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../cli/report/build-report.ts";
import { loadCompileReport } from "../../cli/report/load-compile-report.ts";
import { loadRunDir } from "../../cli/report/load-run-dir.ts";
import { coreBusyCycles, coreEnergy } from "../../cli/report/run-data.ts";
import { makeRealRun } from "./real-run.ts";

describe("report of a real emulator run", async () => {
  const dir = mkdtempSync(join(tmpdir(), "snn-real-run-"));
  const { result, report, runDir, compileJson } = await makeRealRun(dir, 400);
  const run = loadRunDir(runDir);
  run.compile = loadCompileReport(compileJson);

  it("reads every core with the emulator's own totals", () => {
    expect(run.meta.program).toBe(result.name);
    expect(run.meta.steps).toBe(400);
    expect(run.cores.map((c) => c.core)).toEqual(result.stats.cores.map((c) => c.core));
    result.stats.cores.forEach((s, i) => {
      const c = run.cores[i];
      if (!c) throw new Error(`core ${s.core} missing`);
      expect(coreBusyCycles(c)).toBe(s.cycles.total);
      expect(coreEnergy(c)).toBeCloseTo(s.energyPj, 6);
      expect([c.tileX, c.tileY]).toEqual(s.tile);
    });
    expect(run.perStep?.steps).toBe(400);
    expect(run.links).not.toBeNull();
  });

  it("reads the probes and the evaluation the run recorded", () => {
    expect(run.rasters.map((r) => r.population)).toEqual(
      result.spikes.map((s) => s.population).sort(),
    );
    const spikes = run.rasters.reduce((s, r) => s + r.index.length, 0);
    expect(spikes).toBe(result.spikes.reduce((s, r) => s + r.index.length, 0));
    expect(run.weights.length + run.traces.length).toBe(result.sampled.length);
    expect(run.learningCurve !== null).toBe(
      result.evaluation !== null || result.predictions.length > 0,
    );
  });

  it("reads the compile report's cores and quantization", () => {
    expect(run.compile?.cores.map((c) => c.core)).toEqual(report.cores.map((c) => c.index));
    expect(run.compile?.quantization.map((q) => q.title)).toEqual([
      "Weights per projection",
      "Derived registers",
    ]);
  });

  it("builds a report with a chart for each recorded part", async () => {
    const html = await buildReport(run);
    expect(html).toContain(`snn run report: ${result.name}`);
    for (const r of run.rasters) expect(html).toContain(`Spike raster: ${r.population}`);
    expect(html).toContain("Utilization per core (compile report)");
  });
});
