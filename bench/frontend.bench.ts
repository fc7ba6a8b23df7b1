// Front-end throughput: generates a program of 10,000+ lines (many neuron models, synapse types
// with learning rules, populations and projections) and reports lines per second for parsing
// alone and for the whole check. Run with `npm run bench frontend`.

import { readFileSync } from "node:fs";
import { checkProgram } from "../compiler/frontend.ts";
import { parse } from "../compiler/syntax/index.ts";

/** A valid program of about `blocks * 25` lines. */
export function generateProgram(blocks: number): string {
  const out: string[] = [
    "snn 1;",
    'import "std/neurons.snn" { CubaLIF };',
    'import "std/synapses.snn" { Static };',
    "",
  ];
  for (let b = 0; b < blocks; b++) {
    out.push(
      `neuron M${b} extends CubaLIF {`,
      `  param decay_v : u12 = ${100 + (b % 900)};`,
      "  floor v at -(vth_mant << 6);",
      "}",
      `synapse S${b} {`,
      "  weight w : s8 = 0;",
      "  pre trace x1 { impulse = 16; tau = 20 ms; }",
      "  post trace y1 { impulse = 16; tau = 20 ms; }",
      "  learn every 4 steps {",
      `    dw = 2^-${1 + (b % 7)} * y0 * x1 - 2^-6 * x0 * y1 - 2^-7 * u2 * (w + 3);`,
      "  }",
      "}",
    );
  }
  out.push("network Big {");
  for (let b = 0; b < blocks; b++) {
    out.push(
      `  population p${b} = M${b}[${8 + (b % 32)}] { tau_u = ${2 + (b % 9)} ms; vth_mant = ${50 + (b % 200)}; };`,
      `  // block ${b}: a chain with a plastic link and a static recurrent link`,
      `  project p${b} -> p${b} : Static {`,
      "    connect all_to_all where i != j;",
      `    weight ${-(b % 100)} exp 0;`,
      "  }",
    );
    if (b > 0) {
      out.push(
        `  project p${b - 1} -> p${b} : S${b} {`,
        `    connect fixed_prob(0.${1 + (b % 8)}) seed ${b};`,
        `    weight uniform(-20, 20) seed ${b + 1};`,
        "  }",
      );
    }
    out.push(`  probe p${b}.spikes;`);
  }
  out.push("}", "run Big on loihi { dt = 1 ms; seed 1; steps 1000; }", "");
  return out.join("\n");
}

const load = (p: string) => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
};

export function run(): void {
  const text = generateProgram(440);
  const lines = text.split("\n").length;
  const path = "/bench/big.snn";
  const loader = (p: string) => (p === path ? text : load(p));
  // Warm up once (Chevrotain and the JIT), then time.
  const warm = checkProgram(path, loader);
  const errors = warm.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`generated program has errors: ${errors[0]!.message}`);
  const reps = 3;
  let t0 = performance.now();
  for (let k = 0; k < reps; k++) parse(path, text);
  const parseMs = (performance.now() - t0) / reps;
  t0 = performance.now();
  for (let k = 0; k < reps; k++) checkProgram(path, loader);
  const checkMs = (performance.now() - t0) / reps;
  console.log(
    `program: ${lines} lines, ${warm.program!.populations.length} populations, ${warm.program!.projections.length} projections`,
  );
  console.log(
    `parse:        ${parseMs.toFixed(0)} ms  ${Math.round(lines / (parseMs / 1000)).toLocaleString("en-US")} lines/s`,
  );
  console.log(
    `parse+check:  ${checkMs.toFixed(0)} ms  ${Math.round(lines / (checkMs / 1000)).toLocaleString("en-US")} lines/s`,
  );
}
