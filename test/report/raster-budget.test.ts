// Raster reduction: every spike below the point budget, 1-in-K neuron sampling above it, and a
// 2-D histogram for huge rasters, each saying so in its subtitle; a 100,000-neuron x
// 10,000-step raster must render to a small SVG.
import { describe, expect, it } from "vitest";
import { rasterSpec } from "../../cli/report/charts/raster.ts";
import { parseNeuronSlice, reduceRaster } from "../../cli/report/raster-budget.ts";
import { renderSvg } from "../../cli/report/render-svg.ts";
import type { RasterData } from "../../cli/report/run-data.ts";

/** Neuron n fires every `period` steps starting at step 1 + (n * 7919) % period. */
function regularRaster(size: number, steps: number, period: number): RasterData {
  let count = 0;
  for (let n = 0; n < size; n++)
    count += Math.floor((steps - 1 - ((n * 7919) % period)) / period) + 1;
  const index = new Int32Array(count);
  const time = new Float64Array(count);
  let k = 0;
  for (let n = 0; n < size; n++) {
    for (let t = 1 + ((n * 7919) % period); t <= steps; t += period) {
      index[k] = n;
      time[k++] = t;
    }
  }
  return { population: "big", size, index, time };
}

const budget = { pointBudget: 1000, maxSampleStride: 8, maxTimeBins: 50, maxNeuronBins: 20 };

describe("reduceRaster", () => {
  it("draws every spike under the budget", () => {
    const r = regularRaster(10, 100, 10); // 10 neurons x 10 spikes = 100 spikes
    const red = reduceRaster(r, 100, budget);
    expect(red.kind).toBe("points");
    if (red.kind !== "points") return;
    expect(red.t.length).toBe(100);
    expect(red.subtitle).toBe("all 100 spikes");
  });

  it("samples 1 in K neurons when that fits the budget, and says so", () => {
    const r = regularRaster(40, 100, 2); // 40 x 50 = 2000 spikes; 1 in 2 neurons -> 1000
    const red = reduceRaster(r, 100, budget);
    expect(red.kind).toBe("points");
    if (red.kind !== "points") return;
    expect(red.stride).toBe(2);
    expect(red.t.length).toBe(1000);
    expect([...red.n].every((n) => n % 2 === 0)).toBe(true);
    expect(red.subtitle).toBe("sampled 1 in 2 neurons: 1000 of 2000 spikes drawn");
  });

  it("bins when sampling would thin too much; bin counts add up to the spikes", () => {
    const r = regularRaster(1000, 200, 2); // 100,000 spikes
    const red = reduceRaster(r, 200, budget);
    expect(red.kind).toBe("binned");
    if (red.kind !== "binned") return;
    expect(red.bins.reduce((s, b) => s + b.count, 0)).toBe(100_000);
    expect(red.bins.length).toBeLessThanOrEqual(50 * 20);
    expect(red.subtitle).toBe("binned: 100000 spikes in 1000 bins of 4 steps x 50 neurons");
  });

  it("bins a small dense population by time instead of dropping most of its neurons", () => {
    const r = regularRaster(10, 3000, 1); // 10 neurons firing every step: 30,000 spikes
    const red = reduceRaster(r, 3000, { ...budget, maxNeuronBins: 80 });
    expect(red.kind).toBe("binned");
    expect(red.subtitle).toBe("binned: 30000 spikes in 500 bins of 60 steps x 1 neurons");
  });

  it("draws 10,000 spikes as one path of about 25 bytes each", async () => {
    const r = regularRaster(1000, 200, 20); // 1000 x 10 = 10,000 spikes, under the default budget
    const svg = await renderSvg(rasterSpec(r, 200), "pts");
    expect(svg).toContain("all 10000 spikes");
    const marks =
      /<g class="mark-symbol role-mark[^"]*" aria-hidden="true">(.*?)<\/g>/.exec(svg)?.[1] ?? "";
    expect(marks.match(/<path /g)?.length).toBe(1);
    expect(marks.match(/M/g)?.length).toBe(10_000);
    expect(marks.length).toBeLessThan(10_000 * 30);
  });

  it("restricts to a neuron slice and names it", () => {
    const r = regularRaster(100, 50, 5);
    const red = reduceRaster(r, 50, budget, [10, 20]);
    if (red.kind !== "points") throw new Error("expected points");
    expect([...red.n].every((n) => n >= 10 && n < 20)).toBe(true);
    expect(red.t.length).toBe(100);
    expect(red.subtitle).toBe("all 100 spikes (neurons 10..19 of 100)");
  });

  it("parses neuron slices and rejects bad ones with a reason", () => {
    expect(parseNeuronSlice("5:9", 10)).toEqual({ ok: true, range: [5, 9] });
    expect(parseNeuronSlice(":3", 10)).toEqual({ ok: true, range: [0, 3] });
    expect(parseNeuronSlice("4:", 10)).toEqual({ ok: true, range: [4, 10] });
    expect(parseNeuronSlice("4:40", 10)).toEqual({
      ok: false,
      reason: "slice 4:40 is empty or beyond the population's 10 neurons",
    });
    expect(parseNeuronSlice("x", 10).ok).toBe(false);
  });

  it("keeps a 100,000-neuron x 10,000-step raster under 2 MB of SVG and says it is binned", async () => {
    const r = regularRaster(100_000, 10_000, 250); // 40 spikes per neuron: 4,000,000 spikes
    expect(r.index.length).toBe(4_000_000);
    const svg = await renderSvg(rasterSpec(r, 10_000), "big");
    expect(svg.length).toBeLessThan(2_000_000);
    expect(svg).toContain("binned: 4000000 spikes in 16000 bins of 50 steps x 1250 neurons");
    // The histogram is drawn: one rect path per non-empty bin.
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThan(15_000);
  });
});
