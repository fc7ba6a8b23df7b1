// The report page: deterministic bytes, self-contained (no network references), every section
// present for a full run, clear notes for a run without probes, and unique SVG ids across
// charts so inline gradients and clip paths cannot collide.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../cli/report/build-report.ts";
import {
  coreStepHeatmapSpec,
  energyBarsSpec,
  phaseBarsSpec,
  slowestCore,
} from "../../cli/report/charts/core-bars.ts";
import { plotSvg } from "../../cli/report/plot.ts";
import { compactSvg, mergeSymbolMarks, namespaceIds } from "../../cli/report/render-svg.ts";
import type { StepData } from "../../cli/report/run-data.ts";
import { fixtureRunData } from "./fixture-run-data.ts";

/** Per-step data of `steps` steps in rows of `every` with the given per-core cycles (chip-wide
 *  columns zero). */
function perStep(steps: number, every: number, coreCycles: Float64Array): StepData {
  const rows = Math.ceil(steps / every);
  const zeros = () => new Float64Array(rows);
  return {
    rows,
    every,
    steps,
    chipCycles: zeros(),
    energyPj: zeros(),
    spikes: zeros(),
    coreCycles,
  };
}

describe("buildReport", () => {
  it("gives the same bytes for the same run data", async () => {
    const a = await buildReport(fixtureRunData());
    const b = await buildReport(fixtureRunData());
    expect(a).toBe(b);
  });

  it("is self-contained: no external scripts, styles, images or fetches", async () => {
    const html = await buildReport(fixtureRunData());
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/fetch\(|XMLHttpRequest|import\(/);
  });

  it("has every section and the chip map in three colourings", async () => {
    const html = await buildReport(fixtureRunData());
    for (const id of [
      "summary",
      "chip",
      "cores",
      "spikes",
      "traces",
      "weights",
      "learning",
      "compile",
    ]) {
      expect(html).toContain(`<section id="${id}">`);
    }
    for (const v of ["energy", "cycles", "utilization"])
      expect(html).toContain(`data-variant="${v}"`);
    // Program names are escaped, not injected.
    expect(html).toContain("fixture &lt;net&gt;");
    expect(html).not.toContain("fixture <net>");
    expect(html).toContain("Spike raster: exc");
    expect(html).toContain("Weight evolution: in-&gt;exc");
    expect(html).toContain("<h3>Weights per projection</h3>");
    expect(html).toContain("<th>saturated</th>");
    expect(html).toContain("tau_v=20 ms, dt=1 ms");
  });

  it("counts the weights at their format's ends when the probe gives the range", async () => {
    const run = fixtureRunData();
    const w = run.weights[0]!;
    // The fixture's last snapshot lies in 25..65: a range of 30..60 puts its tails at the ends.
    w.limits = { min: 30, max: 60 };
    const last = Array.from(w.values.subarray((w.steps.length - 1) * w.width));
    const ends = last.filter((v) => v <= 30 || v >= 60).length;
    expect(ends).toBeGreaterThan(0);
    expect(ends).toBeLessThan(w.width);
    const html = await buildReport(run);
    expect(html).toContain(`${ends} of the last snapshot at the format's ends (30, 60)`);
    // Without the range (older run directories) the chart claims nothing.
    expect(await buildReport(fixtureRunData())).not.toContain("at the format");
  });

  it("says what a run without probes, evaluation or compile report lacks", async () => {
    const run = fixtureRunData({ withProbes: false });
    const html = await buildReport(run);
    expect(html).toContain("No spike probes in this run.");
    expect(html).toContain("No state probes in this run.");
    expect(html).toContain("No weight probes of plastic projections in this run.");
    expect(html).toContain("No compile report given");
    expect(html).not.toContain('<section id="learning">');
    expect(html).toContain("Chip map: energy");
  });

  it("shows a run that counted no cycles or energy (reference model) by utilization only", async () => {
    const run = fixtureRunData();
    run.meta.model = "reference";
    for (const c of run.cores) {
      for (const k of Object.keys(c.cycles) as (keyof typeof c.cycles)[]) c.cycles[k] = 0;
      for (const k of Object.keys(c.energyPj) as (keyof typeof c.energyPj)[]) c.energyPj[k] = 0;
    }
    const html = await buildReport(run);
    expect(html).toContain("The reference model counts no cycles or energy.");
    expect(html).toContain("none counted (the reference model does not count them)");
    expect(html).toContain('data-variant="utilization"');
    expect(html).not.toContain('data-variant="energy"');
    expect(html).not.toContain("Cycles per core and step phase");
    expect(html).not.toContain("the slowest core");
  });

  it("says when a probe took no sample instead of drawing an empty chart", async () => {
    const run = fixtureRunData();
    const w = run.weights[0];
    if (!w) throw new Error("fixture has a weight probe");
    run.weights[0] = { ...w, steps: new Float64Array(0), values: new Float64Array(0) };
    const html = await buildReport(run);
    expect(html).toContain(
      `The weight probe of in-&gt;exc took no snapshot in ${run.meta.steps} steps.`,
    );
    expect(html).not.toContain("Weight histogram");
  });

  it("says when NoC link load was not recorded", async () => {
    const run = fixtureRunData();
    run.links = null;
    expect(await buildReport(run)).toContain("NoC link load not recorded in this run");
  });

  it("keeps every SVG id unique on the page", async () => {
    const html = await buildReport(fixtureRunData());
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("slowestCore", () => {
  it("picks the core that set the step time most often", () => {
    const run = fixtureRunData({ steps: 3 });
    const n = run.cores.length;
    const cc = new Float64Array(3 * n);
    // steps 1 and 2: core slot 2 is slowest; step 3: slot 0.
    cc[0 * n + 2] = 50;
    cc[1 * n + 2] = 60;
    cc[2 * n + 0] = 70;
    run.perStep = perStep(3, 1, cc);
    expect(slowestCore(run)).toEqual({ core: run.cores[2]?.core, why: "slowest in 2 of 3 steps" });
  });

  it("does not count wins over rows that sum several steps (the largest single step decides)", () => {
    const run = fixtureRunData({ steps: 6 });
    const n = run.cores.length;
    // Two rows of 3 steps: slot 2 has the most cycles in both, but which core set each step's
    // time is not in a sum, so the largest single step decides.
    const cc = new Float64Array(2 * n);
    cc[0 * n + 2] = 500;
    cc[1 * n + 2] = 600;
    run.perStep = perStep(6, 3, cc);
    run.cores.forEach((c, i) => {
      c.maxStepCycles = i === 1 ? 999 : 10;
    });
    expect(slowestCore(run)).toEqual({
      core: run.cores[1]?.core,
      why: "largest single step: 999 cycles",
    });
  });

  it("draws rows that sum several steps as their mean step, the last row by its own length", () => {
    const run = fixtureRunData({ steps: 10 });
    const n = run.cores.length;
    // Rows of 4 steps over 10 steps: steps 1-4, 5-8, 9-10. Core slot 0: 400, 800, 100 cycles.
    const cc = new Float64Array(3 * n);
    cc[0 * n] = 400;
    cc[1 * n] = 800;
    cc[2 * n] = 100;
    run.perStep = perStep(10, 4, cc);
    const spec = coreStepHeatmapSpec(run) as unknown as {
      title: { subtitle: string };
      data: { values: { t0: number; t1: number; core: string; cycles: number }[] };
    };
    const core0 = spec.data.values.filter((v) => v.core === `core ${run.cores[0]?.core}`);
    expect(core0.map((v) => [v.t0, v.t1, v.cycles])).toEqual([
      [1, 5, 100],
      [5, 9, 200],
      [9, 11, 50],
    ]);
    expect(spec.title.subtitle).toContain("mean cycles per step in bins of 4 steps");
  });

  it("falls back to the largest single step without per-step data", () => {
    const run = fixtureRunData();
    run.perStep = null;
    run.cores.forEach((c, i) => {
      c.maxStepCycles = i === 3 ? 999 : 10;
    });
    expect(slowestCore(run)).toEqual({
      core: run.cores[3]?.core,
      why: "largest single step: 999 cycles",
    });
  });
});

describe("namespaceIds", () => {
  it("renumbers ids and their references under a prefix", () => {
    const svg =
      '<svg><defs><linearGradient id="g7"/><clipPath id="clip3"/></defs><rect fill="url(#g7)" clip-path="url(#clip3)"/><use href="#g7"/></svg>';
    expect(namespaceIds(svg, "c2")).toBe(
      '<svg><defs><linearGradient id="c2-0"/><clipPath id="c2-1"/></defs><rect fill="url(#c2-0)" clip-path="url(#c2-1)"/><use href="#c2-0"/></svg>',
    );
  });
});

describe("SVG compaction", () => {
  it("rounds coordinates in transform and d, not in text", () => {
    expect(
      compactSvg(
        '<g transform="translate(7.253333333333334,66)"><path d="M0.123456,-0.0001h2"/><text>0.333333</text></g>',
      ),
    ).toBe('<g transform="translate(7.25,66)"><path d="M0.12,0h2"/><text>0.333333</text></g>');
  });

  it("merges an unlabelled layer of identical symbols into one path", () => {
    const g = (body: string) =>
      `<g class="mark-symbol role-mark marks" aria-hidden="true">${body}</g>`;
    const sym = (x: number, y: number, fill = "#222") =>
      `<path transform="translate(${x},${y})" d="M-1,-1h2v2h-2Z" fill="${fill}"/>`;
    expect(mergeSymbolMarks(g(sym(5, 6) + sym(10.5, 2)))).toBe(
      g('<path d="M4,5h2v2h-2ZM9.5,1h2v2h-2Z" fill="#222"/>'),
    );
    // Different styles stay separate marks.
    const mixed = g(sym(5, 6) + sym(1, 1, "red"));
    expect(mergeSymbolMarks(mixed)).toBe(mixed);
  });
});

describe("chip map", () => {
  it("draws every core slot of a two-chip board, each with its number on hover", async () => {
    const run = fixtureRunData();
    run.meta.chips = 2;
    const svg = await plotSvg(run, { what: "chip" });
    // 2 chips x 32 tiles x 4 cores = 256 slots: the 5 used cores and 251 unused ones.
    expect(svg.match(/<path aria-label="core: \d+;/g)?.length).toBe(5);
    expect(svg.match(/<path aria-label="unused core: \d+;/g)?.length).toBe(251);
    expect(svg).toContain('aria-label="unused core: 255; tile: chip 1 tile (7,3)"');
    // Standalone SVG: every labelled mark carries a <title> tooltip.
    expect(svg).toContain("<title>core: 43; tile: chip 0 tile (2,1); energy pJ (estimate): ");
    expect(svg).toContain("holds: exc[0..53)");
  });
});

describe("many cores", () => {
  it("draws the 64 busiest of 200 cores and says so", () => {
    const run = fixtureRunData({ withProbes: false });
    const proto = run.cores[0];
    if (!proto) throw new Error("fixture has cores");
    run.cores = Array.from({ length: 200 }, (_, i) => ({
      ...proto,
      core: i,
      tileX: Math.floor(i / 4) % 8,
      tileY: Math.floor(i / 32) % 4,
      chip: Math.floor(i / 128),
      coreInTile: i % 4,
      // Core i is busier than core i - 1: the busiest 64 are cores 136..199.
      cycles: { ...proto.cycles, update: i * 10 },
    }));
    run.perStep = null;
    const spec = phaseBarsSpec(run) as unknown as {
      title: { subtitle: string };
      data: { values: { idx: number }[] };
    };
    expect(spec.title.subtitle).toContain("; showing the 64 busiest of 200 cores");
    const shown = [...new Set(spec.data.values.map((v) => v.idx))];
    expect(shown).toEqual(Array.from({ length: 64 }, (_, k) => 136 + k));
    const energy = energyBarsSpec(run) as unknown as { title: { subtitle: string } };
    expect(energy.title.subtitle).toContain("; showing the 64 most energetic of 200 cores");
  });
});
