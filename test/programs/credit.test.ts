// Short versions of the credit-assignment programs (algorithms.md D) on the bit-exact emulator:
// 100 training samples (one epoch) and 50 held-out test rows each. The weight mirror turns the
// feedback weights B toward the transpose of the forward weights W2 (cosine rises far above what
// the old end-of-epoch trace estimator reached and above W2's own alignment to B under FA, and
// B's mean stays near 0), feedback alignment leaves B where it started (cosine with W2^T stays
// near 0), and after this short training both classify held-out digits clearly above chance.
import { beforeAll, describe, expect, it } from "vitest";
import { matrix } from "../../cli/eval/matrix.ts";
import { cosineWithTranspose } from "../../cli/eval/weights.ts";
import type { RunResult } from "../../emulator/index.ts";
import { compileAndRun, edit, programText, weightRows } from "./emstdp-helpers.ts";

const SHORT: [string, string][] = [
  ["train rows 0..1347;", "train rows 0..99;"],
  ["test rows 1348..1796;", "test rows 1348..1397;"],
  // One weight sample per presentation, so the first row is B and W2 after one sample.
  ["probe (hid -> out).w every 25200 steps;", "probe (hid -> out).w every 252 steps;"],
  ["probe (out_en -> hid_en).w every 25200 steps;", "probe (out_en -> hid_en).w every 252 steps;"],
];

/** The program text with the short schedule: one epoch (the committed files train for several). */
function short(path: string): string {
  const text = programText(path);
  if (!/ {2}epochs = \d+;/.test(text)) throw new Error(`${path} has no epochs line`);
  return edit(text.replace(/ {2}epochs = \d+;/, "  epochs = 1;"), SHORT);
}

/** cosine(B, W2^T) at every weight sample: B is 10 x 100 (out_en j -> hid_en i), W2 100 x 10,
 *  both probed in synapse order pre-major (all_to_all). */
function cosines(r: RunResult): number[] {
  const b = weightRows(r, "b");
  const w = weightRows(r, "w2");
  return b.rows.map((row, k) =>
    cosineWithTranspose(matrix(10, 100, row), matrix(100, 10, w.rows[k] as Float64Array)),
  );
}

describe("credit programs, 100 training samples", () => {
  let wm: RunResult;
  let fa: RunResult;
  beforeAll(() => {
    wm = compileAndRun("credit/wm.snn", short("credit/wm.snn"));
    fa = compileAndRun("credit/fa.snn", short("credit/fa.snn"));
  }, 300_000);

  it("weight mirror: cosine(B, W2^T) rises from about 0 to above 0.8, far above FA's; B stays mean-free", () => {
    const c = cosines(wm);
    const cf = cosines(fa);
    // Measured (seed 42; B learns every step of the mirror phase from the pre spike and the
    // post spike four steps after the noise, credit.snn Mirror): 0.046 after 1 sample, 0.762
    // after 50, 0.855 after 100; mean 0.838 over samples 51-100, where FA's (W2 aligning to its
    // fixed B) is 0.068. The old rule (trace products at the end of each 63-step epoch)
    // reached 0.147 after 100 samples, mean 0.132 over samples 51-100.
    expect(Math.abs(c[0]!)).toBeLessThan(0.1);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const late = mean(c.slice(50));
    expect(late).toBeGreaterThan(0.7);
    expect(late).toBeGreaterThan(mean(cf.slice(50)) + 0.5);
    // B's mean weight after 100 samples: measured +6.8 (B starts at +1.0; the rule's -1 / +1
    // centring of the post spike is exact for the p = 0.5 noise).
    const b = weightRows(wm, "b");
    expect(Math.abs(mean(Array.from(b.rows[b.rows.length - 1]!)))).toBeLessThan(30);
  });

  it("feedback alignment: B is fixed and cosine(B, W2^T) stays near 0", () => {
    const c = cosines(fa);
    const b = weightRows(fa, "b");
    expect(b.rows[99]).toEqual(b.rows[0]);
    for (const x of c) expect(Math.abs(x)).toBeLessThan(0.1);
  });

  it("both classify held-out rows above chance", () => {
    for (const r of [wm, fa]) {
      const ev = r.evaluation!;
      expect(ev.test.total).toBe(50);
      // Measured 0.60 (wm.snn) and 0.48 (fa.snn) after 100 samples; chance is 0.10 (a broken
      // forward rule or error path leaves the network at chance or silent).
      expect(ev.test.accuracy).toBeGreaterThanOrEqual(0.3);
    }
  });
});
