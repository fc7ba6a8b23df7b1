// Elaboration of networks and experiments into the checked program: sources with their encodings
// and seeds, slices of 2-D populations, connectors, weights in mantissas and physical units, and
// the run's phases with per-projection and per-population learn-enable.
import { describe, expect, it } from "vitest";
import { checkSource, DIGITS, STD } from "./helpers.ts";

describe("experiment elaboration", () => {
  const src = `${STD}dataset d = csv "${DIGITS}" { label = 64; classes = 10; scale = 1 / 16; };
network N {
  population inp = SpikeSource[64] from dataset d encode rate(max = 200 Hz) seed 4;
  population lbl = SpikeSource[10] from dataset d label encode bernoulli(max = 1);
  population img = CubaLIF[8, 8];
  population hid = CubaLIF[10];
  population out = CubaLIF[10];
  project w1: inp -> hid : STDP { connect fixed_fan_in(5) seed 9; weight uniform(0, 80) seed 7; }
  project w2: hid -> out : STDP { connect one_to_one; weight 3; delay 2 steps; }
  project img[2, 0..7] -> hid[0..7] : Static { connect one_to_one; weight i - j exp 1; }
  project lbl -> out : Exc { connect one_to_one; weight 10 exp 0; }
}
run N on loihi {
  dt = 1 ms; seed 42; epochs = 3;
  present inp for 20 steps each;
  phases { free 10; clamp 10 { enable lbl; learn out; } }
  train rows 0..99; test rows 100..199;
  readout out argmax_spikes in free;
}
`;
  const r = checkSource(src);
  const p = r.program!;

  it("checks clean", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("elaborates sources with their encodings and seeds", () => {
    const inp = p.populations.find((x) => x.name === "inp")!;
    expect(inp.source).toEqual({
      kind: "dataset",
      dataset: "d",
      select: "features",
      encoding: { kind: "rate", maxRateHz: 200, probPerStepAtMax: 0.2 },
      seed: 4,
    });
    // No seed written: the run's seed.
    expect(p.populations.find((x) => x.name === "lbl")!.source).toMatchObject({
      select: "label",
      seed: 42,
    });
    expect(p.datasets.d).toMatchObject({
      rows: 1797,
      columns: 65,
      features: [0, 64],
      label: 64,
      classes: 10,
      scale: 1 / 16,
      verified: true,
    });
  });

  it("flattens 2-D slices row-major and compiles index expressions", () => {
    const pr = p.projections.find((x) => x.pre.population === "img")!;
    expect(pr.pre.ranges).toEqual([[16, 24]]);
    expect(pr.post.ranges).toEqual([[0, 8]]);
    expect(pr.weight.gen).toEqual({
      kind: "expr",
      expr: { op: "-", a: { op: "i" }, b: { op: "j" } },
    });
    expect(pr.weight).toMatchObject({ unit: "mant", exp: 1, scale: 128 });
  });

  it("keeps connector seeds, delays and rules", () => {
    const w1 = p.projections.find((x) => x.id === "w1")!;
    expect(w1.connector).toMatchObject({ kind: "fixed_fan_in", n: 5, seed: 9 });
    expect(w1.weight.gen).toEqual({ kind: "uniform", lo: 0, hi: 80, seed: 7 });
    expect(w1.rule).toBe("STDP");
    const w2 = p.projections.find((x) => x.id === "w2")!;
    expect(w2.delay).toMatchObject({ steps: 2, mode: "dendritic" });
    expect(p.rules.STDP!.terms.map((t) => [t.dependency.kind, t.scale.mant, t.scale.exp])).toEqual([
      ["y0", 1, -4],
      ["x0", -1, -4],
    ]);
  });

  it("turns phases into steps, gates and learn lists (a population enables its inputs)", () => {
    expect(
      p.experiment!.phases.map((x) => [x.name, x.steps, x.learn, x.enable, x.learnProjections]),
    ).toEqual([
      ["free", 10, false, [], undefined],
      ["clamp", 10, true, ["lbl"], ["w2", "lbl->out"]],
    ]);
    expect(p.experiment!.presentation).toMatchObject({
      source: "inp",
      dataset: "d",
      stepsPerSample: 20,
      epochs: 3,
      train: [0, 99],
      test: [100, 199],
    });
    expect(p.experiment!.readout).toMatchObject({
      population: "out",
      method: "argmax_spikes",
      phase: "free",
    });
  });
});

describe("rules per post model", () => {
  it("resolves post.NAME to the slot each post model exports it in", () => {
    const src = `${STD}neuron A extends CubaLIF { export trace r = clamp(u >> 12, 0, 127); }
neuron B extends CubaLIF { export factor inp = clamp(v >> 6, 0, 127); export trace r = clamp(u >> 12, 0, 127); }
synapse S {
  weight w : u8 = 0;
  pre trace x1 { impulse = 16; tau = 20 ms; }
  learn every 4 steps { dw = 2^-4 * x1 * post.r; }
}
network N {
  population s = SpikeSource[2] every 5 steps;
  population a = A[2];
  population b = B[2];
  project s -> a : S;
  project s -> b : S { learn off; }
}
run N on loihi { dt = 1 ms; steps 10; }
`;
    const r = checkSource(src);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const p = r.program!;
    expect(p.neuronModels.A!.exports.map((e) => [e.name, e.slot])).toEqual([["r", "y2"]]);
    expect(p.neuronModels.B!.exports.map((e) => [e.name, e.slot])).toEqual([
      ["inp", "y2"],
      ["r", "y3"],
    ]);
    const [pa, pb] = p.projections;
    expect(pa!.rule).toBe("S");
    expect(pb!.rule).toBe("S#2");
    expect(pb!.learnEnabled).toBe(false);
    expect(p.rules.S!.terms[0]!.factors.map((f) => (f.kind === "var" ? f.v : f.kind))).toEqual([
      "x1",
      "y2",
    ]);
    expect(p.rules["S#2"]!.terms[0]!.factors.map((f) => (f.kind === "var" ? f.v : f.kind))).toEqual(
      ["x1", "y3"],
    );
  });
});

describe("sources and connectors", () => {
  it("elaborates step lists, periodic, Poisson and latency sources and explicit lists", () => {
    const src = `${STD}dataset d = csv "${DIGITS}" { label = 64; scale = 1 / 16; };
network N {
  population a = SpikeSource[2] at steps [6, 1, 3 ms];
  population b = SpikeSource[2] every 5 steps from 2;
  population c = SpikeSource[3] poisson(rate = 50 Hz) seed 8;
  population e = SpikeSource[64] from dataset d encode latency(window = 20 steps) seed 2;
  population n = CubaLIF[3];
  project a -> n : Static { connect list([[0, 2], [1, 0]]); weight 5 exp 0; }
  project c -> n : Static { connect fixed_fan_out(2) seed 4; }
}
run N on loihi { dt = 0.5 ms; steps 10; }
`;
    const r = checkSource(src);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const pops = Object.fromEntries(r.program!.populations.map((p) => [p.name, p.source]));
    // 3 ms at dt 0.5 ms is step 6; lists are sorted.
    expect(pops.a).toEqual({ kind: "steps", steps: [1, 6, 6] });
    expect(pops.b).toEqual({ kind: "periodic", period: 5, start: 2 });
    // 50 Hz * 0.5 ms = 0.025 spikes per step.
    expect(pops.c).toEqual({ kind: "poisson", rateHz: 50, probPerStep: 0.025, seed: 8 });
    expect(pops.e).toMatchObject({ encoding: { kind: "latency", windowSteps: 20 }, seed: 2 });
    const [la, fo] = r.program!.projections;
    expect(la!.connector).toMatchObject({
      kind: "list",
      pairs: [
        [0, 2],
        [1, 0],
      ],
    });
    expect(fo!.connector).toMatchObject({ kind: "fixed_fan_out", n: 2, seed: 4 });
    expect(r.program!.experiment!.dtMs).toBe(0.5);
  });
});

describe("quantization warnings", () => {
  it("warns (R003) when a derived register rounds by more than 1 %", () => {
    // t_ref 2.6 ms at dt 1 ms: refract = 2.6 + 1 = 3.6 -> 4, 11.1 % off.
    const r = checkSource(
      `${STD}network N { population a = CubaLIF[2] { t_ref = 2.6 ms; }; }\nrun N on loihi { dt = 1 ms; steps 5; }\n`,
    );
    expect(
      r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.span.line}:${d.span.col} ${d.message}`),
    ).toEqual(["warning R003 3:49 `refract` rounds to 4 (exact 3.6, 11.1 % relative error)"]);
    expect(r.program).toBeDefined();
  });
});
