// Script: writes docs/isa.md from the tables (`npx tsx isa/gen-docs.ts`). The only file in
// isa/ that does I/O; the text comes from docs-isa.ts.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateIsaDoc } from "./docs-isa.ts";

const target = fileURLToPath(new URL("../docs/isa.md", import.meta.url));
writeFileSync(target, generateIsaDoc());
process.stdout.write(`wrote ${target}\n`);
