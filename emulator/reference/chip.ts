// The floating-point reference model of an image (`model: "reference"`): the same cores,
// synapses, delays, routes and microcode as the bit-exact chip, but float state with no wraps,
// no truncation and exact decay factors, and no cost model. It exists to measure how far the
// fixed-point chip drifts from the network it approximates; it must not be used for timing.
import type { ChipImage, CoreImage } from "../../isa/image.ts";
import { weightLimits } from "../../isa/learning/eval.ts";
import {
  buildTiedGroups,
  forEachTiedSynapse,
  reduceTied,
  type TiedGroup,
  type TiedStore,
} from "../../isa/tied.ts";
import { C, COUNTER_SLOTS } from "../counters.ts";
import { Inbox } from "../deliver.ts";
import { EmulatorFault } from "../kernel.ts";
import type { ChipModel } from "../model.ts";
import type { EmuParams } from "../params.ts";
import { restoreInitialState } from "../reset-state.ts";
import { type FloatProgram, floatProgram } from "./float-program.ts";
import { buildRefLearn, type RefLearn, refRules, refTraces, resetRefLearn } from "./learn.ts";

interface RefCore {
  img: CoreImage;
  n: number;
  nsr: number;
  state: Float64Array;
  ring: Float64Array;
  slots: number;
  /** Float weight mantissas (learning and host writes keep them unquantised). */
  weight: Float64Array;
  delay: Uint8Array;
  value: Float64Array;
  learn: RefLearn | null;
  /** This step's spike flags and exported y2/y3 (NaN where not written). */
  spiked: Uint8Array;
  y2: Float64Array;
  y3: Float64Array;
  shift: Float64Array;
  inbox: Inbox;
  next: Inbox;
  spikes: Int32Array;
  nSpikes: number;
  programs: FloatProgram[];
  counters: Float64Array;
  stepStart: Float64Array;
  /** Tied copies on this core (1 per synapse) and their pending float changes. */
  tied: { mark: Uint8Array; delta: Float64Array } | null;
}

export class ReferenceChip implements ChipModel {
  readonly model = "reference" as const;
  readonly barrierCycles = 0;
  step = 0;
  private readonly cores: RefCore[];
  private readonly byIndex = new Map<number, RefCore>();

  private readonly maxDelay: number;

  constructor(image: ChipImage, params: EmuParams, _seed: number) {
    this.maxDelay = params.delaySlots - 1;
    this.cores = image.cores.map((c) => {
      const shift = Float64Array.from(c.synapseFormats, (f) => 2 ** (6 + f.weightExp));
      const weight = Float64Array.from(c.synWeight);
      const value = Float64Array.from(
        weight,
        (w, s) => w * (shift[c.synFormat[s] as number] as number),
      );
      return {
        img: c,
        n: c.compartments,
        nsr: c.stateRegisters,
        state: Float64Array.from(c.initialState),
        ring: new Float64Array(params.delaySlots * c.compartments),
        slots: params.delaySlots,
        weight,
        delay: Uint8Array.from(c.synDelay),
        value,
        learn: buildRefLearn(c),
        spiked: new Uint8Array(c.compartments),
        y2: new Float64Array(c.compartments),
        y3: new Float64Array(c.compartments),
        shift,
        inbox: new Inbox(),
        next: new Inbox(),
        spikes: new Int32Array(c.compartments),
        nSpikes: 0,
        programs: c.neuronProfiles.map((p) => floatProgram(p.code)),
        counters: new Float64Array(COUNTER_SLOTS),
        stepStart: new Float64Array(COUNTER_SLOTS),
        tied: null,
      };
    });
    for (const c of this.cores) this.byIndex.set(c.img.index, c);
    this.tiedGroups = buildTiedGroups(image);
    forEachTiedSynapse(this.tiedGroups, (cs, s) => {
      const c = this.cores[cs] as RefCore;
      const n = c.img.synTarget.length;
      c.tied ??= { mark: new Uint8Array(n), delta: new Float64Array(n) };
      c.tied.mark[s] = 1;
    });
    // The float model keeps tied copies equal the same way, without rounding or costs.
    this.tiedStore = {
      weights: this.cores.map((c) => c.weight),
      deltas: this.cores.map((c) => c.tied?.delta ?? null),
      limit: (cs, s, v) => {
        const c = this.cores[cs] as RefCore;
        const f = c.img.synapseFormats[c.img.synFormat[s] as number];
        if (!f) return v;
        const lim = weightLimits(f.weightBits, f.signMode);
        return Math.max(lim.min, Math.min(lim.max, v));
      },
      written: (cs, s) => {
        const c = this.cores[cs] as RefCore;
        c.value[s] = (c.weight[s] as number) * (c.shift[c.img.synFormat[s] as number] as number);
        c.counters[C.tiedWrites] = (c.counters[C.tiedWrites] as number) + 1;
      },
    };
  }

  private readonly tiedGroups: TiedGroup[];
  /** A core with tied copies ran its rules this step. */
  private tiedDue = false;
  private readonly tiedStore: TiedStore;

  private core(i: number): RefCore {
    const c = this.byIndex.get(i);
    if (!c) throw new EmulatorFault(`no core with global index ${i} in the image`);
    return c;
  }

  inject(core: number, axon: number, payload: number): void {
    const c = this.core(core);
    c.next.push(axon, payload);
    c.counters[C.hostSpikesIn] = (c.counters[C.hostSpikesIn] as number) + 1;
  }

  runStep(learnOn: boolean, learnCores: readonly number[] | null = null): void {
    this.step++;
    const t = this.step;
    for (const c of this.cores) {
      c.stepStart.set(c.counters);
      const tmp = c.inbox;
      c.inbox = c.next;
      c.next = tmp;
      c.next.clear();
    }
    for (const c of this.cores) this.deliver(c, t);
    for (const c of this.cores) this.update(c, t);
    for (const c of this.cores) this.send(c);
    for (const c of this.cores)
      this.learnPhase(c, t, learnOn && (learnCores === null || learnCores.includes(c.img.index)));
    if (this.tiedDue) reduceTied(this.tiedGroups, this.tiedStore);
    this.tiedDue = false;
  }

  private learnPhase(c: RefCore, t: number, learnOn: boolean): void {
    const l = c.learn;
    if (!l) return;
    c.spiked.fill(0);
    for (let i = 0; i < c.nSpikes; i++) c.spiked[c.spikes[i] as number] = 1;
    refTraces(c.img, l, c.spiked, c.y2, c.y3);
    if (t % l.epoch !== 0) return;
    l.epochs++;
    if (learnOn) {
      const updated: number[] = [];
      for (const s of refRules(c.img, l, c.weight, c.delay, this.maxDelay, updated, c.tied)) {
        c.value[s] = (c.weight[s] as number) * (c.shift[c.img.synFormat[s] as number] as number);
      }
      c.counters[C.learnUpdates] = (c.counters[C.learnUpdates] as number) + updated.length;
      if (c.tied) this.tiedDue = true;
    }
    l.preEpoch.fill(0);
    l.postEpoch.fill(0);
  }

  private deliver(c: RefCore, t: number): void {
    const img = c.img;
    const k = c.counters;
    for (let i = 0; i < c.inbox.count; i++) {
      const a = c.inbox.axons[i] as number;
      const p = c.inbox.payloads[i] as number;
      const s1 = img.axonStart[a + 1] as number;
      for (let s = img.axonStart[a] as number; s < s1; s++) {
        const row = (t + (c.delay[s] as number)) % c.slots;
        const j = row * c.n + (img.synTarget[s] as number);
        c.ring[j] = (c.ring[j] as number) + (c.value[s] as number) * p;
      }
      k[C.synOps] = (k[C.synOps] as number) + s1 - (img.axonStart[a] as number);
      if (c.learn) {
        c.learn.preNow[a] = (c.learn.preNow[a] as number) + 1;
        c.learn.preEpoch[a] = 1;
      }
    }
    k[C.spikesIn] = (k[C.spikesIn] as number) + c.inbox.count;
    c.inbox.clear();
  }

  private update(c: RefCore, t: number): void {
    const img = c.img;
    const row = (t % c.slots) * c.n;
    let ns = 0;
    for (let comp = 0; comp < c.n; comp++) {
      const pi = img.profileOf[comp] as number;
      const prog = c.programs[pi] as FloatProgram;
      const q = c.ring[row + comp] as number;
      c.ring[row + comp] = 0;
      const r = prog(
        c.state,
        comp * c.nsr,
        q,
        (img.neuronProfiles[pi] as { constants: Int32Array }).constants,
        img.vmin,
        img.vmax,
      );
      if (r.spiked) c.spikes[ns++] = comp;
      c.y2[comp] = r.y2;
      c.y3[comp] = r.y3;
    }
    c.nSpikes = ns;
    const k = c.counters;
    k[C.neuronUpdates] = (k[C.neuronUpdates] as number) + c.n;
    k[C.spikesOut] = (k[C.spikesOut] as number) + ns;
    k[C.activeNeuronUpdates] = (k[C.activeNeuronUpdates] as number) + ns;
  }

  private send(c: RefCore): void {
    const img = c.img;
    for (let i = 0; i < c.nSpikes; i++) {
      const comp = c.spikes[i] as number;
      const r1 = img.outStart[comp + 1] as number;
      for (let r = img.outStart[comp] as number; r < r1; r++) {
        this.core(img.routeCore[r] as number).next.push(img.routeAxon[r] as number, 1);
        c.counters[C.messagesOut] = (c.counters[C.messagesOut] as number) + 1;
      }
    }
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
    const f = c.img.synapseFormats[c.img.synFormat[slot] as number];
    const lim = f ? weightLimits(f.weightBits, f.signMode) : { min: -256, max: 255 };
    c.weight[slot] = Math.max(lim.min, Math.min(lim.max, mantissa));
    c.value[slot] =
      (c.weight[slot] as number) * (c.shift[c.img.synFormat[slot] as number] as number);
  }

  readTag(core: number, slot: number): number {
    const c = this.core(core);
    return (c.learn ? c.learn.tag[slot] : c.img.synTag[slot]) ?? 0;
  }

  writeTag(core: number, slot: number, tag: number): void {
    const l = this.core(core).learn;
    if (!l) throw new EmulatorFault(`core ${core} has no learning engine, so no tags to write`);
    l.tag[slot] = Math.max(-256, Math.min(255, tag));
  }

  readPreTrace(core: number, axon: number, which: 0 | 1): number {
    const l = this.core(core).learn;
    return l ? (l.x[2 * axon + which] as number) : 0;
  }

  readPostTrace(core: number, compartment: number, which: 0 | 1 | 2): number {
    const l = this.core(core).learn;
    return l ? (l.y[3 * compartment + which] as number) : 0;
  }

  resetState(): void {
    for (const c of this.cores) {
      restoreInitialState(c.state, c.img);
      c.ring.fill(0);
      c.inbox.clear();
      c.next.clear();
      c.nSpikes = 0;
      if (c.learn) resetRefLearn(c.learn);
    }
  }

  coreCounters(): Float64Array[] {
    return this.cores.map((c) => c.counters);
  }

  coreStepStart(): Float64Array[] {
    return this.cores.map((c) => c.stepStart);
  }

  lastStep() {
    return {
      chipCycles: 0,
      nocDeliveryCycles: 0,
      nocContentionCycles: 0,
      nocContendedMessages: 0,
      barrierCycles: 0,
    };
  }

  linkLoads(): null {
    return null;
  }

  snapshot(): Record<string, unknown> {
    return {
      step: this.step,
      cores: this.cores.map((c) => ({
        state: c.state.slice(),
        ring: c.ring.slice(),
        weight: c.weight.slice(),
        pendingAxons: c.next.axons.slice(0, c.next.count),
        pendingPayloads: c.next.payloads.slice(0, c.next.count),
        spikes: c.spikes.slice(0, c.nSpikes),
        counters: c.counters.slice(),
        delay: c.delay.slice(),
        learn: c.learn
          ? {
              x: c.learn.x.slice(),
              y: c.learn.y.slice(),
              preEpoch: c.learn.preEpoch.slice(),
              postEpoch: c.learn.postEpoch.slice(),
              tag: c.learn.tag.slice(),
              epochs: c.learn.epochs,
            }
          : null,
      })),
    };
  }

  restore(snap: Record<string, unknown>): void {
    this.step = snap.step as number;
    (snap.cores as Record<string, unknown>[]).forEach((s, i) => {
      const c = this.cores[i] as RefCore;
      c.state.set(s.state as Float64Array);
      c.ring.set(s.ring as Float64Array);
      c.weight.set(s.weight as Float64Array);
      c.delay.set(s.delay as Uint8Array);
      const ls = s.learn as Record<string, unknown> | null;
      if (c.learn && ls) {
        c.learn.x.set(ls.x as Float64Array);
        c.learn.y.set(ls.y as Float64Array);
        c.learn.preEpoch.set(ls.preEpoch as Uint8Array);
        c.learn.postEpoch.set(ls.postEpoch as Uint8Array);
        c.learn.tag.set(ls.tag as Float64Array);
        c.learn.epochs = ls.epochs as number;
      }
      c.weight.forEach((w, k) => {
        c.value[k] = w * (c.shift[c.img.synFormat[k] as number] as number);
      });
      c.next.clear();
      const pa = s.pendingAxons as Int32Array;
      const pp = s.pendingPayloads as Int32Array;
      for (let k = 0; k < pa.length; k++) c.next.push(pa[k] as number, pp[k] as number);
      const sp = s.spikes as Int32Array;
      c.spikes.set(sp);
      c.nSpikes = sp.length;
      c.counters.set(s.counters as Float64Array);
    });
  }
}
