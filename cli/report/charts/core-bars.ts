// Per-core bars: cycles per step phase (deliver, update, send, learn and the chip-wide barrier)
// and energy per operation kind, plus the chip step time over the run. Also decides which core
// was slowest, since the slowest core sets the chip's step time (chip.md section 8). Builds
// Vega-Lite specs only.
import type { TopLevelSpec } from "vega-lite";
import { fmtNum, markLabel } from "../html-util.ts";
import {
  coreBusyCycles,
  coreEnergy,
  ENERGY_KINDS,
  PHASE_NAMES,
  type RunData,
  rowSteps,
  runHasCosts,
} from "../run-data.ts";
import { envelope } from "../series-budget.ts";

export interface SlowestCore {
  core: number;
  /** Why it is the slowest, in words for a subtitle. */
  why: string;
}

/** The core that set the step time most often (per-step data, one row per step), else the one
 *  with the largest single step, else the one with the most busy cycles. Ties go to the lowest
 *  core index. Rows that sum several steps cannot say which core set each step's time. */
export function slowestCore(run: RunData): SlowestCore | null {
  const cores = run.cores;
  if (cores.length === 0 || !runHasCosts(run)) return null;
  const ps = run.perStep;
  if (ps && ps.every === 1 && ps.coreCycles.length === ps.rows * cores.length && ps.rows > 0) {
    const wins = new Float64Array(cores.length);
    for (let t = 0; t < ps.rows; t++) {
      let best = 0;
      for (let i = 1; i < cores.length; i++) {
        if (
          (ps.coreCycles[t * cores.length + i] as number) >
          (ps.coreCycles[t * cores.length + best] as number)
        )
          best = i;
      }
      wins[best] = (wins[best] as number) + 1;
    }
    let b = 0;
    for (let i = 1; i < cores.length; i++) if ((wins[i] as number) > (wins[b] as number)) b = i;
    return {
      core: (cores[b] as RunData["cores"][number]).core,
      why: `slowest in ${wins[b]} of ${ps.steps} steps`,
    };
  }
  const key = (c: RunData["cores"][number]) =>
    c.maxStepCycles ?? c.cycles.deliver + c.cycles.update + c.cycles.send + c.cycles.learn;
  let best = cores[0] as RunData["cores"][number];
  for (const c of cores) if (key(c) > key(best)) best = c;
  const why =
    best.maxStepCycles !== null
      ? `largest single step: ${best.maxStepCycles} cycles`
      : `most busy cycles: ${key(best)}`;
  return { core: best.core, why };
}

function barWidth(n: number): number {
  return Math.max(240, Math.min(900, n * 18));
}

/** Most cores a per-core chart draws; a larger run shows its busiest cores and says so. */
export const MAX_CHART_CORES = 64;

type Core = RunData["cores"][number];

/** The `MAX_CHART_CORES` cores with the largest `key` (ties: lower index), in index order,
 *  with a subtitle note when some were left out. */
export function topCores(
  cores: Core[],
  key: (c: Core) => number,
  what: string,
): { cores: Core[]; note: string } {
  if (cores.length <= MAX_CHART_CORES) return { cores, note: "" };
  const keep = [...cores]
    .sort((a, b) => key(b) - key(a) || a.core - b.core)
    .slice(0, MAX_CHART_CORES)
    .sort((a, b) => a.core - b.core);
  return { cores: keep, note: `; showing the ${MAX_CHART_CORES} ${what} of ${cores.length} cores` };
}

export function phaseBarsSpec(run: RunData): TopLevelSpec {
  const shown = topCores(run.cores, coreBusyCycles, "busiest");
  const rows = shown.cores.flatMap((c) =>
    PHASE_NAMES.map((p, order) => ({
      label: markLabel([
        ["core", c.core],
        ["phase", p],
        ["cycles", c.cycles[p]],
      ]),
      core: `core ${c.core}`,
      idx: c.core,
      phase: p,
      order,
      cycles: c.cycles[p],
    })),
  );
  const slow = slowestCore(run);
  return stackedCoreBars({
    title: "Cycles per core and step phase (summed over the run)",
    subtitle: slow
      ? `slowest core: ${slow.core} (${slow.why}); barrier is chip-wide, the same for every core${shown.note}`
      : "no cores",
    cores: shown.cores.length,
    rows,
    y: { field: "cycles", title: "cycles" },
    color: { field: "phase", domain: PHASE_NAMES, scheme: "tableau10", title: "phase" },
  });
}

export function energyBarsSpec(run: RunData): TopLevelSpec {
  const shown = topCores(run.cores, coreEnergy, "most energetic");
  const rows = shown.cores.flatMap((c) =>
    ENERGY_KINDS.map((k, order) => ({
      label: markLabel([
        ["core", c.core],
        ["operation", k],
        ["energy pJ (estimate)", fmtNum(c.energyPj[k], 1)],
      ]),
      core: `core ${c.core}`,
      idx: c.core,
      kind: k,
      order,
      energyPj: c.energyPj[k],
    })),
  );
  const total = run.cores.reduce((s, c) => s + coreEnergy(c), 0);
  return stackedCoreBars({
    title: "Energy per core and operation kind (pJ, estimate)",
    subtitle: `cost table ${run.meta.costProfile}; total ${formatPj(total)} over ${run.meta.steps} steps${shown.note}`,
    cores: shown.cores.length,
    rows,
    y: { field: "energyPj", title: "energy (pJ)" },
    color: { field: "kind", domain: ENERGY_KINDS, scheme: "set2", title: "operation" },
  });
}

/** One bar per core, stacked by a category (rows carry core, idx, order and label fields). */
function stackedCoreBars(o: {
  title: string;
  subtitle: string;
  cores: number;
  rows: object[];
  y: { field: string; title: string };
  color: { field: string; domain: readonly string[]; scheme: string; title: string };
}): TopLevelSpec {
  return {
    title: { text: o.title, subtitle: o.subtitle },
    width: barWidth(o.cores),
    height: 220,
    data: { values: o.rows },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "core",
        type: "ordinal",
        sort: { field: "idx" },
        title: null,
        axis: { labelAngle: -60 },
      },
      y: { field: o.y.field, type: "quantitative", stack: "zero", title: o.y.title },
      color: {
        field: o.color.field,
        type: "nominal",
        scale: { domain: [...o.color.domain], scheme: o.color.scheme },
        title: o.color.title,
      },
      order: { field: "order" },
      description: { field: "label" },
    },
  } as TopLevelSpec;
}

/** Chip cycles per step over the run (min/max envelope when there are many rows; the mean
 *  step of each row when rows sum several steps). */
export function stepTimeSpec(run: RunData): TopLevelSpec | null {
  const ps = run.perStep;
  if (!ps || ps.rows === 0) return null;
  const first = Int32Array.from({ length: ps.rows }, (_, r) => r * ps.every + 1);
  const perStep = ps.every === 1 ? ps.chipCycles : ps.chipCycles.map((c, r) => c / rowSteps(ps, r));
  const env = envelope(first, perStep, 1, 0, 1000);
  const clock = run.meta.clockMhz > 0 ? `; ${fmtNum(run.meta.clockMhz)} MHz nominal clock` : "";
  const rowNote =
    ps.every === 1
      ? `all ${ps.steps} steps`
      : `mean step of each of ${fmtNum(ps.rows)} rows of ${fmtNum(ps.every)} steps (snn run --series-every)`;
  return {
    title: {
      text: "Chip step time (slowest core + NoC delivery + barrier)",
      subtitle: (env.reduced ? `${rowNote}; ${env.note}` : rowNote) + clock,
    },
    width: 640,
    height: 160,
    data: { values: env.rows },
    layer: [
      ...(env.reduced
        ? [
            {
              mark: { type: "area", opacity: 0.35, color: "#4c78a8" },
              encoding: {
                x: { field: "step", type: "quantitative", title: "step", axis: { format: ",d" } },
                y: { field: "min", type: "quantitative", title: "cycles" },
                y2: { field: "max" },
              },
            },
          ]
        : []),
      {
        mark: { type: "line", color: "#4c78a8", strokeWidth: 1 },
        encoding: {
          x: { field: "step", type: "quantitative", title: "step", axis: { format: ",d" } },
          y: { field: "mean", type: "quantitative", title: "cycles" },
        },
      },
    ],
  } as TopLevelSpec;
}

export function formatPj(pj: number): string {
  if (pj >= 1e6) return `${(pj / 1e6).toFixed(3)} uJ`;
  if (pj >= 1e3) return `${(pj / 1e3).toFixed(3)} nJ`;
  return `${pj.toFixed(1)} pJ`;
}

/** Most time bins of the per-core cycles heatmap. */
const MAX_STEP_BINS = 200;

/** Cycles of each core per step over the run (mean per step in time bins): where the load
 *  sits and which core set the step time when. Null without per-core step figures. */
export function coreStepHeatmapSpec(run: RunData): TopLevelSpec | null {
  const ps = run.perStep;
  const n = run.cores.length;
  if (!ps || ps.rows === 0 || n === 0 || ps.coreCycles.length !== ps.rows * n) return null;
  const shown = topCores(run.cores, coreBusyCycles, "busiest");
  const slot = new Map(run.cores.map((c, i) => [c.core, i]));
  // Bins of whole rows: `per` rows, per * every steps.
  const per = Math.max(1, Math.ceil(ps.rows / MAX_STEP_BINS));
  const rows: {
    t0: number;
    t1: number;
    core: string;
    idx: number;
    cycles: number;
  }[] = [];
  for (const c of shown.cores) {
    const i = slot.get(c.core) as number;
    for (let b = 0; b < ps.rows; b += per) {
      const end = Math.min(ps.rows, b + per);
      let sum = 0;
      for (let t = b; t < end; t++) sum += ps.coreCycles[t * n + i] as number;
      const t0 = b * ps.every + 1;
      const t1 = Math.min(ps.steps, end * ps.every) + 1;
      const cycles = sum / (t1 - t0);
      rows.push({
        t0,
        t1,
        core: `core ${c.core}`,
        idx: c.core,
        cycles,
      });
    }
  }
  const binSteps = per * ps.every;
  const bins =
    binSteps > 1 ? `mean cycles per step in bins of ${fmtNum(binSteps)} steps` : "cycles per step";
  return {
    title: { text: "Cycles per core over the run", subtitle: `${bins}${shown.note}` },
    width: 640,
    height: Math.max(60, Math.min(400, shown.cores.length * 16)),
    data: { values: rows },
    // No per-bin hover labels: up to 64 x 200 bins would add ~130 bytes each to the page.
    mark: { type: "rect", aria: false },
    encoding: {
      x: {
        field: "t0",
        type: "quantitative",
        title: "step",
        axis: { format: ",d" },
        scale: { domain: [1, ps.steps + 1], nice: false },
      },
      x2: { field: "t1" },
      y: { field: "core", type: "ordinal", sort: { field: "idx" }, title: null },
      color: {
        field: "cycles",
        type: "quantitative",
        title: "cycles per step",
        scale: { scheme: "viridis", zero: true },
      },
    },
  } as TopLevelSpec;
}
