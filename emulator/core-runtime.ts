// One core's private run-time memory, built from its CoreImage: state registers, the dendritic
// accumulator ring, synapse values in accumulator units, in/out spike lists and counters. Every
// array belongs to exactly one core; no array is shared between cores (cores share nothing).
import type { CoreImage } from "../isa/image.ts";
import { COUNTER_SLOTS } from "./counters.ts";
import { Inbox } from "./deliver.ts";
import type { NeuronKernel } from "./kernel.ts";
import type { LearnRuntime } from "./learn.ts";

/** Compartments sharing one neuron profile, with that profile's compiled kernel. */
export interface ProfileGroup {
  name: string;
  /** Compartment indices using this profile (Int32). */
  idx: Int32Array;
  kernel: NeuronKernel;
  constants: Int32Array;
}

export interface CoreRuntime {
  img: CoreImage;
  index: number;
  /** Position of the core in image.cores. */
  slot: number;
  /** Global tile index on the board (for barrier span and NoC position). */
  tileKey: number;
  n: number;
  nsr: number;
  /** Int32 [n][nsr] state registers. */
  state: Int32Array;
  /** Int32 [slots][n] dendritic accumulators. */
  ring: Int32Array;
  slots: number;
  /** Int16 weight mantissas (mutable by learning and host writes). */
  weight: Int16Array;
  /** Uint8 synaptic delays (mutable by learning rules with a dd target). */
  delay: Uint8Array;
  /** True when no synapse has a delay and none can get one (no learning engine). */
  zeroDelay: boolean;
  /** Int32 weight in accumulator units: weight << (6 + weightExp of its format). */
  synValue: Int32Array;
  /** Per synapse format: shift applied to the mantissa (6 + weightExp). */
  formatShift: Int8Array;
  /** Messages to deliver this step and messages arriving for the next one. */
  inbox: Inbox;
  next: Inbox;
  /** This step's spikes (compartment index) and payloads. */
  spikes: Int32Array;
  payloads: Int32Array;
  nSpikes: number;
  /** Int32 [n][2] exported post factors (y2, y3) written by the microcode `trace` op. */
  post: Int32Array;
  groups: ProfileGroup[];
  counters: Float64Array;
  /** Counter values at the start of the step (for per-step deltas). */
  stepStart: Float64Array;
  learn: LearnRuntime | null;
}

/** Accumulator value of a weight mantissa: w << (6 + exp); a negative total shift truncates
 *  toward zero (exp = -7 halves the mantissa), as the hardware drops low-order bits. */
export function scaleWeight(w: number, shift: number): number {
  if (shift >= 0) return (w << shift) | 0;
  return Math.trunc(w / 2 ** -shift);
}

export function buildCoreRuntime(
  img: CoreImage,
  slots: number,
  compile: (code: Uint32Array, name: string) => NeuronKernel,
  tileKey: number,
): CoreRuntime {
  const n = img.compartments;
  const nsr = img.stateRegisters;
  const formatShift = new Int8Array(img.synapseFormats.length);
  img.synapseFormats.forEach((f, i) => {
    formatShift[i] = 6 + f.weightExp;
  });
  const weight = Int16Array.from(img.synWeight);
  const synValue = new Int32Array(weight.length);
  for (let s = 0; s < weight.length; s++) {
    synValue[s] = scaleWeight(
      weight[s] as number,
      formatShift[img.synFormat[s] as number] as number,
    );
  }
  const groups: ProfileGroup[] = img.neuronProfiles.map((p, pi) => {
    const members: number[] = [];
    for (let c = 0; c < n; c++) if (img.profileOf[c] === pi) members.push(c);
    return {
      name: p.name,
      idx: Int32Array.from(members),
      kernel: compile(p.code, p.name),
      constants: p.constants,
    };
  });
  return {
    img,
    index: img.index,
    slot: 0,
    tileKey,
    n,
    nsr,
    state: Int32Array.from(img.initialState),
    ring: new Int32Array(slots * n),
    slots,
    weight,
    delay: Uint8Array.from(img.synDelay),
    zeroDelay: false,
    synValue,
    formatShift,
    inbox: new Inbox(),
    next: new Inbox(),
    spikes: new Int32Array(n),
    payloads: new Int32Array(n),
    nSpikes: 0,
    post: new Int32Array(2 * n),
    groups: groups.filter((g) => g.idx.length > 0),
    counters: new Float64Array(COUNTER_SLOTS),
    stepStart: new Float64Array(COUNTER_SLOTS),
    learn: null,
  };
}
