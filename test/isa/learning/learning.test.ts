// Learning-rule microcode: self-test of the word table (overlap, layout), decode(encode(x)) = x,
// hand-computed evaluations with the 16-bit accumulator and stochastic rounding, and traces.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assembleRule,
  ChipPrng,
  checkLearnLayout,
  decodeRule,
  disassembleRule,
  encodeRule,
  evalLearningRule,
  findLearnOverlaps,
  LEARN_WORDS,
  type LearningRule,
  LearningRuleError,
  type SynapseContext,
  TERM_WORD,
  updateTrace,
  weightLimits,
} from "../../../isa/index.ts";
import { arbRule } from "./arbitraries.ts";

const ctx = (over: Partial<SynapseContext> = {}): SynapseContext => ({
  x0: false,
  y0: false,
  epoch: 1,
  x1: 0,
  x2: 0,
  y1: 0,
  y2: 0,
  y3: 0,
  w: 0,
  d: 0,
  t: 0,
  ...over,
});
const W8 = { weight: weightLimits(8, "mixed"), maxDelay: 7 };

describe("learning microcode table", () => {
  it("no two word kinds overlap; fields are disjoint", () => {
    expect(findLearnOverlaps()).toEqual([]);
    expect(checkLearnLayout()).toEqual([]);
    expect(findLearnOverlaps([TERM_WORD, { ...TERM_WORD, name: "clone" }])).toEqual([
      "term overlaps clone",
    ]);
    expect(LEARN_WORDS.length).toBe(5);
  });

  it("decode(encode(rule)) = rule", () => {
    fc.assert(
      fc.property(arbRule, (rule) => {
        expect(decodeRule(encodeRule(rule))).toEqual(rule);
      }),
      { numRuns: 1000 },
    );
  });

  it("any word sequence decodes to a rule that re-encodes identically, or is a LearningRuleError", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 6 }), (ws) => {
        let rule: LearningRule;
        try {
          rule = decodeRule(ws);
        } catch (e) {
          expect(e).toBeInstanceOf(LearningRuleError);
          return;
        }
        expect([...encodeRule(rule)]).toEqual(ws);
      }),
      { numRuns: 3000 },
    );
  });

  it("assembleRule(disassembleRule(rule)) = rule", () => {
    fc.assert(
      fc.property(arbRule, (rule) => {
        expect(assembleRule(disassembleRule(rule))).toEqual(rule);
      }),
      { numRuns: 500 },
    );
    expect(() => assembleRule("dw += 1 * 2^0 * q7")).toThrow(
      "line 1: 'q7' is not a factor (x1 x2 y1 y2 y3 w d t, (var + C), sgn(var + C), or an integer)",
    );
    expect(() => assembleRule("\ndv += 1 * 2^0")).toThrow(
      "line 2: target 'dv' is not one of dw, dd, dt",
    );
  });

  it("rejects bad fields with a message", () => {
    expect(() =>
      encodeRule({ terms: [{ target: "dw", dep: { kind: "none" }, m: 8, e: 0, factors: [] }] }),
    ).toThrow("term 0: m = 8 out of range -8..7 (scale mantissa, signed)");
    expect(() => decodeRule([0])).toThrow("word 0 (0x00000000): expected a term header");
    const header = encodeRule({
      terms: [
        { target: "dw", dep: { kind: "x0" }, m: 1, e: 0, factors: [{ kind: "const", c: 1 }] },
      ],
    });
    expect(() => decodeRule(header.subarray(0, 1))).toThrow(
      "word 0: term announces 1 factors, rule ends after 0",
    );
  });

  it("disassembles", () => {
    const stdp: LearningRule = {
      terms: [
        { target: "dw", dep: { kind: "y0" }, m: 1, e: -2, factors: [{ kind: "var", v: "x1" }] },
        { target: "dw", dep: { kind: "x0" }, m: -1, e: -2, factors: [{ kind: "var", v: "y1" }] },
        {
          target: "dt",
          dep: { kind: "u", k: 2 },
          m: 3,
          e: 0,
          factors: [{ kind: "sgn", v: "w", c: -4 }],
        },
      ],
    };
    expect(disassembleRule(encodeRule(stdp))).toBe(
      "dw += 1 * 2^-2 * y0 * x1\ndw += -1 * 2^-2 * x0 * y1\ndt += 3 * 2^0 * u2 * sgn(w - 4)\n",
    );
  });
});

describe("evalLearningRule", () => {
  const pairRule: LearningRule = {
    terms: [
      // potentiate on a post spike by the pre trace: dw += 2^-2 * x1
      { target: "dw", dep: { kind: "y0" }, m: 1, e: -2, factors: [{ kind: "var", v: "x1" }] },
      // depress on a pre spike by the post trace: dw -= 2^-3 * y1
      { target: "dw", dep: { kind: "x0" }, m: -1, e: -3, factors: [{ kind: "var", v: "y1" }] },
    ],
  };

  it("sums the terms whose dependency held, in 2^-7 units, and rounds exactly-representable sums exactly", () => {
    // y0 only: acc = 1 * 40 * 2^(-2+7) = 40 * 32 = 1280 = 10.0 weight units.
    // w = 20 (mixed 8-bit: step 2): (20 << 7) + 1280 = 3840 = 30 * 128 -> 30 / 2 = 15 steps,
    // exact, so 30 whatever the draw.
    const r = evalLearningRule(
      pairRule,
      ctx({ y0: true, x1: 40, y1: 100, w: 20 }),
      new ChipPrng(5),
      W8,
    );
    expect(r.acc.dw).toBe(1280);
    expect(r.w).toBe(30);
    expect(r.draws).toBe(1);
  });

  it("both dependencies: 1280 - 100 * 2^4 = -320 units = -2.5, stochastically rounded to the step", () => {
    // (20 << 7) - 320 = 2240 = 17.5 weight units; with step 2 that is 8.75 steps:
    // 8 steps (w = 16) with p 0.25, 9 steps (w = 18) with p 0.75.
    const g = new ChipPrng(11);
    let n18 = 0;
    const N = 4000;
    for (let i = 0; i < N; i++) {
      const r = evalLearningRule(
        pairRule,
        ctx({ x0: true, y0: true, x1: 40, y1: 100, w: 20 }),
        g,
        W8,
      );
      expect(r.acc.dw).toBe(-320);
      expect([16, 18]).toContain(r.w);
      if (r.w === 18) n18++;
    }
    expect(Math.abs(n18 / N - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / N));
  });

  it("saturates the 16-bit accumulator and clips w to the format's range", () => {
    // 7 * 2^(8+7) * 127 would be 29,130,752: saturates to 32767 (= 255.99 weight units).
    const big: LearningRule = {
      terms: [
        { target: "dw", dep: { kind: "none" }, m: 7, e: 8, factors: [{ kind: "var", v: "x1" }] },
      ],
    };
    const r = evalLearningRule(big, ctx({ x1: 127, w: 100 }), new ChipPrng(3), W8);
    expect(r.acc.dw).toBe(32767);
    expect(r.w).toBe(254); // mixed 8-bit max
    const exc = evalLearningRule(big, ctx({ x1: 127, w: 100 }), new ChipPrng(3), {
      weight: weightLimits(8, "excitatory"),
      maxDelay: 7,
    });
    expect(exc.w).toBe(255);
  });

  it("u_k terms apply every 2^k epochs; dd and dt clip to their ranges", () => {
    const rule: LearningRule = {
      terms: [
        { target: "dd", dep: { kind: "u", k: 1 }, m: 1, e: 3, factors: [] }, // +8 per even epoch
        { target: "dt", dep: { kind: "none" }, m: -8, e: 8, factors: [{ kind: "const", c: 2 }] },
      ],
    };
    const odd = evalLearningRule(rule, ctx({ epoch: 3, d: 2, t: -200 }), new ChipPrng(9), W8);
    expect(odd.d).toBe(2);
    expect(odd.t).toBe(-256); // -200 + sat(-8 * 2 * 2^15)/128 = -200 - 256 -> clipped to -256
    const even = evalLearningRule(rule, ctx({ epoch: 4, d: 2 }), new ChipPrng(9), W8);
    expect(even.d).toBe(7); // 2 + 8 = 10 clipped to maxDelay 7
    expect(even.draws).toBe(2);
  });

  it("sgn and addc factors", () => {
    const rule: LearningRule = {
      terms: [
        {
          target: "dw",
          dep: { kind: "none" },
          m: 1,
          e: 0,
          factors: [
            { kind: "sgn", v: "w", c: -50 },
            { kind: "addc", v: "y2", c: 3 },
          ],
        },
      ],
    };
    // w = 10: sgn(10 - 50) = -1; (y2 + 3) = 5; acc = 1 * 2^7 * -1 * 5 = -640 = -5.0 units.
    // w + dw = 5, which is 2.5 steps of the mixed 8-bit format's step 2: rounds to 4 or 6.
    const r = evalLearningRule(rule, ctx({ w: 10, y2: 2 }), new ChipPrng(1), W8);
    expect(r.acc.dw).toBe(-640);
    expect([4, 6]).toContain(r.w);
  });
});

describe("trace update", () => {
  it("decays with 12-bit stochastic rounding, adds impulses, saturates at 127", () => {
    const g = new ChipPrng(77);
    // 100 * (4096 - 2048) / 4096 = 50 exactly.
    expect(updateTrace(100, 2048, 0, 0, g)).toBe(50);
    // 50 + impulse 100 = 150 -> 127.
    expect(updateTrace(100, 2048, 100, 1, g)).toBe(127);
    // 3 * (4096 - 1024) / 4096 = 2.25: mean over many updates is 2.25.
    let sum = 0;
    const N = 8000;
    for (let i = 0; i < N; i++) {
      const v = updateTrace(3, 1024, 0, 0, g);
      expect([2, 3]).toContain(v);
      sum += v;
    }
    expect(Math.abs(sum / N - 2.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / N));
  });
});
