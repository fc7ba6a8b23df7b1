// Model selection for digits.snn without the test rows: runs the program on the bit-exact
// emulator trained on rows 0..1047 and scored on rows 1048..1347 (the last 300 training rows,
// held out, as `snn run --holdout 300` does), for the given epochs, learning-rate decay and loss
// target (text edits of the program), over several run seeds,
// and prints the held-out accuracy per seed and the mean. docs/programs.md B quotes its output;
// the program's settings were chosen with it. An option left out keeps the program's value.
//   npx tsx programs/strsbp/select.ts [--epochs N] [--decay D] [--target-true T] [--seeds 1-4]
// About 35 s per seed for 5 epochs, 45 s for 7, on the project machine.
import { parseArgs } from "node:util";
import { tolerateClosedPipes } from "../../cli/exit.ts";
import { withHoldout } from "../../emulator/index.ts";
import { compileProgram, runImage } from "../../test/programs/run-program.ts";

tolerateClosedPipes();

function fail(msg: string): never {
  console.error(`select: ${msg}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    epochs: { type: "string" },
    decay: { type: "string" },
    "target-true": { type: "string" },
    seeds: { type: "string", default: "1-4" },
  },
});
const num = (name: string, v: string, ok: (x: number) => boolean): number => {
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x) || !ok(x)) fail(`--${name}: bad value '${v}'`);
  return x;
};
const m = /^(\d+)-(\d+)$/.exec(values.seeds);
if (!m || Number(m[1]) > Number(m[2]))
  fail(`--seeds: expected a range like 1-4, got '${values.seeds}'`);
const seeds: number[] = [];
for (let s = Number(m[1]); s <= Number(m[2]); s++) seeds.push(s);

// Exact-once text edits of the program (compileProgram refuses a replacement that does not
// match exactly once, so a changed program cannot silently run unedited).
const edits: [string | RegExp, string][] = [];
const changed: string[] = [];
const option = (
  name: "epochs" | "decay" | "target-true",
  pattern: RegExp,
  text: (x: number) => string,
  ok: (x: number) => boolean,
) => {
  const v = values[name];
  if (v === undefined) return;
  const x = num(name, v, ok);
  edits.push([pattern, text(x)]);
  changed.push(text(x));
};
option(
  "epochs",
  /epochs = \d+;/,
  (x) => `epochs = ${x};`,
  (x) => Number.isInteger(x) && x >= 1,
);
option(
  "decay",
  /param etaDecay = [\d.]+;/,
  (x) => `param etaDecay = ${x};`,
  (x) => x > 0 && x <= 1,
);
option(
  "target-true",
  /param targetTrue = [\d.]+;/,
  (x) => `param targetTrue = ${x};`,
  (x) => x > 0 && x <= 1,
);
// The last 300 training rows held out: the image trains on rows 0..1047 and tests on 1048..1347
// (`snn run --holdout 300` does the same from the command line).
const { image: program } = withHoldout(compileProgram("strsbp/digits.snn", edits), 300);

console.log(
  `digits.snn trained on rows 0..1047, scored on held-out rows 1048..1347; ${changed.length > 0 ? changed.join(" ") : "the program's settings"}`,
);
const acc: number[] = [];
for (const seed of seeds) {
  const t0 = Date.now();
  const r = runImage(program, { seed });
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
