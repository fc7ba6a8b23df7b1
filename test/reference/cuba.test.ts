// The float CUBA network (test/reference/cuba.ts) that tells what rate programs/cuba/cuba.snn
// should give: the classic network settles in the low-rate asynchronous state, inhibition is
// what holds it there, and the program's one-current choice raises the rate (measured over
// 50..1000 ms, seeds 1-3: classic 5.45-5.92 Hz, one current 6.23-6.75 Hz; run-all rows G-*).
import { describe, expect, it } from "vitest";
import { CUBA_CLASSIC, cubaRates } from "./cuba.ts";

describe("float CUBA reference", () => {
  const short = { ...CUBA_CLASSIC, duration: 400, seed: 1 };

  it("settles at a few Hz, excitatory and inhibitory cells alike", () => {
    const r = cubaRates(short);
    expect(r.rate).toBeGreaterThan(3);
    expect(r.rate).toBeLessThan(9);
    expect(Math.abs(r.rateExc - r.rateInh)).toBeLessThan(1.5);
  });

  it("runs away without inhibition", () => {
    expect(cubaRates({ ...short, wi: 0 }).rate).toBeGreaterThan(30);
  });

  it("is deterministic per seed and differs between seeds", () => {
    expect(cubaRates(short)).toEqual(cubaRates(short));
    expect(cubaRates({ ...short, seed: 2 }).spikes).not.toBe(cubaRates(short).spikes);
  });

  it("one 5 ms current with the inhibitory charge kept fires faster than the classic model", () => {
    // Same connectivity and initial voltages (same seed): only the inhibitory current's shape
    // differs. Over the full second: classic 5.92 Hz, one current 6.75 Hz (seed 1).
    const full = { ...CUBA_CLASSIC, seed: 1 };
    expect(cubaRates({ ...full, tauI: 5, wi: -18 }).rate).toBeGreaterThan(
      cubaRates(full).rate + 0.3,
    );
  });
});
