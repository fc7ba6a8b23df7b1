// Random streams of the emulator: one independent stream per core (trace stochastic rounding)
// and per host source (Bernoulli and rate inputs), each derived from the run seed and a key, so
// cores share nothing and the same seed gives the same bits. Draws come from the isa PRNG.
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";

export interface RandomStream {
  /** Uniform integer 0..65535. */
  nextU16(): number;
  /** Uniform integer 0..4095. */
  next12(): number;
  /** Generator state as plain numbers (for checkpoints). */
  save(): number[];
  load(s: number[]): void;
}

export type TraceRng = RandomStream;

/** 32-bit integer mixing (murmur3 finaliser): distinct keys give unrelated seeds. */
function mix(h0: number, k: number): number {
  let h = (h0 ^ Math.imul(k | 0, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function createStream(seed: number, ...keys: number[]): RandomStream {
  let h = seed | 0;
  for (const k of keys) h = mix(h, k);
  let g = xoroshiro128plus(h);
  return {
    nextU16: () => (g.next() >>> 16) & 0xffff,
    next12: () => (g.next() >>> 20) & 0xfff,
    save: () => [...g.getState()],
    load: (s) => {
      g = xoroshiro128plusFromState(s);
    },
  };
}

/** The stream of core `core`'s learning engine. */
export function createTraceRng(seed: number, core: number): TraceRng {
  return createStream(seed, 0x7ace, core);
}
