// C: the concept hierarchy with Oja's rule (programs/oja/concepts.snn) on the bit-exact
// emulator, scored by programs/oja/measure.ts: the child-edge weights of every concept approach
// 1/sqrt(k) (mantissa 128) within 5 % in well under the paper's ~114 presentations, every
// recognition case the theorem guarantees is answered correctly, and no neuron that represents
// no concept ever fires.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSchedule, scoreOja } from "../../programs/oja/measure.ts";
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
