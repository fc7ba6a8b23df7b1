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

// The noisy program (each leaf kept with p = 0.8 by the encoder), shortened to its first 100
// presentations of each level-1 concept (rows 0..1599 of the first epoch). OjaUnitTag / OjaTag:
// the weight itself learns only in a neuron's first 32 presentations (eta 1/16, then 1/32); after
// that every change of a child weight is a transfer from the tag (at steps that are multiples of
// 1024), transfers keep happening, and at eta 1/1024 they move the child weights toward
// 1/sqrt(k) and narrow their spread, while the other leaves' weights decay.
describe("oja/concepts-noisy.snn (first 100 presentations per level-1 concept)", () => {
  const edits: [string, string][] = [
    ["epochs = 10;", "epochs = 1;"],
    ["train rows 0..3999;", "train rows 0..1599;"],
    ["test rows 4000..4199;", "test rows 4000..4001;"],
    ["probe (leaves -> l1).w every 300 steps;", "probe (leaves -> l1).w every 3 steps;"],
    ["probe (l1 -> l2).w every 300 steps;", ""],
  ];
  const w = weightsOf(runImage(compileProgram("oja/concepts-noisy.snn", edits)), "leaves->l1");
  const schedule = parseSchedule(readFileSync(join(PROGRAMS, "data/concepts-noisy.csv"), "utf8"));
  const col = (pre: number, post: number) =>
    w.columns.findIndex((c) => c.endsWith(`: ${pre}->${post}`));
  const at = (sample: number, k: number) => w.values[sample * w.width + k]!;
  const last = w.steps.length - 1;
  // Sample r is taken at step 3 (r + 1), after presentation r. Row of each level-1 concept's
  // 32nd presentation, after which its neuron's direct path is off.
  const row32 = new Array<number>(16).fill(-1);
  const count = new Array<number>(16).fill(0);
  for (let r = 0; r < 1600; r++) {
    const id = schedule[r]!.id;
    if (id < 16 && ++count[id]! === 32) row32[id] = r;
  }
  const at32: number[] = [];
  const atEnd: number[] = [];
  let tagMoves = 0;
  let otherMoves = 0;
  for (let c = 0; c < 16; c++)
    for (let i = 0; i < 4; i++) {
      const k = col(4 * c + i, c);
      at32.push(at(row32[c]!, k));
      atEnd.push(at(last, k));
      for (let r = row32[c]! + 1; r <= last; r++) {
        if (at(r, k) === at(r - 1, k)) continue;
        // The change happened in steps 3r + 1 .. 3r + 3; a transfer is at a multiple of 1024.
        const transfer = Math.floor((3 * r + 3) / 1024) > Math.floor((3 * r) / 1024);
        if (transfer) tagMoves++;
        else otherMoves++;
      }
    }
  const stats = (ws: number[]) => {
    const mean = ws.reduce((a, b) => a + b, 0) / ws.length;
    const rms = Math.sqrt(ws.reduce((a, b) => a + (b - TARGET) ** 2, 0) / ws.length);
    return { mean, rms };
  };

  it("after 32 presentations a child weight changes only when the tag moves to it", () => {
    expect(Math.min(...count)).toBeGreaterThan(60);
    expect(otherMoves).toBe(0);
    expect(tagMoves).toBeGreaterThan(64);
  });
  it("the tag path moves the child weights toward 1/sqrt(k); other leaves' weights decay", () => {
    const s32 = stats(at32);
    const end = stats(atEnd);
    expect(Math.abs(end.mean - TARGET)).toBeLessThan(Math.abs(s32.mean - TARGET));
    expect(end.rms).toBeLessThan(s32.rms);
    expect(Math.abs(end.mean - TARGET)).toBeLessThan(0.1 * TARGET);
    // Leaf 4c + 4 (a leaf of the next concept) onto l1[c]: starts at 8, never present with c.
    const others = Array.from({ length: 15 }, (_, c) => at(last, col(4 * c + 4, c)));
    expect(Math.max(...others)).toBeLessThan(8);
  });
});
