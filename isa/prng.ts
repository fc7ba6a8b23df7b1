// The on-chip pseudo-random number generator (ours): one xorshift32 generator per core and
// per use, specified here bit for bit because it is part of the product (stochastic rounding
// of traces and learned weights, noise, Bernoulli sources). It must not use a library or any
// global randomness: the same seed gives the same bits on every machine.
//
// Algorithm: Marsaglia's xorshift32 (J. Stat. Software 8(14), 2003), triple (13, 17, 5):
//   x ^= x << 13; x ^= x >>> 17; x ^= x << 5      (32-bit state, never 0, period 2^32 - 1)
// Hardware cost: three shifts and three XORs on a 32-bit register, cheap enough per core.
// Draws of n bits take the TOP n bits of the next state (the high bits of xorshift mix best).
//
// Seeds: state(seed, core, stream) = fmix32(fmix32(seed) ^ fmix32(core * 0x9E3779B9 + stream)),
// with 0 replaced by 0x6D2B79F5 (xorshift's state must never be 0). fmix32 is MurmurHash3's
// 32-bit finaliser. So every core and every use (stream) of every core has its own sequence,
// and adding a core never shifts another core's numbers.

/** Independent uses of randomness on a core; each has its own generator. */
export const PRNG_STREAMS = {
  /** Stochastic rounding of learning-rule results (dw, dd, dt). */
  learning: 0,
  /** Stochastic rounding of trace decay. */
  trace: 1,
  /** Compartment noise (reserved for noisy neuron programs). */
  noise: 2,
  /** Host spike sources (Bernoulli / rate coding), per source instead of per core. */
  source: 3,
} as const;
export type PrngStream = keyof typeof PRNG_STREAMS;

/** MurmurHash3 fmix32: a bijective 32-bit mixer. */
export function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Initial 32-bit state of the generator for (experiment seed, core or source index, use). */
export function derivePrngSeed(seed: number, core: number, stream: PrngStream | number): number {
  const s = typeof stream === "number" ? stream : PRNG_STREAMS[stream];
  const h = fmix32(fmix32(seed >>> 0) ^ fmix32((Math.imul(core >>> 0, 0x9e3779b9) + s) >>> 0));
  return h === 0 ? 0x6d2b79f5 : h;
}

/** One xorshift32 generator. `state` is public so the emulator can snapshot and restore it. */
export class ChipPrng {
  /** 32-bit unsigned state, never 0. */
  state: number;
  constructor(state: number) {
    const s = state >>> 0;
    if (s === 0) throw new RangeError("xorshift32 state must be nonzero");
    this.state = s;
  }
  /** Generator for (seed, core, stream) as specified above. */
  static forCore(seed: number, core: number, stream: PrngStream | number): ChipPrng {
    return new ChipPrng(derivePrngSeed(seed, core, stream));
  }
  /** Advance and return the new 32-bit state (unsigned). */
  next32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  /** Uniform integer in [0, 2^n) from the top n bits of the next state, 1 <= n <= 32. */
  nextBits(n: number): number {
    return n >= 32 ? this.next32() : this.next32() >>> (32 - n);
  }
}

/**
 * Stochastic rounding of value / 2^fracBits to an integer: floor, plus 1 with probability
 * (fractional part). The fraction's low fracBits bits are compared with a fresh fracBits-bit
 * draw: round up iff frac > draw, which happens for exactly frac of the 2^fracBits draws, so
 * the expectation is exact. Works for negative values (floor in two's complement).
 * `value` must be an integer with |value| < 2^52. Consumes exactly one draw (fracBits > 0).
 */
export function stochasticRound(value: number, fracBits: number, prng: ChipPrng): number {
  if (fracBits === 0) return value;
  const scale = 2 ** fracBits;
  const fl = Math.floor(value / scale);
  const frac = value - fl * scale;
  // A draw is consumed even when frac is 0, as the hardware draws every time: the sequence
  // position never depends on the data.
  return fl + (frac > prng.nextBits(fracBits) ? 1 : 0);
}
