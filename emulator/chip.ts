// The bit-exact chip: every core steps through the phases of chip.md section 9 (deliver, update,
// send, learn, barrier) on its own typed arrays; spikes cross cores only as NoC messages. It
// charges every operation's cycles and energy to the core that performs it. It must not read
// files, print, or look at anything but the image and the numbers in EmuParams.
import type { ChipImage } from "../isa/image.ts";
import { weightLimits } from "../isa/learning/eval.ts";
import {
  buildTiedGroups,
  forEachTiedSynapse,
  reduceTiedElement,
  type TiedGroup,
  type TiedStore,
} from "../isa/tied.ts";
import { buildCoreRuntime, type CoreRuntime, scaleWeight } from "./core-runtime.ts";
import { C, stepCycles } from "./counters.ts";
import { deliverMessages, deliverMessagesNoDelay } from "./deliver.ts";
import {
  ACC_CYCLES,
  ACC_ENERGY,
  ACC_SLOTS,
  ACC_SPIKES,
  EmulatorFault,
  type NeuronKernel,
} from "./kernel.ts";
import { buildLearnRuntime, learnPhase, notePreSpikes, resetLearnState } from "./learn.ts";
import type { ChipModel } from "./model.ts";
import { Noc, type NocStepResult } from "./noc.ts";
import type { EmuParams } from "./params.ts";
import { restoreInitialState } from "./reset-state.ts";
import { restoreCores, snapshotCores } from "./snapshot.ts";

// Counter slots copied into a module-local object: the hot paths index counters per core and
// phase every step, and a local constant object keeps those loads cheap.
const K = { ...C };

/** Chip-level figures of the last step. */
export interface ChipStepInfo {
  step: number;
  /** Cycles of the slowest core's phases. */
  slowestCoreCycles: number;
  noc: NocStepResult;
  barrierCycles: number;
  /** slowest core + NoC delivery + barrier (chip.md section 8). */
  chipCycles: number;
  /** Per core: cycles of this step (phases summed). */
  coreCycles: Float64Array;
}

export class BitExactChip implements ChipModel {
  readonly model = "bit-exact" as const;
  readonly cores: CoreRuntime[];
  readonly noc: Noc;
  readonly params: EmuParams;
  readonly image: ChipImage;
  private readonly byIndex: Map<number, CoreRuntime>;
  private readonly counterViews: Float64Array[];
  private readonly startViews: Float64Array[];
  private readonly faults: ((comp: number, message: string) => never)[];
  private readonly acc = new Float64Array(ACC_SLOTS);
  private readonly tiles: number;
  readonly barrierCycles: number;
  step = 0;
  last: ChipStepInfo;
  /** Learning seed root: each learning core draws from its own stream (cores share nothing). */
  readonly seed: number;
  /** Tied copies kept equal by a reduction after the learn phase (isa/tied.ts). */
  private readonly tied: TiedGroup[];
  private readonly tiedStore: TiedStore;
  /** The tied elements by id (groups in order, then elements), for the reduction's pending list. */
  private readonly tiedElements: TiedElementIndex;

  constructor(
    image: ChipImage,
    params: EmuParams,
    compile: (code: Uint32Array, name: string) => NeuronKernel,
    seed: number,
    specRules = false,
  ) {
    this.image = image;
    this.params = params;
    this.seed = seed;
    const meshTiles = params.noc.meshX * params.noc.meshY;
    this.cores = image.cores.map((c, slot) => {
      const rt = buildCoreRuntime(
        c,
        params.delaySlots,
        compile,
        c.chip * meshTiles + c.tileY * params.noc.meshX + c.tileX,
      );
      rt.learn = c.learning ? buildLearnRuntime(c, seed, specRules) : null;
      rt.slot = slot;
      // Only a rule with a dd term changes a delay (host routines write weights and tags).
      const delaysFixed =
        rt.learn === null ||
        rt.learn.rules.every((r) => r.rule.terms.every((t) => t.target !== "dd"));
      rt.zeroDelay = delaysFixed && rt.delay.every((d) => d === 0);
      return rt;
    });
    this.byIndex = new Map(this.cores.map((c) => [c.index, c]));
    this.tied = buildTiedGroups(image);
    forEachTiedSynapse(this.tied, (cs, s) => {
      const l = this.cores[cs]?.learn;
      if (!l) return;
      l.tied ??= new Uint8Array(l.synAxon.length);
      l.tiedDelta ??= new Int32Array(l.synAxon.length);
      l.tied[s] = 1;
    });
    this.tiedElements = tiedElementIndex(this.tied, this.cores);
    this.tiedStore = this.makeTiedStore();
    this.counterViews = this.cores.map((c) => c.counters);
    this.startViews = this.cores.map((c) => c.stepStart);
    // One fault reporter per core, made once (the update phase runs every step).
    this.faults = this.cores.map((c) => (comp: number, message: string): never => {
      throw new EmulatorFault(
        `core ${c.index} compartment ${comp} at step ${this.step}: ${message}`,
      );
    });
    this.noc = new Noc(params.noc, Math.max(0, ...this.cores.map((c) => c.index)) + 1);
    this.tiles = new Set(this.cores.map((c) => c.tileKey)).size;
    this.barrierCycles = params.barrierCycles(this.tiles);
    this.last = {
      step: 0,
      slowestCoreCycles: 0,
      noc: this.noc.endStep(),
      barrierCycles: 0,
      chipCycles: 0,
      coreCycles: new Float64Array(this.cores.length),
    };
  }

  core(index: number): CoreRuntime {
    const c = this.byIndex.get(index);
    if (!c) throw new EmulatorFault(`no core with global index ${index} in the image`);
    return c;
  }

  inject(core: number, axon: number, payload: number): void {
    const c = this.core(core);
    if (payload < 0)
      throw new EmulatorFault(
        `host source tried to send a negative payload ${payload} to core ${core} axon ${axon}`,
      );
    c.next.push(axon, payload);
    c.counters[K.hostSpikesIn] = (c.counters[K.hostSpikesIn] as number) + 1;
  }

  /** One step: the explicit list of phases of chip.md section 9. */
  runStep(learnOn: boolean, learnCores: readonly number[] | null = null): void {
    this.step++;
    const t = this.step;
    this.beginStep();
    for (const c of this.cores) this.deliver(c, t);
    for (const c of this.cores) this.update(c, t);
    for (const c of this.cores) this.send(c);
    for (const c of this.cores)
      this.learn(c, t, learnOn && (learnCores === null || learnCores.includes(c.img.index)));
    if (this.tied.length > 0) this.reduceTied();
    this.barrierPhase(t);
  }

  /** After the learn phase: tied copies' pending changes are summed and written to every copy.
   *  Each write costs a synaptic update on the copy's core; a copy on another core than the
   *  group's home also sends its change there and receives the result: two messages, both
   *  charged to the copy's core (counted in messagesOut, not routed through the NoC model). */
  private reduceTied(): void {
    if (!this.cores.some((c) => (c.learn?.tiedTouched.length ?? 0) > 0)) return;
    // Only the elements with a pending change, in reduceTied's order (group, then element):
    // the same writes, and the same order of the counters' additions, as the full scan.
    const x = this.tiedElements;
    const ids = x.pending;
    ids.length = 0;
    for (const c of this.cores) {
      const l = c.learn;
      if (!l) continue;
      const of = x.elementOf[c.slot] as Int32Array;
      for (const s of l.tiedTouched) {
        const id = of[s] as number;
        if (x.marked[id] === 1) continue;
        x.marked[id] = 1;
        ids.push(id);
      }
      l.tiedTouched.length = 0;
    }
    ids.sort((a, b) => a - b);
    for (const id of ids) {
      x.marked[id] = 0;
      reduceTiedElement(
        this.tied[x.group[id] as number] as TiedGroup,
        x.element[id] as number,
        this.tiedStore,
      );
    }
  }

  private makeTiedStore(): TiedStore {
    const p = this.params;
    const lims = this.cores.map((c) =>
      c.img.synapseFormats.map((f) => weightLimits(f.weightBits, f.signMode)),
    );
    return {
      weights: this.cores.map((c) => c.weight),
      deltas: this.cores.map((c) => c.learn?.tiedDelta ?? null),
      limit: (cs, s, v) => {
        const c = this.cores[cs] as CoreRuntime;
        const lim = lims[cs]?.[c.img.synFormat[s] as number];
        if (!lim) return v;
        return Math.max(lim.min, Math.min(lim.max, Math.trunc(v / lim.step) * lim.step));
      },
      written: (cs, s, crossCore) => {
        const c = this.cores[cs] as CoreRuntime;
        c.synValue[s] = scaleWeight(
          c.weight[s] as number,
          c.formatShift[c.img.synFormat[s] as number] as number,
        );
        const k = c.counters;
        k[K.tiedWrites] = (k[K.tiedWrites] as number) + 1;
        k[K.cyclesLearn] = (k[K.cyclesLearn] as number) + p.synUpdate.cycles;
        k[K.energyLearnPj] = (k[K.energyLearnPj] as number) + p.synUpdate.energyPj;
        if (crossCore) {
          k[K.messagesOut] = (k[K.messagesOut] as number) + 2;
          k[K.cyclesLearn] = (k[K.cyclesLearn] as number) + 2 * p.messageOut.cycles;
          k[K.energyLearnPj] = (k[K.energyLearnPj] as number) + 2 * p.messageOut.energyPj;
        }
      },
    };
  }

  private beginStep(): void {
    this.noc.beginStep();
    for (const c of this.cores) {
      c.stepStart.set(c.counters);
      // Messages sent during the previous step are what this step delivers.
      const tmp = c.inbox;
      c.inbox = c.next;
      c.next = tmp;
      c.next.clear();
    }
  }

  private deliver(c: CoreRuntime, t: number): void {
    const p = this.params;
    const msgs = c.inbox.count;
    if (msgs === 0) return;
    // Delays can change only through a learning rule's dd term, so a core without one whose
    // delays are all 0 takes the row-free walk.
    const ops = c.zeroDelay
      ? deliverMessagesNoDelay(
          c.inbox.axons,
          c.inbox.payloads,
          msgs,
          c.img.axonStart,
          c.img.synTarget,
          c.synValue,
          c.ring,
          c.n,
          c.slots,
          t,
        )
      : deliverMessages(
          c.inbox.axons,
          c.inbox.payloads,
          msgs,
          c.img.axonStart,
          c.img.synTarget,
          c.synValue,
          c.delay,
          c.ring,
          c.n,
          c.slots,
          t,
        );
    if (c.learn) notePreSpikes(c.learn, c.inbox.axons, msgs);
    const k = c.counters;
    k[K.spikesIn] = (k[K.spikesIn] as number) + msgs;
    k[K.synOps] = (k[K.synOps] as number) + ops;
    k[K.cyclesDeliver] =
      (k[K.cyclesDeliver] as number) + msgs * p.axonIn.cycles + ops * p.synOp.cycles;
    k[K.energyDeliverPj] =
      (k[K.energyDeliverPj] as number) + msgs * p.axonIn.energyPj + ops * p.synOp.energyPj;
    c.inbox.clear();
  }

  private update(c: CoreRuntime, t: number): void {
    const acc = this.acc;
    acc.fill(0);
    const rowBase = (t % c.slots) * c.n;
    let ns = 0;
    const fault = this.faults[c.slot] as (comp: number, message: string) => never;
    if (c.learn) c.post.fill(-1);
    for (const g of c.groups) {
      ns = g.kernel(
        g.idx,
        g.idx.length,
        c.state,
        c.nsr,
        c.ring,
        rowBase,
        g.constants,
        c.img.vmin,
        c.img.vmax,
        c.spikes,
        c.payloads,
        ns,
        c.post,
        acc,
        fault,
      );
    }
    c.nSpikes = ns;
    const k = c.counters;
    const p = this.params;
    if (p.neuronModel === "microcode") {
      k[K.cyclesUpdate] = (k[K.cyclesUpdate] as number) + (acc[ACC_CYCLES] as number);
      k[K.energyUpdatePj] = (k[K.energyUpdatePj] as number) + (acc[ACC_ENERGY] as number);
    } else {
      // Fixed per-compartment price whatever the program executed (SANA-FE's model).
      k[K.cyclesUpdate] =
        (k[K.cyclesUpdate] as number) + c.n * p.neuronFixed.cycles + ns * p.neuronSpike.cycles;
      k[K.energyUpdatePj] =
        (k[K.energyUpdatePj] as number) +
        c.n * p.neuronFixed.energyPj +
        ns * p.neuronSpike.energyPj;
    }
    k[K.neuronUpdates] = (k[K.neuronUpdates] as number) + c.n;
    k[K.activeNeuronUpdates] = (k[K.activeNeuronUpdates] as number) + (acc[ACC_SPIKES] as number);
    k[K.spikesOut] = (k[K.spikesOut] as number) + ns;
  }

  private send(c: CoreRuntime): void {
    const ns = c.nSpikes;
    if (ns === 0) return;
    const p = this.params;
    const img = c.img;
    const noc = this.noc;
    let messages = 0;
    for (let i = 0; i < ns; i++) {
      const comp = c.spikes[i] as number;
      const payload = c.payloads[i] as number;
      const r1 = img.outStart[comp + 1] as number;
      for (let r = img.outStart[comp] as number; r < r1; r++) {
        const dst = this.core(img.routeCore[r] as number);
        noc.send(
          c.index,
          img.chip,
          img.tileX,
          img.tileY,
          dst.img.chip,
          dst.img.tileX,
          dst.img.tileY,
        );
        dst.next.push(img.routeAxon[r] as number, payload);
        messages++;
      }
    }
    const k = c.counters;
    k[K.messagesOut] = (k[K.messagesOut] as number) + messages;
    k[K.cyclesSend] = (k[K.cyclesSend] as number) + messages * p.messageOut.cycles;
    k[K.energySendPj] = (k[K.energySendPj] as number) + messages * p.messageOut.energyPj;
  }

  private learn(c: CoreRuntime, t: number, learnOn: boolean): void {
    if (!c.learn) return;
    const r = learnPhase(c, t, learnOn, this.params);
    const k = c.counters;
    k[K.learnUpdates] = (k[K.learnUpdates] as number) + r.synUpdates;
    k[K.traceUpdates] = (k[K.traceUpdates] as number) + r.traceUpdates;
    k[K.cyclesLearn] = (k[K.cyclesLearn] as number) + r.cycles;
    k[K.energyLearnPj] = (k[K.energyLearnPj] as number) + r.energyPj;
    // Weights the rule changed must be re-scaled into accumulator units.
    for (let i = 0; i < r.changed.length; i++) {
      const s = r.changed[i] as number;
      c.synValue[s] = scaleWeight(
        c.weight[s] as number,
        c.formatShift[c.img.synFormat[s] as number] as number,
      );
    }
  }

  private barrierPhase(t: number): void {
    const nocResult = this.noc.endStep();
    let slowest = 0;
    const coreCycles = this.last.coreCycles;
    this.cores.forEach((c, i) => {
      const k = c.counters;
      const hops = this.noc.coreHops[c.index] as number;
      k[K.nocHops] = (k[K.nocHops] as number) + hops;
      k[K.energyNocPj] = (k[K.energyNocPj] as number) + (this.noc.coreEnergyPj[c.index] as number);
      const cyc = stepCycles(k, c.stepStart);
      coreCycles[i] = cyc;
      if (cyc > (k[K.maxStepCycles] as number)) k[K.maxStepCycles] = cyc;
      if (cyc > slowest) slowest = cyc;
    });
    this.last = {
      step: t,
      slowestCoreCycles: slowest,
      noc: nocResult,
      barrierCycles: this.barrierCycles,
      chipCycles: slowest + nocResult.deliveryCycles + this.barrierCycles,
      coreCycles,
    };
  }

  spikesOf(core: number): Int32Array {
    const c = this.core(core);
    return c.spikes.subarray(0, c.nSpikes);
  }

  readState(core: number, compartment: number, reg: number): number {
    const c = this.core(core);
    return c.state[compartment * c.nsr + reg] as number;
  }

  readWeight(core: number, slot: number): number {
    return this.core(core).weight[slot] as number;
  }

  writeWeight(core: number, slot: number, mantissa: number): void {
    const c = this.core(core);
    const fi = c.img.synFormat[slot] as number;
    const f = c.img.synapseFormats[fi];
    if (!f) throw new EmulatorFault(`core ${core} has no synapse ${slot}`);
    // A host write stores what the synapse format can hold: rounded to its step, saturated.
    const lim = weightLimits(f.weightBits, f.signMode);
    const w = Math.max(lim.min, Math.min(lim.max, Math.round(mantissa / lim.step) * lim.step));
    c.weight[slot] = w;
    c.synValue[slot] = scaleWeight(w, c.formatShift[fi] as number);
  }

  readTag(core: number, slot: number): number {
    const c = this.core(core);
    return (c.learn ? c.learn.tag[slot] : c.img.synTag[slot]) ?? 0;
  }

  writeTag(core: number, slot: number, tag: number): void {
    const l = this.core(core).learn;
    // Tags are learning-engine state: a core without learning stores none to write.
    if (!l) throw new EmulatorFault(`core ${core} has no learning engine, so no tags to write`);
    l.tag[slot] = Math.max(-256, Math.min(255, Math.round(tag)));
  }

  readPreTrace(core: number, axon: number, which: 0 | 1): number {
    const l = this.core(core).learn;
    return l ? (l.x[axon * 2 + which] as number) : 0;
  }

  readPostTrace(core: number, compartment: number, which: 0 | 1 | 2): number {
    const l = this.core(core).learn;
    return l ? (l.y[compartment * 3 + which] as number) : 0;
  }

  resetState(): void {
    for (const c of this.cores) {
      restoreInitialState(c.state, c.img);
      c.ring.fill(0);
      c.inbox.clear();
      c.next.clear();
      c.nSpikes = 0;
      if (c.learn) resetLearnState(c.learn);
    }
  }

  linkLoads() {
    return this.noc.linkLoads();
  }

  snapshot(): Record<string, unknown> {
    return {
      step: this.step,
      cores: snapshotCores(this.cores),
      links: this.noc.linkMessages.slice(),
    };
  }

  restore(snap: Record<string, unknown>): void {
    this.step = snap.step as number;
    restoreCores(this.cores, snap.cores as Record<string, unknown>[]);
    this.noc.linkMessages.set(snap.links as Float64Array);
  }

  coreCounters(): Float64Array[] {
    return this.counterViews;
  }

  coreStepStart(): Float64Array[] {
    return this.startViews;
  }

  lastStep() {
    const l = this.last;
    const o = this.lastView;
    o.chipCycles = l.chipCycles;
    o.nocDeliveryCycles = l.noc.deliveryCycles;
    o.nocContentionCycles = l.noc.contentionCycles;
    o.nocContendedMessages = l.noc.contendedMessages;
    o.barrierCycles = l.barrierCycles;
    return o;
  }

  private readonly lastView = {
    chipCycles: 0,
    nocDeliveryCycles: 0,
    nocContentionCycles: 0,
    nocContendedMessages: 0,
    barrierCycles: 0,
  };
}

/** Tied elements numbered in reduceTied's order: per core slot, each tied synapse's element id;
 *  per id, its group and element; scratch for the reduction's pending list. */
interface TiedElementIndex {
  elementOf: (Int32Array | null)[];
  group: Int32Array;
  element: Int32Array;
  marked: Uint8Array;
  pending: number[];
}

function tiedElementIndex(groups: TiedGroup[], cores: CoreRuntime[]): TiedElementIndex {
  const total = groups.reduce((n, g) => n + g.size, 0);
  const x: TiedElementIndex = {
    elementOf: cores.map(() => null),
    group: new Int32Array(total),
    element: new Int32Array(total),
    marked: new Uint8Array(total),
    pending: [],
  };
  let id = 0;
  groups.forEach((g, gi) => {
    for (let e = 0; e < g.size; e++, id++) {
      x.group[id] = gi;
      x.element[id] = e;
      for (const m of g.members) {
        const cs = m.coreSlot[e] as number;
        const core = cores[cs] as CoreRuntime;
        const of = (x.elementOf[cs] ??= new Int32Array(core.img.synTarget.length).fill(-1));
        of[m.slot[e] as number] = id;
      }
    }
  });
  return x;
}
