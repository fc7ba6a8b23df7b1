// The chip limits the front end checks against, per profile name. A small adapter until the
// profile objects of isa/ carry these fields; values follow chip.md sections 2-5. It must not
// hold anything the back end alone decides (placement, memory).
import type { ProfileLimits } from "./checked.ts";

/** `loihi`: Loihi 1 (6-bit delays, binary spikes). `loihi2`: graded 24-bit unsigned payloads. */
export const PROFILES: Record<string, ProfileLimits> = {
  loihi: {
    name: "loihi",
    maxDelay: 62,
    gradedSpikeBits: 0,
    vmin: -(2 ** 23) + 1,
    vmax: 2 ** 23 - 1,
  },
  loihi2: {
    name: "loihi2",
    maxDelay: 63,
    gradedSpikeBits: 24,
    vmin: -(2 ** 23) + 1,
    vmax: 2 ** 23 - 1,
  },
};

/** Learning-engine limits (chip.md section 6). */
export const LEARNING = {
  maxEpochSteps: 63,
  mantMin: -8,
  mantMax: 7,
  expMin: -7,
  expMax: 8,
  /** Factors per product term besides the dependency (ours; the engine's microcode entry). */
  maxFactors: 4,
  traceImpulseMax: 127,
  decayMax: 4095,
} as const;
