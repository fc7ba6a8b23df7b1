// Measures the raster budget on the largest case the report promises to handle: 100,000
// neurons over 10,000 steps (4,000,000 spikes), rendered to SVG. Prints spikes, bytes and time.
// Usage: npx tsx test/report/measure-raster.ts
import { rasterSpec } from "../../cli/report/charts/raster.ts";
import { renderSvg } from "../../cli/report/render-svg.ts";

const size = 100_000;
const steps = 10_000;
const period = 250;
const index = new Int32Array(4_000_000);
const time = new Float64Array(4_000_000);
let k = 0;
// Neuron n fires every 250 steps from step 1 + (n * 7919) % 250 (as in raster-budget.test.ts).
for (let n = 0; n < size; n++) {
  for (let t = 1 + ((n * 7919) % period); t <= steps; t += period) {
    index[k] = n;
    time[k++] = t;
  }
}
const t0 = performance.now();
const svg = await renderSvg(rasterSpec({ population: "big", size, index, time }, steps), "big");
const ms = Math.round(performance.now() - t0);
const subtitle = /binned:[^<'"]*/.exec(svg)?.[0] ?? "";
process.stdout.write(`${k} spikes -> ${svg.length} bytes of SVG in ${ms} ms (${subtitle})\n`);
