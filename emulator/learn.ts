// The learn phase of one core (chip.md section 6 and section 9, phase 4): traces decay and take
// impulses every step (unsigned 7-bit, stochastic rounding from the core's own PRNG stream),
// and on epoch boundaries the core's learning engine applies its sum-of-products rules to the
// synapses whose target compartments have learning enabled. It reads only what exists at a
// synapse (its w, d, t, its axon's pre traces and spike, its target's post traces and spike).
import type { CoreImage } from "../isa/image.ts";
import type { CoreRuntime } from "./core-runtime.ts";
import { applyRules, compileRules, type CompiledRule } from "./learn-rules.ts";
import type { EmuParams } from "./params.ts";
import { createTraceRng, type TraceRng } from "./rng.ts";

export interface LearnRuntime {
  epoch: number;
  /** Uint8 [inputAxons][2]: pre traces x1, x2 (0..127). */
  x: Uint8Array;
  /** Uint8 [compartments][3]: post traces y1, y2, y3 (0..127). */
  y: Uint8Array;
  /** Uint8 [inputAxons]: 1 if a spike arrived on the axon this step (impulse pending). */
  preNow: Uint8Array;
  /** Uint8 [inputAxons] / [compartments]: dependency x0 / y0 (spiked within the epoch). */
  preEpoch: Uint8Array;
  postEpoch: Uint8Array;
  /** Mutable per-synapse delay and tag (weights live in CoreRuntime.weight). */
  delay: Uint8Array;
  tag: Int16Array;
  /** Epochs completed (drives the u_k dependencies: every 2^k epochs). */
  epochs: number;
  rules: CompiledRule[];
  rng: TraceRng;
}

export interface LearnStepResult {
  synUpdates: number;
  traceUpdates: number;
  cycles: number;
  energyPj: number;
  /** Synapse indices whose weight changed (their accumulator value must be recomputed). */
  changed: number[];
}

export function buildLearnRuntime(img: CoreImage, seed: number): LearnRuntime {
  const l = img.learning;
  if (!l) throw new Error(`core ${img.index} has no learning configuration`);
  return {
    epoch: l.epoch,
    x: new Uint8Array(img.inputAxons * 2),
    y: new Uint8Array(img.compartments * 3),
    preNow: new Uint8Array(img.inputAxons),
    preEpoch: new Uint8Array(img.inputAxons),
    postEpoch: new Uint8Array(img.compartments),
    delay: Uint8Array.from(img.synDelay),
    tag: Int16Array.from(img.synTag),
    epochs: 0,
    rules: compileRules(l.rules),
    rng: createTraceRng(seed, img.index),
  };
}

export function resetLearnState(l: LearnRuntime): void {
  l.x.fill(0);
  l.y.fill(0);
  l.preNow.fill(0);
  l.preEpoch.fill(0);
  l.postEpoch.fill(0);
}

/** Marks the axons that received spikes this step (deliver phase). */
export function notePreSpikes(l: LearnRuntime, axons: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const a = axons[i] as number;
    l.preNow[a] = 1;
    l.preEpoch[a] = 1;
  }
}

/** One trace step: stochastic-rounded 12-bit decay, then the impulse, saturating at 127. */
function traceStep(
  value: number,
  decay: number,
  impulse: number,
  spiked: boolean,
  rng: TraceRng,
): number {
  let v = value;
  if (v !== 0 && decay !== 0) {
    const prod = v * (4096 - decay);
    // Stochastic rounding: keep the fraction prod/4096 - floor with probability = fraction.
    v = (prod >> 12) + (rng.next12() < (prod & 4095) ? 1 : 0);
  }
  if (spiked) v += impulse;
  return v > 127 ? 127 : v;
}

export function learnPhase(
  c: CoreRuntime,
  t: number,
  learnOn: boolean,
  p: EmuParams,
): LearnStepResult {
  const l = c.learn as LearnRuntime;
  const cfg = c.img.learning;
  const out: LearnStepResult = {
    synUpdates: 0,
    traceUpdates: 0,
    cycles: 0,
    energyPj: 0,
    changed: [],
  };
  if (!cfg) return out;
  // Pre traces per input axon.
  const axons = c.img.inputAxons;
  for (let a = 0; a < axons; a++) {
    const tc = cfg.preTrace[cfg.axonTraceConfig[a] as number];
    if (!tc) continue;
    const spiked = l.preNow[a] === 1;
    l.x[2 * a] = traceStep(l.x[2 * a] as number, tc.decay[0], tc.impulse[0], spiked, l.rng);
    l.x[2 * a + 1] = traceStep(l.x[2 * a + 1] as number, tc.decay[1], tc.impulse[1], spiked, l.rng);
    l.preNow[a] = 0;
  }
  // Post traces per compartment: spikes of this step, or the value the microcode exported.
  const spikedNow = new Uint8Array(c.n);
  for (let i = 0; i < c.nSpikes; i++) spikedNow[c.spikes[i] as number] = 1;
  for (let comp = 0; comp < c.n; comp++) {
    const tc = cfg.postTrace[c.img.profileOf[comp] as number] ?? cfg.postTrace[0];
    const s = spikedNow[comp] === 1;
    if (s) l.postEpoch[comp] = 1;
    if (!tc) continue;
    for (let j = 0; j < 3; j++) {
      const k = 3 * comp + j;
      const exported = j > 0 ? (c.post[2 * comp + j - 1] as number) : -1;
      l.y[k] =
        exported >= 0
          ? exported
          : traceStep(l.y[k] as number, tc.decay[j] as number, tc.impulse[j] as number, s, l.rng);
    }
  }
  out.traceUpdates = 2 * axons + 3 * c.n;
  out.cycles += out.traceUpdates * p.traceUpdate.cycles;
  out.energyPj += out.traceUpdates * p.traceUpdate.energyPj;
  if (t % l.epoch !== 0) return out;
  // Epoch boundary: apply the rules (if this phase learns), then clear the epoch dependencies.
  l.epochs++;
  if (learnOn) {
    const n = applyRules(c, l, cfg, out.changed);
    out.synUpdates = n;
    out.cycles += n * p.synUpdate.cycles;
    out.energyPj += n * p.synUpdate.energyPj;
  }
  l.preEpoch.fill(0);
  l.postEpoch.fill(0);
  return out;
}
