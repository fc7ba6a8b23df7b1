// Short versions of the EMSTDP programs (algorithms.md A) on the bit-exact emulator: the iris
// program learns within a few epochs (held-out rows well above chance), the learning rule moves
// a weight up when the post neuron fires more in phase 2 than in phase 1 and down when less
// (and the gated hidden rule leaves a neuron silent in phase 1 alone), and the output error
// pair tracks the signed error label - output.
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
    // Measured 0.98 (49 / 50, seed 42); chance is 0.33.
    expect(ev.test.accuracy).toBeGreaterThanOrEqual(0.8);
    // Online training accuracy rises from the first epoch to the last.
    const first = ev.trainEpochs[0]!.accuracy;
    const last = ev.trainEpochs[ev.trainEpochs.length - 1]!.accuracy;
    expect(last).toBeGreaterThan(first);
  });

  it("error neurons are silent in phase 1 and the pair tracks label - output in phase 2", () => {
    const out = phaseCounts(result, "out", [49, 49]);
    const ep = phaseCounts(result, "out_ep", [49, 49]);
    const en = phaseCounts(result, "out_en", [49, 49]);
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
        const target = (labels[s] === k ? 49 : 0) - (out[s]?.[1]?.[k] ?? 0);
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
  probe (pre -> post).w every 98 steps;
}
run Direction on loihi {
  dt = 1 ms;
  seed 1;
  present inp for 98 steps each;
  phases { free 49 { enable down; learn; } clamp 49 { enable up; learn; } }
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
