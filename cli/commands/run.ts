// `snn run FILE`: loads a chip image (.img) or compiles a program (.snn), runs it on the
// emulator, prints the per-core table and chip totals, and writes the run directory, stats
// JSON and checkpoints the options ask for. All file I/O of a run happens here.
import { mkdirSync, readFileSync, type Stats, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import type { Command } from "commander";
import {
  CheckpointError,
  createEmulator,
  EmulatorFault,
  type EmulatorOptions,
  type Holdout,
  ImageRejected,
  type RunResult,
  VariantError,
  withEpochs,
  withHoldout,
} from "../../emulator/index.ts";
import { type ChipImage, MAX_SEED } from "../../isa/image.ts";
import { decodeImage, ImageFormatError } from "../../isa/image-codec.ts";
import { addConstOption, parseConsts } from "../const-option.ts";
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UserError } from "../exit.ts";
import { writeRunDir } from "../run-dir.ts";
import {
  checkpointOnStop,
  type Interruption,
  interruptionNote,
  type RunControl,
  runSliced,
  stopOnSignals,
} from "./run-control.ts";
import { runProgress } from "./run-progress.ts";
import { renderRunTable } from "./run-table.ts";

export interface RunCliOptions {
  steps?: string;
  seed?: string;
  model?: string;
  learningRules?: string;
  out?: string;
  json?: string;
  checkpoint?: string;
  checkpointEvery?: string;
  /** `--series-every N`: steps summed into each row of steps.json (default: emulator's choice). */
  seriesEvery?: string;
  resume?: string;
  holdout?: string;
  epochs?: string;
  /** `--const NAME=VALUE`, repeatable, for a .snn program (cli/const-option.ts). */
  const?: string[];
}

function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UserError(
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Compiles a .snn program for `snn run`, through the compiler imported on demand. */
export async function compileForRun(
  path: string,
  consts: readonly (readonly [string, string])[] = [],
): Promise<ChipImage> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import("../../compiler/index.ts")) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(
      `cannot run ${path}: the compiler could not be loaded (${(e as Error).message}); run a compiled .img instead`,
    );
  }
  const compileFile = mod.compileFile;
  if (typeof compileFile !== "function") {
    throw new UserError(
      `cannot run ${path}: this build has no compiler (compiler/index.ts does not export compileFile); run a compiled .img instead`,
    );
  }
  const load = (p: string): string | undefined => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  };
  const r = (await compileFile(path, load, consts.length > 0 ? { consts } : {})) as {
    image?: ChipImage;
    diagnostics?: { severity: string }[];
    sources?: Map<string, string>;
  };
  const errors = (r.diagnostics ?? []).filter((d) => d.severity === "error");
  if (!r.image || errors.length > 0) {
    let text = "";
    try {
      const diag = (await import("../../compiler/diagnostics/index.ts")) as {
        renderDiagnostics: (
          d: unknown[],
          o: { sources: (f: string) => string | undefined },
        ) => string;
      };
      text = diag.renderDiagnostics(r.diagnostics ?? [], { sources: (f) => r.sources?.get(f) });
    } catch {
      text = `${errors.length} error(s)`;
    }
    throw new UserError(`${path} did not compile:\n${text}`);
  }
  return r.image;
}

/** Decides by extension how to get an image: .img is decoded, .snn is compiled first. */
export async function loadImageForRun(
  path: string,
  consts: readonly (readonly [string, string])[] = [],
): Promise<ChipImage> {
  const ext = extname(path).toLowerCase();
  if (ext === ".snn") return compileForRun(resolve(path), consts);
  if (consts.length > 0)
    throw new UserError(
      `--const sets constants of a .snn program, and ${path} is a compiled image: give --const to snn compile, or run the .snn program`,
      EXIT_USAGE,
    );
  if (ext !== ".img")
    throw new UserError(
      `snn run takes a .img chip image or a .snn program, got '${path}'`,
      EXIT_USAGE,
    );
  try {
    return decodeImage(readBytes(path, "chip image"));
  } catch (e) {
    // The decoder refuses every damaged image with ImageFormatError (property-tested); any
    // other exception is a bug of the toolchain and is reported as one, not as the file's fault.
    if (e instanceof ImageFormatError) throw new UserError(`${path}: ${e.message}`);
    throw e;
  }
}

export function intOption(
  v: string | undefined,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (v === undefined) return undefined;
  // Number("") and Number(" ") are 0: an empty value is refused, not read as zero.
  const n = v.trim() === "" ? Number.NaN : Number(v);
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
  if (!Number.isInteger(n) || n < min)
    throw new UserError(`--${name} must be an integer ${range}, got '${v}'`, EXIT_USAGE);
  if (n > max) throw new UserError(`--${name} ${v} is too large (at most ${max})`, EXIT_USAGE);
  return n;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Refuses a file option (--json, --checkpoint) that names a directory or sits in a directory
 *  that does not exist, before the run, so a long run's results are not lost at the end. */
function checkFileOption(path: string | undefined, name: string): void {
  if (path === undefined) return;
  if (statOrNull(path)?.isDirectory())
    throw new UserError(`--${name} ${path}: is a directory, expected a file`, EXIT_USAGE);
  const parent = dirname(resolve(path));
  if (!statOrNull(parent)?.isDirectory())
    throw new UserError(`--${name} ${path}: directory ${parent} does not exist`, EXIT_USAGE);
}

/** Creates the --out run directory (and missing parents) before the run, one level at a time:
 *  Node's recursive mkdir never returns for a path under /proc. */
export function makeRunDir(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  while (!statOrNull(p) && dirname(p) !== p) {
    missing.unshift(p);
    p = dirname(p);
  }
  if (!statOrNull(p)?.isDirectory())
    throw new UserError(`--out ${dir}: ${p} exists and is not a directory`, EXIT_USAGE);
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      throw new UserError(
        `--out ${dir}: cannot create ${m} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  }
}

/** Writes the files a run asked for; a failure names the file (the table is already printed).
 *  `holdout`, when the run held out training rows, is recorded in the run directory's meta.json
 *  so that `snn eval` reports held-out accuracy, not test accuracy; `interrupted`, when the run
 *  was stopped early, so that `snn eval` says its figures are partial. */
export function writeRunOutputs(
  r: RunResult,
  o: RunCliOptions,
  holdout?: Holdout,
  interrupted?: Interruption,
): void {
  if (o.out) {
    try {
      writeRunDir(r, o.out, {
        ...(holdout
          ? {
              holdout: {
                dataset: holdout.dataset,
                rows: holdout.rows,
                trainRows: holdout.trainRows,
              },
            }
          : {}),
        ...(interrupted ? { interrupted } : {}),
        ...(o.epochs !== undefined ? { epochs: Number(o.epochs) } : {}),
        ...(o.const?.length ? { consts: Object.fromEntries(parseConsts(o.const)) } : {}),
      });
    } catch (e) {
      throw new UserError(
        `--out ${o.out}: cannot write the run directory (${(e as Error).message})`,
      );
    }
  }
  if (o.json) {
    try {
      writeFileSync(o.json, `${JSON.stringify(r.stats, null, 2)}\n`);
    } catch (e) {
      throw new UserError(
        `--json ${o.json}: cannot write the statistics (${(e as Error).message})`,
      );
    }
  }
}

/** `f()`, with a VariantError reported as a usage error of option --NAME N. */
function variant<T>(name: string, n: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof VariantError) throw new UserError(`--${name} ${n}: ${e.message}`, EXIT_USAGE);
    throw e;
  }
}

/** The image with `--epochs N` and `--holdout N` applied (or unchanged), and what was held
 *  out. */
export function applyVariants(
  image: ChipImage,
  epochs: number | undefined,
  holdoutRows: number | undefined,
): { image: ChipImage; holdout?: Holdout } {
  const img =
    epochs === undefined ? image : variant("epochs", epochs, () => withEpochs(image, epochs));
  if (holdoutRows === undefined) return { image: img };
  const holdout = variant("holdout", holdoutRows, () => withHoldout(img, holdoutRows));
  return { image: holdout.image, holdout };
}

/** What `snn run` produced: the result, what `--holdout` held out and whether it was stopped. */
export interface RunOutcome {
  result: RunResult;
  holdout?: Holdout;
  interrupted?: Interruption;
}

/** Runs FILE as `snn run` does and returns the result. */
export async function runRun(file: string, o: RunCliOptions): Promise<RunResult> {
  return (await runRunHeldOut(file, o)).result;
}

/** runRun, also returning what `--holdout` held out (absent without the option) and whether
 *  `control` stopped the run early. */
export async function runRunHeldOut(
  file: string,
  o: RunCliOptions,
  control: RunControl = { stopRequested: () => false },
): Promise<RunOutcome> {
  if (o.model !== undefined && o.model !== "bit-exact" && o.model !== "reference") {
    throw new UserError(`--model must be bit-exact or reference, got '${o.model}'`, EXIT_USAGE);
  }
  const rules = o.learningRules;
  if (rules !== undefined && rules !== "compiled" && rules !== "spec") {
    throw new UserError(`--learning-rules must be compiled or spec, got '${rules}'`, EXIT_USAGE);
  }
  if (rules !== undefined && o.model === "reference") {
    throw new UserError("--learning-rules applies to the bit-exact model only", EXIT_USAGE);
  }
  const every = intOption(o.checkpointEvery, "checkpoint-every", 1);
  if ((every === undefined) !== (o.checkpoint === undefined)) {
    throw new UserError("--checkpoint FILE and --checkpoint-every N go together", EXIT_USAGE);
  }
  const seriesEvery = intOption(o.seriesEvery, "series-every", 1);
  const holdoutRows = intOption(o.holdout, "holdout", 1);
  const epochs = intOption(o.epochs, "epochs", 0);
  checkFileOption(o.json, "json");
  checkFileOption(o.checkpoint, "checkpoint");
  const consts = parseConsts(o.const);
  const { image, holdout } = applyVariants(
    await loadImageForRun(file, consts),
    epochs,
    holdoutRows,
  );
  if (o.out) makeRunDir(o.out);
  const bar = runProgress(image.experiment.presentation?.epochs ?? 0);
  const opts: EmulatorOptions = {
    onStep: bar.tick,
    onPrediction: bar.prediction,
    ...(o.model ? { model: o.model as "bit-exact" | "reference" } : {}),
    ...(rules ? { learningRules: rules as "compiled" | "spec" } : {}),
    ...(o.seed !== undefined ? { seed: intOption(o.seed, "seed", 0, MAX_SEED) as number } : {}),
    ...(o.steps !== undefined ? { steps: intOption(o.steps, "steps", 0) as number } : {}),
    ...(o.resume ? { resume: readBytes(o.resume, "checkpoint") } : {}),
    ...(seriesEvery !== undefined ? { seriesEvery } : {}),
    ...(every !== undefined && o.checkpoint
      ? {
          checkpointEvery: every,
          onCheckpoint: (bytes: Uint8Array) => {
            try {
              writeFileSync(o.checkpoint as string, bytes);
            } catch (e) {
              throw new UserError(
                `--checkpoint ${o.checkpoint}: cannot write the checkpoint (${(e as Error).message})`,
              );
            }
          },
        }
      : {}),
  };
  let result: RunResult;
  let interrupted: Interruption | undefined;
  try {
    const em = createEmulator(image, opts);
    if (await runSliced(em, control)) {
      const ckpt = checkpointOnStop(em, o);
      interrupted = { atStep: em.step, of: em.totalSteps, ...(ckpt ? { checkpoint: ckpt } : {}) };
    }
    result = em.result();
  } catch (e) {
    if (e instanceof ImageRejected || e instanceof EmulatorFault)
      throw new UserError(`${file}: ${e.message}`);
    // A checkpoint's problem is the checkpoint file's, not the image's.
    if (e instanceof CheckpointError) throw new UserError(`${o.resume}: ${e.message}`);
    throw e;
  } finally {
    bar.stop();
  }
  return { result, ...(holdout ? { holdout } : {}), ...(interrupted ? { interrupted } : {}) };
}

export function register(program: Command): void {
  const cmd = program
    .command("run")
    .description(
      "run a chip image (.img) or a program (.snn) on the emulator and print per-core stats",
    )
    .argument("<file>", ".img chip image or .snn program")
    .option("--steps <n>", "steps to run (default: the image's experiment)")
    .option("--seed <s>", "run seed (default: the image's experiment seed)")
    .option("--model <m>", "bit-exact (default) or reference (floating point)")
    .option(
      "--learning-rules <how>",
      "compiled (default) or spec: apply learning rules with the isa evaluator on every synapse (slower, same bits; a cross-check)",
    )
    .option(
      "--out <dir>",
      "write the run directory (stats, per-step series, spikes, traces, weights)",
    )
    .option("--json <file>", "write the run statistics as JSON")
    .option("--checkpoint <file>", "write a checkpoint to FILE every --checkpoint-every steps")
    .option("--checkpoint-every <n>", "checkpoint period in steps")
    .option("--resume <file>", "resume from a checkpoint written by --checkpoint")
    .option(
      "--series-every <n>",
      "sum N steps into each row of the per-step series (steps.json); default 1, or enough to keep a long run's series within 2^24 numbers",
    )
    .option(
      "--epochs <n>",
      "train for N epochs instead of the program's (0: the test pass only, on the initial weights)",
    )
    .option(
      "--holdout <n>",
      "train on all but the last N training rows and test on those N instead of the test rows (choose settings without the test set)",
    )
    .addHelpText(
      "after",
      "\nWhile it runs, stderr shows training epochs as they end (online accuracy; at most a line a\nsecond). Ctrl-C stops the run after the current step and still writes its results so far\n(meta.json 'interrupted') and a checkpoint to --resume from (--checkpoint FILE, or\nDIR/interrupted.ckpt with --out); exit code 130.",
    );
  addConstOption(cmd).action(async (file: string, o: RunCliOptions) => {
    const signals = stopOnSignals();
    let outcome: RunOutcome;
    try {
      outcome = await runRunHeldOut(file, o, signals);
    } finally {
      signals.release();
    }
    const { result, holdout, interrupted } = outcome;
    if (interrupted) process.stdout.write(interruptionNote(file, interrupted, o));
    if (holdout) {
      const [a, b] = holdout.rows;
      const [c, d] = holdout.trainRows;
      process.stdout.write(
        `held out: rows ${a}..${b - 1} of data set '${holdout.dataset}' (trained on rows ${c}..${d - 1}); the readout's test pass scores them, not the test rows\n`,
      );
    }
    process.stdout.write(renderRunTable(result));
    writeRunOutputs(result, o, holdout, interrupted);
    const stale = o.out && !interrupted ? join(o.out, "interrupted.ckpt") : undefined;
    if (stale && statOrNull(stale))
      process.stderr.write(
        `note: ${stale} is the state of an earlier stopped run; this run went to the end, so it is no longer needed\n`,
      );
    process.exitCode = interrupted ? EXIT_INTERRUPTED : EXIT_OK;
  });
}
