// `npm run bench`: runs every bench/*.bench.ts in name order (or those named on the command
// line) and prints each one's report. Benchmarks print ratios against a baseline measured in
// the same process; figures are recorded by hand in docs/benchmarks.md with this command.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tolerateClosedPipes } from "../cli/exit.ts";

tolerateClosedPipes();

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const f of files) {
  console.log(`\n== ${f} ==`);
  const mod = (await import(join(here, f))) as { run: () => Promise<void> | void };
  await mod.run();
}
