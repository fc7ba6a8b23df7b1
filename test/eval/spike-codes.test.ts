// Hand-computed checks of the spike-train codes (rates over a window, counts per sample window).
import { describe, expect, it } from "vitest";
import { spikeRateCode, windowCounts } from "../../cli/eval/spike-codes.ts";

const train = { index: [0, 1, 0, 2, 0, 1], time: [1, 2, 5, 6, 9, 10] };

describe("spikeRateCode", () => {
  it("counts spikes in the inclusive window, per step, times the scale", () => {
    // steps 2..9: neuron 0 at 5, 9 (2); neuron 1 at 2 (1); neuron 2 at 6 (1); 8 steps
    expect(Array.from(spikeRateCode(train, 3, 2, 9, 8))).toEqual([2, 1, 1]);
    expect(Array.from(spikeRateCode(train, 4, 1, 10))).toEqual([0.3, 0.2, 0.1, 0]);
  });
  it("rejects a bad window and a neuron outside the population", () => {
    expect(() => spikeRateCode(train, 3, 0, 5)).toThrow(/window/);
    expect(() => spikeRateCode(train, 3, 6, 5)).toThrow(/window/);
    expect(() => spikeRateCode(train, 2, 1, 10)).toThrow(/neuron 2 outside/);
  });
});

describe("windowCounts", () => {
  it("counts per sample in the window of each period", () => {
    // period 5: sample 0 = steps 1..5, sample 1 = steps 6..10; window = last 3 steps (offset 2)
    const m = windowCounts(train, 3, 2, { period: 5, offset: 2, length: 3 });
    // sample 0 steps 3..5: neuron 0 at 5; sample 1 steps 8..10: neuron 0 at 9, neuron 1 at 10
    expect(Array.from(m.data)).toEqual([1, 0, 0, 1, 1, 0]);
    const all = windowCounts(train, 3, 2, { period: 5, length: 5 });
    expect(Array.from(all.data)).toEqual([2, 1, 0, 1, 1, 1]);
  });
  it("rejects a window longer than the period", () => {
    expect(() => windowCounts(train, 3, 1, { period: 5, offset: 3, length: 3 })).toThrow(/fit/);
  });
});
