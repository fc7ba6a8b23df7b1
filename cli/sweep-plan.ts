// The plan of `snn sweep`: which runs a sweep is made of (every combination of the --vary
// values, each with every --seeds seed), what each run's directory is called and the `snn run`
// arguments that make it. Pure: parsing and naming only; cli/commands/sweep.ts runs the plan.
import { MAX_SEED } from "../isa/image.ts";
import { parseConsts } from "./const-option.ts";
import { EXIT_USAGE, UserError } from "./exit.ts";

/** The file in a sweep's directory that names it one (snn eval and snn report look for it). */
export const SWEEP_FILE = "sweep.json";

/** At most this many runs in one sweep: a typo in a range (1..10000) should not start a week
 *  of emulation. */
export const MAX_SWEEP_RUNS = 1000;

/** The `snn run` options a sweep passes to every run unchanged. */
export interface SweepRunOptions {
  epochs?: string;
  holdout?: string;
  steps?: string;
  model?: string;
  seriesEvery?: string;
}

export interface PlannedRun {
  /** Directory name inside the sweep's directory, unique within the sweep. */
  name: string;
  /** Run seed, or undefined for the program's own. */
  seed?: number;
  /** Every constant the run sets: the fixed --const ones, then this run's --vary values. */
  consts: [string, string][];
  /** Training epochs when the sweep varies them (`--epochs 3,6,30`); else the option's one
   *  value, if any, applies to every run. */
  epochs?: number;
  /** What sets this run apart besides its seed: `epochs` when varied, then its --vary values,
   *  in the order the options gave them. */
  variant: [string, string][];
}

/** A list of whole numbers, "42", "1..6", "42,7,1..4" (ranges inclusive, as a run's `rows
 *  a..b`), each in min..max and none twice; `option` names it in messages. */
export function parseIntList(text: string, option: string, min: number, max: number): number[] {
  const out: number[] = [];
  const bad = (why: string) =>
    new UserError(
      `${option} ${text}: ${why} (e.g. ${option} 1..6 or ${option} 42,7,1..4)`,
      EXIT_USAGE,
    );
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw bad(`'${part.trim()}' is not a whole number or a range a..b`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw bad(`the range ${a}..${b} is empty`);
    if (a < min) throw bad(`${a} is below the smallest, ${min}`);
    if (b > max) throw bad(`${b} is above the largest, ${max}`);
    if (out.length + (b - a + 1) > MAX_SWEEP_RUNS) throw bad(`more than ${MAX_SWEEP_RUNS} values`);
    for (let v = a; v <= b; v++) out.push(v);
  }
  const seen = new Set<number>();
  for (const v of out) {
    if (seen.has(v)) throw bad(`${v} is given twice`);
    seen.add(v);
  }
  return out;
}

/** Run seeds: "42", "1..6", "42,7,1..4". */
export function parseSeeds(text: string): number[] {
  return parseIntList(text, "--seeds", 0, MAX_SEED);
}

/** Splits at the commas outside parentheses, so that a value may be `min(a, b)`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** One `--vary NAME=V1,V2,...` option: the constant's name and its values, in order. A value
 *  `a..b` of two integers stands for each integer from a to b. The values are expressions, as
 *  --const's, checked by the compiler. */
export function parseVary(option: string): { name: string; values: string[] } {
  const eq = option.indexOf("=");
  const usage = (why: string) =>
    new UserError(
      `--vary ${option}: ${why}; it takes NAME=V1,V2,... (e.g. --vary eta=2^-7,2^-6 or --vary k=1..4)`,
      EXIT_USAGE,
    );
  if (eq < 0) throw usage("no '='");
  const name = option.slice(0, eq).trim();
  const values: string[] = [];
  for (const v of splitTopLevel(option.slice(eq + 1))) {
    if (v === "") throw usage("an empty value");
    const range = /^(-?\d+)\s*\.\.\s*(-?\d+)$/.exec(v);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b < a) throw usage(`the range ${v} is empty`);
      if (b - a + 1 > MAX_SWEEP_RUNS)
        throw usage(`the range ${v} has more than ${MAX_SWEEP_RUNS} values`);
      for (let k = a; k <= b; k++) values.push(String(k));
    } else values.push(v);
  }
  // The name's form is --const's: the same check, the same message.
  parseConsts([`${name}=${values[0] ?? ""}`]);
  if (new Set(values).size !== values.length) throw usage("a value is given twice");
  return { name, values };
}

/** A directory name for a variant's value: the characters a shell or a file system would
 *  read (`*`, `/`, spaces, parentheses) become `_`. */
function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_.^+=-]/g, "_");
}

/**
 * The runs of a sweep: each combination of the varied epochs (`epochs`, several values) and the
 * --vary values (the first varying slowest), and within it each seed in the order given.
 * `consts` are the fixed --const values (no name may be both fixed and varied). Names are
 * `epochs=N` and `NAME=VALUE` parts and `seed-N`, joined by `,`; two runs whose names would
 * coincide after slugging get `~2`, `~3`.
 */
export function planSweep(
  seeds: readonly number[] | undefined,
  vary: readonly { name: string; values: string[] }[],
  consts: readonly [string, string][],
  epochs?: readonly number[],
): PlannedRun[] {
  const fixed = new Set(consts.map(([n]) => n));
  const varied = new Set<string>();
  for (const v of vary) {
    if (fixed.has(v.name))
      throw new UserError(
        `${v.name} is given both by --const and by --vary: fix it or vary it`,
        EXIT_USAGE,
      );
    if (varied.has(v.name)) throw new UserError(`--vary ${v.name} is given twice`, EXIT_USAGE);
    if (v.name === "epochs" && epochs)
      throw new UserError(
        "--vary epochs=... and several --epochs would name runs alike: rename the constant, or vary one of them",
        EXIT_USAGE,
      );
    varied.add(v.name);
  }
  if (!seeds && vary.length === 0 && !epochs)
    throw new UserError(
      "nothing to sweep: give --seeds (e.g. 1..6), --vary NAME=V1,V2,..., several --epochs, or some of them",
      EXIT_USAGE,
    );
  let variants: [string, string][][] = [[]];
  for (const v of vary)
    variants = variants.flatMap((pre) =>
      v.values.map((x) => [...pre, [v.name, x] as [string, string]]),
    );
  const epochList = epochs ?? [undefined];
  const count = epochList.length * variants.length * (seeds?.length ?? 1);
  if (count > MAX_SWEEP_RUNS)
    throw new UserError(
      `the sweep has ${count} runs, more than ${MAX_SWEEP_RUNS}: vary fewer values or seeds`,
      EXIT_USAGE,
    );
  const runs: PlannedRun[] = [];
  const used = new Map<string, number>();
  for (const e of epochList) {
    for (const pairs of variants) {
      const variant: [string, string][] = [
        ...(e === undefined ? [] : [["epochs", String(e)] as [string, string]]),
        ...pairs,
      ];
      for (const seed of seeds ?? [undefined]) {
        const parts = [
          ...variant.map(([n, x]) => `${n}=${slug(x)}`),
          ...(seed === undefined ? [] : [`seed-${seed}`]),
        ];
        let name = parts.join(",");
        const n = (used.get(name) ?? 0) + 1;
        used.set(name, n);
        if (n > 1) name = `${name}~${n}`;
        runs.push({
          name,
          ...(seed === undefined ? {} : { seed }),
          consts: [...consts, ...pairs],
          ...(e === undefined ? {} : { epochs: e }),
          variant,
        });
      }
    }
  }
  return runs;
}

/** The `snn run` arguments (after `snn`) that make `run` in directory `dir`; with `resume`,
 *  continuing it from that checkpoint. */
export function runArguments(
  file: string,
  run: PlannedRun,
  dir: string,
  o: SweepRunOptions,
  resume?: string,
): string[] {
  const opt = (flag: string, v: string | undefined) => (v === undefined ? [] : [flag, v]);
  return [
    "run",
    file,
    "--out",
    dir,
    ...opt("--seed", run.seed === undefined ? undefined : String(run.seed)),
    ...run.consts.flatMap(([n, v]) => ["--const", `${n}=${v}`]),
    ...opt("--epochs", run.epochs === undefined ? o.epochs : String(run.epochs)),
    ...opt("--holdout", o.holdout),
    ...opt("--steps", o.steps),
    ...opt("--model", o.model),
    ...opt("--series-every", o.seriesEvery),
    ...opt("--resume", resume),
  ];
}
