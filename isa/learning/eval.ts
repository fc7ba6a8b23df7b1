// Reference evaluator of learning rules and trace updates, bit-exact: the 16-bit signed
// accumulator with 7 fractional bits, saturation, and stochastic rounding from the on-chip
// PRNG. Modelled on nengo-loihi (discretize.py: LEARN_BITS = 15 + sign, LEARN_FRAC = 7;
// emulator/interface.py: weights get LEARN_FRAC extra bits, the sum is stochastically rounded
// back to the weight's precision and clipped; traces are stochastically rounded and clipped
// to 127). It must not decide WHEN rules run (the emulator's learn phase does).

import { clampInt } from "../microcode/table.ts";
import { type ChipPrng, stochasticRound } from "../prng.ts";
import { decodeRule, type Factor, type LearningRule } from "./codec.ts";
import type { LearnTarget, LearnVariable } from "./table.ts";

/** Fractional bits of the learning accumulator (nengo-loihi LEARN_FRAC). */
export const LEARN_FRAC = 7;
/** Accumulator range: 16-bit signed. */
export const ACC_MIN = -32768;
export const ACC_MAX = 32767;
/** Traces are unsigned 7-bit. */
export const TRACE_MAX = 127;
/** Learning w and tag t are 9-bit signed. */
export const W9_MIN = -256;
export const W9_MAX = 255;

/** Everything a rule may read at one synapse (and nothing else: chip.md section 6). */
export interface SynapseContext {
  /** The input axon's pre neuron spiked in this epoch (dependency x0). */
  x0: boolean;
  /** The post compartment spiked in this epoch (dependency y0). */
  y0: boolean;
  /** Epoch number (1, 2, ...): dependency u_k holds when epoch % 2^k === 0. */
  epoch: number;
  /** Pre traces of the input axon and post traces of the compartment, 0..127. */
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  y3: number;
  /** The synapse's weight mantissa (9-bit signed), delay and tag (9-bit signed). */
  w: number;
  d: number;
  t: number;
}

/** Representable weights of the synapse's format. */
export interface WeightLimits {
  min: number;
  max: number;
  /** Weights are multiples of step (a power of two): formats with fewer bits drop LSBs. */
  step: number;
}

/** Weight range of a synapse format (chip.md section 4): mixed loses the LSB (8 bits incl.
 *  sign: even values -256..254), excitatory 0..255, inhibitory -255..0; fewer bits widen the
 *  step. */
export function weightLimits(
  weightBits: number,
  signMode: "mixed" | "excitatory" | "inhibitory",
): WeightLimits {
  if (signMode === "mixed") {
    const step = 2 ** (9 - weightBits);
    return { min: -256, max: 256 - step, step };
  }
  const step = 2 ** (8 - weightBits);
  return signMode === "excitatory"
    ? { min: 0, max: 256 - step, step }
    : { min: -(256 - step), max: 0, step };
}

export interface LearnResult {
  w: number;
  d: number;
  t: number;
  /** Saturated accumulators (units of 2^-7 of the target) before rounding. */
  acc: Record<LearnTarget, number>;
  /** Number of PRNG draws consumed (one per target the rule has terms for). */
  draws: number;
}

function factorValue(f: Factor, s: SynapseContext): number {
  const v = (name: LearnVariable) => s[name];
  switch (f.kind) {
    case "var":
      return v(f.v);
    case "addc":
      return v(f.v) + f.c;
    case "sgn":
      return Math.sign(v(f.v) + f.c);
    case "const":
      return f.c;
  }
}

const sat = (x: number) => clampInt(x, ACC_MIN, ACC_MAX);

/**
 * Apply a rule to one synapse for one epoch.
 * 1. Each term whose dependency holds contributes m * prod(F) * 2^(e + 7) accumulator units
 *    (e >= -7, so this is an exact integer); the term saturates to 16 bits, and so does the
 *    running sum of its target.
 * 2. w: (w << 7) + acc_dw is stochastically rounded to a multiple of the format's step, then
 *    clipped to the format's range. d: d + round(acc_dd / 2^7) clipped to 0..maxDelay. t: same,
 *    clipped to 9-bit signed.
 * 3. One PRNG draw per target that the rule has any term for, in order dw, dd, dt, whether
 *    or not its dependencies held (the engine walks the same program for every synapse).
 */
export function evalLearningRule(
  rule: LearningRule | Uint32Array,
  s: SynapseContext,
  prng: ChipPrng,
  limits: { weight: WeightLimits; maxDelay: number },
): LearnResult {
  const r = rule instanceof Uint32Array ? decodeRule(rule) : rule;
  const acc: Record<LearnTarget, number> = { dw: 0, dd: 0, dt: 0 };
  const present = new Set<LearnTarget>();
  for (const term of r.terms) {
    present.add(term.target);
    const dep = term.dep;
    const holds =
      dep.kind === "none" ||
      (dep.kind === "x0" && s.x0) ||
      (dep.kind === "y0" && s.y0) ||
      (dep.kind === "u" && s.epoch % 2 ** dep.k === 0);
    if (!holds) continue;
    let p = term.m * 2 ** (term.e + LEARN_FRAC);
    // Magnitudes stay far below 2^1024; anything past 2^15 saturates below, so doubles are
    // exact wherever the result is not saturated.
    for (const f of term.factors) p *= factorValue(f, s);
    acc[term.target] = sat(acc[term.target] + sat(p));
  }
  let { w, d, t } = s;
  let draws = 0;
  if (present.has("dw")) {
    const stepBits = Math.log2(limits.weight.step);
    const total = w * 2 ** LEARN_FRAC + acc.dw;
    w = stochasticRound(total, LEARN_FRAC + stepBits, prng) * limits.weight.step;
    w = clampInt(w, limits.weight.min, limits.weight.max);
    draws++;
  }
  if (present.has("dd")) {
    d = clampInt(d + stochasticRound(acc.dd, LEARN_FRAC, prng), 0, limits.maxDelay);
    draws++;
  }
  if (present.has("dt")) {
    t = clampInt(t + stochasticRound(acc.dt, LEARN_FRAC, prng), W9_MIN, W9_MAX);
    draws++;
  }
  return { w, d, t, acc, draws };
}

/**
 * One trace update (x1, x2, y1, y2, y3 alike): decay with the 12-bit register, stochastically
 * rounded (12 random bits), then the impulse per spike, saturated to the unsigned 7-bit range:
 *   trace' = min(127, round_stoch(trace * (4096 - decay) / 4096) + impulse * spikes)
 */
export function updateTrace(
  trace: number,
  decay: number,
  impulse: number,
  spikes: number,
  prng: ChipPrng,
): number {
  const decayed = stochasticRound(trace * (4096 - decay), 12, prng);
  return clampInt(decayed + impulse * spikes, 0, TRACE_MAX);
}
