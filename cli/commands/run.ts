// `snn run FILE`: loads a chip image (.img) or compiles a program (.snn), runs it on the
// emulator, prints the per-core table and chip totals, and writes the run directory, stats
// JSON and checkpoints the options ask for. All file I/O of a run happens here.
import { mkdirSync, readFileSync, type Stats, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Command } from "commander";
import {
  CheckpointError,
  createEmulator,
  type Emulator,
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
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UserError } from "../exit.ts";
import { writeRunDir } from "../run-dir.ts";
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
  resume?: string;
  holdout?: string;
  epochs?: string;
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
export async function compileForRun(path: string): Promise<ChipImage> {
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
  const r = (await compileFile(path, load)) as {
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
export async function loadImageForRun(path: string): Promise<ChipImage> {
  const ext = extname(path).toLowerCase();
  if (ext === ".snn") return compileForRun(resolve(path));
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

function intOption(
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
function makeRunDir(dir: string): void {
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
function applyVariants(
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

/** How a run is stopped early: asked after every step (with the steps run so far); `snn run`
 *  answers from its Ctrl-C / SIGTERM handler (stopOnSignals), tests from a step count. */
export interface RunControl {
  /** Called once, when the emulator takes its first step (the image is compiled and loaded). */
  started?(): void;
  stopRequested(step: number): boolean;
}

/** A run stopped before the end of its schedule: its results cover steps 1..atStep of `of`;
 *  `checkpoint` is the file the state was written to (resume with --resume), if any. */
export interface Interruption {
  atStep: number;
  of: number;
  checkpoint?: string;
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

/** The event loop gets a turn this often during a run, so that a signal handler can run. */
const YIELD_MS = 50;

/** Runs `em` to the end of its schedule one step at a time, handing the event loop a turn every
 *  YIELD_MS, and stops after the step at which `control` asks. Returns true when stopped early. */
async function runSliced(em: Emulator, control: RunControl): Promise<boolean> {
  const end = em.totalSteps;
  control.started?.();
  let last = performance.now();
  while (em.step < end) {
    em.advance(1);
    if (control.stopRequested(em.step)) return em.step < end;
    if (performance.now() - last >= YIELD_MS) {
      await yieldToEventLoop();
      last = performance.now();
    }
  }
  return false;
}

/** Writes the state of a stopped run where --resume can take it up: the --checkpoint file, or
 *  interrupted.ckpt in the --out directory. A failure is a warning: the results still get
 *  written. */
function checkpointOnStop(em: Emulator, o: RunCliOptions): string | undefined {
  const path = o.checkpoint ?? (o.out ? join(o.out, "interrupted.ckpt") : undefined);
  if (path === undefined) return undefined;
  try {
    writeFileSync(path, em.checkpoint());
    return path;
  } catch (e) {
    process.stderr.write(
      `warning: cannot write the checkpoint ${path} (${(e as Error).message}); the results of the steps run are still written\n`,
    );
    return undefined;
  }
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
  const holdoutRows = intOption(o.holdout, "holdout", 1);
  const epochs = intOption(o.epochs, "epochs", 0);
  checkFileOption(o.json, "json");
  checkFileOption(o.checkpoint, "checkpoint");
  const { image, holdout } = applyVariants(await loadImageForRun(file), epochs, holdoutRows);
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

/** Ctrl-C (SIGINT) or SIGTERM during a run: the first asks the run to stop after the current
 *  step, so that the steps run so far are written (and a checkpoint to resume from); a second
 *  quits at once, as does one before the first step (nothing has run yet). `release` restores
 *  the default handlers (writing the results can take a while and must stay interruptible). */
export function stopOnSignals(): RunControl & { release: () => void } {
  let running = false;
  let requested = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (requested || !running) process.exit(EXIT_INTERRUPTED);
    requested = true;
    process.stderr.write(
      `\n${signal}: stopping after the current step and writing the results so far (again to quit at once)\n`,
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    started: () => {
      running = true;
    },
    stopRequested: () => requested,
    release: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** The `snn run` command line that continues a stopped run from `checkpoint`: the run's own
 *  options again (a checkpoint resumes only the same image, model and seed, and --holdout
 *  changes the image), with --resume in place of any earlier one. Arguments with characters a
 *  shell would read are single-quoted. */
export function resumeCommand(file: string, o: RunCliOptions, checkpoint: string): string {
  const q = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  const flags: [string, string | undefined][] = [
    ["--steps", o.steps],
    ["--seed", o.seed],
    ["--model", o.model],
    ["--learning-rules", o.learningRules],
    ["--epochs", o.epochs],
    ["--holdout", o.holdout],
    ["--out", o.out],
    ["--json", o.json],
    ["--checkpoint", o.checkpoint],
    ["--checkpoint-every", o.checkpointEvery],
    ["--resume", checkpoint],
  ];
  const args = flags.flatMap(([f, v]) => (v === undefined ? [] : [f, q(v)]));
  return ["snn run", q(file), ...args].join(" ");
}

/** The lines `snn run` prints above the table of a stopped run. */
export function interruptionNote(file: string, i: Interruption, o: RunCliOptions): string {
  const lines = [
    `interrupted at step ${i.atStep} of ${i.of}: the figures below cover steps 1..${i.atStep}`,
  ];
  if (i.checkpoint) {
    lines.push(
      `state written to ${i.checkpoint}; continue with: ${resumeCommand(file, o, i.checkpoint)}`,
    );
  } else {
    lines.push("no checkpoint written (run with --out DIR or --checkpoint FILE to keep one)");
  }
  return `${lines.join("\n")}\n`;
}

export function register(program: Command): void {
  program
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
      "--epochs <n>",
      "train for N epochs instead of the program's (0: the test pass only, on the initial weights)",
    )
    .option(
      "--holdout <n>",
      "train on all but the last N training rows and test on those N instead of the test rows (choose settings without the test set)",
    )
    .addHelpText(
      "after",
      "\nWhile it runs, stderr shows one line per training epoch (online accuracy). Ctrl-C stops the\nrun after the current step and still writes its results so far (meta.json 'interrupted') and a\ncheckpoint to --resume from (--checkpoint FILE, or DIR/interrupted.ckpt with --out); exit code 130.",
    )
    .action(async (file: string, o: RunCliOptions) => {
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
      process.exitCode = interrupted ? EXIT_INTERRUPTED : EXIT_OK;
    });
}
