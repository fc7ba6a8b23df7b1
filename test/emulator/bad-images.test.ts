// Load-time refusal of images that reach outside a core's own memory or could emit negative
// payloads (each message names core and field), and the run-time negative-payload fault.
import { describe, expect, it } from "vitest";
import { createEmulator, EmulatorFault, ImageRejected } from "../../emulator/index.ts";
import type { ChipImage } from "../../isa/image.ts";
import { assemble } from "../../isa/microcode/asm.ts";
import { experimentImage } from "./fixture-experiment.ts";
import { cubaProfile, makeCore, makeImage } from "./helpers.ts";

function good(): ChipImage {
  const core = makeCore({
    index: 0,
    n: 2,
    profile: cubaProfile({ decayU: 410, decayV: 205, vthMant: 100 }),
    axons: 1,
    synapses: [{ axon: 0, target: 1, weight: 100 }],
    routes: [{ from: 0, core: 0, axon: 0 }],
  });
  return makeImage([core], {
    steps: 5,
    input: [{ channel: 0, step: 1 }],
    inputRoutes: [{ channel: 0, core: 0, axon: 0 }],
  });
}

function refusal(img: ChipImage, opts = {}): string {
  try {
    createEmulator(img, opts);
  } catch (e) {
    if (e instanceof ImageRejected) return e.message;
    throw e;
  }
  throw new Error("image was accepted");
}

const core0 = (img: ChipImage) => img.cores[0] as ChipImage["cores"][number];

describe("bad images are refused at load time", () => {
  it("accepts the good image", () => {
    expect(() => createEmulator(good())).not.toThrow();
  });

  it("synapse target outside the core's compartments", () => {
    const img = good();
    core0(img).synTarget[0] = 7;
    expect(refusal(img)).toContain("core 0: synTarget[0] = 7 is outside the core's 2 compartments");
  });

  it("axon table that does not cover the synapse arrays", () => {
    const img = good();
    core0(img).axonStart = Uint32Array.from([0, 3]);
    expect(refusal(img)).toContain("core 0: axonStart[1] is 3, expected 1 (entries stored)");
  });

  it("route to a core that does not exist, or to an axon it does not have", () => {
    const img = good();
    core0(img).routeCore[0] = 9;
    expect(refusal(img)).toContain("core 0: routeCore[0] = 9 is not a core of the image");
    const img2 = good();
    core0(img2).routeAxon[0] = 4;
    expect(refusal(img2)).toContain("core 0: routeAxon[0] = 4, core 0 has 1 input axons");
  });

  it("source route outside the image", () => {
    const img = good();
    (img.sources[0] as ChipImage["sources"][number]).routeAxon[0] = 2;
    expect(refusal(img)).toContain("source 'in': routeAxon[0] = 2, core 0 has 1 input axons");
  });

  it("delay longer than the profile's ring", () => {
    const img = good();
    core0(img).synDelay[0] = 8;
    expect(refusal(img)).toContain("core 0: synDelay[0] = 8, profile allows 0..7");
  });

  it("weight the synapse format cannot hold, and the reserved format 0", () => {
    const img = good();
    core0(img).synWeight[0] = 101;
    expect(refusal(img)).toContain(
      "core 0: synWeight[0] = 101 is not a mixed 8-bit weight (-256..254 in steps of 2)",
    );
    const img2 = good();
    core0(img2).synFormat[0] = 0;
    expect(refusal(img2)).toContain("core 0: synFormat[0] = 0 (format 0 is reserved");
  });

  it("state array of the wrong size and profile index out of range", () => {
    const img = good();
    core0(img).initialState = new Int32Array(5);
    core0(img).profileOf[1] = 3;
    const m = refusal(img);
    expect(m).toContain("core 0: initialState has length 5, expected 2 x 3");
    expect(m).toContain("core 0: profileOf[1] = 3, core has 1 profiles");
  });

  it("malformed microcode", () => {
    const img = good();
    core0(img).neuronProfiles[0] = {
      name: "broken",
      code: Uint32Array.from([0]),
      constants: new Int32Array(0),
    };
    expect(refusal(img)).toContain(
      "core 0: neuronProfiles[0] 'broken'.code: word 0x00000000: unassigned opcode 0",
    );
  });

  it("a graded spike whose payload is not proven non-negative", () => {
    const img = good();
    img.profile = "loihi2";
    core0(img).neuronProfiles[0] = {
      name: "graded",
      code: assemble("spikep q\nend\n"),
      constants: new Int32Array(0),
    };
    expect(refusal(img)).toContain(
      "core 0: neuronProfiles[0] 'graded'.code pc 0: spikep payload q may be negative (spikes are unsigned)",
    );
    // Bounded first: accepted.
    core0(img).neuronProfiles[0] = {
      name: "graded",
      code: assemble("max t0, q, z\nspikep t0\nend\n"),
      constants: new Int32Array(0),
    };
    expect(() => createEmulator(img)).not.toThrow();
  });

  it("an input axon count far beyond the axon table (refused, not looped over)", () => {
    const img = good();
    core0(img).inputAxons = Number.MAX_SAFE_INTEGER;
    expect(refusal(img)).toContain("core 0: axonStart has length 2, expected 9007199254740992");
  });

  it("a graded spike through a decay whose factor 4096 - offset - K is negative", () => {
    const graded = (k: number) => {
      const img = good();
      img.profile = "loihi2";
      core0(img).neuronProfiles[0] = {
        name: "graded",
        code: assemble("max t0, q, z\ndecay t0, t0, k0, 1\nspikep t0\nend\n"),
        constants: Int32Array.from([k]),
      };
      return img;
    };
    expect(() => createEmulator(graded(4095))).not.toThrow();
    expect(refusal(graded(4096))).toContain(
      "core 0: neuronProfiles[0] 'graded'.code pc 2: spikep payload t0 may be negative",
    );
    expect(refusal(graded(-1))).toContain("pc 2: spikep payload t0 may be negative");
  });

  it("a presentation phase of no steps (refused, not a bare Error from the schedule)", () => {
    const img = experimentImage();
    img.experiment.presentation!.phases[0]!.steps = -20;
    expect(refusal(img)).toContain("experiment.presentation.phases[0].steps: -20 must be >= 1");
  });

  it("a board larger than the profile's", () => {
    const img = good();
    img.chips = 64;
    expect(refusal(img)).toContain("image.chips = 64: profile 'loihi' boards hold 1..32 chips");
  });

  it("unknown chip profile or cost table", () => {
    const img = good();
    img.costProfile = "nope";
    expect(() => createEmulator(img)).toThrow(
      "unknown cost table 'nope' (known: davies2018, sanafe)",
    );
  });
});

describe("negative payload at run time", () => {
  it("faults naming core, compartment and step", () => {
    const img = good();
    img.profile = "loihi2";
    // t0 = q - 1: negative whenever no input arrived. With strictPayloads off the image loads.
    core0(img).neuronProfiles[0] = {
      name: "graded",
      code: assemble("movi t1, 1\nsub t0, q, t1\nspikep t0\nend\n"),
      constants: new Int32Array(0),
    };
    const emu = createEmulator(img, { strictPayloads: false });
    expect(() => emu.stepOnce()).toThrow(EmulatorFault);
    expect(() => createEmulator(img, { strictPayloads: false }).stepOnce()).toThrow(
      /core 0 compartment 0 at step 1: negative spike payload -1 at pc 2 \(spikep\)/,
    );
  });
});

describe("step counts the run cannot hold", () => {
  it("fault with the run's size instead of a bare RangeError", () => {
    expect(() => createEmulator(good(), { steps: -1 })).toThrow(
      new EmulatorFault("steps must be a non-negative integer, got -1"),
    );
    expect(() => createEmulator(good(), { steps: 2.5 })).toThrow(EmulatorFault);
    expect(() => createEmulator(good(), { steps: 4e9, seriesEvery: 1 })).toThrow(
      /^a run of 4000000000 steps on 1 core\(s\) is too long to record its per-step series in memory at 1 step\(s\) per row/,
    );
    for (const seriesEvery of [0, -3, 1.5])
      expect(() => createEmulator(good(), { seriesEvery })).toThrow(
        new EmulatorFault(`seriesEvery must be a positive integer, got ${seriesEvery}`),
      );
  });

  it("sums steps into rows by default when one row per step would not fit", () => {
    // 4e9 steps x 8 columns at 2^24 numbers: 1908 steps per row (no samples to line up with).
    const r = createEmulator(good(), { steps: 4e9 }).result();
    expect(r.series.every).toBe(Math.ceil((4e9 * 8) / 2 ** 24));
    expect(r.series.chipCycles.length).toBe(0);
  });
});
