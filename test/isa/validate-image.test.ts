// validateImage: a valid image passes; each broken limit or reference is reported with the
// core and field it concerns.

import { describe, expect, it } from "vitest";
import { assemble, LOIHI, LOIHI2, validateImage } from "../../isa/index.ts";
import { tinyImage } from "./fixtures.ts";

const msgs = (img = tinyImage(), p = LOIHI) =>
  validateImage(img, p).map((x) => `${x.path}: ${x.message}`);

describe("validateImage", () => {
  it("accepts the fixture", () => {
    expect(msgs()).toEqual([]);
  });

  it("reports bad references by core and field", () => {
    const img = tinyImage();
    const c = img.cores[0]!;
    c.synTarget[2] = 9;
    c.synFormat[0] = 0;
    c.routeAxon[1] = 5;
    c.routeCore[0] = 7;
    expect(msgs(img)).toEqual([
      "cores[0].synTarget[2]: = 9 is outside 0..3 (compartment index, core has 4)",
      "cores[0].synFormat[0]: = 0 is outside 1..2 (synapse format (0 reserved), core has 3)",
      "cores[0].routeCore[0]: = 7 is not a core of this image",
      "cores[0].routeAxon[1]: = 5 but core 0 has 2 input axons",
    ]);
  });

  it("reports limits: delays, weights, profile counts, microcode, learning mix", () => {
    const img = tinyImage();
    const c = img.cores[1]!;
    c.synDelay[0] = 8; // loihi: delays 0..7
    c.synWeight[1] = -21; // mixed 8-bit: even values only
    c.neuronProfiles[0]!.code = assemble("movi t0, 1");
    c.synapseFormats[2]!.rule = -1;
    c.synFormat[3] = 2; // static format on a learning core
    expect(msgs(img)).toEqual([
      "cores[1].neuronProfiles[0] (lif).code: last instruction is 'movi', must be 'end'",
      "cores[1].synDelay[0]: = 8 is outside 0..7 (delay)",
      "cores[1].synWeight[1]: = -21 not representable in format 1 (mixed, 8 bits: -256..254 step 2)",
      "cores[1].synFormat: mixes learning and static synapses; profile loihi requires all or none per core",
    ]);
  });

  it("reports per-core resource overflow with used and max", () => {
    const img = tinyImage();
    img.cores[0]!.inputAxons = 2; // keep CSR valid; overflow compartments instead
    img.cores[0]!.compartments = 2000;
    const out = msgs(img);
    expect(out).toContain("cores[0].compartments: 2000 exceeds 1024");
    expect(out).toContain("cores[0].compartments: uses 2000 of 1024");
  });

  it("checks the image against the profile it is loaded for", () => {
    expect(msgs(tinyImage(), LOIHI2)[0]).toBe(
      "profile: image targets 'loihi', checked against 'loihi2'",
    );
  });

  it("checks host-side references", () => {
    const img = tinyImage();
    img.probes[0]!.population = "nope";
    img.projections[0]!.slot[0] = 99;
    img.sources[0]!.routeAxon[1] = 3;
    expect(msgs(img)).toEqual([
      "sources[0] (in).routeAxon[1]: = 3 but core 1 has 2 input axons",
      "probes[0].population: 'nope' is not a population",
      "projections[0] (in->a).slot[0]: = 99 but core 0 has 5 synapses",
    ]);
    // The neuron indices host routines read counts by, and the populations they name.
    const idx = tinyImage();
    const pj = idx.projections[0]!;
    const post = idx.populations.find((p) => p.name === pj.post)!;
    pj.postIndex[0] = post.size;
    pj.pre = "gone";
    expect(msgs(idx)).toEqual([
      "projections[0] (in->a).pre: 'gone' is not a population or source",
      `projections[0] (in->a).postIndex[0]: = ${post.size} is outside 0..${post.size - 1} (neuron of a)`,
    ]);
  });

  it("checks the schedule: phase lengths, epochs, steps and data-set row ranges", () => {
    const img = tinyImage();
    img.experiment.steps = -1;
    img.experiment.datasets[0]!.trainRows = [1, 0];
    img.experiment.datasets[0]!.testRows = [1, 3];
    img.experiment.presentation = {
      dataset: 0,
      phases: [
        { name: "a", steps: 0, learn: false },
        { name: "b", steps: -5, learn: true },
      ],
      epochs: -1,
      resetBetweenSamples: true,
    };
    expect(msgs(img)).toEqual([
      "experiment.datasets[0].trainRows: [1, 0] must satisfy 0 <= start <= end <= rows (2)",
      "experiment.datasets[0].testRows: [1, 3] must satisfy 0 <= start <= end <= rows (2)",
      "experiment.steps: -1 must be >= 0",
      "experiment.presentation.phases[0].steps: 0 must be >= 1",
      "experiment.presentation.phases[1].steps: -5 must be >= 1",
      "experiment.presentation.epochs: -1 must be >= 0",
    ]);
    img.experiment.presentation.phases = [];
    expect(msgs(img)).toContain(
      "experiment.presentation.phases: is empty: a sample needs at least one phase",
    );
  });
});
