// Synapse memory accounting, exactly as chip.md section 2 (after nengo-loihi): an input axon's
// synapses are stored in groups of up to 64 (of one format); a group of n synapses costs
// n * bitsPerSynapse + 10 header bits, rounded up to whole 64-bit words. Plus the table
// counts (axons, routes, profiles, formats) a core must fit. Used by the compiler's placer
// (before writing) and by validateImage (at load). It must not place or split anything.

import type { CoreImage, SynapseFormatImage } from "./image.ts";
import type { ChipProfile } from "./profiles.ts";

/** bitsPerSynapse = weightBits + delayBits + tagBits (+ indexBits for sparse lists), where
 *  indexBits = ceil(log2(maxCompartments)) names the target compartment of a sparse entry. */
export function bitsPerSynapse(
  fmt: Pick<SynapseFormatImage, "weightBits" | "delayBits" | "tagBits" | "sparse">,
  profile: ChipProfile,
): number {
  const index = fmt.sparse ? Math.ceil(Math.log2(profile.maxCompartments)) : 0;
  return fmt.weightBits + fmt.delayBits + fmt.tagBits + index;
}

/** Bits of one group of n (1..64) synapses: whole words of n * bps + header. */
export function synapseGroupBits(n: number, bps: number, profile: ChipProfile): number {
  if (n <= 0) return 0;
  const raw = n * bps + profile.synapseGroupHeaderBits;
  return Math.ceil(raw / profile.synapseWordBits) * profile.synapseWordBits;
}

/** Bits of an axon's list of n synapses of one format: full groups of 64, then the rest. */
export function axonSynapseBits(n: number, bps: number, profile: ChipProfile): number {
  const g = profile.maxSynapsesPerGroup;
  const full = Math.floor(n / g);
  return full * synapseGroupBits(g, bps, profile) + synapseGroupBits(n - full * g, bps, profile);
}

/** How many axons of n synapses each fit a core's synapse memory. */
export function axonsThatFit(n: number, bps: number, profile: ChipProfile): number {
  const per = axonSynapseBits(n, bps, profile);
  return per === 0 ? Number.POSITIVE_INFINITY : Math.floor(profile.synapseMemoryBits / per);
}

/** Synapse memory a core image uses: per input axon, each run of consecutive synapses of the
 *  same format is split into groups of up to 64 and charged as above. Unknown format indices
 *  are charged at the profile's widest (8-bit weight, full delay, 9-bit tag, sparse) so a bad
 *  image is never under-counted; validateImage reports the bad index itself. */
export function coreSynapseMemoryBits(core: CoreImage, profile: ChipProfile): number {
  let bits = 0;
  const worst = bitsPerSynapse(
    {
      weightBits: 8,
      delayBits: Math.ceil(Math.log2(profile.maxDelay + 1)),
      tagBits: 9,
      sparse: true,
    },
    profile,
  );
  // Axons past the axonStart table hold no synapses; bounding by the table keeps a damaged
  // inputAxons (2^53 - 1) from looping for days before validateImage can report it.
  const axons = Math.min(core.inputAxons, Math.max(0, core.axonStart.length - 1));
  for (let a = 0; a < axons; a++) {
    const start = core.axonStart[a] ?? 0;
    // Likewise past the synapse arrays: a damaged axonStart entry (2^32 - 1) is not walked.
    const end = Math.min(core.axonStart[a + 1] ?? start, core.synFormat.length);
    let i = start;
    while (i < end) {
      const f = core.synFormat[i]!;
      let j = i;
      while (j < end && core.synFormat[j] === f) j++;
      const fmt = core.synapseFormats[f];
      const bps = fmt && f !== 0 ? bitsPerSynapse(fmt, profile) : worst;
      bits += axonSynapseBits(j - i, bps, profile);
      i = j;
    }
  }
  return bits;
}

/**
 * A core's resource use as [used, max] per resource (the CoreImage.utilization format):
 * - compartments:        compartments in use / maxCompartments
 * - inputAxons:          input axon table entries / maxInputAxons (one entry per axon)
 * - outputAxons:         routes (output axon table entries, one per destination core-axon
 *                        pair of a compartment) / maxOutputAxons
 * - synapseMemoryBits:   as coreSynapseMemoryBits / synapseMemoryBits
 * - neuronProfiles:      microcode profiles / maxNeuronProfiles
 * - synapseFormats:      formats including reserved format 0 / maxSynapseFormats
 * - preTraceConfigs:     learning pre-trace configs / maxPreTraceConfigs
 * - microcodeWords:      longest profile program / maxProgramWords
 */
export function coreUtilization(
  core: CoreImage,
  profile: ChipProfile,
): Record<string, [number, number]> {
  const longest = core.neuronProfiles.reduce((m, p) => Math.max(m, p.code.length), 0);
  return {
    compartments: [core.compartments, profile.maxCompartments],
    inputAxons: [core.inputAxons, profile.maxInputAxons],
    outputAxons: [core.routeCore.length, profile.maxOutputAxons],
    synapseMemoryBits: [coreSynapseMemoryBits(core, profile), profile.synapseMemoryBits],
    neuronProfiles: [core.neuronProfiles.length, profile.maxNeuronProfiles],
    synapseFormats: [core.synapseFormats.length, profile.maxSynapseFormats],
    preTraceConfigs: [core.learning?.preTrace.length ?? 0, profile.maxPreTraceConfigs],
    microcodeWords: [longest, profile.maxProgramWords],
  };
}
