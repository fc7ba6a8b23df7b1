// Builds the Vogels-Abbott CUBA benchmark network (4000 LIF neurons, 80 % excitatory,
// connection probability 0.02) directly as a chip image with the standard CUBA LIF microcode,
// plus the same network as plain arrays for the baseline loop. It stands in for the compiler
// until the back end exists; it must not be used as a compiler.
//
// Parameters (Brian2's CUBA example): dt 0.1 ms, tau_m 20 ms, tau_syn 5 ms (one synaptic time
// constant for both signs: the standard microcode has one u), threshold -50 mV, reset -60 mV,
// E_l -49 mV, refractory 5 ms, w_e = 1.62 mV, w_i = -9 mV. Scale: 1 mV = 2^15 units of v, v = 0
// at -60 mV.
//   decay_v = round(4095 (1 - exp(-0.1/20))) = 20; decay_u = round(4095 (1 - exp(-0.1/5))) - 1
//   = 80; vth = 10 mV = 327680 = 5120 << 6; bias = 11 mV * 20/4096 * 2^15 = 1760;
//   refract = 50 steps; a synaptic kick adds w * dt/tau_m to v per step of u:
//   w_e: 1.62 * 2^15 * 0.005 = 265 -> mantissa 17 << (6 - 2); w_i: -9 mV -> -1475 -> -92 << 4.
import type { ChipImage, CoreImage } from "../isa/image.ts";
import { CUBA_LIF, cubaLifConstants } from "../isa/microcode/std-programs.ts";
import { ChipPrng } from "../isa/prng.ts";

export const CUBA = {
  neurons: 4000,
  excitatory: 3200,
  p: 0.02,
  perCore: 500,
  decayU: 80,
  decayV: 20,
  vthMant: 5120,
  biasMant: 1760,
  refract: 50,
  wExc: 17,
  wInh: -92,
  weightExp: -2,
} as const;

/** The network as plain arrays: CSR of each neuron's targets and weight mantissas. */
export interface CubaNet {
  start: Int32Array;
  target: Int32Array;
  weight: Int32Array;
  v0: Int32Array;
}

export function cubaNetwork(seed = 1): CubaNet {
  const rng = new ChipPrng(seed >>> 0 || 1);
  const n = CUBA.neurons;
  const start = new Int32Array(n + 1);
  const target: number[] = [];
  const weight: number[] = [];
  const threshold = Math.floor(CUBA.p * 2 ** 24);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && rng.nextBits(24) < threshold) {
        target.push(j);
        weight.push(i < CUBA.excitatory ? CUBA.wExc : CUBA.wInh);
      }
    }
    start[i + 1] = target.length;
  }
  // Initial v uniform in [0, vth): the network starts desynchronised, as in the benchmark.
  const vth = CUBA.vthMant << 6;
  const v0 = Int32Array.from({ length: n }, () => Math.floor((rng.nextBits(16) * vth) / 65536));
  return { start, target: Int32Array.from(target), weight: Int32Array.from(weight), v0 };
}

/** The image: 8 cores of 500 compartments on two tiles; each neuron has one input axon on
 *  every core (its fan-out there) and one route per core. */
export function cubaImage(net: CubaNet, steps: number): ChipImage {
  const n = CUBA.neurons;
  const per = CUBA.perCore;
  const coresN = n / per;
  const constants = cubaLifConstants({
    decayU: CUBA.decayU,
    decayV: CUBA.decayV,
    vthMant: CUBA.vthMant,
    biasMant: CUBA.biasMant,
    refract: CUBA.refract,
  });
  const cores: CoreImage[] = [];
  for (let k = 0; k < coresN; k++) {
    const lo = k * per;
    const axonStart = new Uint32Array(n + 1);
    const tgt: number[] = [];
    const w: number[] = [];
    const fmt: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let s = net.start[i] as number; s < (net.start[i + 1] as number); s++) {
        const j = net.target[s] as number;
        if (j < lo || j >= lo + per) continue;
        tgt.push(j - lo);
        w.push(net.weight[s] as number);
        fmt.push(i < CUBA.excitatory ? 1 : 2);
      }
      axonStart[i + 1] = tgt.length;
    }
    const initialState = new Int32Array(per * 3);
    for (let c = 0; c < per; c++) initialState[c * 3 + 1] = net.v0[lo + c] as number;
    const outStart = Uint32Array.from({ length: per + 1 }, (_, c) => c * coresN);
    const routeCore = new Uint32Array(per * coresN);
    const routeAxon = new Uint32Array(per * coresN);
    for (let c = 0; c < per; c++) {
      for (let d = 0; d < coresN; d++) {
        routeCore[c * coresN + d] = d;
        routeAxon[c * coresN + d] = lo + c;
      }
    }
    const fmtCommon = {
      weightBits: 8,
      weightExp: CUBA.weightExp,
      delayBits: 0,
      tagBits: 0,
      rule: -1,
      sparse: true,
    };
    cores.push({
      index: k,
      chip: 0,
      tileX: Math.floor(k / 4),
      tileY: 0,
      compartments: per,
      profileOf: new Uint8Array(per),
      neuronProfiles: [{ name: "cuba-lif", code: CUBA_LIF, constants }],
      vmin: -(2 ** 23) + 1,
      vmax: 2 ** 23 - 1,
      initialState,
      stateRegisters: 3,
      synapseFormats: [
        { ...fmtCommon, signMode: "mixed" },
        { ...fmtCommon, signMode: "excitatory" },
        { ...fmtCommon, signMode: "inhibitory" },
      ],
      inputAxons: n,
      axonStart,
      synTarget: Uint16Array.from(tgt),
      synWeight: Int16Array.from(w),
      synDelay: new Uint8Array(tgt.length),
      synFormat: Uint8Array.from(fmt),
      synTag: new Int16Array(tgt.length),
      outStart,
      routeCore,
      routeAxon,
      learning: null,
      utilization: {},
    });
  }
  return {
    profile: "loihi",
    costProfile: "davies2018",
    chips: 1,
    name: "cuba",
    cores,
    sources: [],
    experiment: { dtMs: 0.1, seed: 1, steps, datasets: [], presentation: null, readout: null },
    probes: [],
    populations: [],
    projections: [],
    hostLearning: [],
  };
}
