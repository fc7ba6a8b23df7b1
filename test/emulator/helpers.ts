// Hand-built images for emulator tests: the standard CUBA LIF microcode (microcode contract),
// single- and multi-core images, and default run parameters. No compiler is involved.
import type { ChipImage, CoreImage, NeuronProfileImage } from "../../isa/image.ts";
import {
  CUBA_LIF,
  type CubaLifParams,
  cubaLifConstants,
} from "../../isa/microcode/std-programs.ts";

/** A CUBA LIF profile (isa's standard program, chip.md section 3). */
export function cubaProfile(p: CubaLifParams, name = "lif"): NeuronProfileImage {
  return { name, code: CUBA_LIF, constants: cubaLifConstants(p) };
}

export interface SynapseSpec {
  axon: number;
  target: number;
  weight: number;
  delay?: number;
  format?: number;
}

/** A core with `n` compartments of one profile and the given synapses and routes. */
export function makeCore(opts: {
  index: number;
  n: number;
  profile: NeuronProfileImage;
  axons: number;
  synapses: SynapseSpec[];
  routes?: { from: number; core: number; axon: number }[];
  tile?: [number, number];
  chip?: number;
  vmin?: number;
  vmax?: number;
  weightExp?: number;
}): CoreImage {
  const syn = [...opts.synapses].sort((a, b) => a.axon - b.axon);
  const axonStart = new Uint32Array(opts.axons + 1);
  for (const s of syn) axonStart[s.axon + 1] = axonStart[s.axon + 1]! + 1;
  for (let a = 0; a < opts.axons; a++) axonStart[a + 1] = axonStart[a + 1]! + axonStart[a]!;
  const routes = [...(opts.routes ?? [])].sort((a, b) => a.from - b.from);
  const outStart = new Uint32Array(opts.n + 1);
  for (const r of routes) outStart[r.from + 1] = outStart[r.from + 1]! + 1;
  for (let c = 0; c < opts.n; c++) outStart[c + 1] = outStart[c + 1]! + outStart[c]!;
  return {
    index: opts.index,
    chip: opts.chip ?? 0,
    tileX: opts.tile?.[0] ?? 0,
    tileY: opts.tile?.[1] ?? 0,
    compartments: opts.n,
    profileOf: new Uint8Array(opts.n),
    neuronProfiles: [opts.profile],
    vmin: opts.vmin ?? -(2 ** 23) + 1,
    vmax: opts.vmax ?? 2 ** 23 - 1,
    initialState: new Int32Array(opts.n * 3),
    stateRegisters: 3,
    synapseFormats: [
      {
        weightBits: 8,
        weightExp: 0,
        signMode: "mixed",
        delayBits: 0,
        tagBits: 0,
        rule: -1,
        sparse: true,
      },
      // Formats 1 mixed, 2 excitatory, 3 inhibitory, all with weightExp.
      ...(["mixed", "excitatory", "inhibitory"] as const).map((signMode) => ({
        weightBits: 8,
        weightExp: opts.weightExp ?? 0,
        signMode,
        delayBits: 3,
        tagBits: 0,
        rule: -1,
        sparse: true,
      })),
    ],
    inputAxons: opts.axons,
    axonStart,
    synTarget: Uint16Array.from(syn.map((s) => s.target)),
    synWeight: Int16Array.from(syn.map((s) => s.weight)),
    synDelay: Uint8Array.from(syn.map((s) => s.delay ?? 0)),
    synFormat: Uint8Array.from(syn.map((s) => s.format ?? 1)),
    synTag: new Int16Array(syn.length),
    outStart,
    routeCore: Uint32Array.from(routes.map((r) => r.core)),
    routeAxon: Uint32Array.from(routes.map((r) => r.axon)),
    learning: null,
    utilization: {},
  };
}

/** An image around the given cores with a `steps` source firing the listed (channel, step). */
export function makeImage(
  cores: CoreImage[],
  opts: {
    steps: number;
    input?: { channel: number; step: number }[];
    inputRoutes?: { channel: number; core: number; axon: number }[];
    channels?: number;
  },
): ChipImage {
  const input = opts.input ?? [];
  const routes = [...(opts.inputRoutes ?? [])].sort((a, b) => a.channel - b.channel);
  const channels = opts.channels ?? 1;
  const outStart = new Uint32Array(channels + 1);
  for (const r of routes) outStart[r.channel + 1] = outStart[r.channel + 1]! + 1;
  for (let c = 0; c < channels; c++) outStart[c + 1] = outStart[c + 1]! + outStart[c]!;
  return {
    profile: "loihi",
    costProfile: "davies2018",
    chips: 1,
    name: "test",
    cores,
    sources:
      input.length || routes.length
        ? [
            {
              name: "in",
              channels,
              kind: {
                type: "steps",
                channel: Uint32Array.from(input.map((i) => i.channel)),
                step: Uint32Array.from(input.map((i) => i.step)),
              },
              phases: [],
              outStart,
              routeCore: Uint32Array.from(routes.map((r) => r.core)),
              routeAxon: Uint32Array.from(routes.map((r) => r.axon)),
            },
          ]
        : [],
    experiment: {
      dtMs: 1,
      seed: 1,
      steps: opts.steps,
      datasets: [],
      presentation: null,
      readout: null,
    },
    probes: [],
    populations: [],
    projections: [],
    hostLearning: [],
  };
}
