// Hand-computed checks of accuracy, the confusion matrix and the argmax spike-count readout.
import { describe, expect, it } from "vitest";
import {
  accuracy,
  argmaxReadout,
  confusionMatrix,
  NO_DECISION,
  wilsonInterval,
} from "../../cli/eval/classification.ts";

describe("accuracy", () => {
  it("counts matches; undecided samples are wrong", () => {
    // 3 of 5 equal (indices 0, 1, 4); index 3 is undecided -> 3/5 = 0.6
    expect(accuracy([0, 1, 2, NO_DECISION, 1], [0, 1, 1, 2, 1])).toBe(0.6);
  });
  it("rejects mismatched lengths and gives NaN for no samples", () => {
    expect(() => accuracy([0], [0, 1])).toThrow(/1 predictions but 2 labels/);
    expect(accuracy([], [])).toBeNaN();
  });
});

describe("confusionMatrix", () => {
  it("puts true classes on rows and predictions on columns", () => {
    const m = confusionMatrix([0, 1, 1, NO_DECISION, 2], [0, 1, 0, 2, 2], 3);
    // row 0: one 0->0, one 0->1; row 1: one 1->1; row 2: one 2->2 and one undecided
    expect(Array.from(m.counts)).toEqual([1, 1, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(m.undecided)).toEqual([0, 0, 1]);
  });
  it("names a bad label", () => {
    expect(() => confusionMatrix([0], [3], 3)).toThrow(/label 3 of sample 0/);
    expect(() => confusionMatrix([5], [0], 3)).toThrow(/prediction 5 of sample 0/);
  });
});

describe("argmaxReadout", () => {
  it("picks the most spikes, lowest index on ties, NO_DECISION when silent", () => {
    const counts = [
      [1, 5, 2], // -> 1
      [4, 4, 1], // tie 0/1 -> 0
      [0, 0, 0], // silent -> NO_DECISION
      [0, 3, 3], // tie 1/2 -> 1
    ].flat();
    expect(Array.from(argmaxReadout(counts, 3))).toEqual([1, 0, NO_DECISION, 1]);
  });
  it("rejects counts that are not whole rows", () => {
    expect(() => argmaxReadout([1, 2, 3, 4], 3)).toThrow(/rows of 3 classes/);
  });
  it("a silent sample lowers accuracy", () => {
    const pred = argmaxReadout([0, 2, 0, 0], 2);
    // sample 0 -> class 1 (right), sample 1 silent (wrong) -> 0.5
    expect(accuracy(pred, [1, 0])).toBe(0.5);
  });
});

describe("wilsonInterval", () => {
  it("matches the published score intervals (Newcombe 1998, method 3)", () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [c, n, lo, hi] of cases) {
      const [a, b] = wilsonInterval(c, n);
      expect(a).toBeCloseTo(lo, 4);
      expect(b).toBeCloseTo(hi, 4);
    }
  });
  it("stays inside [0, 1], contains the point estimate and narrows with more samples", () => {
    const [lo, hi] = wilsonInterval(10, 10);
    expect(hi).toBe(1);
    expect(lo).toBeGreaterThan(0.69);
    const [a, b] = wilsonInterval(408, 449);
    expect(a).toBeLessThan(408 / 449);
    expect(b).toBeGreaterThan(408 / 449);
    const [c, d] = wilsonInterval(4080, 4490);
    expect(d - c).toBeLessThan((b - a) / 3);
  });
  it("refuses counts that are not counts; no samples give NaN", () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
    expect(wilsonInterval(0, 0).every(Number.isNaN)).toBe(true);
  });
});
