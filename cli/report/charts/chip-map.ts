// The chip map: the board's tile mesh (chips side by side along x, as isa/profiles lays out a
// board), each tile's cores coloured by energy, cycles or utilization, and the NoC's directed
// links drawn in the gaps between tiles with width by the messages that crossed them. Builds
// Vega-Lite specs only; it draws nothing and reads no files.
import type { TopLevelSpec } from "vega-lite";
import { fmtNum, markLabel } from "../html-util.ts";
import {
  type CoreRecord,
  coreBusyCycles,
  coreEnergy,
  coreUtilization,
  type RunData,
} from "../run-data.ts";
import { slowestCore } from "./core-bars.ts";

export const CHIP_METRICS = ["energy", "cycles", "utilization"] as const;
export type ChipMetric = (typeof CHIP_METRICS)[number];

/** Short legend titles (the chart title carries the full description). */
const LEGEND_TITLE: Record<ChipMetric, string> = {
  energy: "pJ (estimate)",
  cycles: "cycles",
  utilization: "used / max",
};

const METRIC_TITLE: Record<ChipMetric, string> = {
  energy: "energy (pJ, estimate)",
  cycles: "busy cycles",
  utilization: "utilization (largest used/max)",
};

/** Tile padding inside a unit cell; links are drawn across the 2*PAD gap between tiles. */
const PAD = 0.1;

interface CoreCell {
  core: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** The coloured metric's value. */
  value: number;
  /** Hover text (aria-label). */
  label: string;
}

/** Where a core sits: unit tile cells on global mesh coordinates, cores on a g x g grid. */
function coreBox(meta: RunData["meta"], chip: number, tx: number, ty: number, inTile: number) {
  const g = Math.ceil(Math.sqrt(meta.coresPerTile));
  const gx = chip * meta.mesh.width + tx;
  const span = (1 - 2 * PAD) / g;
  const col = inTile % g;
  const row = Math.floor(inTile / g);
  const x0 = gx + PAD + col * span + span * 0.06;
  const y0 = ty + PAD + row * span + span * 0.06;
  return { x0, x1: x0 + span * 0.88, y0, y1: y0 + span * 0.88 };
}

/** Utilization of a core: the compile report's numbers when given, else the run's own. */
function utilizationOf(run: RunData, c: CoreRecord): number {
  const fromCompile = run.compile?.cores.find((k) => k.core === c.core);
  return coreUtilization(fromCompile?.utilization ?? c.utilization);
}

export function chipMapSpec(run: RunData, metric: ChipMetric): TopLevelSpec {
  const { meta } = run;
  const W = meta.chips * meta.mesh.width;
  const H = meta.mesh.height;
  const cellPx = Math.max(14, Math.min(110, Math.floor(880 / W)));
  const tiles: { x0: number; x1: number; y0: number; y1: number; label: string }[] = [];
  const idle: { x0: number; x1: number; y0: number; y1: number; label: string }[] = [];
  const used = new Set(run.cores.map((c) => c.core));
  for (let chip = 0; chip < meta.chips; chip++) {
    for (let ty = 0; ty < H; ty++) {
      for (let tx = 0; tx < meta.mesh.width; tx++) {
        const gx = chip * meta.mesh.width + tx;
        const tile = `chip ${chip} tile (${tx},${ty})`;
        tiles.push({
          x0: gx + PAD,
          x1: gx + 1 - PAD,
          y0: ty + PAD,
          y1: ty + 1 - PAD,
          label: markLabel([["tile", tile]]),
        });
        for (let k = 0; k < meta.coresPerTile; k++) {
          const core =
            chip * meta.mesh.width * H * meta.coresPerTile +
            (ty * meta.mesh.width + tx) * meta.coresPerTile +
            k;
          if (!used.has(core)) {
            idle.push({
              ...coreBox(meta, chip, tx, ty, k),
              label: markLabel([
                ["unused core", core],
                ["tile", tile],
              ]),
            });
          }
        }
      }
    }
  }
  const cells: CoreCell[] = run.cores.map((c) => {
    const energyPj = coreEnergy(c);
    const cycles = coreBusyCycles(c);
    const utilization = utilizationOf(run, c);
    const value = metric === "energy" ? energyPj : metric === "cycles" ? cycles : utilization;
    const label = markLabel([
      ["core", c.core],
      ["tile", `chip ${c.chip} tile (${c.tileX},${c.tileY})`],
      ["energy pJ (estimate)", fmtNum(energyPj, 1)],
      ["busy cycles", cycles],
      ["utilization", `${(utilization * 100).toFixed(1)}%`],
      ["spikes in / out", `${fmtNum(c.spikesIn)} / ${fmtNum(c.spikesOut)}`],
      ["synaptic ops", c.synOps],
      ["NoC hops", c.nocHops],
    ]);
    const holds = run.compile?.cores.find((k) => k.core === c.core)?.holds ?? [];
    return {
      ...coreBox(meta, c.chip, c.tileX, c.tileY, c.coreInTile),
      core: c.core,
      value,
      label: holds.length > 0 ? `${label}; holds: ${holds.join(", ")}` : label,
    };
  });
  const slow = slowestCore(run);
  const slowCell = cells.filter((c) => slow !== null && c.core === slow.core);
  const links = linkSegments(run);
  const xs = { type: "quantitative" as const, scale: { domain: [0, W], nice: false }, axis: null };
  const ys = { type: "quantitative" as const, scale: { domain: [0, H], nice: false }, axis: null };
  // Hover text is precomputed per mark (vega writes it as the mark's aria-label).
  const described = { description: { field: "label" } };
  const box = (extra: object = {}) => ({
    x: { field: "x0", ...xs },
    x2: { field: "x1" },
    y: { field: "y0", ...ys },
    y2: { field: "y1" },
    ...extra,
  });
  const subtitle = [
    `${meta.profile}: ${meta.chips} chip(s) of ${meta.mesh.width} x ${meta.mesh.height} tiles, ${meta.coresPerTile} cores per tile; ${run.cores.length} cores used`,
    slow ? `red outline: core ${slow.core}, the slowest core (${slow.why})` : "",
    run.links === null
      ? "NoC link load not recorded in this run"
      : links.length === 0
        ? "no message crossed a mesh link (all traffic stayed within tiles)"
        : "links: bar width = messages over that directed link",
  ].filter((s) => s !== "");
  const linkLayer = {
    data: { values: links },
    mark: { type: "rule", color: "#7b3294" },
    encoding: {
      x: { field: "x0", ...xs },
      x2: { field: "x1" },
      y: { field: "y0", ...ys },
      y2: { field: "y1" },
      size: {
        field: "messages",
        type: "quantitative",
        title: "link messages",
        scale: { range: [0.5, Math.max(3, cellPx * 0.12)], zero: true },
      },
      ...described,
    },
  };
  const layers: object[] = [
    {
      data: { values: tiles },
      mark: { type: "rect", fill: "#f4f4f4", stroke: "#999", strokeWidth: 1 },
      encoding: box(described),
    },
    {
      data: { values: idle },
      mark: { type: "rect", fill: "white", stroke: "#ccc", strokeDash: [2, 2] },
      encoding: box(described),
    },
    {
      data: { values: cells },
      mark: { type: "rect", stroke: "#555", strokeWidth: 0.5 },
      encoding: box({
        color: {
          field: "value",
          type: "quantitative",
          title: LEGEND_TITLE[metric],
          scale: { scheme: metric === "utilization" ? "blues" : "oranges", zero: true },
          ...(metric === "utilization" ? { legend: { format: ".0%" } } : {}),
        },
        ...described,
      }),
    },
    {
      data: { values: slowCell },
      mark: { type: "rect", fill: null, stroke: "#d62728", strokeWidth: 2.5, aria: false },
      encoding: box(),
    },
  ];
  // Chip boundaries on a board: a dashed line where one chip's mesh ends and the next begins.
  if (meta.chips > 1) {
    const bounds = Array.from({ length: meta.chips - 1 }, (_, c) => ({
      x: (c + 1) * meta.mesh.width,
    }));
    layers.push({
      data: { values: bounds },
      mark: { type: "rule", color: "#37474f", strokeDash: [6, 3], strokeWidth: 1.5, aria: false },
      encoding: { x: { field: "x", ...xs } },
    });
  }
  // Links sit under the cores (index 2: after tiles and idle cores) only when recorded.
  if (links.length > 0) layers.splice(2, 0, linkLayer);
  if (cellPx >= 60) {
    // Core numbers in white on the darker half of the colour scale, so they stay readable.
    const top = Math.max(0, ...cells.map((c) => c.value));
    const labels = cells.map((c) => ({
      ...c,
      ink: top > 0 && c.value > top * 0.55 ? "white" : "#222",
    }));
    layers.push({
      data: { values: labels },
      mark: { type: "text", fontSize: 9, aria: false },
      encoding: {
        x: { field: "cx", ...xs },
        y: { field: "cy", ...ys },
        text: { field: "core" },
        color: { field: "ink", type: "nominal", scale: null },
      },
      transform: [
        { calculate: "(datum.x0 + datum.x1) / 2", as: "cx" },
        { calculate: "(datum.y0 + datum.y1) / 2", as: "cy" },
      ],
    });
  }
  return {
    title: { text: `Chip map: ${METRIC_TITLE[metric]}`, subtitle },
    width: W * cellPx,
    height: H * cellPx,
    layer: layers,
    resolve: { scale: { color: "independent", size: "independent" } },
  } as TopLevelSpec;
}

/** Directed links as short bars across the gap between neighbouring tiles; the two
 *  directions of a link sit side by side (offset across the link). */
function linkSegments(run: RunData) {
  const out: { x0: number; x1: number; y0: number; y1: number; messages: number; label: string }[] =
    [];
  if (!run.links) return out;
  const off = 0.12;
  for (const l of run.links) {
    const [ax, ay] = l.from;
    const [bx, by] = l.to;
    const label = markLabel([
      ["link", `(${ax},${ay}) -> (${bx},${by})`],
      ["messages", l.messages],
    ]);
    if (ay === by && Math.abs(bx - ax) === 1) {
      const east = bx > ax;
      const xe = Math.max(ax, bx);
      const y = ay + 0.5 + (east ? off : -off);
      out.push({ x0: xe - PAD, x1: xe + PAD, y0: y, y1: y, messages: l.messages, label });
    } else if (ax === bx && Math.abs(by - ay) === 1) {
      const north = by > ay;
      const ye = Math.max(ay, by);
      const x = ax + 0.5 + (north ? off : -off);
      out.push({ x0: x, x1: x, y0: ye - PAD, y1: ye + PAD, messages: l.messages, label });
    }
  }
  return out;
}
