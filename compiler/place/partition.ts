// Greedy partitioning of populations into logical cores: neurons are added one at a time in
// population order; each addition is applied with an undo log and kept only if every per-core
// limit still holds (compartments, input axons, synapse memory via isa's accounting, synapse
// formats, compartment and threshold profiles, learning epoch and pre-trace configs). A core
// that cannot take the next neuron is closed and a new one opened; a neuron that does not fit
// an empty core is a placement failure, reported with the resource and numbers.
import type { ChipProfile } from "../../isa/index.ts";
import type { NetworkIR } from "../lower/index.ts";
import type { FanIn } from "./fan-in.ts";
import { listBits, type ProjFormat } from "./formats.ts";

/** What a population requires of the core it shares (checked when it joins a core). */
export interface PopNeeds {
  profileKey: string;
  thresholdKey: string;
  /** Learning epoch of its plastic inputs, or 0 if none learn. */
  epoch: number;
  /** Pre-trace configurations its plastic inputs need on the core. */
  traceKeys: string[];
}

/** A contiguous run of one population's neurons on a core. */
export interface Member {
  pop: number;
  lo: number;
  hi: number;
  /** Compartment index of neuron `lo` on the core. */
  compBase: number;
}

export interface LogicalCore {
  members: Member[];
  compartments: number;
  inputAxons: number;
  synapseBits: number;
  formats: number;
  profiles: number;
  thresholds: number;
  preTraceConfigs: number;
}

export interface PartitionFailure {
  resource: string;
  used: number;
  max: number;
  pop: number;
  neuron: number;
  /** Projection contributing most to the failing resource, or -1. */
  proj: number;
  core: number;
}

export interface PartitionResult {
  cores: LogicalCore[];
  /** Per global neuron: logical core (or -1 for sources) and compartment. */
  neuronCore: Int32Array;
  neuronComp: Int32Array;
  /** Per global neuron: number of cores its spikes must reach (its output axons). */
  routes: Int32Array;
  failure?: PartitionFailure;
}

export function partition(
  ir: NetworkIR,
  order: number[],
  fanIn: FanIn,
  formats: ProjFormat[],
  needs: (PopNeeds | undefined)[],
  cap: Int32Array,
  profile: ChipProfile,
): PartitionResult {
  const N = ir.neurons;
  const P = ir.projections.length;
  const neuronCore = new Int32Array(N).fill(-1);
  const neuronComp = new Int32Array(N).fill(-1);
  const routes = new Int32Array(N);
  const axonOf = new Int32Array(N).fill(-1);
  const touchedAxons: number[] = [];
  // (pre neuron, projection) -> list slot on the open core.
  const useArray = N * P <= 1 << 26;
  const listArr = useArray ? new Int32Array(N * P).fill(-1) : null;
  const listMap = useArray ? null : new Map<number, number>();
  const getList = (key: number) => (listArr ? listArr[key]! : (listMap!.get(key) ?? -1));
  const setList = (key: number, v: number) => {
    if (listArr) listArr[key] = v;
    else if (v < 0) listMap!.delete(key);
    else listMap!.set(key, v);
  };
  const touchedLists: number[] = [];
  let lCount = new Int32Array(1024);
  let lLast = new Int32Array(1024);
  let lDense = new Uint8Array(1024);
  let lProj = new Int32Array(1024);
  let nLists = 0;
  const fmtUse = new Int32Array(P * 2);
  const maxFormats = profile.maxSynapseFormats - 1;
  const cores: LogicalCore[] = [];
  let core = newCore();
  const profiles = new Set<string>();
  const thresholds = new Set<string>();
  const traces = new Set<string>();
  let epoch = 0;
  const popsOnCore = new Set<number>();

  function newCore(): LogicalCore {
    return {
      members: [],
      compartments: 0,
      inputAxons: 0,
      synapseBits: 0,
      formats: 0,
      profiles: 0,
      thresholds: 0,
      preTraceConfigs: 0,
    };
  }
  const cost = (l: number) =>
    lCount[l] === 0 ? 0 : listBits(lCount[l]!, lDense[l] === 1, formats[lProj[l]!]!, profile);
  const growLists = () => {
    const n = lCount.length * 2;
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    lCount = g32(lCount);
    lLast = g32(lLast);
    lProj = g32(lProj);
    const d = new Uint8Array(n);
    d.set(lDense);
    lDense = d;
  };
  const closeCore = () => {
    core.profiles = profiles.size;
    core.thresholds = thresholds.size;
    core.preTraceConfigs = traces.size;
    cores.push(core);
    for (const a of touchedAxons) axonOf[a] = -1;
    touchedAxons.length = 0;
    for (const k of touchedLists) setList(k, -1);
    touchedLists.length = 0;
    nLists = 0;
    fmtUse.fill(0);
    profiles.clear();
    thresholds.clear();
    traces.clear();
    epoch = 0;
    popsOnCore.clear();
    core = newCore();
  };

  /** Try to add global neuron g as the next compartment; returns the failing resource. */
  const tryAdd = (
    g: number,
    popCap: number,
  ): { resource: string; used: number; max: number } | null => {
    const comp = core.compartments;
    const maxComp = Math.min(profile.maxCompartments, popCap);
    if (comp + 1 > maxComp) return { resource: "compartments", used: comp + 1, max: maxComp };
    const e0 = fanIn.start[g]!;
    const e1 = fanIn.start[g + 1]!;
    // Undo log: axons created, lists created, and (list, count, last, dense) before change.
    const axonsBefore = touchedAxons.length;
    const listsBefore = touchedLists.length;
    const nListsBefore = nLists;
    const saved: number[] = [];
    const bitsBefore = core.synapseBits;
    const axBefore = core.inputAxons;
    const fmtBefore = core.formats;
    for (let e = e0; e < e1; e++) {
      const p = fanIn.proj[e]!;
      const pr = ir.projections[p]!;
      const a = ir.populations[pr.prePop]!.offset + pr.pre[fanIn.syn[e]!]!;
      if (axonOf[a]! < 0) {
        axonOf[a] = core.inputAxons++;
        touchedAxons.push(a);
        routes[a]!++;
      }
      const key = a * P + p;
      let l = getList(key);
      if (l < 0) {
        if (nLists === lCount.length) growLists();
        l = nLists++;
        lCount[l] = 0;
        lLast[l] = -2;
        lDense[l] = 1;
        lProj[l] = p;
        setList(key, l);
        touchedLists.push(key);
      } else saved.push(l, lCount[l]!, lLast[l]!, lDense[l]!);
      const before = cost(l);
      const wasDense = lDense[l]!;
      const fresh = lCount[l] === 0;
      if (!fresh && comp !== lLast[l]! + 1) lDense[l] = 0;
      lLast[l] = comp;
      lCount[l]!++;
      if (fresh || wasDense !== lDense[l]) {
        if (!fresh) {
          const f = p * 2 + (wasDense ? 0 : 1);
          if (--fmtUse[f]! === 0) core.formats--;
        }
        const f = p * 2 + (lDense[l] ? 0 : 1);
        if (fmtUse[f]!++ === 0) core.formats++;
      }
      core.synapseBits += cost(l) - before;
    }
    let fail: { resource: string; used: number; max: number } | null = null;
    if (core.inputAxons > profile.maxInputAxons)
      fail = { resource: "input axons", used: core.inputAxons, max: profile.maxInputAxons };
    else if (core.synapseBits > profile.synapseMemoryBits)
      fail = {
        resource: "synapse memory (bits)",
        used: core.synapseBits,
        max: profile.synapseMemoryBits,
      };
    else if (core.formats > maxFormats)
      fail = { resource: "synapse formats", used: core.formats, max: maxFormats };
    if (!fail) {
      core.compartments++;
      return null;
    }
    // Undo in reverse order.
    for (let s = saved.length - 4; s >= 0; s -= 4) {
      const l = saved[s]!;
      lCount[l] = saved[s + 1]!;
      lLast[l] = saved[s + 2]!;
      lDense[l] = saved[s + 3]!;
    }
    for (let i = listsBefore; i < touchedLists.length; i++) setList(touchedLists[i]!, -1);
    touchedLists.length = listsBefore;
    nLists = nListsBefore;
    for (let i = axonsBefore; i < touchedAxons.length; i++) {
      const a = touchedAxons[i]!;
      axonOf[a] = -1;
      routes[a]!--;
    }
    touchedAxons.length = axonsBefore;
    // Recount format use from the restored lists (rare path: only on a rejected neuron).
    fmtUse.fill(0);
    for (let l = 0; l < nLists; l++)
      if (lCount[l]! > 0) fmtUse[lProj[l]! * 2 + (lDense[l] ? 0 : 1)]!++;
    core.synapseBits = bitsBefore;
    core.inputAxons = axBefore;
    core.formats = fmtBefore;
    return fail;
  };

  /** Can population `pop` join the open core (profiles, thresholds, learning)? */
  const joinFails = (pop: number): { resource: string; used: number; max: number } | null => {
    const nd = needs[pop]!;
    const prof = profiles.has(nd.profileKey) ? profiles.size : profiles.size + 1;
    if (prof > profile.maxNeuronProfiles)
      return { resource: "compartment profiles", used: prof, max: profile.maxNeuronProfiles };
    const thr = thresholds.has(nd.thresholdKey) ? thresholds.size : thresholds.size + 1;
    if (thr > profile.maxThresholdProfiles)
      return { resource: "threshold profiles", used: thr, max: profile.maxThresholdProfiles };
    if (nd.epoch !== 0 && epoch !== 0 && nd.epoch !== epoch)
      return { resource: "learning epochs", used: 2, max: 1 };
    const tr = new Set([...traces, ...nd.traceKeys]).size;
    if (tr > profile.maxPreTraceConfigs)
      return { resource: "pre-trace configs", used: tr, max: profile.maxPreTraceConfigs };
    return null;
  };
  const join = (pop: number, lo: number) => {
    const nd = needs[pop]!;
    profiles.add(nd.profileKey);
    thresholds.add(nd.thresholdKey);
    for (const t of nd.traceKeys) traces.add(t);
    if (nd.epoch !== 0) epoch = nd.epoch;
    popsOnCore.add(pop);
    core.members.push({ pop, lo, hi: lo, compBase: core.compartments });
  };

  for (const pop of order) {
    const P0 = ir.populations[pop]!;
    if (P0.source) continue;
    for (let j = 0; j < P0.size; j++) {
      const g = P0.offset + j;
      for (let attempt = 0; ; attempt++) {
        const empty = core.compartments === 0;
        if (!popsOnCore.has(pop)) {
          const f = joinFails(pop);
          if (f) {
            if (empty)
              return {
                cores,
                neuronCore,
                neuronComp,
                routes,
                failure: { ...f, pop, neuron: j, proj: -1, core: cores.length },
              };
            closeCore();
            continue;
          }
          join(pop, j);
        }
        const m = core.members[core.members.length - 1]!;
        const fail = tryAdd(g, cap[pop]!);
        if (!fail) {
          neuronCore[g] = cores.length;
          neuronComp[g] = core.compartments - 1;
          m.hi = j + 1;
          break;
        }
        if (m.hi === m.lo) {
          core.members.pop();
          popsOnCore.delete(pop);
        }
        if (empty || attempt > 0) {
          return {
            cores,
            neuronCore,
            neuronComp,
            routes,
            failure: {
              ...fail,
              pop,
              neuron: j,
              proj: heaviest(ir, fanIn, g, fail.resource, formats, profile),
              core: cores.length,
            },
          };
        }
        closeCore();
      }
    }
  }
  if (core.compartments > 0) closeCore();
  return { cores, neuronCore, neuronComp, routes };
}

/** The projection bringing neuron g the most of a resource (for the failure message). */
function heaviest(
  ir: NetworkIR,
  fanIn: FanIn,
  g: number,
  resource: string,
  formats: ProjFormat[],
  profile: ChipProfile,
): number {
  const per = new Float64Array(ir.projections.length);
  for (let e = fanIn.start[g]!; e < fanIn.start[g + 1]!; e++) {
    const p = fanIn.proj[e]!;
    per[p]! += resource.startsWith("synapse memory") ? formats[p]!.bpsSparse : 1;
  }
  void profile;
  let best = -1;
  for (let p = 0; p < per.length; p++)
    if (per[p]! > 0 && (best < 0 || per[p]! > per[best]!)) best = p;
  return best;
}
