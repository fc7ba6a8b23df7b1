// Model selection for digits.snn without the test rows: runs the program on the bit-exact
// emulator trained on rows 0..1047 and scored on rows 1048..1347 (the last 300 training rows,
// held out, as `snn run --holdout 300` does), with the given epochs and host-step parameters
// (text edits of the program), over several run seeds, and prints the held-out accuracy per
// seed and the mean. docs/programs.md B quotes its output; the program's settings were chosen
// with it. Whatever is not given keeps the program's value.
//   npx tsx programs/strsbp/select.ts [--epochs N] [--param NAME=VALUE ...] [--seeds 1-4]
//   e.g. --epochs 5 --param etaDecay=0.55 --param targetTrue=0.3
// About 35 s per seed for 5 epochs, 45 s for 7, on the project machine.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { tolerateClosedPipes } from "../../cli/exit.ts";
import { type RunResult, withHoldout } from "../../emulator/index.ts";
import type { ChipImage } from "../../isa/image.ts";
import { compileProgram, runImage } from "../../test/programs/run-program.ts";

tolerateClosedPipes();

function fail(msg: string): never {
  console.error(`select: ${msg}`);
  process.exit(2);
}

const parse = () =>
  parseArgs({
    options: {
      epochs: { type: "string" },
      param: { type: "string", multiple: true, default: [] },
      seeds: { type: "string", default: "1-4" },
    },
  });
let parsed: ReturnType<typeof parse> | undefined;
try {
  parsed = parse();
} catch (e) {
  fail(
    `${(e as Error).message} (usage: select.ts [--epochs N] [--param NAME=VALUE ...] [--seeds A-B])`,
  );
}
const { values } = parsed;
const m = /^(\d+)-(\d+)$/.exec(values.seeds);
if (!m || Number(m[1]) > Number(m[2]))
  fail(`--seeds: expected a range like 1-4, got '${values.seeds}'`);
const seeds: number[] = [];
for (let s = Number(m[1]); s <= Number(m[2]); s++) seeds.push(s);

// Exact-once text edits of the program (compileProgram refuses a replacement that does not
// match exactly once, so a changed program cannot silently run unedited).
const edits: [string | RegExp, string][] = [];
const changed: string[] = [];
if (values.epochs !== undefined) {
  const n = Number(values.epochs);
  if (!Number.isInteger(n) || n < 1) fail(`--epochs: bad value '${values.epochs}'`);
  edits.push([/epochs = \d+;/, `epochs = ${n};`]);
  changed.push(`epochs ${n}`);
}
// A parameter the host step declares is replaced; one it does not declare (the routine's
// default applies) is added after its last parameter. The routine checks names and values when
// the image is loaded.
const programText = readFileSync(new URL("./digits.snn", import.meta.url), "utf8");
const seen = new Set<string>();
for (const p of values.param) {
  const kv = /^([A-Za-z_][A-Za-z0-9_]*)=(-?[0-9.]+(?:e-?[0-9]+)?)$/.exec(p);
  if (!kv || !Number.isFinite(Number(kv[2]))) fail(`--param: expected NAME=NUMBER, got '${p}'`);
  const [, name, value] = kv as unknown as [string, string, string];
  if (seen.has(name)) fail(`--param ${name} given twice`);
  seen.add(name);
  changed.push(`${name} ${value}`);
  const own = new RegExp(`param ${name} = [-0-9.e]+;`);
  edits.push(
    own.test(programText)
      ? [own, `param ${name} = ${value};`]
      : [/(param weightPerSpike = [-0-9.e]+;)/, `$1 param ${name} = ${value};`],
  );
}
// The last 300 training rows held out: the image trains on rows 0..1047 and tests on 1048..1347
// (`snn run --holdout 300` does the same from the command line).
let program: ChipImage;
try {
  program = withHoldout(compileProgram("strsbp/digits.snn", edits), 300).image;
} catch (e) {
  fail((e as Error).message);
}

console.log(
  `digits.snn trained on rows 0..1047, scored on held-out rows 1048..1347; ${changed.length > 0 ? changed.join(", ") : "the program's settings"}`,
);
const acc: number[] = [];
for (const seed of seeds) {
  const t0 = Date.now();
  let r: RunResult;
  try {
    r = runImage(program, { seed });
  } catch (e) {
    fail((e as Error).message);
  }
  const ev = r.evaluation?.test;
  if (!ev) fail("the run produced no evaluation");
  acc.push(ev.accuracy);
  const s = ((Date.now() - t0) / 1000).toFixed(0);
  console.log(
    `  seed ${seed}: ${(ev.accuracy * 100).toFixed(2)} % (${ev.correct} / ${ev.total}), ${s} s`,
  );
}
const mean = acc.reduce((a, b) => a + b, 0) / acc.length;
console.log(`  mean ${(mean * 100).toFixed(2)} % over seeds ${values.seeds}`);
