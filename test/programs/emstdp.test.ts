// Short versions of the EMSTDP programs (algorithms.md A) on the bit-exact emulator: the iris
// program learns within a few epochs (held-out rows well above chance), the learning rule moves
// a weight up when the post neuron fires more in phase 2 than in phase 1 and down when less
// (and the gated hidden rule leaves a neuron silent in phase 1 alone), and the output error
// pair tracks the signed error label - output. Digits, shortened: learns above chance, its
// 1-unit output error pair, and the frozen input that shows both phases the same spikes.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../emulator/index.ts";
import { compileAndRun, edit, phaseCounts, programText, weightRows } from "./emstdp-helpers.ts";

describe("emstdp/iris.snn, shortened to 4 epochs", () => {
  const text = edit(programText("emstdp/iris.snn"), [
    ["epochs = 30;", "epochs = 4;"],
    ["probe out.spikes;", "probe out.spikes; probe out_ep.spikes; probe out_en.spikes;"],
  ]);
  let result: RunResult;
  beforeAll(() => {
    result = compileAndRun("emstdp/iris.snn", text);
  }, 120_000);

  it("classifies the held-out rows 100..149 far above chance (1/3)", () => {
    const ev = result.evaluation!;
    expect(ev.test.total).toBe(50);
    // Measured 1.00 (50 / 50, seed 42, 4 epochs); chance is 0.33.
    expect(ev.test.accuracy).toBeGreaterThanOrEqual(0.8);
    // Online training accuracy rises from the first epoch to the last.
    const first = ev.trainEpochs[0]!.accuracy;
    const last = ev.trainEpochs[ev.trainEpochs.length - 1]!.accuracy;
    expect(last).toBeGreaterThan(first);
  });

  it("error neurons are silent in phase 1 and the pair tracks label - output in phase 2", () => {
    const out = phaseCounts(result, "out", [63, 63]);
    const ep = phaseCounts(result, "out_ep", [63, 63]);
    const en = phaseCounts(result, "out_en", [63, 63]);
    const labels = result.predictions.map((p) => p.label);
    let checked = 0;
    for (let s = 0; s < labels.length; s++) {
      for (let k = 0; k < 3; k++) {
        const e1 = (ep[s]?.[0]?.[k] ?? 0) + (en[s]?.[0]?.[k] ?? 0);
        expect(e1, `sample ${s} class ${k}: error spikes in the free phase`).toBe(0);
        const plus = ep[s]?.[1]?.[k] ?? 0;
        const minus = en[s]?.[1]?.[k] ?? 0;
        // One error spike per 3 units of accumulated error: 3 * (e+ - e-) follows the
        // signed sum over phase 2 of (label - output spike), within the 2-unit remainder
        // of each neuron and the 2-step latency of the loop (label and output both arrive
        // one step late, the gate releases one step late).
        const target = (labels[s] === k ? 63 : 0) - (out[s]?.[1]?.[k] ?? 0);
        expect(Math.abs(3 * (plus - minus) - target), `sample ${s} class ${k}`).toBeLessThanOrEqual(
          8,
        );
        if (labels[s] !== k) expect(plus).toBe(0);
        else expect(minus).toBe(0);
        checked++;
      }
    }
    expect(checked).toBe(labels.length * 3);
  });
});

describe("emstdp/digits.snn, shortened to 400 training and 100 test rows", () => {
  const text = edit(programText("emstdp/digits.snn"), [
    ["epochs = 30;", "epochs = 1;"],
    ["train rows 0..1347;", "train rows 0..399;"],
    ["test rows 1348..1796;", "test rows 1348..1447;"],
    [
      "probe out.spikes;",
      "probe out.spikes; probe hid.spikes; probe out_ep.spikes; probe out_en.spikes; probe hid_ep.spikes; probe hid_en.spikes;",
    ],
  ]);
  let result: RunResult;
  beforeAll(() => {
    result = compileAndRun("emstdp/digits.snn", text);
  }, 300_000);

  it("learns on the chip: held-out accuracy far above chance after 400 samples", () => {
    const ev = result.evaluation!;
    expect(ev.test.total).toBe(100);
    // Measured 0.77 (77 / 100, seed 42; online 31 % in the first 100 samples, 81 % in the
    // last 100); chance is 0.1.
    expect(ev.test.accuracy).toBeGreaterThanOrEqual(0.5);
    const train = result.predictions.filter((p) => !p.test);
    const hits = (a: typeof train) => a.filter((p) => p.predicted === p.label).length;
    expect(hits(train.slice(300, 400))).toBeGreaterThan(hits(train.slice(0, 100)));
  });

  it("the output error pair fires once per step of error (1-unit threshold)", () => {
    const out = phaseCounts(result, "out", [63, 63]);
    const ep = phaseCounts(result, "out_ep", [63, 63]);
    const en = phaseCounts(result, "out_en", [63, 63]);
    const labels = result.predictions.map((p) => p.label);
    for (let s = 0; s < labels.length; s++) {
      for (let k = 0; k < 10; k++) {
        const plus = ep[s]?.[1]?.[k] ?? 0;
        const minus = en[s]?.[1]?.[k] ?? 0;
        expect((ep[s]?.[0]?.[k] ?? 0) + (en[s]?.[0]?.[k] ?? 0)).toBe(0);
        // Per step: delta+ = label and no output spike, delta- = output spike and no label
        // (one step late, the gate releases one step late): plus - minus follows
        // label steps - output spikes within the loop's latency.
        const target = (labels[s] === k ? 63 : 0) - (out[s]?.[1]?.[k] ?? 0);
        expect(Math.abs(plus - minus - target), `sample ${s} class ${k}`).toBeLessThanOrEqual(3);
      }
    }
  });

  it("with the frozen input, hidden units without error spikes fire alike in both phases", () => {
    // A hidden unit that received no error spike in phase 2 sees the same input spikes in both
    // phases; its counts differ only through the output of phase 1 carried into phase 2 (its
    // voltage at the phase boundary), by at most one spike.
    const hid = phaseCounts(result, "hid", [63, 63]);
    const hep = phaseCounts(result, "hid_ep", [63, 63]);
    const hen = phaseCounts(result, "hid_en", [63, 63]);
    let quiet = 0;
    for (let s = 0; s < hid.length; s++) {
      for (let i = 0; i < 100; i++) {
        if ((hep[s]?.[1]?.[i] ?? 0) + (hen[s]?.[1]?.[i] ?? 0) > 0) continue;
        quiet++;
        const d = (hid[s]?.[1]?.[i] ?? 0) - (hid[s]?.[0]?.[i] ?? 0);
        expect(Math.abs(d), `sample ${s} hidden ${i}`).toBeLessThanOrEqual(1);
      }
    }
    expect(quiet).toBeGreaterThan(1000);
  });
});

// A two-neuron network with the programs' rule: a pre spike train on both synapses; post
// neuron 0 is driven only in phase 2 (fires more than in phase 1), post neuron 1 only in
// phase 1 (fires less). The iris data set only paces the samples.
const direction = (synapse: string) => `snn 1;
import "std/synapses.snn" { Exc };
import "./emstdp.snn" { ForwardIF, Emstdp, EmstdpGated };
dataset iris = csv "../data/iris-grf.csv" { rows = 150; columns = 41; label = 40; classes = 3; };
network Direction {
  population inp = SpikeSource[40] from dataset iris encode bernoulli(max = 1) seed 1;
  population pre = SpikeSource[1] every 2 steps from 1;
  population up = SpikeSource[1] every 2 steps from 1;
  population down = SpikeSource[1] every 2 steps from 1;
  population post = ForwardIF[2];
  project w: pre -> post : ${synapse} { connect all_to_all; weight 0; }
  project up -> post[0] : Exc { connect all_to_all; weight 100 exp 2; }
  project down -> post[1] : Exc { connect all_to_all; weight 100 exp 2; }
  probe (pre -> post).w every 126 steps;
}
run Direction on loihi {
  dt = 1 ms;
  seed 1;
  present inp for 126 steps each;
  phases { free 63 { enable down; learn; } clamp 63 { enable up; learn; } }
  epochs = 1;
  train rows 0..3;
  test rows 4..4;
  readout post argmax_spikes in free;
}
`;

describe("the EMSTDP rule moves weights by post activity(phase 2) - post activity(phase 1)", () => {
  it("Emstdp: up for the neuron that fires more in phase 2, down for the one that fires less", () => {
    const r = compileAndRun("emstdp/direction.snn", direction("Emstdp"));
    const { rows } = weightRows(r, "w");
    expect(rows.length).toBeGreaterThanOrEqual(4);
    let prev = [0, 0];
    for (const row of rows.slice(0, 4)) {
      // Synapse order: pre 0 -> post 0, pre 0 -> post 1.
      expect(row[0]!).toBeGreaterThan(prev[0]!);
      expect(row[1]!).toBeLessThan(prev[1]!);
      prev = [row[0]!, row[1]!];
    }
  });

  it("EmstdpGated: a post neuron silent in phase 1 does not learn; an active one still does", () => {
    const r = compileAndRun("emstdp/direction.snn", direction("EmstdpGated"));
    const { rows } = weightRows(r, "w");
    for (const row of rows.slice(0, 4)) expect(row[0]).toBe(0);
    expect(rows[3]![1]!).toBeLessThan(0);
  });
});
