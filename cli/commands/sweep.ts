// `snn sweep FILE --seeds 1..6 [--vary NAME=V1,V2,...] --out DIR`: runs one program over several
// run seeds and constant values, each run a `snn run` of its own (a child process, so that runs
// use the machine's cores side by side and one run's failure or memory does not touch another),
// writing DIR/NAME (a run directory) and DIR/NAME.log (what that run printed), then evaluates
// every run as `snn eval` does and prints one row per run and the mean and spread per variant.
// DIR/sweep.json records the plan and the results. The same command again continues a sweep
// that was stopped: finished runs are kept, runs stopped by Ctrl-C resume from their checkpoint,
// the rest start. The plan is cli/sweep-plan.ts; the metrics are snn eval's (cli/eval/).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { availableParallelism } from "node:os";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Table from "cli-table3";
import type { Command } from "commander";
import { encodeImage } from "../../isa/image-codec.ts";
import { addConstOption, parseConsts } from "../const-option.ts";
import type { RunMetrics } from "../eval/run-metrics.ts";
import {
  type PairedSpread,
  pairedDifference,
  type RunsSummary,
  type Spread,
  summarizeRuns,
} from "../eval/summary.ts";
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PROGRAM_ERROR, EXIT_USAGE, UserError } from "../exit.ts";
import {
  type PlannedRun,
  parseIntList,
  parseSeeds,
  parseVary,
  planSweep,
  runArguments,
  SWEEP_FILE,
  type SweepRunOptions,
} from "../sweep-plan.ts";
import {
  type EvalCliOptions,
  evalRunDir,
  parseAtLeast,
  parseEvalRequest,
  renderSummary,
} from "./eval.ts";
import { applyVariants, intOption, loadImageForRun, makeRunDir } from "./run.ts";
import { shellQuote } from "./run-control.ts";
import { formatDuration } from "./run-progress.ts";
import { formatEnergy } from "./run-table.ts";

export interface SweepCliOptions extends SweepRunOptions {
  seeds?: string;
  vary?: string[];
  const?: string[];
  out: string;
  jobs?: string;
  json?: boolean;
  align?: string;
  shape?: string;
  atLeast?: string;
}

/** The installed `snn` entry point, which each run is started with. */
const BIN = fileURLToPath(new URL("../bin.mjs", import.meta.url));

export type RunStatus = "done" | "stopped" | "failed" | "not run";

/** One run of a sweep as sweep.json records it. */
export interface SweepRunRecord {
  name: string;
  seed?: number;
  consts: [string, string][];
  variant: [string, string][];
  status: RunStatus;
  /** Wall time of this command's part of the run (absent for a run finished earlier). */
  seconds?: number;
  exitCode?: number;
  /** Why a run failed: the last error line of its log (else its last line). */
  error?: string;
  /** Test accuracy, or held-out accuracy when the sweep used --holdout. */
  accuracy?: number;
  correct?: number;
  samples?: number;
  lastEpochAccuracy?: number;
  cosine?: number;
  energyPj?: number;
  cycles?: number;
  steps?: number;
}

/** What identifies a sweep: the same program and options continue it; others are refused. */
interface SweepIdentity {
  program: string;
  seeds: number[] | null;
  vary: { name: string; values: string[] }[];
  consts: [string, string][];
  run: SweepRunOptions;
}

export interface SweepFile extends SweepIdentity {
  format: "snn-sweep-1";
  /** Per variant, the SHA-256 of its chip image (after --epochs and --holdout): a run is kept
   *  only while its variant still compiles to the same image. */
  images: Record<string, string>;
  runs: SweepRunRecord[];
  /** Per variant (its --vary values; "" without --vary): mean and spread over its finished runs. */
  variants?: {
    variant: string;
    runs: number;
    accuracy?: Spread;
    lastEpochAccuracy?: Spread;
    cosine?: Spread;
    atLeast?: { threshold: number; runs: number };
    /** Accuracy minus the first variant's, run by run over the seeds both finished (the same
     *  seed: the same input spike trains and draws, so the pair differs by the variant alone):
     *  the differences' spread and how many are above and below zero. */
    vsFirst?: PairedSpread;
  }[];
}

const variantKey = (v: readonly [string, string][]) => v.map(([n, x]) => `${n}=${x}`).join(", ");

/** A JSON file's value, or undefined when it is missing or unreadable (a run that never
 *  finished writing it counts as not made). */
function tryReadJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** Writes `path` through a temporary file, so that a sweep stopped mid-write keeps the old one. */
function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

/** The records of the sweep already in `dir` (none for a new or empty directory); an existing
 *  directory must hold the same sweep, so that nothing else in it is overwritten. */
function earlierSweep(
  dir: string,
  id: SweepIdentity,
): { runs: SweepRunRecord[]; images: Record<string, string> } {
  const none = { runs: [], images: {} };
  const file = join(dir, SWEEP_FILE);
  if (!existsSync(dir)) return none;
  if (!statSync(dir).isDirectory())
    throw new UserError(`--out ${dir}: exists and is not a directory`, EXIT_USAGE);
  if (!existsSync(file)) {
    if (readdirSync(dir).length > 0)
      throw new UserError(
        `--out ${dir}: the directory exists and holds no sweep.json; give a new or empty directory, so that nothing in it is overwritten`,
        EXIT_USAGE,
      );
    return none;
  }
  const old = tryReadJson(file) as Partial<SweepFile> | undefined;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (old?.format !== "snn-sweep-1")
    throw new UserError(`${file}: not a sweep file this snn can read`, EXIT_USAGE);
  const diffs = (Object.keys(id) as (keyof SweepIdentity)[]).filter((k) => !same(old[k], id[k]));
  if (diffs.length > 0)
    throw new UserError(
      `--out ${dir} holds a sweep with another ${diffs.join(", ")} (${file}); give the same program and options to continue it, or another --out`,
      EXIT_USAGE,
    );
  return {
    runs: Array.isArray(old.runs) ? old.runs : [],
    images: old.images && typeof old.images === "object" ? old.images : {},
  };
}

/** Where a planned run stands on disk: finished, stopped with a checkpoint to resume, or to
 *  (re)start. A finished run made with other settings is an error, not a run to overwrite. */
function runState(
  dir: string,
  run: PlannedRun,
): { state: "done" } | { state: "resume"; checkpoint: string } | { state: "start" } {
  const meta = tryReadJson(join(dir, "meta.json")) as
    | { seed?: unknown; consts?: unknown; interrupted?: unknown }
    | undefined;
  if (!meta) return { state: "start" };
  if (run.seed !== undefined && meta.seed !== run.seed)
    throw new UserError(
      `${dir}: the run there has seed ${String(meta.seed)}, the sweep plans seed ${run.seed}; move it away to run it again`,
    );
  const consts = Object.fromEntries(run.consts);
  const had = meta.consts && typeof meta.consts === "object" ? meta.consts : {};
  if (JSON.stringify(had) !== JSON.stringify(consts))
    throw new UserError(
      `${dir}: the run there was made with --const ${JSON.stringify(had)}, the sweep plans ${JSON.stringify(consts)}; move it away to run it again`,
    );
  if (!meta.interrupted) return { state: "done" };
  const ckpt = join(dir, "interrupted.ckpt");
  return existsSync(ckpt) ? { state: "resume", checkpoint: ckpt } : { state: "start" };
}

/** Why a run failed, from its log: the last `error:` or `internal error:` line `snn run`
 *  printed (its message, not the bug-report line after it), else the last non-empty line. */
export function failureLine(log: string): string {
  let text = "";
  try {
    text = readFileSync(log, "utf8");
  } catch {
    return "(no log)";
  }
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return (
    lines.filter((l) => /^(internal )?error: /.test(l)).at(-1) ?? lines.at(-1) ?? "(empty log)"
  );
}

/** The figures of a finished run for its record (snn eval's metrics and stats.json's chip
 *  totals), its metrics, or why snn eval could not read it. */
function measureRun(
  dir: string,
  req: ReturnType<typeof parseEvalRequest>,
): { figures: Partial<SweepRunRecord>; metrics?: RunMetrics; evalError?: string } {
  const out: Partial<SweepRunRecord> = {};
  const stats = tryReadJson(join(dir, "stats.json")) as
    | { steps?: number; chip?: { energyTotalPj?: number; cyclesTotal?: number } }
    | undefined;
  if (typeof stats?.chip?.energyTotalPj === "number") out.energyPj = stats.chip.energyTotalPj;
  if (typeof stats?.chip?.cyclesTotal === "number") out.cycles = stats.chip.cyclesTotal;
  if (typeof stats?.steps === "number") out.steps = stats.steps;
  try {
    const { metrics } = evalRunDir(dir, req);
    const test = metrics.classification?.test;
    if (test) {
      out.accuracy = test.accuracy;
      out.samples = test.samples;
      out.correct = Math.round(test.accuracy * test.samples);
    }
    const last = metrics.classification?.trainEpochs.at(-1)?.accuracy;
    if (last !== undefined) out.lastEpochAccuracy = last;
    if (metrics.alignment) out.cosine = metrics.alignment.cosine;
    return { figures: out, metrics };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { figures: out, evalError: e.message };
  }
}

const pct = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? "-" : `${(100 * x).toFixed(2)} %`;

/** One line about a finished run, for the live log. */
function runLine(r: SweepRunRecord, heldOut: boolean): string {
  if (r.status === "failed") return `failed (exit ${r.exitCode ?? "?"}): ${r.error ?? ""}`;
  if (r.status === "stopped") return "stopped; the same command resumes it";
  const parts: string[] = [];
  if (r.seconds !== undefined) parts.push(formatDuration(r.seconds * 1000));
  if (r.accuracy !== undefined)
    parts.push(`${heldOut ? "held-out" : "test"} ${pct(r.accuracy)} (${r.correct}/${r.samples})`);
  if (r.cosine !== undefined) parts.push(`cosine ${r.cosine.toFixed(4)}`);
  return parts.join(", ") || "done";
}

/** "+1.34 points (sd 0.80; 5 up, 1 down of 6)": a paired difference in accuracy. */
function pairedText(d: PairedSpread): string {
  const t = (100 * d.mean).toFixed(2);
  const mean = Number(t) === 0 ? "0.00" : d.mean > 0 ? `+${t}` : t;
  return `${mean} points (sd ${(100 * d.sd).toFixed(2)}; ${d.up} up, ${d.down} down of ${d.runs})`;
}

/** The printed results: a row per run, then the mean and spread per variant. */
export function renderSweep(s: SweepFile, heldOut: boolean, threshold?: number): string {
  // A column only for a figure some run has (a program without a readout has no accuracy).
  const cols: [string, (r: SweepRunRecord) => string | undefined][] = [
    ["run", (r) => r.name],
    [
      heldOut ? "held-out" : "test",
      (r) =>
        r.accuracy === undefined ? undefined : `${pct(r.accuracy)} (${r.correct}/${r.samples})`,
    ],
    [
      "last epoch (online)",
      (r) => (r.lastEpochAccuracy === undefined ? undefined : pct(r.lastEpochAccuracy)),
    ],
    ["cosine", (r) => r.cosine?.toFixed(4)],
    ["energy", (r) => (r.energyPj === undefined ? undefined : formatEnergy(r.energyPj))],
    [
      "chip cycles",
      (r) => (r.cycles === undefined ? undefined : Math.round(r.cycles).toLocaleString("en-US")),
    ],
    ["time", (r) => (r.seconds === undefined ? undefined : formatDuration(r.seconds * 1000))],
    ["status", (r) => r.status],
  ];
  const shown = cols.filter(([, f]) => s.runs.some((r) => f(r) !== undefined));
  const t = new Table({ head: shown.map(([h]) => h), style: { head: [], border: [] } });
  for (const r of s.runs) t.push(shown.map(([, f]) => f(r) ?? "-"));
  const hasCos = s.runs.some((r) => r.cosine !== undefined);
  const out = [`sweep of ${s.program}: ${s.runs.length} runs`, t.toString()];
  const variants = s.variants ?? [];
  if (variants.length > 1) {
    const v = new Table({
      head: [
        "variant",
        "runs",
        `${heldOut ? "held-out" : "test"} mean`,
        "sd",
        "min",
        "max",
        ...(threshold !== undefined ? [`>= ${pct(threshold)}`] : []),
        ...(hasCos ? ["cosine mean"] : []),
        `vs ${variants[0]?.variant}, by seed`,
      ],
      style: { head: [], border: [] },
    });
    for (const g of variants) {
      const a = g.accuracy;
      v.push([
        g.variant,
        String(g.runs),
        pct(a?.mean),
        a ? `${(100 * a.sd).toFixed(2)} points` : "-",
        pct(a?.min),
        pct(a?.max),
        ...(threshold !== undefined ? [g.atLeast ? `${g.atLeast.runs} of ${g.runs}` : "-"] : []),
        ...(hasCos ? [g.cosine ? g.cosine.mean.toFixed(4) : "-"] : []),
        g.vsFirst ? pairedText(g.vsFirst) : "-",
      ]);
    }
    out.push(v.toString());
  }
  return `${out.join("\n")}\n`;
}

/** The finished runs grouped by variant (in plan order), each with snn eval's summary. */
interface VariantGroup {
  variant: string;
  runs: SweepRunRecord[];
  summary: RunsSummary;
}

function groupVariants(
  records: readonly SweepRunRecord[],
  metrics: ReadonlyMap<string, RunMetrics>,
  threshold: number | undefined,
): VariantGroup[] {
  const groups = new Map<string, SweepRunRecord[]>();
  for (const r of records) {
    if (r.status !== "done" || !metrics.has(r.name)) continue;
    const k = variantKey(r.variant);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups].map(([variant, rs]) => ({
    variant,
    runs: rs,
    summary: summarizeRuns(
      rs.map((r) => metrics.get(r.name) as RunMetrics),
      threshold,
    ),
  }));
}

/** Each run's accuracy by its seed (the key runs are paired by). */
function accuracyBySeed(rs: readonly SweepRunRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rs) if (r.accuracy !== undefined) m.set(String(r.seed), r.accuracy);
  return m;
}

/** sweep.json's per-variant figures. */
function variantFigures(groups: readonly VariantGroup[]): NonNullable<SweepFile["variants"]> {
  const first = groups[0]?.runs ?? [];
  return groups.map((g, i) => {
    const s = g.summary;
    const vs = i > 0 ? pairedDifference(accuracyBySeed(first), accuracyBySeed(g.runs)) : undefined;
    return {
      variant: g.variant,
      runs: s.runs,
      ...(s.testAccuracy ? { accuracy: s.testAccuracy } : {}),
      ...(s.testAccuracy?.atLeast ? { atLeast: s.testAccuracy.atLeast } : {}),
      ...(s.lastEpochAccuracy ? { lastEpochAccuracy: s.lastEpochAccuracy } : {}),
      ...(s.cosine ? { cosine: s.cosine } : {}),
      ...(vs ? { vsFirst: vs } : {}),
    };
  });
}

/** Follows the logs of the running runs and passes on the epoch lines `snn run` writes (one per
 *  training epoch, at most one a second), each prefixed with its run's name and at most one per
 *  run per poll, so that a long sweep shows how far each run is. */
export function followEpochs(write: (line: string) => void, everyMs = 2000) {
  const followed = new Map<string, { name: string; offset: number }>();
  const poll = (log: string) => {
    const f = followed.get(log);
    if (!f) return;
    let size: number;
    try {
      size = statSync(log).size;
    } catch {
      return;
    }
    if (size <= f.offset) return;
    const buf = Buffer.alloc(size - f.offset);
    const fd = openSync(log, "r");
    try {
      readSync(fd, buf, 0, buf.length, f.offset);
    } finally {
      closeSync(fd);
    }
    const text = buf.toString("utf8");
    const end = text.lastIndexOf("\n");
    if (end < 0) return;
    // Whole lines only: a line being written is read at the next poll.
    f.offset += Buffer.byteLength(text.slice(0, end + 1));
    const epoch = text
      .slice(0, end)
      .split("\n")
      .filter((l) => /^epoch \d+ of \d+: /.test(l))
      .at(-1);
    if (epoch) write(`  ${f.name}: ${epoch}`);
  };
  const pollAll = () => {
    for (const log of followed.keys()) poll(log);
  };
  const timer = setInterval(pollAll, everyMs);
  timer.unref();
  return {
    /** Reads what the followed logs gained since the last poll (the timer calls it too). */
    poll: pollAll,
    add(log: string, name: string) {
      let offset = 0;
      try {
        offset = statSync(log).size;
      } catch {}
      followed.set(log, { name, offset });
    },
    remove(log: string) {
      followed.delete(log);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** Starts `snn run ARGS` with its output appended to `log`; resolves with how it ended. */
function startRun(
  args: string[],
  log: string,
  children: Set<ChildProcess>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }> {
  const fd = openSync(log, "a");
  writeSync(fd, `# ${new Date().toISOString()}: snn ${args.map(shellQuote).join(" ")}\n`);
  let child: ChildProcess;
  try {
    // Its own process group: a Ctrl-C at the terminal reaches the sweep only, which passes it
    // on once (a run given two stops at once without writing its results).
    child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", fd, fd], detached: true });
  } finally {
    closeSync(fd);
  }
  children.add(child);
  return new Promise((done) => {
    child.on("error", (e) => {
      children.delete(child);
      done({ code: null, signal: null, error: e.message });
    });
    child.on("exit", (code, signal) => {
      children.delete(child);
      done({ code, signal });
    });
  });
}

export async function runSweep(file: string, o: SweepCliOptions): Promise<number> {
  const seeds = o.seeds === undefined ? undefined : parseSeeds(o.seeds);
  const vary = (o.vary ?? []).map(parseVary);
  const consts = parseConsts(o.const);
  // --epochs: one value for every run, or several (a list or range) to sweep over.
  const epochList =
    o.epochs === undefined ? undefined : parseIntList(o.epochs, "--epochs", 0, 1_000_000);
  const epochsVaried = epochList !== undefined && epochList.length > 1 ? epochList : undefined;
  const plan = planSweep(seeds, vary, consts, epochsVaried);
  if ((vary.length > 0 || consts.length > 0) && extname(file).toLowerCase() !== ".snn")
    throw new UserError(
      `--vary and --const set constants of a .snn program, and ${file} is not one: sweep the program, or only --seeds over the image`,
      EXIT_USAGE,
    );
  const jobs = intOption(o.jobs, "jobs", 1, 64) ?? Math.max(1, availableParallelism());
  const epochs = epochsVaried ? undefined : epochList?.[0];
  const holdout = intOption(o.holdout, "holdout", 1);
  intOption(o.steps, "steps", 0);
  intOption(o.seriesEvery, "series-every", 1);
  if (o.model !== undefined && o.model !== "bit-exact" && o.model !== "reference")
    throw new UserError(`--model must be bit-exact or reference, got '${o.model}'`, EXIT_USAGE);
  const req = parseEvalRequest(o as EvalCliOptions);
  const threshold = parseAtLeast(o.atLeast);
  const runOpts: SweepRunOptions = {
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.holdout !== undefined ? { holdout: o.holdout } : {}),
    ...(o.steps !== undefined ? { steps: o.steps } : {}),
    ...(o.model !== undefined ? { model: o.model } : {}),
    ...(o.seriesEvery !== undefined ? { seriesEvery: o.seriesEvery } : {}),
  };
  const id: SweepIdentity = {
    program: resolve(file),
    seeds: seeds ?? null,
    vary,
    consts,
    run: runOpts,
  };
  const dir = o.out;
  const previous = earlierSweep(dir, id);
  const earlier = new Map(previous.runs.map((r) => [r.name, r]));
  const earlierImages = previous.images;

  // Each variant is compiled here first, so that an error in the program or in a --vary value
  // is reported once, at its source, before any run starts; and its image is fingerprinted, so
  // that runs made before the program (or a file it reads) changed are not mixed with new ones.
  const states = plan.map((r) => ({ run: r, ...runState(join(dir, r.name), r) }));
  const images: Record<string, string> = {};
  for (const s of states) {
    const key = variantKey(s.run.variant);
    if (images[key] !== undefined) continue;
    const { image } = applyVariants(
      await loadImageForRun(file, s.run.consts),
      s.run.epochs ?? epochs,
      holdout,
    );
    images[key] = createHash("sha256").update(encodeImage(image)).digest("hex");
    const before = earlierImages[key];
    const kept = states.filter((x) => x.state !== "start" && variantKey(x.run.variant) === key);
    if (before !== undefined && before !== images[key] && kept.length > 0)
      throw new UserError(
        `${join(dir, SWEEP_FILE)}: the program compiles to another image${key ? ` for ${key}` : ""} than when its runs there were made (${kept.map((x) => x.run.name).join(", ")}): the program or a file it reads has changed; give another --out, or move those runs away to make them again`,
        EXIT_USAGE,
      );
  }
  // One level at a time, as snn run's --out (a recursive mkdir under /proc never returns).
  makeRunDir(dir);

  // A run finished before keeps its record (its time); the others start as not run.
  const records = new Map<string, SweepRunRecord>(
    states.map(({ run: r, state }) => [
      r.name,
      {
        ...(state === "done" ? earlier.get(r.name) : {}),
        name: r.name,
        ...(r.seed !== undefined ? { seed: r.seed } : {}),
        consts: r.consts,
        variant: r.variant,
        status: state === "done" ? "done" : "not run",
      },
    ]),
  );
  const sweepFile = (): SweepFile => ({
    format: "snn-sweep-1",
    ...id,
    images,
    runs: [...records.values()],
  });
  writeJsonAtomic(join(dir, SWEEP_FILE), sweepFile());

  const todo = states.filter((s) => s.state !== "done");
  const already = states.length - todo.length;
  const workers = Math.min(jobs, Math.max(1, todo.length));
  process.stderr.write(
    `sweep: ${plan.length} runs of ${file} in ${dir}${already > 0 ? ` (${already} finished before)` : ""}; ${todo.length} to run, ${workers} at a time\n`,
  );

  const children = new Set<ChildProcess>();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    for (const c of children) c.kill(sig);
    if (signals === 1)
      process.stderr.write(
        `\n${sig}: no new runs start; the ${children.size} running stop after their current step and keep their results and a checkpoint (again to quit at once). The same command continues the sweep.\n`,
      );
    else process.exit(EXIT_INTERRUPTED);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const heldOut = holdout !== undefined;
  // Each finished run is measured once, by this command: its record's figures, its metrics
  // for the summaries, or why snn eval could not read it.
  const metrics = new Map<string, RunMetrics>();
  const evalErrors = new Map<string, string>();
  const measure = (name: string) => {
    const m = measureRun(join(dir, name), req);
    Object.assign(records.get(name) as SweepRunRecord, m.figures);
    if (m.metrics) metrics.set(name, m.metrics);
    else if (m.evalError) evalErrors.set(name, m.evalError);
  };
  let finished = 0;
  let next = 0;
  const worker = async () => {
    while (signals === 0 && next < todo.length) {
      const s = todo[next++] as (typeof todo)[number];
      const runDir = join(dir, s.run.name);
      const log = `${runDir}.log`;
      const resume = s.state === "resume" ? s.checkpoint : undefined;
      process.stderr.write(`${resume ? "resuming" : "starting"} ${s.run.name} (log: ${log})\n`);
      const t0 = performance.now();
      const started = startRun(runArguments(file, s.run, runDir, runOpts, resume), log, children);
      progress.add(log, s.run.name);
      const r = await started;
      progress.remove(log);
      const rec = records.get(s.run.name) as SweepRunRecord;
      rec.seconds = Math.round((performance.now() - t0) / 100) / 10;
      if (r.code !== null) rec.exitCode = r.code;
      if (r.code === EXIT_OK) {
        rec.status = "done";
        measure(s.run.name);
      } else if (r.code === EXIT_INTERRUPTED) rec.status = "stopped";
      else if (signals > 0) {
        // Stopped by the sweep's signal before its own handler was in place: nothing to keep.
        rec.status = "not run";
      } else {
        rec.status = "failed";
        rec.error = r.error ?? (r.signal ? `ended by ${r.signal}` : failureLine(log));
      }
      finished++;
      process.stderr.write(
        `[${finished}/${todo.length}] ${s.run.name}: ${runLine(rec, heldOut)}\n`,
      );
      writeJsonAtomic(join(dir, SWEEP_FILE), sweepFile());
    }
  };
  const progress = followEpochs((line) => process.stderr.write(`${line}\n`));
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    progress.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  // The runs finished before this command, measured as this command's were.
  for (const s of states) if (s.state === "done") measure(s.run.name);
  for (const [name, why] of evalErrors) process.stderr.write(`${name}: not evaluated: ${why}\n`);
  const groups = groupVariants([...records.values()], metrics, threshold);
  const result: SweepFile = { ...sweepFile(), variants: variantFigures(groups) };
  writeJsonAtomic(join(dir, SWEEP_FILE), result);
  if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(renderSweep(result, heldOut, threshold));
    // Several variants: the table above compares them; one: snn eval's summary of its runs.
    for (const g of groups.length === 1 ? groups : [])
      process.stdout.write(
        renderSummary(
          g.summary,
          g.runs.map((r) => r.name),
          heldOut,
          [],
          `over ${g.summary.runs} runs${g.variant ? ` of ${g.variant}` : ""}`,
        ),
      );
  }
  const count = (st: RunStatus) => result.runs.filter((r) => r.status === st).length;
  if (count("failed") > 0) {
    process.stderr.write(
      `${count("failed")} run(s) failed; their logs are in ${dir}; the same command runs them again\n`,
    );
    return EXIT_PROGRAM_ERROR;
  }
  if (count("stopped") + count("not run") > 0) {
    process.stderr.write(
      `${count("stopped") + count("not run")} run(s) not finished; the same command continues the sweep\n`,
    );
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

export function register(program: Command): void {
  const cmd = program
    .command("sweep")
    .description(
      "run a program over several seeds and constant values, side by side, and summarise the runs",
    )
    .argument("<file>", ".snn program (or .img chip image, with --seeds only)")
    .requiredOption(
      "--out <dir>",
      "the sweep's directory: a run directory and a log per run, and sweep.json",
    )
    .option("--seeds <list>", "run seeds, e.g. 1..6 or 42,7,1..4 (default: the program's seed)")
    .option(
      "--vary <name=values>",
      "a top-level constant and its values, e.g. --vary eta=2^-7,2^-6 or --vary k=1..4 (repeatable: every combination)",
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option("--jobs <n>", "runs at a time (default: the machine's cores)")
    .option(
      "--epochs <n>",
      "as snn run --epochs, for every run; several (e.g. 3,6,30) sweep over them",
    )
    .option(
      "--holdout <n>",
      "as snn run --holdout, for every run (choose settings without the test set)",
    )
    .option("--steps <n>", "as snn run --steps, for every run")
    .option("--model <m>", "as snn run --model, for every run")
    .option("--series-every <n>", "as snn run --series-every, for every run")
    .option("--align <B,W>", "as snn eval --align: cosine(B, W^T) of each run")
    .option("--shape <rows,cols>", "as snn eval --shape, with --align")
    .option("--at-least <percent>", "count the runs of each variant that reach this accuracy")
    .option("--json", "print sweep.json instead of the tables")
    .addHelpText(
      "after",
      "\nEach run is `snn run FILE --out DIR/NAME --seed S --const ...` in a process of its own; its\noutput goes to DIR/NAME.log. Ctrl-C stops the running runs after their current step (they\nkeep their results and a checkpoint); the same command later continues the sweep, keeping\nfinished runs and resuming stopped ones. Same seed and constants, same run, bit for bit.",
    );
  addConstOption(cmd).action(async (file: string, o: SweepCliOptions) => {
    process.exitCode = await runSweep(file, o);
  });
}
