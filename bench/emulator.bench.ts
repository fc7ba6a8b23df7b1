// Emulator throughput on the Vogels-Abbott CUBA network (4000 neurons, 10,000 steps) with full
// cycle and energy accounting, against a minimal plain fixed-point TypeScript loop of the same
// network in the same process. Both must produce the same spikes (checked); the ratio is the
// figure recorded in docs/benchmarks.md. Run: npm run bench -- emulator
import { createEmulator } from "../emulator/index.ts";
import { CUBA, type CubaNet, cubaImage, cubaNetwork } from "./cuba-image.ts";

const STEPS = Number(process.env.CUBA_STEPS ?? 10_000);
const ROUNDS = 3;

/** The same network as a plain integer loop: chip.md section 3 arithmetic, one-step latency. */
export function plainLoop(net: CubaNet, steps: number): { spikes: number; perNeuron: Int32Array } {
  const n = CUBA.neurons;
  const u = new Int32Array(n);
  const v = Int32Array.from(net.v0);
  const ref = new Int32Array(n);
  const q = new Int32Array(n);
  const val = Int32Array.from(net.weight, (w) => w << (6 + CUBA.weightExp));
  let prev = new Int32Array(n);
  let cur = new Int32Array(n);
  let nPrev = 0;
  const fu = 4096 - 1 - CUBA.decayU;
  const fv = 4096 - CUBA.decayV;
  const bias = CUBA.biasMant;
  const vth = CUBA.vthMant << 6;
  const refM1 = CUBA.refract - 1;
  const vmin = -(2 ** 23) + 1;
  const vmax = 2 ** 23 - 1;
  const perNeuron = new Int32Array(n);
  let total = 0;
  for (let t = 1; t <= steps; t++) {
    for (let k = 0; k < nPrev; k++) {
      const i = prev[k] as number;
      const s1 = net.start[i + 1] as number;
      for (let s = net.start[i] as number; s < s1; s++) {
        const j = net.target[s] as number;
        q[j] = ((q[j] as number) + (val[s] as number)) | 0;
      }
    }
    let nCur = 0;
    for (let i = 0; i < n; i++) {
      const qw = ((q[i] as number) << 10) >> 10;
      q[i] = 0;
      const ui = u[i] as number;
      let uu = ui < 0 ? -Math.trunc((-ui * fu) / 4096) : Math.trunc((ui * fu) / 4096);
      uu = ((uu + qw) << 8) >> 8;
      u[i] = uu;
      const u2 = ((uu + bias) << 8) >> 8;
      const vi = v[i] as number;
      let vv = (vi < 0 ? -Math.trunc((-vi * fv) / 4096) : Math.trunc((vi * fv) / 4096)) + u2;
      vv = Math.min(Math.max(vv, vmin), vmax);
      const r = ref[i] as number;
      if (r !== 0) {
        vv = 0;
        ref[i] = r - 1;
      } else if (vv > vth) {
        vv = 0;
        ref[i] = refM1;
        cur[nCur++] = i;
        perNeuron[i] = (perNeuron[i] as number) + 1;
      }
      v[i] = vv;
    }
    total += nCur;
    const tmp = prev;
    prev = cur;
    cur = tmp;
    nPrev = nCur;
  }
  return { spikes: total, perNeuron };
}

export async function run(): Promise<void> {
  const net = cubaNetwork(1);
  const image = cubaImage(net, STEPS);
  // Warm both once on a short run so neither pays V8's compile time in the measurement.
  plainLoop(net, 1000);
  createEmulator(image, { steps: 1000 }).run();

  // Three interleaved rounds; the best time of each side is reported (the machine is shared,
  // and the minimum is the least disturbed measurement of the same work).
  const plainTimes: number[] = [];
  const emuTimes: number[] = [];
  let plain = plainLoop(net, 0);
  let res = createEmulator(image, { steps: 0 }).run();
  let tLoad = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    plain = plainLoop(net, STEPS);
    plainTimes.push((performance.now() - t0) / 1000);
    const t1 = performance.now();
    const emu = createEmulator(image, { steps: STEPS });
    tLoad = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    res = emu.run();
    emuTimes.push((performance.now() - t2) / 1000);
  }
  const tPlain = Math.min(...plainTimes);
  const tEmu = Math.min(...emuTimes);

  const st = res.stats;
  const same = st.totals.spikesOut === plain.spikes;
  console.log(
    `CUBA: ${CUBA.neurons} neurons, ${net.target.length} synapses, ${STEPS} steps, ${image.cores.length} cores`,
  );
  console.log(
    `spikes: emulator ${st.totals.spikesOut}, plain loop ${plain.spikes} (${same ? "identical" : "DIFFERENT"})`,
  );
  console.log(
    `rate: ${((plain.spikes / CUBA.neurons / (STEPS * 0.1)) * 1000).toFixed(1)} Hz; synaptic ops ${st.totals.synOps}, neuron updates ${st.totals.neuronUpdates} (ratio ${(st.totals.neuronUpdates / Math.max(1, st.totals.synOps)).toFixed(1)}:1)`,
  );
  const all = (a: number[]) => a.map((x) => x.toFixed(3)).join(", ");
  console.log(`plain fixed-point loop: ${tPlain.toFixed(3)} s (best of ${all(plainTimes)})`);
  console.log(
    `emulator (bit-exact, cycles + energy): ${tEmu.toFixed(3)} s (best of ${all(emuTimes)}; + ${tLoad.toFixed(3)} s load)`,
  );
  console.log(`ratio emulator / plain: ${(tEmu / tPlain).toFixed(2)}x (target <= 2x)`);
  console.log(
    `chip: ${st.chip.cyclesPerStep.toFixed(0)} cycles/step = ${st.chip.timePerStepNs.toFixed(1)} ns/step, ${(st.chip.energyPerStepPj / 1000).toFixed(2)} nJ/step (estimate, cost profile ${st.costProfile})`,
  );
  if (!same) throw new Error("emulator and plain loop disagree on the CUBA spike count");
}
