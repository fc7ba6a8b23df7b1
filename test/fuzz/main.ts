// `npm run fuzz [count] [seed]`: checks 10,000 (default) mutated and random programs; every one
// must end in diagnostics or a checked program, never an uncaught exception. Deterministic per
// seed. Prints a summary and exits 1 if any input threw (the input is printed to reproduce it).
import { dirname } from "node:path";
import { tolerateClosedPipes } from "../../cli/exit.ts";
import { checkProgram } from "../../compiler/frontend.ts";
import { cachedLoader, corpus, mutate, Rand, soup } from "./mutate.ts";

tolerateClosedPipes();

const count = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const r = new Rand(seed);
const files = corpus();
const load = cachedLoader();
const originals = files.map((f) => load(f)!);
let withErrors = 0;
let clean = 0;
const failures: { input: string; error: string }[] = [];
const t0 = performance.now();
for (let k = 0; k < count; k++) {
  const which = r.int(files.length);
  const file = files[which]!;
  const text = r.next() < 0.1 ? soup(r) : mutate(originals[which]!, r);
  // The mutated text replaces the original file so relative imports and data paths still work.
  const path = `${dirname(file)}/__fuzz__.snn`;
  try {
    const res = checkProgram(path, (p) => (p === path ? text : load(p)));
    if (res.diagnostics.some((d) => d.severity === "error")) withErrors++;
    else clean++;
    for (const d of res.diagnostics) {
      if (!d.code || !d.message || d.span.line < 1 || d.span.col < 1)
        throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
    }
  } catch (e) {
    failures.push({ input: text, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
const secs = (performance.now() - t0) / 1000;
console.log(
  `fuzz: ${count} programs (seed ${seed}) in ${secs.toFixed(1)} s: ${withErrors} with errors, ${clean} clean, ${failures.length} uncaught exceptions`,
);
for (const f of failures.slice(0, 5))
  console.log(`--- input ---\n${f.input}\n--- error ---\n${f.error}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
