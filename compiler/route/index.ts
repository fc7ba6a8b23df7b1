// Route stage: turn a placement into each core's tables. Input axons: one per (pre neuron,
// destination core), holding that neuron's synapse lists on the core (one run per projection,
// dense when its targets are consecutive compartments). Output axons: per compartment, one
// route (destination core, axon) per core its spikes reach; host sources get the same CSR.
// Also the projection maps (core and slot of every synapse) and the hop-weighted traffic.
import { type ChipProfile, coreLocation, type SynapseFormatImage } from "../../isa/index.ts";
import { backendDiagnostic } from "../backend-diagnostics.ts";
import type { CodegenResult } from "../codegen/index.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import type { DiscreteWeights } from "../discretize/index.ts";
import type { NetworkIR } from "../lower/index.ts";
import { hops, type Placement } from "../place/index.ts";
import { buildCoreLearning, type CoreLearning } from "./learning.ts";
import { orderSynapses, projOf } from "./order-synapses.ts";

export interface RoutedCore {
  logical: number;
  /** Global (physical) core index. */
  index: number;
  compartments: number;
  /** Per compartment: global neuron id. */
  neuronOf: Int32Array;
  inputAxons: number;
  axonStart: Uint32Array;
  /** Per input axon: global id of the pre neuron it carries. */
  axonPre: Int32Array;
  synTarget: Uint16Array;
  synWeight: Int16Array;
  synDelay: Uint8Array;
  synFormat: Uint8Array;
  synTag: Int16Array;
  /** Formats, index 0 reserved. */
  formats: SynapseFormatImage[];
  /** Projection index of each format (-1 for the reserved one). */
  formatProj: number[];
  outStart: Uint32Array;
  routeCore: Uint32Array;
  routeAxon: Uint32Array;
  learning: CoreLearning | null;
}

export interface ProjectionMap {
  core: Int32Array;
  slot: Int32Array;
}

export interface Traffic {
  /** Output-axon routes between cores (a spike of the pre neuron sends one message each). */
  routes: number;
  /** Sum of tile hops over those routes with the chosen placement. */
  hops: number;
  /** The same sum if logical cores were laid out in plain index order (baseline). */
  hopsIndexOrder: number;
  /** Routes from host spike sources (no mesh hops). */
  hostRoutes: number;
}

export interface Routing {
  cores: RoutedCore[];
  /** Per global neuron: CSR of routes (for sources: host routes). */
  routeStart: Uint32Array;
  routeCore: Uint32Array;
  routeAxon: Uint32Array;
  projections: ProjectionMap[];
  traffic: Traffic;
  diagnostics: Diagnostic[];
}

export function route(
  ir: NetworkIR,
  weights: DiscreteWeights[],
  cg: CodegenResult,
  pl: Placement,
  profile: ChipProfile,
): Routing {
  const C = pl.cores.length;
  const { order, coreStart, base } = orderSynapses(ir, pl.neuronCore, C);
  const projections: ProjectionMap[] = ir.projections.map((p) => ({
    core: new Int32Array(p.count),
    slot: new Int32Array(p.count),
  }));
  // Routes gathered as (pre neuron, physical core, axon), one per input axon of the board.
  const rPre: number[] = [];
  const rCore: number[] = [];
  const rAxon: number[] = [];
  const cores: RoutedCore[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let c = 0; c < C; c++) {
    const lc = pl.cores[c]!;
    const phys = pl.physical[c]!;
    const s0 = coreStart[c]!;
    const s1 = coreStart[c + 1]!;
    const n = s1 - s0;
    const synTarget = new Uint16Array(n);
    const synWeight = new Int16Array(n);
    const synDelay = new Uint8Array(n);
    const synFormat = new Uint8Array(n);
    const synTag = new Int16Array(n);
    const axonStartList: number[] = [0];
    const axonPre: number[] = [];
    const formats: SynapseFormatImage[] = [
      {
        weightBits: 8,
        weightExp: 0,
        signMode: "mixed",
        delayBits: 0,
        tagBits: 0,
        rule: -1,
        sparse: false,
      },
    ];
    const formatProj: number[] = [-1];
    const fmtIndex = new Map<number, number>();
    const learning = buildCoreLearning(ir, cg, lc, profile);
    let x = s0;
    while (x < s1) {
      const a = preOf(ir, base, order[x]!);
      let y = x;
      while (y < s1 && preOf(ir, base, order[y]!) === a) y++;
      const axon = axonPre.length;
      axonPre.push(a);
      // Runs of one projection within the axon.
      let u = x;
      while (u < y) {
        const p = projOf(base, order[u]!);
        let v = u;
        while (v < y && projOf(base, order[v]!) === p) v++;
        const pr = ir.projections[p]!;
        const postOff = ir.populations[pr.postPop]!.offset;
        const comp = (s: number) => pl.neuronComp[postOff + pr.post[s - base[p]!]!]!;
        // Targets in ascending compartment order (connectors emit them so; lists may not).
        let sorted = true;
        for (let w = u + 1; w < v && sorted; w++) sorted = comp(order[w]!) >= comp(order[w - 1]!);
        if (!sorted) {
          const run = Array.from(order.subarray(u, v)).sort((s, t) => comp(s) - comp(t) || s - t);
          order.set(run, u);
        }
        let dense = true;
        for (let w = u + 1; w < v && dense; w++)
          dense = comp(order[w]!) === comp(order[w - 1]!) + 1;
        const key = p * 2 + (dense ? 0 : 1);
        let f = fmtIndex.get(key);
        if (f === undefined) {
          const pf = pl.formats[p]!;
          f = formats.length;
          fmtIndex.set(key, f);
          formats.push({
            weightBits: pf.weightBits,
            weightExp: pf.weightExp,
            signMode: pf.signMode,
            delayBits: pf.delayBits,
            tagBits: pf.tagBits,
            rule: learning ? learning.ruleOfProjection(p) : -1,
            sparse: !dense,
          });
          formatProj.push(p);
        }
        const mant = weights[p]!.mant;
        for (let w = u; w < v; w++) {
          const s = order[w]!;
          const k = s - base[p]!;
          const slot = w - s0;
          synTarget[slot] = comp(s);
          synWeight[slot] = mant[k]!;
          synDelay[slot] = pr.delay[k]!;
          synFormat[slot] = f;
          synTag[slot] = pr.tagInit;
          projections[p]!.core[k] = phys.index;
          projections[p]!.slot[k] = slot;
        }
        const clash = learning ? learning.noteAxon(axon, p) : -1;
        if (clash >= 0 && diagnostics.length < 10) {
          const other = ir.projections[clash]!;
          diagnostics.push(
            backendDiagnostic("B011", pr.span, {
              rule: pr.rule ?? "",
              why: `its pre traces differ from those of \`${other.id}\`, which leaves the same neurons for the same core (one pre-trace configuration per input axon)`,
              hint: "give both rules the same pre-trace impulse and tau",
            }),
          );
        }
        u = v;
      }
      rPre.push(a);
      rCore.push(phys.index);
      rAxon.push(axon);
      axonStartList.push(y - s0);
      x = y;
    }
    const neuronOf = new Int32Array(lc.compartments);
    for (const m of lc.members) {
      const off = ir.populations[m.pop]!.offset;
      for (let j = m.lo; j < m.hi; j++) neuronOf[m.compBase + j - m.lo] = off + j;
    }
    cores.push({
      logical: c,
      index: phys.index,
      compartments: lc.compartments,
      neuronOf,
      inputAxons: axonPre.length,
      axonStart: Uint32Array.from(axonStartList),
      axonPre: Int32Array.from(axonPre),
      synTarget,
      synWeight,
      synDelay,
      synFormat,
      synTag,
      formats,
      formatProj,
      outStart: new Uint32Array(lc.compartments + 1),
      routeCore: new Uint32Array(0),
      routeAxon: new Uint32Array(0),
      learning: learning ? learning.finish(axonPre.length) : null,
    });
  }
  const R = rPre.length;
  // Routes by pre neuron (stable counting sort).
  const routeStart = new Uint32Array(ir.neurons + 1);
  for (let r = 0; r < R; r++) routeStart[rPre[r]! + 1]!++;
  for (let i = 0; i < ir.neurons; i++) routeStart[i + 1]! += routeStart[i]!;
  const fill = routeStart.slice(0, ir.neurons);
  const routeCore = new Uint32Array(R);
  const routeAxon = new Uint32Array(R);
  for (let r = 0; r < R; r++) {
    const at = fill[rPre[r]!]!++;
    routeCore[at] = rCore[r]!;
    routeAxon[at] = rAxon[r]!;
  }
  // Per-core output axon tables and traffic.
  const physOf = new Map<number, number>();
  pl.physical.forEach((p, i) => {
    physOf.set(p.index, i);
  });
  const traffic: Traffic = { routes: 0, hops: 0, hopsIndexOrder: 0, hostRoutes: 0 };
  const naive = (logical: number) => {
    const l = coreLocation(profile, logical);
    return { globalX: l.globalX, tileY: l.tileY };
  };
  for (const rc of cores) {
    let total = 0;
    for (let comp = 0; comp < rc.compartments; comp++) {
      const g = rc.neuronOf[comp]!;
      total += routeStart[g + 1]! - routeStart[g]!;
      rc.outStart[comp + 1] = total;
    }
    rc.routeCore = new Uint32Array(total);
    rc.routeAxon = new Uint32Array(total);
    let at = 0;
    const me = pl.physical[rc.logical]!;
    for (let comp = 0; comp < rc.compartments; comp++) {
      const g = rc.neuronOf[comp]!;
      for (let r = routeStart[g]!; r < routeStart[g + 1]!; r++) {
        rc.routeCore[at] = routeCore[r]!;
        rc.routeAxon[at] = routeAxon[r]!;
        at++;
        const dst = physOf.get(routeCore[r]!)!;
        traffic.routes++;
        traffic.hops += hops(me, pl.physical[dst]!);
        const a = naive(rc.logical);
        const b = naive(dst);
        traffic.hopsIndexOrder += Math.abs(a.globalX - b.globalX) + Math.abs(a.tileY - b.tileY);
      }
    }
  }
  for (const pop of ir.populations) {
    if (!pop.source) continue;
    traffic.hostRoutes += routeStart[pop.offset + pop.size]! - routeStart[pop.offset]!;
  }
  return { cores, routeStart, routeCore, routeAxon, projections, traffic, diagnostics };
}

/** Global pre neuron id of a global synapse id. */
function preOf(ir: NetworkIR, base: Int32Array, s: number): number {
  const p = projOf(base, s);
  const pr = ir.projections[p]!;
  return ir.populations[pr.prePop]!.offset + pr.pre[s - base[p]!]!;
}
