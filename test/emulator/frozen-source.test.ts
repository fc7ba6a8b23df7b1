// The frozen rate code (`encode bernoulli(max = p, frozen = 1)` or `rate(..., frozen = 1)`):
// the compiler emits a `dataset-rate-frozen` source, and the emulator gives every phase of a
// sample the same spike train (the first phase's, step for step) while samples, seeds and
// source seeds still draw different trains at the usual rate.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/index.ts";
import type { ChipModel } from "../../emulator/model.ts";
import { Schedule } from "../../emulator/schedule.ts";
import { HostSources } from "../../emulator/sources.ts";
import type { ChipImage, SourceImage } from "../../isa/image.ts";
import { checkSource, DIGITS, loaderFor, MAIN, STD } from "../compiler/helpers.ts";
import { makeImage } from "./helpers.ts";

const PHASE = 20;
const SAMPLE = 2 * PHASE;

/** Spikes of a lone source over `samples` samples of two 20-step phases, delivered at step + 1:
 *  out[sample][phase] = "step-in-phase:channel" strings of the spikes that phase receives. */
function deliveries(kind: SourceImage["kind"], samples: number, seed = 1, reset = true) {
  const img: ChipImage = makeImage([], { steps: samples * SAMPLE });
  // Both rows 0.5 on all 4 channels, so two samples differ only by their draws.
  img.experiment.datasets = [
    {
      name: "d",
      rows: 2,
      cols: 4,
      values: new Uint16Array(8).fill(32768),
      labels: Int32Array.from([0, 1]),
      trainRows: [0, 2],
      testRows: [0, 0],
    },
  ];
  img.experiment.presentation = {
    dataset: 0,
    phases: [
      { name: "a", steps: PHASE, learn: true },
      { name: "b", steps: PHASE, learn: true },
    ],
    epochs: Math.ceil(samples / 2),
    resetBetweenSamples: reset,
  };
  img.sources = [
    {
      name: "s",
      channels: 4,
      kind,
      phases: [],
      outStart: Uint32Array.from([0, 1, 2, 3, 4]),
      routeCore: new Uint32Array(4),
      routeAxon: Uint32Array.from([0, 1, 2, 3]),
    },
  ];
  const out: string[][][] = Array.from({ length: samples }, () => [[], []]);
  let step = 0;
  const chip = {
    inject: (_core: number, axon: number) => {
      // Emitted at `step`, integrated at step + 1. With the sample reset, what the last step
      // of a sample emits is cleared before the next sample.
      const d = step + 1;
      const s = Math.floor((d - 1) / SAMPLE);
      const inSample = (d - 1) % SAMPLE;
      if (s >= samples || (reset && inSample === 0)) return;
      const ph = inSample < PHASE ? 0 : 1;
      out[s]![ph]!.push(`${inSample - ph * PHASE}:${axon}`);
    },
  } as unknown as ChipModel;
  const sched = new Schedule(img.experiment);
  const src = new HostSources(img, seed);
  for (step = 0; step <= samples * SAMPLE; step++) src.emit(sched.at(step), chip);
  return out;
}

const frozen: SourceImage["kind"] = {
  type: "dataset-rate-frozen",
  dataset: 0,
  maxProbQ16: 65535,
  seed: 3,
};

describe("dataset-rate-frozen source", () => {
  it("gives both phases of a sample the same spikes at the same in-phase steps", () => {
    const d = deliveries(frozen, 6);
    for (const [a, b] of d) {
      expect(a!.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    }
    // The plain rate code draws each phase afresh: the phases differ.
    const plain = deliveries({ ...frozen, type: "dataset-rate" }, 6);
    expect(plain.filter(([a, b]) => JSON.stringify(a) !== JSON.stringify(b)).length).toBe(6);
  });

  it("draws a new train for every sample, at the encoded rate", () => {
    const d = deliveries(frozen, 40);
    const trains = new Set(d.map(([a]) => JSON.stringify(a)));
    expect(trains.size).toBe(40);
    // p = 0.5 on 4 channels for 19 delivered steps per phase (the first step of a sample
    // receives nothing, and so, for equal trains, does the first step of every phase):
    // 40 * 38 expected spikes, sd 27.6; 5 sd either side.
    const n = d.reduce((a, [x]) => a + x!.length, 0);
    expect(Math.abs(n - 40 * 38)).toBeLessThan(138);
    for (const [a, b] of d) {
      expect(a!.some((s) => s.startsWith("0:"))).toBe(false);
      expect(b!.some((s) => s.startsWith("0:"))).toBe(false);
    }
  });

  it("is reproducible, and differs with another run seed or source seed", () => {
    const d = deliveries(frozen, 4);
    expect(deliveries(frozen, 4)).toEqual(d);
    expect(deliveries(frozen, 4, 2)).not.toEqual(d);
    expect(deliveries({ ...frozen, seed: 4 }, 4)).not.toEqual(d);
  });

  it("keeps the phases equal without the sample reset", () => {
    for (const [a, b] of deliveries(frozen, 4, 1, false)) expect(b).toEqual(a);
  });
});

const program = (
  encode: string,
) => `${STD}dataset d = csv "${DIGITS}" { label = 64; classes = 10; scale = 1 / 16; };
network N {
  population inp = SpikeSource[64] from dataset d encode ${encode} seed 4;
  population out = IF[10];
  project inp -> out : Static { connect all_to_all; weight 1; }
}
run N on loihi {
  dt = 1 ms; seed 42; epochs = 1;
  present inp for 20 steps each;
  phases { free 10; clamp 10; }
  train rows 0..9; test rows 10..19;
  readout out argmax_spikes in free;
}
`;

describe("the `frozen` option of rate encoders", () => {
  const kindOf = (encode: string) => {
    const r = compileFile(MAIN, loaderFor({ [MAIN]: program(encode) }));
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([]);
    return r.image!.sources.find((s) => s.name === "inp")!.kind.type;
  };

  it("selects the frozen source for bernoulli and rate, the plain one otherwise", () => {
    expect(kindOf("bernoulli(max = 1, frozen = 1)")).toBe("dataset-rate-frozen");
    expect(kindOf("rate(max = 200 Hz, frozen = 1)")).toBe("dataset-rate-frozen");
    expect(kindOf("bernoulli(max = 1, frozen = 0)")).toBe("dataset-rate");
    expect(kindOf("bernoulli(max = 1)")).toBe("dataset-rate");
  });

  it("refuses a value other than 0 or 1 and an unknown named argument", () => {
    const codes = (encode: string) =>
      checkSource(program(encode))
        .diagnostics.filter((d) => d.severity === "error")
        .map((d) => d.code);
    // The first error names the cause (the failed source then leaves `inp` undeclared for the
    // projection and the run, which report it too).
    expect(codes("bernoulli(max = 1, frozen = 2)")[0]).toBe("R001");
    expect(codes("bernoulli(max = 1, frozen = 0.5)")[0]).toBe("R002");
    expect(codes("rate(max = 200 Hz, frozn = 1)")[0]).toBe("N006");
    expect(codes("bernoulli(max = 1, frozen = 1)")).toEqual([]);
  });
});
