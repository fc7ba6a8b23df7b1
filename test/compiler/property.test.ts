// Property tests: random text, random token sequences and seeded mutations of the programs in
// programs/ always end in well-formed diagnostics (known code, position inside the file) or a
// checked program, never an exception; and a result without a program always has an error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DIAGNOSTICS } from "../../compiler/diagnostics/index.ts";
import { checkProgram } from "../../compiler/frontend.ts";
import { cachedLoader, corpus, mutate, Rand, VOCAB } from "../fuzz/mutate.ts";

const load = cachedLoader();
const files = corpus();

function checkText(path: string, text: string) {
  const r = checkProgram(path, (p) => (p === path ? text : load(p)));
  const lines = text.split("\n").length;
  for (const d of r.diagnostics) {
    expect(d.code in DIAGNOSTICS).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toMatch(/\{\w+\}/);
    if (d.span.file === path) {
      expect(d.span.line).toBeGreaterThanOrEqual(1);
      expect(d.span.line).toBeLessThanOrEqual(lines + 1);
      expect(d.span.offset).toBeLessThanOrEqual(text.length);
    }
  }
  if (!r.program) expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
  return r;
}

describe("front end never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        checkText("/virtual/p.snn", s);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it("on random token sequences", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCAB), { maxLength: 80 }), (toks) => {
        checkText("/virtual/t.snn", toks.join(" "));
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it("on mutated programs", () => {
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (which, seed) => {
          const file = files[which]!;
          const path = file.replace(/[^/]+$/, "__prop__.snn");
          checkText(path, mutate(load(file)!, new Rand(seed)));
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});
