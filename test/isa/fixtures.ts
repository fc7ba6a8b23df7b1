// Small valid images for the isa tests: one or two cores with every field populated.

import type { ChipImage, CoreImage } from "../../isa/index.ts";
import { CUBA_LIF, cubaLifConstants, encodeRule } from "../../isa/index.ts";

/** A 4-compartment core: 2 input axons, 5 synapses, 2 routes, learning on. */
export function tinyCore(index = 0): CoreImage {
  return {
    index,
    chip: 0,
    tileX: 0,
    tileY: 0,
    compartments: 4,
    profileOf: Uint8Array.from([0, 0, 0, 0]),
    neuronProfiles: [
      {
        name: "lif",
        code: CUBA_LIF.slice(),
        constants: cubaLifConstants({ decayU: 410, decayV: 205, vthMant: 100 }),
      },
    ],
    vmin: -(2 ** 23) + 1,
    vmax: 2 ** 23 - 1,
    initialState: new Int32Array(4 * 3),
    stateRegisters: 3,
    synapseFormats: [
      {
        weightBits: 8,
        weightExp: 0,
        signMode: "mixed",
        delayBits: 3,
        tagBits: 0,
        rule: -1,
        sparse: false,
      },
      {
        weightBits: 8,
        weightExp: 0,
        signMode: "mixed",
        delayBits: 3,
        tagBits: 0,
        rule: 0,
        sparse: false,
      },
      {
        weightBits: 6,
        weightExp: -2,
        signMode: "excitatory",
        delayBits: 3,
        tagBits: 0,
        rule: 0,
        sparse: true,
      },
    ],
    inputAxons: 2,
    axonStart: Uint32Array.from([0, 3, 5]),
    synTarget: Uint16Array.from([0, 1, 2, 3, 0]),
    synWeight: Int16Array.from([100, -20, 4, 8, 12]),
    synDelay: Uint8Array.from([0, 1, 2, 0, 7]),
    synFormat: Uint8Array.from([1, 1, 1, 1, 2]),
    synTag: Int16Array.from([0, 0, 0, 0, 0]),
    outStart: Uint32Array.from([0, 1, 1, 2, 2]),
    routeCore: Uint32Array.from([index, index]),
    routeAxon: Uint32Array.from([0, 1]),
    learning: {
      epoch: 4,
      preTrace: [{ impulse: [20, 10, 0], decay: [400, 200, 0] }],
      axonTraceConfig: Uint8Array.from([0, 0]),
      postTrace: [{ impulse: [20, 0, 0], decay: [400, 0, 0] }],
      rules: [
        encodeRule({
          terms: [
            { target: "dw", dep: { kind: "y0" }, m: 1, e: -2, factors: [{ kind: "var", v: "x1" }] },
          ],
        }),
      ],
      learnEnable: Uint8Array.from([1, 1, 1, 1]),
    },
    utilization: { compartments: [4, 1024] },
  };
}

/** A two-core image with a source, a population, a projection, a probe and a data set. */
export function tinyImage(): ChipImage {
  return {
    profile: "loihi",
    costProfile: "davies2018",
    chips: 1,
    name: "tiny",
    cores: [
      tinyCore(0),
      { ...tinyCore(1), tileX: 0, tileY: 0, routeCore: Uint32Array.from([0, 1]) },
    ],
    sources: [
      {
        name: "in",
        channels: 2,
        kind: { type: "steps", channel: Uint32Array.from([0, 1]), step: Uint32Array.from([2, 5]) },
        phases: [],
        outStart: Uint32Array.from([0, 1, 2]),
        routeCore: Uint32Array.from([0, 1]),
        routeAxon: Uint32Array.from([0, 1]),
      },
    ],
    experiment: {
      dtMs: 1,
      seed: 42,
      steps: 100,
      datasets: [
        {
          name: "d",
          rows: 2,
          cols: 2,
          values: Uint16Array.from([0, 65535, 1, 2]),
          labels: Int32Array.from([0, 1]),
          trainRows: [0, 1],
          testRows: [1, 2],
        },
      ],
      presentation: null,
      readout: null,
    },
    probes: [{ population: "a", neurons: Int32Array.from([0, 1]), what: "spikes", every: 1 }],
    populations: [
      {
        name: "a",
        size: 4,
        shape: [4],
        core: Int32Array.from([0, 0, 1, 1]),
        compartment: Int32Array.from([0, 1, 0, 1]),
        isSource: false,
      },
    ],
    projections: [
      {
        id: "in->a",
        pre: "in",
        post: "a",
        plastic: true,
        tiedGroup: -1,
        preIndex: Int32Array.from([0]),
        postIndex: Int32Array.from([0]),
        core: Int32Array.from([0]),
        slot: Int32Array.from([0]),
        weightExp: 0,
      },
    ],
    hostLearning: [{ name: "h", routine: "noop", params: { rate: 0.5, mode: "x" } }],
  };
}
