// B: ST-RSBP (programs/strsbp/digits.snn) on the bit-exact emulator, shortened for CI to one
// epoch over the first 300 training rows and the first 200 test rows (160 steps each, as the
// program declares): the chip runs the forward pass and accumulates S-PSP tags, the declared
// host step writes the weights, and those writes are counted apart from on-chip learning; after
// one short epoch the network already classifies far above chance (10 %).
import { describe, expect, it } from "vitest";
import { compileProgram, runImage } from "./run-program.ts";

describe("strsbp/digits.snn", () => {
  const img = compileProgram("strsbp/digits.snn", [
    ["epochs = 7;", "epochs = 1;"],
    ["train rows 0..1347;", "train rows 0..299;"],
    ["test rows 1348..1796;", "test rows 1348..1547;"],
  ]);
  const r = runImage(img);

  it("passes the program's declared host-step parameters to the routine", () => {
    const h = img.hostLearning[0]!;
    expect(h.routine).toBe("st_rsbp");
    expect(h.params).toMatchObject({
      eta: 0.1,
      etaDecay: 0.7,
      targetTrue: 0.2,
      targetFalse: 0.02,
      weightPerSpike: 160,
      silentGain: 0.5,
    });
  });
  it("runs the host step once per training sample and counts its writes apart", () => {
    const h = r.stats.hostLearning;
    expect(h.calls).toBe(300);
    expect(h.routines).toHaveLength(1);
    expect(h.routines[0]!.routine).toBe("st_rsbp");
    expect(h.writes).toBeGreaterThan(0);
    // No on-chip rule writes weights in this program: the tags are the chip's only learning.
    expect(h.writes).toBe(h.routines[0]!.writes);
  });
  it("classifies the test rows far above chance after one short epoch", () => {
    expect(r.evaluation).not.toBeNull();
    expect(r.evaluation!.test.total).toBe(200);
    expect(r.evaluation!.test.accuracy).toBeGreaterThan(0.4);
  });
  it("decays the host step's rate by the experiment's epoch, as epochSamples of one epoch does", () => {
    // Two epochs of 20 rows: the routine's own epoch count (no epochSamples) and an explicit
    // epochSamples 20 must give the same run bit for bit; a wrong epoch would change eta in
    // the second epoch and with it the weights and predictions.
    const short = (extra: [string | RegExp, string][]) =>
      runImage(
        compileProgram("strsbp/digits.snn", [
          ["epochs = 7;", "epochs = 2;"],
          ["train rows 0..1347;", "train rows 0..19;"],
          ["test rows 1348..1796;", "test rows 1348..1367;"],
          ["const eta_decay = 0.7;", "const eta_decay = 0.25;"],
          ...extra,
        ]),
      );
    const byEpoch = short([]);
    const bySamples = short([["param eta = eta;", "param eta = eta; param epochSamples = 20;"]]);
    const constant = short([["const eta_decay = 0.25;", "const eta_decay = 1;"]]);
    expect(bySamples.stats.hostLearning.writes).toBe(byEpoch.stats.hostLearning.writes);
    expect(bySamples.predictions).toEqual(byEpoch.predictions);
    expect(bySamples.stats.cores.map((c) => c.cycles)).toEqual(
      byEpoch.stats.cores.map((c) => c.cycles),
    );
    // The decay does act in the second epoch (a constant rate gives another run).
    expect(constant.stats.cores.map((c) => c.cycles)).not.toEqual(
      byEpoch.stats.cores.map((c) => c.cycles),
    );
  });
});
