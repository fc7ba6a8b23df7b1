// Synapse memory accounting, hand-checked against chip.md section 2.

import { describe, expect, it } from "vitest";
import {
  axonSynapseBits,
  axonsThatFit,
  bitsPerSynapse,
  coreSynapseMemoryBits,
  coreUtilization,
  LOIHI,
  LOIHI2,
  synapseGroupBits,
} from "../../isa/index.ts";
import { tinyCore } from "./fixtures.ts";

describe("synapse memory", () => {
  it("a dense axon of 1024 8-bit targets costs 9216 bits; 113 fit a core", () => {
    const bps = bitsPerSynapse({ weightBits: 8, delayBits: 0, tagBits: 0, sparse: false }, LOIHI);
    expect(bps).toBe(8);
    // one group: 64 * 8 + 10 = 522 bits -> ceil(522 / 64) = 9 words = 576 bits
    expect(synapseGroupBits(64, 8, LOIHI)).toBe(576);
    // 1024 / 64 = 16 groups * 576 = 9216
    expect(axonSynapseBits(1024, 8, LOIHI)).toBe(9216);
    // 1,048,576 / 9216 = 113.78 -> 113
    expect(axonsThatFit(1024, 8, LOIHI)).toBe(113);
  });

  it("partial groups and sparse lists", () => {
    // 65 synapses: one full group (576) + a group of 1: 8 + 10 = 18 bits -> 1 word = 64
    expect(axonSynapseBits(65, 8, LOIHI)).toBe(640);
    // sparse: + 10 index bits on loihi (1024 compartments), + 13 on loihi2 (8192)
    expect(bitsPerSynapse({ weightBits: 8, delayBits: 3, tagBits: 0, sparse: true }, LOIHI)).toBe(
      21,
    );
    expect(bitsPerSynapse({ weightBits: 8, delayBits: 6, tagBits: 9, sparse: true }, LOIHI2)).toBe(
      36,
    );
    expect(axonSynapseBits(0, 8, LOIHI)).toBe(0);
  });

  it("counts a core image: runs of one format per axon, and utilization", () => {
    const core = tinyCore();
    // axon 0: 3 synapses of format 1 (8 + 3 + 0 bits = 11): 33 + 10 = 43 -> 64 bits
    // axon 1: 1 synapse of format 1 (11 + 10 = 21 -> 64) and 1 of format 2 (sparse:
    // 6 + 3 + 0 + 10 = 19; 19 + 10 = 29 -> 64): 128 bits. Total 192.
    expect(coreSynapseMemoryBits(core, LOIHI)).toBe(192);
    const u = coreUtilization(core, LOIHI);
    expect(u.synapseMemoryBits).toEqual([192, 1_048_576]);
    expect(u.compartments).toEqual([4, 1024]);
    expect(u.outputAxons).toEqual([2, 4096]);
    expect(u.synapseFormats).toEqual([3, 8]);
  });

  it("counts only the axons of the axon table when inputAxons is damaged (no 2^53 loop)", () => {
    const core = tinyCore();
    core.inputAxons = Number.MAX_SAFE_INTEGER;
    expect(coreSynapseMemoryBits(core, LOIHI)).toBe(192);
  });

  it("counts only the synapses stored when an axonStart entry is damaged (no 2^32 walk)", () => {
    const core = tinyCore();
    core.axonStart[2] = 2 ** 32 - 1;
    // axon 1 keeps its 2 stored synapses: the same 192 bits.
    expect(coreSynapseMemoryBits(core, LOIHI)).toBe(192);
  });
});
