// Random streams of the emulator, all from the isa PRNG (isa/prng.ts, xorshift32 per core and
// per use): one per learning core for trace rounding, one per learning core for rule rounding,
// one per host source. Cores share nothing and the same seed gives the same bits. It adds no
// generator of its own; it only names which stream each use draws from.
import { ChipPrng } from "../isa/prng.ts";

export interface RandomStream {
  prng: ChipPrng;
  /** Uniform integer 0..65535. */
  nextU16(): number;
  /** Generator state (for checkpoints). */
  save(): number[];
  load(s: number[]): void;
}

function wrap(prng: ChipPrng): RandomStream {
  return {
    prng,
    nextU16: () => prng.nextBits(16),
    save: () => [prng.state],
    load: (s) => {
      if (s[0] !== undefined) prng.state = s[0];
    },
  };
}

/** The stream of host source `source` (its index in image.sources) for run seed `seed`. */
export function sourceStream(seed: number, source: number): RandomStream {
  return wrap(ChipPrng.forCore(seed, source, "source"));
}

/** The trace-rounding and rule-rounding streams of core `core`. */
export function coreStreams(
  seed: number,
  core: number,
): { trace: RandomStream; learning: RandomStream } {
  return {
    trace: wrap(ChipPrng.forCore(seed, core, "trace")),
    learning: wrap(ChipPrng.forCore(seed, core, "learning")),
  };
}
