// The shared data loading and encodings: shapes, the fixed digits split, the seeded stratified
// iris split, receptive-field values and the seeded generator's determinism.
import { describe, expect, it } from "vitest";
import { matrix } from "../../cli/eval/matrix.ts";
import { digitsSplit, loadDigits, loadIris, stratifiedSplit } from "./data.ts";
import { encodeReceptiveFields, fitReceptiveFields } from "./receptive-fields.ts";
import { Rng } from "./rng.ts";

describe("data sets", () => {
  it("digits: 1797 x 64 in [0, 1], split 1348 / 449", () => {
    const d = loadDigits();
    expect(d.x.rows).toBe(1797);
    expect(Math.max(...d.x.data)).toBe(1);
    // First row starts 0,0,5,13 -> 5/16 = 0.3125 at pixel 2; its label is 0.
    expect(d.x.data[2]).toBe(0.3125);
    expect(d.y[0]).toBe(0);
    const { train, test } = digitsSplit();
    expect([train.x.rows, test.x.rows]).toEqual([1348, 449]);
    expect(test.y[0]).toBe(d.y[1348]);
  });
  it("iris stratified split: 20 per class in test, disjoint, deterministic", () => {
    const iris = loadIris();
    const a = stratifiedSplit(iris, 20, 1);
    expect(a.test.x.rows).toBe(60);
    expect(a.train.x.rows).toBe(90);
    for (let c = 0; c < 3; c++) expect(a.test.y.filter((y) => y === c).length).toBe(20);
    expect(stratifiedSplit(iris, 20, 1).test.x.data).toEqual(a.test.x.data);
    expect(stratifiedSplit(iris, 20, 2).test.x.data).not.toEqual(a.test.x.data);
  });
});

describe("Gaussian receptive fields", () => {
  it("field 1 of 10 peaks at the feature's minimum", () => {
    // range [0, 8]: centres (i - 0.5) * 8 / 8 = i - 0.5, sigma = 8 / 12; x = 0.5 hits field 1
    // exactly (rate 1) and field 2 at distance 1: exp(-1 / (2 * (2/3)^2)) = exp(-1.125)
    const rf = fitReceptiveFields(matrix(2, 1, [0, 8]));
    const e = encodeReceptiveFields(rf, matrix(1, 1, [0.5]));
    expect(e.data[1]).toBeCloseTo(1, 12);
    expect(e.data[2]).toBeCloseTo(Math.exp(-1.125), 12);
  });
});

describe("Rng", () => {
  it("repeats for a seed and differs across seeds", () => {
    const a = new Rng(5);
    const b = new Rng(5);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(new Rng(6).uniform()).not.toBe(xs[0]);
    const n = new Rng(1);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < 20000; i++) {
      const v = n.normal();
      sum += v;
      sq += v * v;
    }
    // mean ~ 0 and variance ~ 1 within 3 standard errors (0.021 and 0.03)
    expect(Math.abs(sum / 20000)).toBeLessThan(0.03);
    expect(Math.abs(sq / 20000 - 1)).toBeLessThan(0.04);
  });
});
