// The compile report: per-core utilization (used / max per resource, as isa counts it), the
// quantization summary (per projection weight LSB, saturations, flushes; every derived register
// with its error), placement traffic and stage timings. Plain JSON-ready data; no printing.
import type { ChipImage } from "../../isa/index.ts";
import type { QuantizationRecord } from "../check/checked.ts";
import type { DiscretizeResult, WeightQuantization } from "../discretize/index.ts";
import type { NetworkIR } from "../lower/index.ts";
import type { Placement } from "../place/index.ts";
import type { Routing, Traffic } from "../route/index.ts";

export interface CoreReport {
  index: number;
  chip: number;
  tile: [number, number];
  /** Population slices on the core, e.g. "hid[0..512)". */
  holds: string[];
  utilization: Record<string, [number, number]>;
}

export interface RegisterQuantization {
  what: string;
  exact: number;
  value: number;
  error: number;
  relError: number;
  from: Record<string, string>;
  /** Source location "file:line:col". */
  at: string;
}

export interface CompileReport {
  name: string;
  profile: string;
  chips: number;
  neurons: number;
  synapses: number;
  cores: CoreReport[];
  quantization: { projections: WeightQuantization[]; registers: RegisterQuantization[] };
  traffic: Traffic | null;
  /** Population fill order and the number of placement passes. */
  placement: { order: string[]; passes: number } | null;
  /** Milliseconds per stage. */
  timesMs: Record<string, number>;
}

function register(q: QuantizationRecord): RegisterQuantization {
  return {
    what: q.what,
    exact: q.exact,
    value: q.value,
    error: q.error,
    relError: q.relError,
    from: q.from,
    at: `${q.span.file}:${q.span.line}:${q.span.col}`,
  };
}

export function buildReport(x: {
  profile: string;
  times: Record<string, number>;
  ir?: NetworkIR;
  disc?: DiscretizeResult;
  placement?: Placement;
  routing?: Routing;
  image?: ChipImage;
}): CompileReport {
  const { ir, placement: pl, image } = x;
  const cores: CoreReport[] =
    image && pl && ir
      ? image.cores.map((c, i) => ({
          index: c.index,
          chip: c.chip,
          tile: [c.tileX, c.tileY],
          holds: pl.cores[i]!.members.map(
            (m) => `${ir.populations[m.pop]!.name}[${m.lo}..${m.hi})`,
          ),
          utilization: c.utilization,
        }))
      : [];
  return {
    name: ir?.name ?? "",
    profile: x.profile,
    chips: image?.chips ?? 0,
    neurons: ir?.populations.reduce((s, p) => s + (p.source ? 0 : p.size), 0) ?? 0,
    synapses: ir?.projections.reduce((s, p) => s + p.count, 0) ?? 0,
    cores,
    quantization: {
      projections: x.disc?.summary ?? [],
      registers: (x.disc?.quantization ?? ir?.quantization ?? []).map(register),
    },
    traffic: x.routing?.traffic ?? null,
    placement:
      pl && ir ? { order: pl.order.map((i) => ir.populations[i]!.name), passes: pl.passes } : null,
    timesMs: x.times,
  };
}
