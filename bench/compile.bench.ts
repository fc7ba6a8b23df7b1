// Compiler scale benchmark: compile time per stage and peak memory for (1) the CUBA network
// (4000 neurons, p = 0.02; programs/cuba/cuba.snn) and (2) a generated 100,000-neuron,
// ~10,000,000-synapse network (100 blocks of 1000 CubaLIF neurons, each block projecting to
// itself and to the next with fixed_prob(0.05)), placed on a multi-chip loihi board.
// Run: npx tsx bench/main.ts compile (or: npx tsx bench/compile.bench.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileFile } from "../compiler/index.ts";

function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return process.memoryUsage().rss / 2 ** 20;
}

const here = import.meta.dirname;

/** The large network as .snn source: `blocks` populations of `size`, block b -> b and b -> b+1. */
export function largeSource(blocks = 100, size = 1000, p = 0.05): string {
  const lines = [
    "snn 1;",
    'import "std/neurons.snn" { CubaLIF };',
    'import "std/synapses.snn" { Static };',
    "network Large {",
  ];
  for (let b = 0; b < blocks; b++) {
    lines.push(
      `  population b${b} = CubaLIF[${size}] { decay_u = 410; decay_v = 205; vth_mant = 100; };`,
    );
  }
  for (let b = 0; b < blocks; b++) {
    const next = (b + 1) % blocks;
    lines.push(
      `  project b${b} -> b${b} : Static { connect fixed_prob(${p}) seed ${2 * b + 1}; weight uniform(-40, 60) seed ${b}; }`,
    );
    lines.push(
      `  project b${b} -> b${next} : Static { connect fixed_prob(${p}) seed ${2 * b + 2}; weight uniform(-40, 60) seed ${b + 500}; }`,
    );
  }
  lines.push("}", "run Large on loihi { dt = 1 ms; steps = 100; seed 1; }", "");
  return lines.join("\n");
}

function load(extra: Record<string, string>) {
  return (p: string) => {
    if (extra[p] !== undefined) return extra[p];
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  };
}

function measure(label: string, path: string, files: Record<string, string>) {
  const t0 = performance.now();
  const r = compileFile(path, load(files));
  const ms = performance.now() - t0;
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.image) {
    console.log(`${label}: FAILED: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    return;
  }
  const rep = r.report;
  const tr = rep.traffic!;
  console.log(
    `${label}: ${rep.neurons} neurons, ${rep.synapses} synapses -> ${rep.cores.length} cores on ${rep.chips} chip(s)`,
  );
  console.log(
    `  total ${(ms / 1000).toFixed(2)} s (front end + back end); back-end stages ms: ${JSON.stringify(rep.timesMs)}`,
  );
  console.log(
    `  routes ${tr.routes}, tile hops ${tr.hops} (mean ${(tr.hops / Math.max(1, tr.routes)).toFixed(2)}; index-order layout ${tr.hopsIndexOrder})`,
  );
  console.log(
    `  peak RSS ${peakRssMiB().toFixed(0)} MiB, heap used now ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
}

export async function run(): Promise<void> {
  const cubaPath = join(here, "../programs/cuba/cuba.snn");
  let cuba = readFileSync(cubaPath, "utf8");
  const first = compileFile(cubaPath, load({}));
  if (
    !first.image &&
    first.diagnostics.every((d) => d.severity !== "error" || (d.code as string) === "B003")
  ) {
    // The kick's uniform(0 mV, 12 mV) draws include weights below one LSB; acknowledge them.
    cuba = cuba.replace(
      "weight uniform(0 mV, 12 mV) seed 3;",
      "weight uniform(0 mV, 12 mV) seed 3; allow_flush;",
    );
    console.log("cuba.snn: kick projection compiled with allow_flush (draws below one weight LSB)");
  }
  measure("CUBA (programs/cuba/cuba.snn)", cubaPath, { [cubaPath]: cuba });
  const large = "/bench/large.snn";
  measure("large (100 x 1000 CubaLIF, fixed_prob 0.05 within and to the next block)", large, {
    [large]: largeSource(),
  });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await run();
