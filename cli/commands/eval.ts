// `snn eval RUN_DIR...`: reads the evaluation files of a run directory (written by `snn run --out`,
// see cli/run-dir.ts) and prints accuracy (with the test set's 95 % Wilson interval), confusion
// matrix, spike counts and weight metrics, or JSON with --json. Given several run directories
// (the same program run with several seeds) it prints each and then their mean, spread and
// extremes. File reading and printing happen here; the metrics are cli/eval/.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { wilsonInterval } from "../eval/classification.ts";
import {
  type EvalRequest,
  evaluateRun,
  hasEvaluationData,
  RunDataError,
  type RunFiles,
  type RunMetrics,
} from "../eval/run-metrics.ts";
import { type RunsSummary, type Spread, summarizeRuns } from "../eval/summary.ts";
import { EXIT_OK, EXIT_USAGE, UserError } from "../exit.ts";
import { SWEEP_FILE } from "../sweep-plan.ts";

export interface EvalCliOptions {
  json?: boolean;
  align?: string;
  shape?: string;
  converge?: string;
  target?: string;
  percent?: string;
  above?: string;
  atLeast?: string;
}

function readJson(dir: string, name: string): unknown {
  const path = join(dir, name);
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

function num(v: string | undefined, name: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === "" || !Number.isFinite(n)) {
    throw new UserError(`--${name} must be a number, got '${v ?? ""}'`, EXIT_USAGE);
  }
  return n;
}

/** Every *.json of sub-folder `sub`, in name order, as {file, value}; undefined if absent. */
function readFolder(dir: string, sub: string): { file: string; value: unknown }[] | undefined {
  const path = join(dir, sub);
  if (!existsSync(path) || !statSync(path).isDirectory()) return undefined;
  return readdirSync(path)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ file: `${sub}/${f}`, value: readJson(path, f) }));
}

/** Turns the command-line options into an EvalRequest, with usage errors for bad combinations. */
export function parseEvalRequest(o: EvalCliOptions): EvalRequest {
  const req: EvalRequest = {};
  if (o.align !== undefined || o.shape !== undefined) {
    const names = (o.align ?? "").split(",");
    if (names.length !== 2 || names.some((n) => n === "")) {
      throw new UserError("--align takes two probed projections B,W", EXIT_USAGE);
    }
    req.align = { b: names[0]!, w: names[1]! };
    if (o.shape !== undefined) {
      const shape = o.shape.split(",").map(Number);
      if (shape.length !== 2 || shape.some((v) => !Number.isInteger(v) || v <= 0)) {
        throw new UserError(
          "--shape takes ROWS,COLS (B is ROWS x COLS, W is COLS x ROWS)",
          EXIT_USAGE,
        );
      }
      req.align.rows = shape[0]!;
      req.align.cols = shape[1]!;
    }
  }
  if (o.converge !== undefined) {
    req.converge = {
      probe: o.converge,
      target: num(o.target, "target"),
      percent: o.percent === undefined ? 5 : num(o.percent, "percent"),
      ...(o.above === undefined ? {} : { above: num(o.above, "above") }),
    };
  } else if (o.target !== undefined || o.above !== undefined) {
    throw new UserError("--target and --above go with --converge PROJECTION", EXIT_USAGE);
  }
  return req;
}

/** cos(B, W^T) of run directory `dir` at every step both probes sampled (`--align B,W
 *  [--shape R,C]` of snn plot and snn report; snn eval's pairing and errors). */
export function alignmentOfRun(
  dir: string,
  align: string,
  shape: string | undefined,
): { b: string; w: string; over: { step: number; cosine: number }[] } {
  const req = parseEvalRequest({ align, ...(shape !== undefined ? { shape } : {}) });
  const { b, w, over } = evalRunDir(dir, req).metrics.alignment!;
  return { b, w, over };
}

/** Reads and evaluates run directory `dir`. */
export function evalRunDir(dir: string, req: EvalRequest): { name: string; metrics: RunMetrics } {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory())
    throw new UserError(`${dir}: not a directory (expected the DIR of snn run --out DIR)`);
  const files: RunFiles = {
    predictions: readJson(dir, "predictions.json"),
    spikes: readFolder(dir, "spikes"),
    weights: readFolder(dir, "weights"),
  };
  const meta = readJson(dir, "meta.json") as
    | {
        program?: unknown;
        holdout?: { rows?: unknown; dataset?: unknown };
        interrupted?: { atStep?: unknown; of?: unknown };
        seed?: unknown;
        consts?: unknown;
      }
    | undefined;
  let metrics: RunMetrics;
  try {
    metrics = evaluateRun(files, req);
  } catch (e) {
    if (e instanceof RunDataError || e instanceof RangeError)
      throw new UserError(`${dir}/${e.message}`);
    throw e;
  }
  if (!hasEvaluationData(metrics)) {
    throw new UserError(
      `${dir}: this run directory has no evaluation data (no predictions.json, spikes/ or weights/); give the program a readout or probes and run it with --out DIR`,
    );
  }
  const rows = meta?.holdout?.rows;
  const heldOut =
    Array.isArray(rows) && rows.length === 2 && rows.every(Number.isInteger)
      ? { rows: rows as [number, number] }
      : undefined;
  if (heldOut) metrics.heldOut = heldOut;
  const { atStep, of } = meta?.interrupted ?? {};
  if (Number.isInteger(atStep) && Number.isInteger(of))
    metrics.interrupted = { atStep: atStep as number, of: of as number };
  const seed = Number.isInteger(meta?.seed) ? (meta?.seed as number) : undefined;
  const consts = Object.entries(
    meta?.consts && typeof meta.consts === "object" ? meta.consts : {},
  ).filter((e): e is [string, string] => typeof e[1] === "string");
  if (seed !== undefined || consts.length > 0)
    metrics.settings = {
      ...(seed !== undefined ? { seed } : {}),
      ...(consts.length > 0 ? { consts: Object.fromEntries(consts) } : {}),
    };
  return { name: typeof meta?.program === "string" ? meta.program : dir, metrics };
}

const pct = (x: number) => (Number.isNaN(x) ? "n/a" : `${(100 * x).toFixed(2)} %`);

/** The human-readable report. */
export function renderEval(name: string, m: RunMetrics): string {
  // The name carries the variants (`[epochs: N]`, `[const: eta=2^-6]`); the seed is added here.
  const seed = m.settings?.seed;
  const out: string[] = [`run ${name}${seed !== undefined ? ` (seed ${seed})` : ""}`];
  if (m.interrupted) {
    const { atStep, of } = m.interrupted;
    out.push(
      `interrupted at step ${atStep} of ${of} (snn run was stopped early): the figures below cover the samples and snapshots before that step, not the whole experiment`,
    );
  }
  const c = m.classification;
  if (c) {
    if (c.test) {
      const t = c.test;
      const correct = Math.round(t.accuracy * t.samples);
      const [lo, hi] = wilsonInterval(correct, t.samples);
      const what = m.heldOut
        ? `held-out accuracy (training rows ${m.heldOut.rows[0]}..${m.heldOut.rows[1] - 1}, held out by snn run --holdout; not the test rows)`
        : "test accuracy";
      const set = m.heldOut ? "held-out set" : "test set";
      out.push(
        `${what} ${pct(t.accuracy)} (${correct}/${t.samples}; 95 % interval of the ${set}'s sampling error ${pct(lo)} to ${pct(hi)}), ${t.undecided} without an output spike (counted wrong)`,
      );
      const n = c.nClasses;
      const w = Math.max(4, ...Array.from(t.confusion.counts, (v) => String(v).length + 1));
      out.push("confusion (rows: true class, columns: predicted, last: no spike)");
      out.push(
        `${"".padStart(4)}${Array.from({ length: n }, (_, j) => String(j).padStart(w)).join("")}${"none".padStart(w + 1)}`,
      );
      for (let i = 0; i < n; i++) {
        const cells = Array.from({ length: n }, (_, j) =>
          String(t.confusion.counts[i * n + j]).padStart(w),
        );
        out.push(
          `${String(i).padStart(4)}${cells.join("")}${String(t.confusion.undecided[i]).padStart(w + 1)}`,
        );
      }
    } else {
      out.push("no test samples in predictions.json");
    }
    for (const e of c.trainEpochs)
      out.push(`train epoch ${e.epoch + 1}: ${pct(e.accuracy)} of ${e.samples} (online)`);
  }
  for (const s of m.spikes ?? []) out.push(`spikes ${s.population}: ${s.spikes}`);
  for (const w of m.weights ?? []) {
    out.push(
      `weights ${w.probe}: ${w.width} weights, last of ${w.samples} samples: min ${w.min}, max ${w.max}, mean ${w.mean.toFixed(4)}${w.saturated ? `; ${w.saturated.count} at the ends of the format's range ${w.saturated.min}..${w.saturated.max}` : ""}`,
    );
  }
  if (m.alignment) {
    const a = m.alignment;
    out.push(`cosine(${a.b}, ${a.w}^T) ${a.cosine.toFixed(4)} over ${a.pairs} paired synapses`);
    const line = alignmentOverLine(a.over);
    if (line) out.push(line);
  }
  if (m.convergence) {
    const v = m.convergence;
    const which = v.above === undefined ? "weights" : `weights above ${v.above}`;
    out.push(
      `${v.probe}: ${pct(v.fractionWithin)} of ${v.count} ${which} within ${v.percent} % of ${v.target} (worst ${pct(v.maxRelativeError)} off)`,
    );
  }
  return `${out.join("\n")}\n`;
}

const line = (what: string, v: Spread, names: readonly string[], f: (x: number) => string) =>
  `${what}: mean ${f(v.mean)}, sd ${f(v.sd)}, min ${f(v.min)} (${names[v.argmin]}), max ${f(v.max)} (${names[v.argmax]})`;

/** One line on how cosine(B, W^T) moved over the run (first, lowest, highest, last of the steps
 *  both probes sampled), or null with fewer than two such steps. */
export function alignmentOverLine(over: { step: number; cosine: number }[]): string | null {
  const finite = over.filter((p) => Number.isFinite(p.cosine));
  if (finite.length < 2) return null;
  let lo = finite[0] as (typeof finite)[number];
  let hi = lo;
  for (const p of finite) {
    if (p.cosine < lo.cosine) lo = p;
    if (p.cosine > hi.cosine) hi = p;
  }
  const at = (p: (typeof finite)[number]) =>
    `${p.cosine.toFixed(4)} (step ${p.step.toLocaleString("en-US")})`;
  const first = finite[0] as (typeof finite)[number];
  const last = finite.at(-1) as (typeof finite)[number];
  return `  over the run, ${finite.length} samples: first ${at(first)}, lowest ${at(lo)}, highest ${at(hi)}, last ${at(last)}`;
}

/** The human-readable summary of several runs. */
export function renderSummary(
  s: RunsSummary,
  names: readonly string[],
  heldOut = false,
  interrupted: readonly string[] = [],
  title = `over ${s.runs} runs`,
): string {
  const out = [title];
  if (interrupted.length > 0)
    out.push(
      `  ${interrupted.length} of them stopped early, their figures partial: ${interrupted.join(", ")}`,
    );
  if (s.testAccuracy) {
    out.push(line(heldOut ? "  held-out accuracy" : "  test accuracy", s.testAccuracy, names, pct));
    const a = s.testAccuracy.atLeast;
    if (a) out.push(`  at least ${pct(a.threshold)}: ${a.runs} of ${s.runs} runs`);
  }
  if (s.lastEpochAccuracy)
    out.push(line("  last training epoch (online)", s.lastEpochAccuracy, names, pct));
  const f4 = (x: number) => x.toFixed(4);
  if (s.cosine) out.push(line("  cosine(B, W^T)", s.cosine, names, f4));
  if (s.convergedFraction)
    out.push(line("  fraction within tolerance", s.convergedFraction, names, pct));
  if (out.length === 1) out.push("  no metric that every run has");
  return `${out.join("\n")}\n`;
}

export function parseAtLeast(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = num(v, "at-least");
  if (x < 0 || x > 100) throw new UserError("--at-least is a percentage, 0 to 100", EXIT_USAGE);
  return x / 100;
}

export function register(program: Command): void {
  program
    .command("eval")
    .description(
      "print accuracy, confusion matrix, spike counts and weight metrics of a run directory",
    )
    .argument(
      "<run-dir...>",
      "the DIR written by snn run --out DIR (or snn sweep --out DIR: its runs); several: each, then their mean and spread (per variant too: other --const values, --epochs, programs)",
    )
    .option("--json", "print the metrics as JSON")
    .option("--align <B,W>", "cosine(B, W^T) of two probed projections, synapse a->b against b->a")
    .option("--shape <rows,cols>", "for probes without synapse labels: B is rows x cols, row-major")
    .option("--converge <projection>", "fraction of a probed projection's weights near --target")
    .option("--target <x>", "target weight for --converge, e.g. 0.5 for 1/sqrt(4)")
    .option("--percent <p>", "tolerance for --converge in percent (default 5)")
    .option("--above <w>", "for --converge: only weights above w (e.g. the learned edges)")
    .option("--at-least <percent>", "with several runs: count the runs reaching this accuracy")
    .action((dirs: string[], o: EvalCliOptions) => {
      const req = parseEvalRequest(o);
      const threshold = parseAtLeast(o.atLeast);
      const runs = dirs.flatMap(sweepRunDirs).map((dir) => ({ dir, ...evalRunDir(dir, req) }));
      process.stdout.write(evalOutput(runs, threshold, o.json === true));
      process.exitCode = EXIT_OK;
    });
}

/** The run directories `dir` stands for: itself, or for the directory of `snn sweep` (a
 *  sweep.json and no meta.json of its own) the directories of its finished runs, in plan order. */
export function sweepRunDirs(dir: string): string[] {
  if (existsSync(join(dir, "meta.json")) || !existsSync(join(dir, SWEEP_FILE))) return [dir];
  const sweep = readJson(dir, SWEEP_FILE) as { runs?: { name?: unknown }[] } | undefined;
  const names = (Array.isArray(sweep?.runs) ? sweep.runs : [])
    .map((r) => r?.name)
    .filter((n): n is string => typeof n === "string");
  const done = names.map((n) => join(dir, n)).filter((d) => existsSync(join(d, "meta.json")));
  if (done.length === 0)
    throw new UserError(
      `${dir}: a sweep directory with no finished run yet (snn sweep --out ${dir})`,
    );
  return done;
}

/** Runs grouped by name (the program with its variants), groups in order of first appearance. */
function groupByName<R extends { name: string }>(runs: R[]): R[][] {
  const groups = new Map<string, R[]>();
  for (const r of runs) {
    const g = groups.get(r.name);
    if (g) g.push(r);
    else groups.set(r.name, [r]);
  }
  return [...groups.values()];
}

/** What `snn eval` prints for the evaluated runs: one run's report, or each run's and then
 *  their mean and spread; with runs of several variants (other --const values, --epochs,
 *  programs: the run's name; the seed is not part of it) a summary per variant of two runs or
 *  more before the overall one. As JSON with `json`. */
export function evalOutput(
  runs: { dir: string; name: string; metrics: RunMetrics }[],
  threshold: number | undefined,
  json: boolean,
): string {
  const plain = (_k: string, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
  const text = (x: unknown) => `${JSON.stringify(x, plain, 2)}\n`;
  if (runs.length === 1) {
    const { name, metrics } = runs[0]!;
    return json ? text({ name, ...metrics }) : renderEval(name, metrics);
  }
  const held = runs.filter((r) => r.metrics.heldOut).length;
  if (held !== 0 && held !== runs.length) {
    throw new UserError(
      `${held} of the ${runs.length} run directories held out training rows (snn run --holdout) and the others did not: their accuracies are of different rows and are not summarised together`,
      EXIT_USAGE,
    );
  }
  const stopped = (rs: typeof runs) => rs.filter((r) => r.metrics.interrupted).map((r) => r.dir);
  const summary = summarizeRuns(
    runs.map((r) => r.metrics),
    threshold,
  );
  const byName = groupByName(runs);
  const groups =
    byName.length > 1
      ? byName
          .filter((g) => g.length > 1)
          .map((g) => ({
            name: g[0]!.name,
            dirs: g.map((r) => r.dir),
            summary: summarizeRuns(
              g.map((r) => r.metrics),
              threshold,
            ),
            stopped: stopped(g),
          }))
      : [];
  if (json)
    return text({
      runs: runs.map((r) => ({ dir: r.dir, name: r.name, ...r.metrics })),
      ...(groups.length > 0
        ? { byName: groups.map(({ name, dirs, summary }) => ({ name, dirs, summary })) }
        : {}),
      summary,
    });
  return [
    runs.map((r) => `${r.dir}\n${renderEval(r.name, r.metrics)}`).join("\n"),
    ...groups.map((g) =>
      renderSummary(
        g.summary,
        g.dirs,
        held > 0,
        g.stopped,
        `over ${g.summary.runs} runs of ${g.name}`,
      ),
    ),
    renderSummary(
      summary,
      runs.map((r) => r.dir),
      held > 0,
      stopped(runs),
      groups.length > 0 ? `over all ${summary.runs} runs` : undefined,
    ),
  ].join("\n");
}
