// The learn phase of one core (chip.md section 6 and section 9, phase 4): every step, traces
// decay and take impulses (isa/learning updateTrace: unsigned 7-bit, stochastic rounding from
// the core's own trace PRNG); on epoch boundaries the rule pass (learn-rules.ts) updates the
// plastic synapses of learning-enabled compartments, if the step's phase learns. It reads only
// this core's arrays.
import type { CoreImage } from "../isa/image.ts";
import { TRACE_MAX } from "../isa/learning/eval.ts";
import type { CoreRuntime } from "./core-runtime.ts";
import {
  applyRules,
  type CompiledRule,
  compileRules,
  type RulePass,
  rulePassFor,
  synapseAxons,
} from "./learn-rules.ts";
import type { EmuParams } from "./params.ts";
import { coreStreams, type RandomStream } from "./rng.ts";

export interface LearnRuntime {
  epoch: number;
  /** Uint8 [inputAxons][2]: pre traces x1, x2 (0..127). */
  x: Uint8Array;
  /** Uint8 [compartments][3]: post traces y1, y2, y3 (0..127). */
  y: Uint8Array;
  /** Uint8 [inputAxons]: spikes that arrived on the axon this step (impulses pending). */
  preNow: Uint8Array;
  /** Uint8 [inputAxons] / [compartments]: dependency x0 / y0 (spiked within the epoch). */
  preEpoch: Uint8Array;
  postEpoch: Uint8Array;
  /** Uint8 [compartments]: per-compartment learn enable (image.learning.learnEnable). */
  enable: Uint8Array;
  /** Per-synapse tag t (9-bit signed); weights and delays live in CoreRuntime. */
  tag: Int16Array;
  /** Int32 [synapses]: input axon of each synapse. */
  synAxon: Int32Array;
  /** Epochs completed (drives the u_k dependencies: every 2^k epochs). */
  epochs: number;
  rules: CompiledRule[];
  rngTrace: RandomStream;
  rngLearn: RandomStream;
  /** Uint8 [synapses]: 1 where the synapse is a copy in a tied group (emulator/tied.ts): its
   *  rule's change goes to `tiedDelta` and the chip's reduction writes the weight. Null if none. */
  tied: Uint8Array | null;
  tiedDelta: Int32Array | null;
  /** Synapses whose tiedDelta became non-zero since the last reduction (the chip's reduction
   *  runs when some core lists one, and visits their elements only). */
  tiedTouched: number[];
  /** Scratch of learnPhase, reused every step (no allocation per step): compartments that
   *  spiked in this step, and the step's result. */
  spikedNow: Uint8Array;
  result: LearnStepResult;
  /** Apply rules with the isa evaluator per synapse instead of the compiled pass (same bits). */
  specRules: boolean;
  /** The rule pass's per-format weight limits and scratch (learn-rules.ts). */
  pass: RulePass;
  /** Int32 [inputAxons][4]: the axon's pre-trace config (decay x1, decay x2, impulse x1,
   *  impulse x2), resolved once from the image; decay x1 -1 where the axon has none. */
  preCfg: Int32Array;
  /** Int32 [compartments][6]: the compartment's post-trace config (decay y1..y3, impulse
   *  y1..y3); decay y1 -1 where it has none. */
  postCfg: Int32Array;
  /** Scratch of the rule pass: candidate synapses (an axon's and a target's lists may both
   *  name one, hence twice the synapse count), and the synapses by target, built on first use. */
  candidates: Int32Array;
  byTarget: { start: Int32Array; syn: Int32Array } | null;
}

export interface LearnStepResult {
  synUpdates: number;
  traceUpdates: number;
  cycles: number;
  energyPj: number;
  /** Synapse indices whose weight changed (their accumulator value must be recomputed). */
  changed: number[];
}

/**
 * One trace update, isa's updateTrace with the core's xorshift32 draw inlined (the emulator's
 * per-step inner loop on a learning core): trace' = min(127, round_stoch(trace * (4096 -
 * decay) / 4096) + add), the fraction compared with the top 12 bits of the next state. `g.s` is
 * the generator's state, advanced once per call exactly as ChipPrng.nextBits(12) would;
 * test/emulator/learn-rules.test.ts holds it to updateTrace.
 */
export function traceStep(g: { s: number }, trace: number, decay: number, add: number): number {
  const v = trace * (4096 - decay);
  let x = g.s;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  g.s = x >>> 0;
  const t = (v >>> 12) + ((v & 4095) > g.s >>> 20 ? 1 : 0) + add;
  return Math.min(t, TRACE_MAX);
}

export function buildLearnRuntime(img: CoreImage, seed: number, specRules = false): LearnRuntime {
  const l = img.learning;
  if (!l) throw new Error(`core ${img.index} has no learning configuration`);
  const streams = coreStreams(seed, img.index);
  return {
    epoch: l.epoch,
    x: new Uint8Array(img.inputAxons * 2),
    y: new Uint8Array(img.compartments * 3),
    preNow: new Uint8Array(img.inputAxons),
    preEpoch: new Uint8Array(img.inputAxons),
    postEpoch: new Uint8Array(img.compartments),
    enable: Uint8Array.from(l.learnEnable),
    tag: Int16Array.from(img.synTag),
    synAxon: synapseAxons(img),
    epochs: 0,
    rules: compileRules(l.rules),
    pass: rulePassFor(img, l.rules.length),
    rngTrace: streams.trace,
    rngLearn: streams.learning,
    tied: null,
    tiedDelta: null,
    tiedTouched: [],
    spikedNow: new Uint8Array(img.compartments),
    result: { synUpdates: 0, traceUpdates: 0, cycles: 0, energyPj: 0, changed: [] },
    specRules,
    ...traceConfigs(img),
    candidates: new Int32Array(2 * img.synTarget.length),
    byTarget: null,
  };
}

/** The image's trace configs resolved per axon and per compartment (LearnRuntime preCfg,
 *  postCfg), so the per-step trace loop reads flat arrays. */
function traceConfigs(img: CoreImage): { preCfg: Int32Array; postCfg: Int32Array } {
  const l = img.learning as NonNullable<CoreImage["learning"]>;
  const preCfg = new Int32Array(4 * img.inputAxons).fill(-1);
  for (let a = 0; a < img.inputAxons; a++) {
    const tc = l.preTrace[l.axonTraceConfig[a] as number];
    if (tc) preCfg.set([tc.decay[0], tc.decay[1], tc.impulse[0], tc.impulse[1]], 4 * a);
  }
  const postCfg = new Int32Array(6 * img.compartments).fill(-1);
  for (let comp = 0; comp < img.compartments; comp++) {
    const tc = l.postTrace[img.profileOf[comp] as number] ?? l.postTrace[0];
    if (tc) postCfg.set([...tc.decay, ...tc.impulse], 6 * comp);
  }
  return { preCfg, postCfg };
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
    if ((l.preNow[a] as number) < 255) l.preNow[a] = (l.preNow[a] as number) + 1;
    l.preEpoch[a] = 1;
  }
}

export function learnPhase(
  c: CoreRuntime,
  t: number,
  learnOn: boolean,
  p: EmuParams,
): LearnStepResult {
  const l = c.learn as LearnRuntime;
  const cfg = c.img.learning;
  // The result is the runtime's own, valid until the next call (the chip reads it at once).
  const out = l.result;
  out.synUpdates = 0;
  out.traceUpdates = 0;
  out.cycles = 0;
  out.energyPj = 0;
  out.changed.length = 0;
  if (!cfg) return out;
  const prng = l.rngTrace.prng;
  // The trace loops: traceStep written out over flat config arrays, with the generator's state
  // in a local (the emulator's hottest loop on a learning core; test/emulator/learn-rules.test.ts
  // holds it to traceStep, and traceStep to isa's updateTrace).
  let r = prng.state;
  // Pre traces per input axon: decay, then one impulse per spike that arrived this step.
  const axons = c.img.inputAxons;
  const x = l.x;
  const preNow = l.preNow;
  const pre = l.preCfg;
  for (let a = 0; a < axons; a++) {
    const d1 = pre[4 * a] as number;
    if (d1 < 0) continue;
    const n = preNow[a] as number;
    let v = (x[2 * a] as number) * (4096 - d1);
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    let tr = (v >>> 12) + ((v & 4095) > r >>> 20 ? 1 : 0) + (pre[4 * a + 2] as number) * n;
    x[2 * a] = Math.min(tr, TRACE_MAX);
    v = (x[2 * a + 1] as number) * (4096 - (pre[4 * a + 1] as number));
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    tr = (v >>> 12) + ((v & 4095) > r >>> 20 ? 1 : 0) + (pre[4 * a + 3] as number) * n;
    x[2 * a + 1] = Math.min(tr, TRACE_MAX);
    preNow[a] = 0;
  }
  // Post traces per compartment: this step's spike, or the value the microcode exported
  // (`trace y2/y3`), which replaces the trace (a third-factor input, chip.md section 6).
  const spikedNow = l.spikedNow;
  for (let i = 0; i < c.nSpikes; i++) spikedNow[c.spikes[i] as number] = 1;
  const y = l.y;
  const post = l.postCfg;
  const exported = c.post;
  for (let comp = 0; comp < c.n; comp++) {
    const s = spikedNow[comp] as number;
    if (s) l.postEpoch[comp] = 1;
    if ((post[6 * comp] as number) < 0) continue;
    for (let j = 0; j < 3; j++) {
      const k = 3 * comp + j;
      const e = j > 0 ? (exported[2 * comp + j - 1] as number) : -1;
      if (e >= 0) {
        y[k] = e;
        continue;
      }
      const v = (y[k] as number) * (4096 - (post[6 * comp + j] as number));
      r ^= r << 13;
      r ^= r >>> 17;
      r ^= r << 5;
      const tr =
        (v >>> 12) + ((v & 4095) > r >>> 20 ? 1 : 0) + (post[6 * comp + 3 + j] as number) * s;
      y[k] = Math.min(tr, TRACE_MAX);
    }
  }
  prng.state = r >>> 0;
  for (let i = 0; i < c.nSpikes; i++) spikedNow[c.spikes[i] as number] = 0;
  out.traceUpdates = 2 * axons + 3 * c.n;
  out.cycles += out.traceUpdates * p.traceUpdate.cycles;
  out.energyPj += out.traceUpdates * p.traceUpdate.energyPj;
  if (t % l.epoch !== 0) return out;
  // Epoch boundary: apply the rules (if this phase learns), then clear the epoch dependencies.
  l.epochs++;
  if (learnOn) {
    const n = applyRules(c, l, out.changed, p.delaySlots - 1);
    out.synUpdates = n;
    out.cycles += n * p.synUpdate.cycles;
    out.energyPj += n * p.synUpdate.energyPj;
  }
  l.preEpoch.fill(0);
  l.postEpoch.fill(0);
  return out;
}
