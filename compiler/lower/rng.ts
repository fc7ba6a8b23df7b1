// Seeded random streams for connectors and weight generators: pure-rand's xoroshiro128+ from
// the seed the program wrote, so the same program and seed give the same synapses on every
// machine. It must not use Math.random or any global state.
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

export interface Stream {
  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number;
  /** Uniform integer in [0, n) for n <= 2^32 (multiply-shift, bias below 2^-32 * n). */
  int(n: number): number;
  /** Standard normal (Box-Muller, both halves used). */
  normal(): number;
}

/** A stream keyed by the seed written in the program and a salt (so a connector and a weight
 *  generator that share a seed still draw independent numbers). */
export function stream(seed: number, salt: number): Stream {
  const g: RandomGenerator = xoroshiro128plus((seed ^ Math.imul(salt, 0x9e3779b1)) | 0);
  let spare: number | null = null;
  const float = () => (g.next() >>> 0) / 4294967296;
  return {
    float,
    int: (n) => Math.floor(float() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = float();
      while (u === 0) u = float();
      const v = float();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Salts of the generators (fixed forever: changing one changes every compiled network). */
export const SALT = { connector: 1, weight: 2 } as const;
