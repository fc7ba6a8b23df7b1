// Weight changes of a run of the STDP programs (programs/stdp/*.snn): for every weight probe of
// the run directory, the mean weight of each post neuron's synapses at the first and last
// sample: `npx tsx programs/stdp/measure.ts DIR` after `snn run programs/stdp/X.snn --out DIR`.
// It reads files and prints; nothing else.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tolerateClosedPipes } from "../../cli/exit.ts";

interface WeightFile {
  projection: string;
  steps: number[];
  width: number;
  columns: string[];
  values: number[];
}

/** Mean weight per post neuron at sample row r. */
export function meanByPost(w: WeightFile, r: number): Map<number, number> {
  const sum = new Map<number, { s: number; n: number }>();
  w.columns.forEach((c, k) => {
    const m = c.match(/->(\d+)$/);
    const post = m ? Number(m[1]) : -1;
    const e = sum.get(post) ?? { s: 0, n: 0 };
    e.s += w.values[r * w.width + k]!;
    e.n++;
    sum.set(post, e);
  });
  return new Map([...sum].map(([k, { s, n }]) => [k, s / n]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  tolerateClosedPipes();
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: npx tsx programs/stdp/measure.ts RUN_DIR");
    process.exit(2);
  }
  const wdir = join(dir, "weights");
  for (const f of readdirSync(wdir).sort()) {
    const w = JSON.parse(readFileSync(join(wdir, f), "utf8")) as WeightFile;
    const last = w.steps.length - 1;
    const a = meanByPost(w, 0);
    const b = meanByPost(w, last);
    const parts = [...a.keys()].map(
      (post) => `post ${post}: ${a.get(post)!.toFixed(1)} -> ${b.get(post)!.toFixed(1)}`,
    );
    console.log(`${w.projection} (steps ${w.steps[0]} -> ${w.steps[last]}): ${parts.join(", ")}`);
  }
}
