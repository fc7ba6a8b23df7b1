// Chevrotain's runtime values, loaded from the single-file ES bundle the package ships beside its
// module tree (lib/chevrotain.mjs, the same release's code). The package entry (lib/src/api.js)
// imports some three hundred modules of its own and of lodash-es; under tsx, whose module hooks
// answer every import from a worker thread, loading it costs about 0.7 s more than the bundle at
// the start of every `snn` command that parses a program (`npm run bench -- startup`,
// docs/benchmarks.md, CLI start). Every runtime import of chevrotain in the project goes through
// this module, so one copy of its classes is loaded (tokens and parser must share it); type
// imports may name "chevrotain" directly.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

async function load(): Promise<{ lib: Chevrotain; from: "bundle" | "entry" }> {
  // The package exports only its entry, so the bundle is found beside the resolved entry file
  // (lib/src/api.js -> lib/chevrotain.mjs); a release without it falls back to the entry.
  const entry = createRequire(import.meta.url).resolve("chevrotain");
  const bundle = join(dirname(entry), "..", "chevrotain.mjs");
  try {
    return { lib: (await import(pathToFileURL(bundle).href)) as Chevrotain, from: "bundle" };
  } catch {
    return { lib: await import("chevrotain"), from: "entry" };
  }
}

const { lib: chevrotain, from } = await load();

/** Which file was loaded: "entry" means the fast path is gone (a test checks it is not). */
export const chevrotainLoadedFrom = from;

export const { createSyntaxDiagramsCode, createToken, CstParser, EOF, Lexer, tokenLabel } =
  chevrotain;
