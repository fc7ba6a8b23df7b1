// Synapse format planning: which format fields a projection's synapses need (weight bits and
// exponent from discretize, delay and tag bits from what the projection uses, the learning
// rule), and what one synapse costs in bits, dense or sparse, through isa's accounting.
// It must not restate the accounting formula (isa/synapse-memory.ts owns it).
import type { SynapseFormatImage } from "../../isa/image.ts";
import { axonSynapseBits, bitsPerSynapse, type ChipProfile, delayBits } from "../../isa/index.ts";
import type { CheckedRule } from "../check/checked.ts";
import type { DiscreteWeights } from "../discretize/index.ts";
import type { NetProjection } from "../lower/index.ts";

/** A projection's format fields except `sparse` and `rule` (decided per core). */
export interface ProjFormat {
  weightBits: number;
  weightExp: number;
  signMode: SynapseFormatImage["signMode"];
  delayBits: number;
  tagBits: number;
  plastic: boolean;
  /** Bits per synapse, dense and sparse (isa bitsPerSynapse). */
  bpsDense: number;
  bpsSparse: number;
}

function usesTag(rule: CheckedRule | undefined): boolean {
  if (!rule) return false;
  return rule.terms.some(
    (t) => t.target === "t" || t.factors.some((f) => f.kind !== "const" && f.v === "t"),
  );
}

export function projectionFormat(
  p: NetProjection,
  w: DiscreteWeights,
  rule: CheckedRule | undefined,
  profile: ChipProfile,
): ProjFormat {
  let anyDelay = false;
  for (let k = 0; k < p.count && !anyDelay; k++) anyDelay = p.delay[k] !== 0;
  const base = {
    weightBits: w.weightBits,
    weightExp: w.weightExp,
    signMode: w.signMode,
    // Delay and tag fields are stored only when the projection uses them (nengo-loihi does
    // the same): a delay-free dense 8-bit list costs 8 bits per synapse.
    delayBits: anyDelay ? delayBits(profile) : 0,
    tagBits: usesTag(rule) ? profile.bits.tag : 0,
  };
  return {
    ...base,
    plastic: p.rule !== null,
    bpsDense: bitsPerSynapse({ ...base, sparse: false }, profile),
    bpsSparse: bitsPerSynapse({ ...base, sparse: true }, profile),
  };
}

/** Bits of one axon's list of n synapses of this format. */
export function listBits(n: number, dense: boolean, f: ProjFormat, profile: ChipProfile): number {
  return axonSynapseBits(n, dense ? f.bpsDense : f.bpsSparse, profile);
}
