// fast-check arbitraries of learning rules: every field over its full legal range (the word
// table's ranges, isa/learning/table.ts), shared by the codec's and the emulator's rule tests.
import fc from "fast-check";
import type { Factor, LearningRule, ProductTerm } from "../../../isa/index.ts";
import { VARIABLES } from "../../../isa/index.ts";

const arbVar = fc.constantFrom(...VARIABLES);
const arbC = fc.integer({ min: -32768, max: 32767 });
const arbFactor: fc.Arbitrary<Factor> = fc.oneof(
  arbVar.map((v) => ({ kind: "var" as const, v })),
  fc.tuple(arbVar, arbC).map(([v, c]) => ({ kind: "addc" as const, v, c })),
  fc.tuple(arbVar, arbC).map(([v, c]) => ({ kind: "sgn" as const, v, c })),
  arbC.map((c) => ({ kind: "const" as const, c })),
);
const arbTerm: fc.Arbitrary<ProductTerm> = fc.record({
  target: fc.constantFrom("dw", "dd", "dt"),
  dep: fc.oneof(
    fc.constantFrom({ kind: "none" as const }, { kind: "x0" as const }, { kind: "y0" as const }),
    fc.integer({ min: 0, max: 15 }).map((k) => ({ kind: "u" as const, k })),
  ),
  m: fc.integer({ min: -8, max: 7 }),
  e: fc.integer({ min: -7, max: 8 }),
  factors: fc.array(arbFactor, { maxLength: 3 }),
});
export const arbRule: fc.Arbitrary<LearningRule> = fc.record({
  terms: fc.array(arbTerm, { maxLength: 8 }),
});
