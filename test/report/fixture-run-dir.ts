// Writes a small run directory in the layout of docs/run-output.md (as cli/run-dir.ts writes
// it), for the adapter and CLI tests: meta, stats (emulator RunStats), per-step series, link
// load, spike, trace and weight probes, predictions and an evaluation. Deterministic; `omit`
// drops optional files or folders to test a run without them. Tests against a real run live
// in real-run.test.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lcg } from "./fixture-run-data.ts";

export interface FixtureDirOptions {
  steps?: number;
  /** Optional files to leave out, by name (e.g. "spikes.json"). */
  omit?: string[];
}

/** Cores used: (global index, tileX, tileY). Loihi numbering: index = tile * 4 + coreInTile. */
const CORES: [number, number, number][] = [
  [0, 0, 0],
  [1, 0, 0],
  [4, 1, 0],
  [9, 2, 0],
];

export function writeFixtureRunDir(dir: string, opts: FixtureDirOptions = {}): void {
  const steps = opts.steps ?? 100;
  const rnd = lcg(11);
  const omit = new Set(opts.omit ?? []);
  mkdirSync(dir, { recursive: true });
  const put = (name: string, v: unknown) => {
    if (omit.has(name) || omit.has(name.split("/")[0] as string)) return;
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), `${JSON.stringify(v)}\n`);
  };
  const phase = () => ({ cycles: Math.round(rnd() * 1e5), energyPj: Math.round(rnd() * 1e5) / 10 });
  const cores = CORES.map(([core, x, y]) => {
    const phases = {
      deliver: phase(),
      update: phase(),
      send: phase(),
      learn: phase(),
      noc: { cycles: 0, energyPj: 12.5 },
    };
    const total =
      phases.deliver.cycles + phases.update.cycles + phases.send.cycles + phases.learn.cycles;
    return {
      core,
      chip: 0,
      tile: [x, y],
      cycles: { total, maxStep: Math.round(total / steps) + core },
      energyPj: Object.values(phases).reduce((s, p) => s + p.energyPj, 0),
      spikesIn: 100 + core,
      hostSpikesIn: 0,
      spikesOut: 50 + core,
      messagesOut: 60 + core,
      synOps: 1000 + core,
      neuronUpdates: steps * 64,
      activeNeuronUpdates: 50 + core,
      learnUpdates: 0,
      traceUpdates: 0,
      nocHops: 10 * core,
      memory: { compartments: [64, 1024], synapseMemoryBits: [4096 * (core + 1), 1048576] },
      phases,
    };
  });
  const coreCycles = Array.from({ length: steps * cores.length }, () => Math.round(rnd() * 2000));
  const chipCycles = Array.from(
    { length: steps },
    (_, t) => Math.max(...coreCycles.slice(t * 4, t * 4 + 4)) + 1130,
  );
  const sum = chipCycles.reduce((a, b) => a + b, 0);
  put("stats.json", {
    model: "bit-exact",
    profile: "loihi",
    costProfile: "davies2018",
    energyKind: "estimate",
    seed: 3,
    steps,
    clockMhz: 10000,
    cores,
    chip: {
      cyclesTotal: sum,
      cyclesPerStep: sum / steps,
      maxStepCycles: Math.max(...chipCycles),
      timePerStepNs: sum / steps / 10,
      energyPerStepPj: 100,
      energyTotalPj: 100 * steps,
      nocDeliveryCycles: 0,
      nocContentionCycles: 4,
      nocContendedMessages: 1,
      barrierCyclesPerStep: 1130,
    },
    totals: {
      cycles: {
        total: cores.reduce((a, c) => a + c.cycles.total, 0),
        maxStep: Math.max(...cores.map((c) => c.cycles.maxStep)),
      },
      energyPj: cores.reduce((a, c) => a + c.energyPj, 0),
      spikesIn: cores.reduce((a, c) => a + c.spikesIn, 0),
      hostSpikesIn: 0,
      spikesOut: cores.reduce((a, c) => a + c.spikesOut, 0),
      messagesOut: cores.reduce((a, c) => a + c.messagesOut, 0),
      synOps: cores.reduce((a, c) => a + c.synOps, 0),
      neuronUpdates: cores.reduce((a, c) => a + c.neuronUpdates, 0),
      activeNeuronUpdates: cores.reduce((a, c) => a + c.activeNeuronUpdates, 0),
      learnUpdates: 0,
      traceUpdates: 0,
      nocHops: cores.reduce((a, c) => a + c.nocHops, 0),
      phases: Object.fromEntries(
        (["deliver", "update", "send", "learn", "noc"] as const).map((p) => [
          p,
          {
            cycles: cores.reduce((a, c) => a + c.phases[p].cycles, 0),
            energyPj: cores.reduce((a, c) => a + c.phases[p].energyPj, 0),
          },
        ]),
      ),
    },
    hostLearning: { calls: 0, writes: 0, routines: [] },
    hostSpikes: 0,
  });
  put("meta.json", {
    format: "snn-run-1",
    program: "fixture-net",
    image: "fixture-net.img",
    model: "bit-exact",
    seed: 3,
    steps,
    profile: "loihi",
    costProfile: "davies2018",
    clockMhz: 10000,
    mesh: { width: 8, height: 4 },
    chips: 1,
    coresPerTile: 4,
    resumedFrom: null,
    energyKind: "estimate",
  });
  put("steps.json", {
    steps,
    cores: CORES.map((c) => c[0]),
    chipCycles,
    energyPj: chipCycles.map(() => 100),
    spikes: chipCycles.map(() => 2),
    nocDeliveryCycles: chipCycles.map(() => 21),
    nocContentionCycles: chipCycles.map((_, t) => (t < 4 ? 1 : 0)),
    coreCycles,
    coreEnergyPj: coreCycles.map(() => 25),
    coreSpikesOut: coreCycles.map(() => 0.5),
  });
  // Cores 0/1 on tile (0,0), 4 on (1,0), 9 on (2,0): traffic crosses the two east links.
  put("links.json", [
    { from: [0, 0], to: [1, 0], messages: 340 },
    { from: [1, 0], to: [2, 0], messages: 120 },
    { from: [2, 0], to: [1, 0], messages: 75 },
  ]);
  const index: number[] = [];
  const time: number[] = [];
  for (let t = 1; t <= steps; t++) {
    for (let n = 0; n < 20; n++) {
      if (rnd() < 0.1) {
        index.push(n);
        time.push(t);
      }
    }
  }
  put("spikes/hidden.json", { population: "hidden", size: 20, index, time });
  const sSteps = Array.from({ length: steps }, (_, i) => i + 1);
  put("traces/hidden-v.json", {
    population: "hidden",
    what: "v",
    steps: sSteps,
    width: 2,
    columns: ["neuron 0", "neuron 5"],
    values: sSteps.flatMap((t) => [t * 10, 500 - t]),
  });
  put("weights/in__hidden.json", {
    projection: "in->hidden",
    steps: [10, 50, 100],
    width: 4,
    columns: ["synapse 0: 0->0", "synapse 1: 0->1", "synapse 2: 1->0", "synapse 3: 1->1"],
    values: [1, 2, 3, 4, 2, 3, 4, 5, 3, 5, 7, 9],
  });
  put(
    "predictions.json",
    Array.from({ length: 40 }, (_, k) => ({
      sample: k,
      row: k % 10,
      label: k % 3,
      predicted: k < 20 ? k % 2 : k % 3,
      test: k >= 30,
      epoch: k < 15 ? 0 : 1,
    })),
  );
  put("evaluation.json", {
    population: "out",
    phase: "read",
    trainEpochs: [
      { epoch: 0, correct: 5, total: 10, accuracy: 0.5 },
      { epoch: 1, correct: 8, total: 10, accuracy: 0.8 },
    ],
    test: { correct: 7, total: 10, accuracy: 0.7 },
  });
}
