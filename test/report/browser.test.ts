// The report in a real browser: headless Chromium opens the generated HTML, every chart has an
// SVG with drawn data marks, nothing is logged as an error, nothing is fetched, the chip-map
// switch and the hover tooltip work, and a screenshot is written. Skipped (saying why) only
// when /usr/bin/chromium is absent on a developer machine; in CI (CI set) it always runs.
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../cli/report/build-report.ts";
import { loadCompileReport } from "../../cli/report/load-compile-report.ts";
import { loadRunDir } from "../../cli/report/load-run-dir.ts";
import { CHROMIUM, type OpenedReport, openReport } from "./browser.ts";
import { fixtureRunData } from "./fixture-run-data.ts";
import { makeRealRun } from "./real-run.ts";

const skip = !existsSync(CHROMIUM) && !process.env.CI;
const why = `skipped: ${CHROMIUM} not found and CI is not set (install the chromium package to run it)`;
if (skip) console.warn(`browser test ${why}`);

describe.skipIf(skip)(skip ? `report in Chromium (${why})` : "report in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "snn-report-"));
  const file = join(dir, "report.html");
  let r: OpenedReport;

  beforeAll(async () => {
    writeFileSync(file, await buildReport(fixtureRunData()));
    r = await openReport(file);
  });
  afterAll(async () => {
    await r?.close();
  });

  it("renders every chart as an SVG with data marks", async () => {
    const charts = await r.page.$$eval(".chart", (els) =>
      els.map((el) => ({
        id: el.id,
        svgs: el.querySelectorAll("svg").length,
        marks: el.querySelectorAll("g.role-mark > *").length,
      })),
    );
    // 3 chip maps, phases, energy, per-core heatmap, step time, raster, trace, 2 weights,
    // learning curve, utilization.
    expect(charts.length).toBe(13);
    for (const c of charts) {
      expect(c.svgs, c.id).toBe(1);
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
  });

  it("logs no errors and fetches nothing", () => {
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([]);
  });

  it("switches the chip map colouring", async () => {
    const visible = () =>
      r.page.$$eval("#chip-map .variant", (els) =>
        els.filter((e) => !e.hasAttribute("hidden")).map((e) => e.getAttribute("data-variant")),
      );
    expect(await visible()).toEqual(["energy"]);
    await r.page.click('#chip-map button[data-variant="cycles"]');
    expect(await visible()).toEqual(["cycles"]);
    await r.page.click('#chip-map button[data-variant="energy"]');
  });

  it("shows a core's numbers on hover", async () => {
    const core = r.page
      .locator('#chip-map-energy [role=graphics-symbol][aria-label^="core: "]')
      .first();
    await core.hover();
    const tip = await r.page.$eval("#tip", (t) => ({
      style: t.getAttribute("style") ?? "",
      text: t.textContent,
    }));
    expect(tip.style).toContain("display: block");
    expect(tip.text).toMatch(/^core: \d+tile: chip 0 tile/);
    expect(tip.text).toContain("energy pJ (estimate): ");
  });

  it("takes a full-page screenshot", async () => {
    const png = join(dir, "report.png");
    await r.page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(50_000);
  });
});

describe.skipIf(skip)(
  skip ? `real run report in Chromium (${why})` : "real run report in Chromium",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "snn-report-real-"));
    const file = join(dir, "report.html");
    let r: OpenedReport;

    beforeAll(async () => {
      const real = await makeRealRun(dir, 300);
      const run = loadRunDir(real.runDir);
      run.compile = loadCompileReport(real.compileJson);
      writeFileSync(file, await buildReport(run));
      r = await openReport(file);
    });
    afterAll(async () => {
      await r?.close();
    });

    it("renders every chart with data marks, without errors or fetches", async () => {
      const charts = await r.page.$$eval(".chart", (els) =>
        els.map((el) => ({ id: el.id, marks: el.querySelectorAll("g.role-mark > *").length })),
      );
      // At least the three chip maps, phases, energy, step time and utilization.
      expect(charts.length).toBeGreaterThanOrEqual(7);
      for (const c of charts) expect(c.marks, c.id).toBeGreaterThan(0);
      expect(r.errors).toEqual([]);
      expect(r.requests).toEqual([]);
    });
  },
);
