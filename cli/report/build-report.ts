// Builds the run report: RunData in, one self-contained HTML string out. Every chart is
// rendered to SVG here, in a fixed order with fixed id prefixes, so the same RunData always
// gives the same bytes. Parts a run did not record get a sentence instead of a chart. It reads
// and writes no files; the CLI does.
import type { TopLevelSpec } from "vega-lite";
import { alignmentSpec } from "./charts/alignment.ts";
import { CHIP_METRICS, chipMapSpec } from "./charts/chip-map.ts";
import { compileFacts, quantizationTables, utilizationSpec } from "./charts/compile-report.ts";
import {
  coreStepHeatmapSpec,
  energyBarsSpec,
  formatPj,
  phaseBarsSpec,
  stepTimeSpec,
} from "./charts/core-bars.ts";
import { learningCurveSpec } from "./charts/learning-curve.ts";
import { rasterSpec } from "./charts/raster.ts";
import { traceSpec } from "./charts/traces.ts";
import { weightEvolutionSpec, weightHistogramSpec } from "./charts/weights.ts";
import { escapeHtml, fmtNum } from "./html-util.ts";
import { type Block, pageHtml, type Section } from "./page.ts";
import { renderSvg } from "./render-svg.ts";
import { type RunData, runHasCosts } from "./run-data.ts";

/** Renders specs in order, numbering their id prefixes c1, c2, ... */
class Renderer {
  private n = 0;
  async chart(spec: TopLevelSpec): Promise<Block> {
    const id = `c${++this.n}`;
    return { kind: "chart", id, svg: await renderSvg(spec, id) };
  }
  async svg(spec: TopLevelSpec): Promise<{ id: string; svg: string }> {
    const id = `c${++this.n}`;
    return { id, svg: await renderSvg(spec, id) };
  }
}

const note = (text: string): Block => ({
  kind: "html",
  html: `<p class="note">${escapeHtml(text)}</p>`,
});

function summaryTable(run: RunData): Block {
  const m = run.meta;
  const rows: [string, string][] = [
    ["program", m.program],
    ["chip profile", `${m.profile} (${m.chips} chip(s), mesh ${m.mesh.width} x ${m.mesh.height})`],
    ["cost table", `${m.costProfile} (energies are estimates)`],
    ["emulator model", m.model],
    ["steps", fmtNum(m.steps)],
    ["seed", String(m.seed)],
    ["cores used", String(run.cores.length)],
  ];
  const c = run.chip;
  if (c && !runHasCosts(run)) {
    rows.push(["cycles and energy", `none counted (the ${m.model} model does not count them)`]);
  } else if (c) {
    rows.push(
      ["cycles per step (mean)", fmtNum(c.cyclesPerStep, 1)],
      ["largest step", `${fmtNum(c.maxStepCycles)} cycles`],
      [
        "time per step",
        `${fmtNum(c.timePerStepNs, 1)} ns (nominal clock ${fmtNum(m.clockMhz)} MHz)`,
      ],
      ["barrier per step", `${fmtNum(c.barrierCyclesPerStep)} cycles`],
      ["energy per step", formatPj(c.energyPerStepPj)],
      ["energy total", formatPj(c.energyTotalPj)],
      ["NoC contention", `${fmtNum(c.nocContentionCycles)} cycles waited`],
    );
  }
  const body = rows
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("");
  const notes = run.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("");
  return {
    kind: "html",
    html: `<table class="summary">${body}</table>${notes ? `<ul class="note">${notes}</ul>` : ""}`,
  };
}

/** The report page for one run. */
export async function buildReport(run: RunData): Promise<string> {
  const r = new Renderer();
  const sections: Section[] = [];
  sections.push({ id: "summary", title: "Summary", blocks: [summaryTable(run)] });

  const costs = runHasCosts(run);
  const variants: { name: string; svg: string }[] = [];
  // A run that counted no cycles or energy is coloured by utilization only.
  for (const metric of costs ? CHIP_METRICS : (["utilization"] as const)) {
    variants.push({ name: metric, svg: (await r.svg(chipMapSpec(run, metric))).svg });
  }
  sections.push({
    id: "chip",
    title: "Chip map",
    blocks: [{ kind: "switch", id: "chip-map", label: "colour by:", variants }],
  });

  const coreBlocks: Block[] = [];
  if (run.cores.length === 0) coreBlocks.push(note("The run used no cores."));
  else if (!costs) {
    coreBlocks.push(note(`The ${run.meta.model} model counts no cycles or energy.`));
  } else {
    coreBlocks.push(await r.chart(phaseBarsSpec(run)), await r.chart(energyBarsSpec(run)));
    const heat = coreStepHeatmapSpec(run);
    if (heat) coreBlocks.push(await r.chart(heat));
    const st = stepTimeSpec(run);
    if (st) coreBlocks.push(await r.chart(st));
    else coreBlocks.push(note("Per-step figures were not recorded in this run."));
  }
  sections.push({ id: "cores", title: "Cores: cycles and energy", blocks: coreBlocks });

  const spikeBlocks: Block[] = [];
  for (const ras of run.rasters) spikeBlocks.push(await r.chart(rasterSpec(ras, run.meta.steps)));
  if (spikeBlocks.length === 0) spikeBlocks.push(note("No spike probes in this run."));
  sections.push({ id: "spikes", title: "Spike rasters", blocks: spikeBlocks });

  const traceBlocks: Block[] = [];
  for (const tr of run.traces) {
    if (tr.steps.length === 0) {
      traceBlocks.push(
        note(`The probe of ${tr.population}.${tr.what} took no sample in ${run.meta.steps} steps.`),
      );
    } else traceBlocks.push(await r.chart(traceSpec(tr)));
  }
  if (traceBlocks.length === 0) traceBlocks.push(note("No state probes in this run."));
  sections.push({ id: "traces", title: "State traces", blocks: traceBlocks });

  const weightBlocks: Block[] = [];
  for (const w of run.weights) {
    if (w.steps.length === 0) {
      weightBlocks.push(
        note(`The weight probe of ${w.projection} took no snapshot in ${run.meta.steps} steps.`),
      );
    } else {
      weightBlocks.push(
        await r.chart(weightHistogramSpec(w)),
        await r.chart(weightEvolutionSpec(w)),
      );
    }
  }
  if (weightBlocks.length === 0)
    weightBlocks.push(note("No weight probes of plastic projections in this run."));
  if (run.alignment) {
    const { b, w, over } = run.alignment;
    weightBlocks.push(
      over.some((p) => Number.isFinite(p.cosine))
        ? await r.chart(alignmentSpec(over, b, w))
        : note(`The probes of ${b} and ${w} share no sampled step with nonzero weights.`),
    );
  }
  sections.push({ id: "weights", title: "Weights", blocks: weightBlocks });

  if (run.learningCurve && run.learningCurve.points.length > 0) {
    sections.push({
      id: "learning",
      title: "Learning curve",
      blocks: [await r.chart(learningCurveSpec(run.learningCurve))],
    });
  }

  const compileBlocks: Block[] = [];
  if (run.compile) {
    compileBlocks.push({ kind: "html", html: compileFacts(run.compile) });
    if (run.compile.cores.length > 0)
      compileBlocks.push(await r.chart(utilizationSpec(run.compile)));
    compileBlocks.push({
      kind: "html",
      html: quantizationTables(run.compile),
    });
  } else {
    compileBlocks.push(
      note("No compile report given (snn report ... --compile-report FILE.json)."),
    );
  }
  sections.push({ id: "compile", title: "Compile report", blocks: compileBlocks });

  const m = run.meta;
  return pageHtml(
    `snn run report: ${m.program}`,
    `${m.profile} / ${m.costProfile}, ${m.model} model, ${m.steps} steps, seed ${m.seed}`,
    sections,
  );
}
