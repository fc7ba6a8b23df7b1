// Place stage: partition populations into cores and put the cores on the tile mesh. Every
// per-core limit of the profile is respected (see partition.ts); output axons are checked after
// partitioning and, when a core's neurons need more routes than it has, the populations on it
// get a lower per-core cap and placement is redone. Deterministic: no randomness, no clocks.
// A program that cannot be placed gets a diagnostic naming resource, numbers, core, projection.
import type { ChipProfile } from "../../isa/index.ts";
import { backendDiagnostic } from "../backend-diagnostics.ts";
import type { CodegenResult } from "../codegen/index.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import type { DiscreteWeights } from "../discretize/index.ts";
import type { NetworkIR } from "../lower/index.ts";
import { buildFanIn, type FanIn } from "./fan-in.ts";
import { type ProjFormat, projectionFormat } from "./formats.ts";
import { type PhysicalCore, populationOrder, snakeCores } from "./order.ts";
import { type LogicalCore, type PartitionFailure, type PopNeeds, partition } from "./partition.ts";

export type { ProjFormat } from "./formats.ts";
export { listBits } from "./formats.ts";
export { hops, type PhysicalCore } from "./order.ts";
export type { LogicalCore, Member } from "./partition.ts";

export interface PlaceOptions {
  /** Largest board to use (default: the profile's board.maxChips). */
  maxChips?: number;
}

export interface Placement {
  chips: number;
  /** Logical core k sits at physical[k]. */
  cores: LogicalCore[];
  physical: PhysicalCore[];
  neuronCore: Int32Array;
  neuronComp: Int32Array;
  formats: ProjFormat[];
  order: number[];
  fanIn: FanIn;
  /** Re-placements made to respect output-axon limits. */
  passes: number;
}

function needsOf(
  ir: NetworkIR,
  cg: CodegenResult,
  diagnostics: Diagnostic[],
): (PopNeeds | undefined)[] {
  return ir.populations.map((pop) => {
    const code = cg.profileOf[pop.index];
    if (!code) return undefined;
    let epoch = 0;
    const traceKeys = new Set<string>();
    for (const p of ir.projections) {
      if (p.postPop !== pop.index || !p.rule) continue;
      const rule = ir.rules[p.rule];
      if (!rule) continue;
      if (epoch !== 0 && rule.epochSteps !== epoch) {
        // A core's learning engine runs one epoch; one population's inputs must share it.
        diagnostics.push(
          backendDiagnostic("B011", p.span, {
            rule: rule.name,
            why: `it learns every ${rule.epochSteps} steps, but another plastic input of \`${pop.name}\` learns every ${epoch}; a core has one learning epoch`,
            hint: "give the rules into one population the same `learn every` period",
          }),
        );
      }
      epoch = epoch === 0 ? rule.epochSteps : epoch;
      const pre = rule.traces.filter((t) => t.slot === "x1" || t.slot === "x2");
      if (pre.length > 0)
        traceKeys.add(pre.map((t) => `${t.slot}:${t.impulse}/${t.decay}`).join(","));
    }
    return {
      profileKey: code.key,
      thresholdKey: code.thresholdKey,
      epoch,
      traceKeys: [...traceKeys],
    };
  });
}

const HINTS: Record<string, string> = {
  "synapse memory (bits)":
    "split the population (fewer neurons per core), lower the weight precision, or use a sparser connector",
  "input axons":
    "one core cannot receive from this many distinct pre neurons; use a sparser connector or split the pre population's fan-in",
  "synapse formats":
    "too many projections with distinct weight formats into one core; merge projections or give them the same weight exp",
  "pre-trace configs":
    "plastic projections into this population use more distinct pre-trace settings than a core holds; share trace impulse and tau",
  "learning epochs": "populations sharing a core must learn with the same epoch",
  "output axons":
    "this core's neurons project to more cores than it has output axons; split the population or make the fan-out more local",
};

function failureDiagnostic(ir: NetworkIR, f: PartitionFailure): Diagnostic {
  const pop = ir.populations[f.pop]!;
  const proj = f.proj >= 0 ? ir.projections[f.proj] : undefined;
  return backendDiagnostic("B005", proj?.span ?? pop.span, {
    resource: f.resource,
    core: f.core,
    used: f.used,
    max: f.max,
    by: proj
      ? ` (neuron ${f.neuron} of \`${pop.name}\`, projection \`${proj.id}\`)`
      : ` (neuron ${f.neuron} of \`${pop.name}\`)`,
    label: proj ? `\`${proj.id}\` needs more than one core holds` : `\`${pop.name}\` does not fit`,
    hint: HINTS[f.resource] ?? "split the population",
  });
}

export function place(
  ir: NetworkIR,
  weights: DiscreteWeights[],
  cg: CodegenResult,
  profile: ChipProfile,
  opts: PlaceOptions = {},
): { placement?: Placement; diagnostics: Diagnostic[] } {
  const formats = ir.projections.map((p, i) =>
    projectionFormat(p, weights[i]!, p.rule ? ir.rules[p.rule] : undefined, profile),
  );
  const early: Diagnostic[] = [];
  const needs = needsOf(ir, cg, early);
  if (early.length > 0) return { diagnostics: early };
  const order = populationOrder(ir);
  const fanIn = buildFanIn(ir);
  const cap = new Int32Array(ir.populations.length).fill(profile.maxCompartments);
  for (let pass = 1; pass <= 8; pass++) {
    const r = partition(ir, order, fanIn, formats, needs, cap, profile);
    if (r.failure) return { diagnostics: [failureDiagnostic(ir, r.failure)] };
    // Output axons: each neuron needs one route per core its spikes reach.
    let over = -1;
    let used = 0;
    for (let c = 0; c < r.cores.length && over < 0; c++) {
      let routes = 0;
      for (const m of r.cores[c]!.members) {
        const off = ir.populations[m.pop]!.offset;
        for (let j = m.lo; j < m.hi; j++) routes += r.routes[off + j]!;
      }
      if (routes > profile.maxOutputAxons) {
        over = c;
        used = routes;
      }
    }
    if (over >= 0) {
      const core = r.cores[over]!;
      if (core.compartments <= 1 || pass === 8) {
        const m = core.members[0]!;
        return {
          diagnostics: [
            failureDiagnostic(ir, {
              resource: "output axons",
              used,
              max: profile.maxOutputAxons,
              pop: m.pop,
              neuron: m.lo,
              proj: ir.projections.findIndex((p) => p.prePop === m.pop),
              core: over,
            }),
          ],
        };
      }
      for (const m of core.members) {
        const shrink = Math.floor(((m.hi - m.lo) * profile.maxOutputAxons) / used);
        cap[m.pop] = Math.max(1, Math.min(cap[m.pop]!, shrink));
      }
      continue;
    }
    const maxChips = Math.min(opts.maxChips ?? profile.board.maxChips, profile.board.maxChips);
    const chips = Math.max(1, Math.ceil(r.cores.length / profile.coresPerChip));
    if (chips > maxChips) {
      const first = ir.populations.find((p) => !p.source) ?? ir.populations[0]!;
      return {
        diagnostics: [
          backendDiagnostic("B007", first.span, {
            need: r.cores.length,
            profile: profile.name,
            max: maxChips * profile.coresPerChip,
            chips: maxChips,
            perChip: profile.coresPerChip,
            hint:
              maxChips < profile.board.maxChips
                ? `allow a larger board (up to ${profile.board.maxChips} chips)`
                : "reduce the network or its precision",
          }),
        ],
      };
    }
    return {
      placement: {
        chips,
        cores: r.cores,
        physical: snakeCores(r.cores.length, chips, profile),
        neuronCore: r.neuronCore,
        neuronComp: r.neuronComp,
        formats,
        order,
        fanIn,
        passes: pass,
      },
      diagnostics: [],
    };
  }
  return { diagnostics: [] };
}
