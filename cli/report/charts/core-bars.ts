// Per-core bars: cycles per step phase (deliver, update, send, learn and the chip-wide barrier)
// and energy per operation kind, plus the chip step time over the run. Also decides which core
// was slowest, since the slowest core sets the chip's step time (chip.md section 8). Builds
// Vega-Lite specs only.
import type { TopLevelSpec } from "vega-lite";
import { ENERGY_KINDS, PHASE_NAMES, type RunData } from "../run-data.ts";
import { fmtNum, markLabel } from "../html-util.ts";
import { envelope } from "../series-budget.ts";

export interface SlowestCore {
  core: number;
  /** Why it is the slowest, in words for a subtitle. */
  why: string;
}

/** The core that set the step time most often (per-step data), else the one with the largest
 *  single step, else the one with the most busy cycles. Ties go to the lowest core index. */
export function slowestCore(run: RunData): SlowestCore | null {
  const cores = run.cores;
  if (cores.length === 0) return null;
  const ps = run.perStep;
  if (ps && ps.coreCycles.length === ps.steps * cores.length && ps.steps > 0) {
    const wins = new Float64Array(cores.length);
    for (let t = 0; t < ps.steps; t++) {
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

export function phaseBarsSpec(run: RunData): TopLevelSpec {
  const rows = run.cores.flatMap((c) =>
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
  return {
    title: {
      text: "Cycles per core and step phase (summed over the run)",
      subtitle: slow
        ? `slowest core: ${slow.core} (${slow.why}); barrier is chip-wide, the same for every core`
        : "no cores",
    },
    width: barWidth(run.cores.length),
    height: 220,
    data: { values: rows },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "core",
        type: "ordinal",
        sort: { field: "idx" },
        title: null,
        axis: { labelAngle: -60 },
      },
      y: { field: "cycles", type: "quantitative", stack: "zero", title: "cycles" },
      color: {
        field: "phase",
        type: "nominal",
        scale: { domain: [...PHASE_NAMES], scheme: "tableau10" },
        title: "phase",
      },
      order: { field: "order" },
      description: { field: "label" },
    },
  } as TopLevelSpec;
}

export function energyBarsSpec(run: RunData): TopLevelSpec {
  const rows = run.cores.flatMap((c) =>
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
  const total = run.cores.reduce(
    (s, c) => s + ENERGY_KINDS.reduce((a, k) => a + c.energyPj[k], 0),
    0,
  );
  return {
    title: {
      text: "Energy per core and operation kind (pJ, estimate)",
      subtitle: `cost table ${run.meta.costProfile}; total ${formatPj(total)} over ${run.meta.steps} steps`,
    },
    width: barWidth(run.cores.length),
    height: 220,
    data: { values: rows },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "core",
        type: "ordinal",
        sort: { field: "idx" },
        title: null,
        axis: { labelAngle: -60 },
      },
      y: { field: "energyPj", type: "quantitative", stack: "zero", title: "energy (pJ)" },
      color: {
        field: "kind",
        type: "nominal",
        scale: { domain: [...ENERGY_KINDS], scheme: "set2" },
        title: "operation",
      },
      order: { field: "order" },
      description: { field: "label" },
    },
  } as TopLevelSpec;
}

/** Chip cycles per step over the run (min/max envelope when there are many steps). */
export function stepTimeSpec(run: RunData): TopLevelSpec | null {
  const ps = run.perStep;
  if (!ps || ps.steps === 0) return null;
  const steps = Int32Array.from({ length: ps.steps }, (_, i) => i + 1);
  const env = envelope(steps, ps.chipCycles, 1, 0, 1000);
  const clock = run.meta.clockMhz > 0 ? `; ${run.meta.clockMhz} MHz nominal clock` : "";
  return {
    title: {
      text: "Chip step time (slowest core + NoC delivery + barrier)",
      subtitle: (env.reduced ? env.note : `all ${ps.steps} steps`) + clock,
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
