// C: the concept hierarchy with Oja's rule (programs/oja/concepts.snn) on the bit-exact
// emulator, scored by programs/oja/measure.ts: the child-edge weights of every concept approach
// 1/sqrt(k) (mantissa 128) within 5 % in well under the paper's ~114 presentations, every
// recognition case the theorem guarantees is answered correctly, and no neuron that represents
// no concept ever fires.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSchedule, scoreOja, TARGET } from "../../programs/oja/measure.ts";
import { compileProgram, PROGRAMS, runImage, spikesOf, weightsOf } from "./run-program.ts";

describe("oja/concepts.snn", () => {
  const r = runImage(compileProgram("oja/concepts.snn"));
  const schedule = parseSchedule(readFileSync(join(PROGRAMS, "data/concepts.csv"), "utf8"));
  const s = scoreOja(
    schedule,
    spikesOf(r, "l1"),
    spikesOf(r, "l2"),
    weightsOf(r, "leaves->l1"),
    weightsOf(r, "l1->l2"),
  );

  it("child-edge weights converge to 1/sqrt(k) within 5 %", () => {
    expect(s.childEdges).toBe(80);
    expect(s.childWithin5pct).toBe(80);
    expect(s.maxChildError).toBeLessThan(0.05);
  });
  it("every concept converges within 32 presentations", () => {
    for (const p of s.presentationsTo5pct) {
      expect(p).not.toBeNull();
      expect(p!).toBeLessThanOrEqual(32);
    }
  });
  it("answers every guaranteed recognition case correctly, with no stray firing", () => {
    expect(s.guaranteed).toBeGreaterThan(3000);
    expect(s.correct).toBe(s.guaranteed);
    expect(s.stray).toBe(0);
  });
});

// The noisy schedule (each leaf kept with p = 0.8), shortened to its first 100 presentations of
// each level-1 concept (rows 0..1599): OjaUnitAnneal (dithered factors, a rate that halves with
// the neuron's own presentation count) settles the child weights around 1/sqrt(k), where
// OjaUnit (truncated factors, constant rate) is pushed above it by every missing leaf.
describe("oja/concepts-noisy.snn (first 100 presentations per level-1 concept)", () => {
  const short: [string, string][] = [
    ["train rows 0..3999;", "train rows 0..1599;"],
    ["test rows 4000..4199;", "test rows 4000..4001;"],
    ["probe (leaves -> l1).w every 3 steps;", "probe (leaves -> l1).w every 4800 steps;"],
    ["probe (l1 -> l2).w every 3 steps;", ""],
  ];
  /** Child-edge weights of the 16 level-1 concepts after the shortened training. */
  const childWeights = (edits: [string, string][]) => {
    const w = weightsOf(runImage(compileProgram("oja/concepts-noisy.snn", edits)), "leaves->l1");
    const last = w.steps.length - 1;
    const out: number[] = [];
    for (let c = 0; c < 16; c++)
      for (let i = 0; i < 4; i++) {
        const k = w.columns.findIndex((col) => col.endsWith(`: ${4 * c + i}->${c}`));
        out.push(w.values[last * w.width + k]!);
      }
    return out;
  };
  const stats = (ws: number[]) => {
    const mean = ws.reduce((a, b) => a + b, 0) / ws.length;
    const within = ws.filter((x) => Math.abs(x - TARGET) <= 0.05 * TARGET).length;
    return { mean, within };
  };
  const annealed = stats(childWeights(short));
  const plain = stats(
    childWeights([
      ...short,
      ['import "./oja.snn" { OjaUnitAnneal, Oja };', 'import "./oja.snn" { OjaUnit, Oja };'],
      ["population l1 = OjaUnitAnneal[64];", "population l1 = OjaUnit[64];"],
      ["population l2 = OjaUnitAnneal[64];", "population l2 = OjaUnit[64];"],
    ]),
  );

  it("annealed: child weights centred on 1/sqrt(k), most within 5 %", () => {
    expect(Math.abs(annealed.mean - TARGET)).toBeLessThan(0.02 * TARGET);
    expect(annealed.within).toBeGreaterThanOrEqual(48);
  });
  it("plain OjaUnit: biased above 1/sqrt(k), far fewer within 5 %", () => {
    expect(plain.mean - TARGET).toBeGreaterThan(0.04 * TARGET);
    expect(plain.within).toBeLessThan(annealed.within - 16);
  });
});
