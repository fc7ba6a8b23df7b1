// Synthetic RunData for report tests: a small deterministic run on the loihi mesh (a few cores
// on two tiles, spike rasters, traces, weight snapshots, a learning curve and a compile
// report). Numbers come from a seeded LCG so every test sees the same data.
import {
  type CoreRecord,
  ENERGY_KINDS,
  type EnergyKind,
  PHASE_NAMES,
  type PhaseKey,
  type RunData,
} from "../../cli/report/run-data.ts";

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function fixtureRunData(opts: { steps?: number; withProbes?: boolean } = {}): RunData {
  const steps = opts.steps ?? 200;
  const probes = opts.withProbes ?? true;
  const rnd = lcg(7);
  const placements: [number, number, number][] = [
    [0, 0, 0],
    [0, 0, 1],
    [1, 0, 0],
    [1, 0, 1],
    [2, 1, 3],
  ];
  const cores: CoreRecord[] = placements.map(([tx, ty, k]) => {
    const cycles = Object.fromEntries(
      PHASE_NAMES.map((p) => [p, p === "barrier" ? steps * 1130 : Math.round(rnd() * 5e5)]),
    ) as Record<PhaseKey, number>;
    const energyPj = Object.fromEntries(
      ENERGY_KINDS.map((e) => [e, Math.round(rnd() * 1e6) / 10]),
    ) as Record<EnergyKind, number>;
    return {
      core: (ty * 8 + tx) * 4 + k,
      chip: 0,
      tileX: tx,
      tileY: ty,
      coreInTile: k,
      cycles,
      maxStepCycles: Math.round(rnd() * 1e4),
      energyPj,
      spikesIn: Math.round(rnd() * 1e4),
      spikesOut: Math.round(rnd() * 1e4),
      synOps: Math.round(rnd() * 1e5),
      nocHops: Math.round(rnd() * 1e4),
      utilization: {
        compartments: [Math.round(rnd() * 1024), 1024],
        synapseMemoryBits: [Math.round(rnd() * 1048576), 1048576],
      },
    };
  });
  const coreCycles = new Float64Array(steps * cores.length);
  for (let i = 0; i < coreCycles.length; i++) coreCycles[i] = Math.round(rnd() * 3000);
  const chipCycles = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    let m = 0;
    for (let c = 0; c < cores.length; c++)
      m = Math.max(m, coreCycles[t * cores.length + c] as number);
    chipCycles[t] = m + 1130;
  }
  const run: RunData = {
    meta: {
      program: "fixture <net>",
      profile: "loihi",
      costProfile: "davies2018",
      model: "bit-exact",
      steps,
      seed: 1,
      clockMhz: 10000,
      mesh: { width: 8, height: 4 },
      chips: 1,
      coresPerTile: 4,
    },
    cores,
    chip: {
      cyclesTotal: chipCycles.reduce((a, b) => a + b, 0),
      cyclesPerStep: chipCycles.reduce((a, b) => a + b, 0) / steps,
      maxStepCycles: Math.max(...chipCycles),
      timePerStepNs: 250,
      energyTotalPj: 123456,
      energyPerStepPj: 123456 / steps,
      barrierCyclesPerStep: 1130,
      nocContentionCycles: 12,
    },
    links: [
      { from: [0, 0], to: [1, 0], messages: 900 },
      { from: [1, 0], to: [0, 0], messages: 300 },
      { from: [1, 0], to: [2, 0], messages: 500 },
      { from: [2, 0], to: [2, 1], messages: 450 },
    ],
    perStep: {
      rows: steps,
      every: 1,
      steps,
      chipCycles,
      energyPj: new Float64Array(steps).fill(617),
      spikes: new Float64Array(steps),
      coreCycles,
    },
    rasters: [],
    traces: [],
    weights: [],
    learningCurve: null,
    compile: null,
    notes: [],
  };
  if (!probes) return run;
  const idx: number[] = [];
  const tm: number[] = [];
  for (let t = 1; t <= steps; t++) {
    for (let n = 0; n < 50; n++) {
      if (rnd() < 0.05) {
        idx.push(n);
        tm.push(t);
      }
    }
  }
  run.rasters.push({
    population: "exc",
    size: 50,
    index: Int32Array.from(idx),
    time: Float64Array.from(tm),
  });
  const tSteps = Float64Array.from({ length: steps }, (_, i) => i + 1);
  const vals = new Float64Array(steps * 3);
  for (let i = 0; i < vals.length; i++) vals[i] = Math.round((rnd() - 0.3) * 6400);
  run.traces.push({
    population: "exc",
    what: "v",
    steps: tSteps,
    width: 3,
    columns: ["neuron 0", "neuron 1", "neuron 2"],
    values: vals,
  });
  const snaps = 10;
  const width = 120;
  const w = new Float64Array(snaps * width);
  for (let r = 0; r < snaps; r++)
    for (let k = 0; k < width; k++) w[r * width + k] = Math.round(rnd() * 40 + r * 5 - 20);
  run.weights.push({
    projection: "in->exc",
    steps: Float64Array.from({ length: snaps }, (_, r) => (r + 1) * 20),
    width,
    values: w,
  });
  run.learningCurve = {
    xLabel: "epoch",
    points: [1, 2, 3, 4].flatMap((e) => [
      { x: e, accuracy: 0.5 + e * 0.1, split: "train" },
      { x: e, accuracy: 0.45 + e * 0.1, split: "test" },
    ]),
  };
  run.compile = {
    facts: [
      ["neurons", "250"],
      ["synapses", "12,000"],
    ],
    cores: cores.map((c) => ({
      core: c.core,
      holds: [`exc[0..${c.core + 10})`],
      utilization: c.utilization,
    })),
    quantization: [
      {
        title: "Weights per projection",
        rows: [{ id: "in->exc", synapses: 120, weightExp: 0, lsb: 128, saturated: 2, flushed: 0 }],
      },
      {
        title: "Derived registers",
        rows: [
          {
            what: "decay_v",
            exact: 204.75,
            value: 205,
            error: 0.25,
            relError: 0.00122,
            from: "tau_v=20 ms, dt=1 ms",
          },
        ],
      },
    ],
  };
  return run;
}
