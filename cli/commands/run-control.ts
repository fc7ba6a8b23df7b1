// How `snn run` stops early and keeps what it ran: the run advances a step at a time with the
// event loop getting a turn every YIELD_MS, Ctrl-C or SIGTERM asks it to stop after the current
// step, the state is written as a checkpoint, and the note printed above the table says how to
// continue (run.ts writes the results as for any run).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Emulator } from "../../emulator/index.ts";
import { EXIT_INTERRUPTED } from "../exit.ts";
import type { RunCliOptions } from "./run.ts";

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

/** The event loop gets a turn this often during a run, so that a signal handler can run. */
const YIELD_MS = 50;

/** Runs `em` to the end of its schedule one step at a time, handing the event loop a turn every
 *  YIELD_MS, and stops after the step at which `control` asks. Returns true when stopped early. */
export async function runSliced(em: Emulator, control: RunControl): Promise<boolean> {
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
export function checkpointOnStop(em: Emulator, o: RunCliOptions): string | undefined {
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

/** `a` as one shell word: as it is when it has no character a shell would read, else in
 *  single quotes. */
export function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;
}

/** The `snn run` command line that continues a stopped run from `checkpoint`: the run's own
 *  options again (a checkpoint resumes only the same image, model and seed, and --holdout
 *  changes the image), with --resume in place of any earlier one. Arguments with characters a
 *  shell would read are single-quoted. */
export function resumeCommand(file: string, o: RunCliOptions, checkpoint: string): string {
  const flags: [string, string | undefined][] = [
    ["--steps", o.steps],
    ["--seed", o.seed],
    ["--model", o.model],
    ["--learning-rules", o.learningRules],
    ["--epochs", o.epochs],
    ["--holdout", o.holdout],
    ...(o.const ?? []).map((v): [string, string] => ["--const", v]),
    ["--out", o.out],
    ["--json", o.json],
    ["--checkpoint", o.checkpoint],
    ["--checkpoint-every", o.checkpointEvery],
    ["--series-every", o.seriesEvery],
    ["--resume", checkpoint],
  ];
  const args = flags.flatMap(([f, v]) => (v === undefined ? [] : [f, shellQuote(v)]));
  return ["snn run", shellQuote(file), ...args].join(" ");
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
