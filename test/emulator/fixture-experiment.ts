// A small two-core experiment image for driver tests: a rate-coded data-set source, a hidden
// layer on core 0, a plastic output layer on core 1 (another tile), a two-phase presentation
// with resets, readout, probes of every kind and a host learning routine.
import type { ChipImage } from "../../isa/image.ts";
import { encodeRule } from "../../isa/learning/codec.ts";
import { ChipPrng } from "../../isa/prng.ts";
import { cubaProfile, makeCore, makeImage } from "./helpers.ts";

export function experimentImage(): ChipImage {
  const rng = new ChipPrng(12345);
  const hidden = 8;
  const inputs = 4;
  const lif = cubaProfile({ decayU: 400, decayV: 200, vthMant: 60, refract: 2 });
  const c0 = makeCore({
    index: 0,
    n: hidden,
    profile: lif,
    axons: inputs,
    synapses: Array.from({ length: inputs * hidden }, (_, k) => ({
      axon: Math.floor(k / hidden),
      target: k % hidden,
      weight: 40 + (rng.nextBits(7) % 80),
      format: 2,
    })),
    routes: Array.from({ length: hidden }, (_, i) => ({ from: i, core: 4, axon: i })),
  });
  // Tile (1, 0) holds cores 4..7 (index = (y * 8 + x) * 4 + core in tile).
  const c1 = makeCore({
    index: 4,
    n: 2,
    profile: cubaProfile({ decayU: 400, decayV: 200, vthMant: 80 }),
    axons: hidden,
    synapses: Array.from({ length: hidden * 2 }, (_, k) => ({
      axon: Math.floor(k / 2),
      target: k % 2,
      weight: 30 + (rng.nextBits(7) % 60),
      format: 2,
    })),
    tile: [1, 0],
  });
  c1.synapseFormats[2] = {
    ...(c1.synapseFormats[2] as (typeof c1.synapseFormats)[number]),
    rule: 0,
  };
  c1.learning = {
    epoch: 10,
    preTrace: [{ impulse: [20, 0, 0], decay: [600, 0, 0] }],
    axonTraceConfig: new Uint8Array(hidden),
    postTrace: [{ impulse: [20, 0, 0], decay: [600, 0, 0] }],
    // Pair-based STDP-like rule: dw = 2^-3 x1 y0 - 2^-3 y1 x0.
    rules: [
      encodeRule({
        terms: [
          { target: "dw", dep: { kind: "y0" }, m: 1, e: -3, factors: [{ kind: "var", v: "x1" }] },
          { target: "dw", dep: { kind: "x0" }, m: -1, e: -3, factors: [{ kind: "var", v: "y1" }] },
        ],
      }),
    ],
    learnEnable: Uint8Array.from([1, 1]),
  };
  const img = makeImage([c0, c1], { steps: 0 });
  const rows = 6;
  img.experiment.datasets = [
    {
      name: "toy",
      rows,
      cols: inputs,
      values: Uint16Array.from({ length: rows * inputs }, (_, k) => ((k * 7919) % 11) * 6000),
      labels: Int32Array.from({ length: rows }, (_, r) => r % 2),
      trainRows: [0, 4],
      testRows: [4, 6],
    },
  ];
  img.sources = [
    {
      name: "in",
      channels: inputs,
      kind: { type: "dataset-rate", dataset: 0, maxProbQ16: 40000, seed: 3 },
      phases: [],
      outStart: Uint32Array.from({ length: inputs + 1 }, (_, i) => i),
      routeCore: new Uint32Array(inputs),
      routeAxon: Uint32Array.from({ length: inputs }, (_, i) => i),
    },
  ];
  img.experiment.presentation = {
    dataset: 0,
    phases: [
      { name: "free", steps: 10, learn: false },
      { name: "learn", steps: 10, learn: true },
    ],
    epochs: 2,
    resetBetweenSamples: true,
  };
  img.experiment.readout = { population: "out", phase: "free", rule: "argmax-count" };
  img.populations = [
    {
      name: "in",
      size: inputs,
      shape: [inputs],
      core: new Int32Array(inputs).fill(-1),
      compartment: Int32Array.from({ length: inputs }, (_, i) => i),
      isSource: true,
    },
    {
      name: "hid",
      size: hidden,
      shape: [hidden],
      core: new Int32Array(hidden),
      compartment: Int32Array.from({ length: hidden }, (_, i) => i),
      isSource: false,
    },
    {
      name: "out",
      size: 2,
      shape: [2],
      core: Int32Array.from([4, 4]),
      compartment: Int32Array.from([0, 1]),
      isSource: false,
    },
  ];
  img.projections = [
    {
      id: "hid->out",
      pre: "hid",
      post: "out",
      plastic: true,
      tiedGroup: -1,
      preIndex: Int32Array.from({ length: hidden * 2 }, (_, k) => Math.floor(k / 2)),
      postIndex: Int32Array.from({ length: hidden * 2 }, (_, k) => k % 2),
      core: new Int32Array(hidden * 2).fill(4),
      slot: Int32Array.from({ length: hidden * 2 }, (_, k) => k),
      weightExp: 0,
    },
  ];
  img.probes = [
    { population: "hid", neurons: new Int32Array(0), what: "spikes", every: 1 },
    { population: "out", neurons: Int32Array.from([0, 1]), what: "v", every: 1 },
    {
      population: "out",
      neurons: new Int32Array(0),
      what: "weights",
      projection: "hid->out",
      every: 10,
    },
  ];
  img.hostLearning = [
    {
      name: "delta",
      routine: "count_delta",
      params: { updates: "hid->out", eta: 0.5, target: 4 },
    },
  ];
  return img;
}
