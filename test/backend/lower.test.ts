// Lowering and discretization: connectors produce what they promise (counts, ranges, order,
// determinism per seed), slices map to population indices, and weight rounding stays within
// half an LSB of the exact value unless it saturates (property tests).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseWeightExp, discretize } from "../../compiler/discretize/index.ts";
import { connect } from "../../compiler/lower/connectors.ts";
import { lower } from "../../compiler/lower/index.ts";
import { lifPop, program, project, sourcePop, weight } from "./fixtures.ts";

const LIM = { weightExpMin: -7, weightExpMax: 7, weightBits: 8 };
const noData = () => ({ error: "none" });

describe("connectors", () => {
  it("fixed_prob draws about p of all pairs, pre-major, deterministic per seed", () => {
    const a = connect({ kind: "fixed_prob", p: 0.1, seed: 5 }, 300, 200, null);
    const b = connect({ kind: "fixed_prob", p: 0.1, seed: 5 }, 300, 200, null);
    const c = connect({ kind: "fixed_prob", p: 0.1, seed: 6 }, 300, 200, null);
    if (!a.ok || !b.ok || !c.ok) throw new Error("connect failed");
    // 60000 pairs, p = 0.1: mean 6000, sd ~73.
    expect(a.i.length).toBeGreaterThan(5700);
    expect(a.i.length).toBeLessThan(6300);
    expect(Array.from(a.i)).toEqual(Array.from(b.i));
    expect(Array.from(a.j)).toEqual(Array.from(b.j));
    expect(Array.from(a.j)).not.toEqual(Array.from(c.j));
    for (let k = 1; k < a.i.length; k++) {
      const before = a.i[k - 1]! * 200 + a.j[k - 1]!;
      expect(a.i[k]! * 200 + a.j[k]!).toBeGreaterThan(before);
    }
  });

  it("fixed_fan_in gives every post exactly n distinct pres", () => {
    const r = connect({ kind: "fixed_fan_in", n: 7, seed: 1 }, 50, 30, null);
    if (!r.ok) throw new Error(r.message);
    const per = new Map<number, Set<number>>();
    for (let k = 0; k < r.i.length; k++) {
      const s = per.get(r.j[k]!) ?? new Set();
      s.add(r.i[k]!);
      per.set(r.j[k]!, s);
    }
    expect(per.size).toBe(30);
    for (const s of per.values()) expect(s.size).toBe(7);
  });

  it("where filters pairs; one_to_one needs equal sizes", () => {
    const r = connect(
      { kind: "all_to_all", where: { op: "!=", a: { op: "i" }, b: { op: "j" } } },
      4,
      4,
      null,
    );
    if (!r.ok) throw new Error("connect failed");
    expect(r.i.length).toBe(12);
    const bad = connect({ kind: "one_to_one" }, 3, 4, null);
    expect(bad.ok).toBe(false);
  });

  it("slices map to population indices", () => {
    const src = sourcePop("src", 10, { kind: "steps", steps: [1] });
    const post = lifPop("post", 10);
    const pr = project(
      src,
      post,
      { kind: "one_to_one" },
      weight(4, { unit: "mant", exp: 0, scale: 64 }),
    );
    pr.pre = {
      ...pr.pre,
      ranges: [
        [2, 4],
        [8, 10],
      ],
      size: 4,
    };
    pr.post = { ...pr.post, ranges: [[0, 4]], size: 4 };
    const r = lower(program([src, post], [pr]), noData);
    expect(Array.from(r.ir!.projections[0]!.pre)).toEqual([2, 3, 8, 9]);
    expect(Array.from(r.ir!.projections[0]!.post)).toEqual([0, 1, 2, 3]);
    expect(Array.from(r.ir!.projections[0]!.weight)).toEqual([256, 256, 256, 256]);
  });
});

describe("discretize", () => {
  it("the chosen exponent is the finest that does not saturate", () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 2 ** 20, noNaN: true }), (m) => {
        const e = chooseWeightExp(m, 255, LIM);
        const fits = (x: number) => 255 * 2 ** (6 + x) >= m;
        return e === 7 ? true : fits(e) && (e === -6 || !fits(e - 1));
      }),
    );
  });

  it("mantissas are within half an LSB of the exact weight unless saturated", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5e4, max: 5e4, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom("mixed", "excitatory", "inhibitory") as fc.Arbitrary<
          "mixed" | "excitatory" | "inhibitory"
        >,
        (ws, signMode) => {
          const src = sourcePop("src", 1, { kind: "steps", steps: [1] });
          const post = lifPop("post", ws.length);
          const r = lower(
            program(
              [src, post],
              [
                project(
                  src,
                  post,
                  { kind: "all_to_all" },
                  weight(1, { signMode, allowFlushToZero: true }),
                ),
              ],
            ),
            noData,
          );
          const p = r.ir!.projections[0]!;
          p.weight.set(ws);
          const d = discretize(r.ir!, LIM);
          const w = d.weights[0]!;
          const lsb = d.summary[0]!.lsb;
          let sat = 0;
          ws.forEach((x, k) => {
            const v = w.mant[k]! * 2 ** (6 + w.weightExp);
            if (Math.abs(v - x) > lsb / 2 + 1e-9) sat++;
            if (signMode === "mixed") expect(Math.abs(w.mant[k]! % 2)).toBe(0);
          });
          expect(sat).toBe(d.summary[0]!.saturated);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("lowering refusals", () => {
  it("a projection into a host spike source is refused at its post slice", () => {
    const a = sourcePop("a", 2, { kind: "steps", steps: [1] });
    const b = sourcePop("b", 2, { kind: "steps", steps: [1] });
    const r = lower(program([a, b], [project(a, b, { kind: "one_to_one" }, weight(2))]), noData);
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "cannot build the synapses of `a->b`: `b` is a host spike source; it has no compartments to receive synapses",
    ]);
  });
});

describe("connector size guard", () => {
  it("an all_to_all of 10^10 pairs is refused before anything is allocated", () => {
    const r = connect({ kind: "all_to_all" }, 100_000, 100_000, null);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe(
        "it would create about 10,000,000,000 synapses, more than the 100,000,000 one projection may have",
      );
    }
  });
});
