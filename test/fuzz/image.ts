// `npm run fuzz:image [count] [seed] [--trial K]`: a semantic fuzzer for chip images. Compiles a
// few small programs, then per trial deep-copies one decoded image, damages 1-3 values anywhere
// in its tree (a number set to 0, -1, 2^31-1, 2^53-1, off by one or random; a typed array
// element likewise, or the array cut or grown; now and then a name swapped, a flag flipped or
// a list element dropped or doubled), re-encodes it with the real encoder and feeds the bytes
// to what a user would run: `snn inspect` (text and --json) and `snn run --steps 20 --out DIR`.
// Every trial must end clean or in a UserError (the one-line message of cli/main.ts); any
// other exception, a hang (over 5 s) or a crash of the process is a failure. The commands run
// in a child process so a hang can be ended. Deterministic per seed; prints a summary, each
// distinct failure with its mutations (`--trial K` reruns one with the stack), exit 1 if any.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tolerateClosedPipes, UserError } from "../../cli/exit.ts";
import { Rand } from "./mutate.ts";

/** Small programs of different kinds: STDP pair, EMSTDP on iris (presentation, readout),
 *  LCA, CUBA (22 cores), ST-RSBP (host learning). */
const PROGRAMS = [
  "programs/stdp/pair.snn",
  "programs/emstdp/iris.snn",
  "programs/lca/lasso.snn",
  "programs/cuba/cuba.snn",
  "programs/strsbp/digits.snn",
];
const RUN_STEPS = "20";
const TRIAL_BUDGET_MS = 5000;

type Key = string | number;
type Outcome = "clean" | "refused" | "failure";
interface StageResult {
  outcome: Outcome;
  message: string;
}
interface TrialResult {
  /** Refused by encodeImage: the damaged value never reaches a file. */
  encode?: StageResult;
  inspect?: StageResult;
  run?: StageResult;
  ms: number;
}

const fmtPath = (p: Key[]) =>
  p.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");

// ---------------------------------------------------------------------------------------------
// Child: runs the CLI's functions on one image file per message.

async function child(): Promise<void> {
  const { runInspect } = await import("../../cli/commands/inspect.ts");
  const { runRun, writeRunOutputs } = await import("../../cli/commands/run.ts");
  const { renderRunTable } = await import("../../cli/commands/run-table.ts");
  const dir = mkdtempSync(join(tmpdir(), "snn-image-fuzz-"));
  const file = join(dir, "fuzz.img");
  const out = join(dir, "run");
  // What the commands print is not checked; only how they end.
  const quiet = (() => true) as typeof process.stdout.write;
  process.stdout.write = quiet;
  process.stderr.write = quiet;
  const stage = async (f: () => unknown): Promise<StageResult> => {
    try {
      await f();
      return { outcome: "clean", message: "" };
    } catch (e) {
      if (e instanceof UserError) return { outcome: "refused", message: e.message };
      const err = e instanceof Error ? e : new Error(String(e));
      return { outcome: "failure", message: err.stack ?? `${err.name}: ${err.message}` };
    }
  };
  process.on("message", async (bytes: Uint8Array) => {
    writeFileSync(file, bytes);
    const inspect = await stage(() => {
      runInspect(file, {});
      runInspect(file, { json: true });
    });
    const run = await stage(async () => {
      const o = { steps: RUN_STEPS, out };
      const r = await runRun(file, o);
      renderRunTable(r);
      writeRunOutputs(r, o);
    });
    process.send?.({ inspect, run });
  });
  process.on("disconnect", () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
  process.send?.("ready");
}

// ---------------------------------------------------------------------------------------------
// Mutations: sites are found by walking the image tree.

type Site =
  | { kind: "num"; path: Key[] }
  | { kind: "ta"; path: Key[]; length: number }
  | { kind: "str"; path: Key[] }
  | { kind: "bool"; path: Key[] }
  | { kind: "arr"; path: Key[]; length: number };

function sites(v: unknown, path: Key[] = [], out: Site[] = []): Site[] {
  if (typeof v === "number") out.push({ kind: "num", path });
  else if (typeof v === "string") out.push({ kind: "str", path });
  else if (typeof v === "boolean") out.push({ kind: "bool", path });
  else if (ArrayBuffer.isView(v))
    out.push({ kind: "ta", path, length: (v as unknown as ArrayLike<number>).length });
  else if (Array.isArray(v)) {
    if (v.length > 0) out.push({ kind: "arr", path, length: v.length });
    v.forEach((x, i) => {
      sites(x, [...path, i], out);
    });
  } else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) sites(x, [...path, k], out);
  return out;
}

/** Relative weight of each kind of site: numbers and typed arrays are the target. */
const WEIGHT = { num: 4, ta: 4, str: 1, bool: 1, arr: 1 } as const;

function pickSite(r: Rand, all: Site[]): Site {
  const total = all.reduce((s, x) => s + WEIGHT[x.kind], 0);
  let t = r.next() * total;
  for (const s of all) {
    t -= WEIGHT[s.kind];
    if (t < 0) return s;
  }
  return all[all.length - 1]!;
}

function newNumber(r: Rand, old: number): number {
  switch (r.int(10)) {
    case 0:
      return 0;
    case 1:
      return -1;
    case 2:
      return 2 ** 31 - 1;
    case 3:
      return 2 ** 53 - 1;
    case 4:
      return -(2 ** 31);
    case 5:
      return 2 ** 32;
    case 6:
      return old + 1;
    case 7:
      return old - 1;
    case 8:
      return r.int(2 ** 16) - 2 ** 15;
    default:
      return r.int(2 ** 32);
  }
}

function parentOf(root: unknown, path: Key[]): Record<Key, unknown> {
  let v = root as Record<Key, unknown>;
  for (const k of path.slice(0, -1)) v = v[k] as Record<Key, unknown>;
  return v;
}

/** Damages one site of `img` in place; returns what it did, to print and reproduce. */
function mutateOnce(r: Rand, img: unknown, strings: string[]): string {
  const s = pickSite(r, sites(img));
  const parent = parentOf(img, s.path);
  const key = s.path[s.path.length - 1]!;
  const at = fmtPath(s.path);
  switch (s.kind) {
    case "num": {
      const old = parent[key] as number;
      const v = newNumber(r, old);
      parent[key] = v;
      return `${at} = ${v} (was ${old})`;
    }
    case "ta": {
      const a = parent[key] as Int32Array;
      const ctor = a.constructor as Int32ArrayConstructor;
      if (a.length > 0 && r.next() < 0.7) {
        const i = r.int(a.length);
        const old = a[i]!;
        a[i] = newNumber(r, old);
        return `${at}[${i}] = ${a[i]} (was ${old})`;
      }
      const n = a.length;
      const len = r.pick([0, Math.max(0, n - 1), n + 1, 2 * n + 1, r.int(n + 1)]);
      const b = new ctor(len);
      b.set(a.subarray(0, Math.min(n, len)));
      for (let i = n; i < len; i++) b[i] = n > 0 ? a[r.int(n)]! : 0;
      parent[key] = b;
      return `${at}: length ${len} (was ${n})`;
    }
    case "str": {
      const old = parent[key] as string;
      const v = r.pick(["", "nope", ...strings]);
      parent[key] = v;
      return `${at} = '${v}' (was '${old}')`;
    }
    case "bool":
      parent[key] = !parent[key];
      return `${at} = ${parent[key]}`;
    case "arr": {
      const a = parent[key] as unknown[];
      const i = r.int(a.length);
      const op = r.int(3);
      if (op === 0) {
        a.splice(i, 1);
        return `${at}: element ${i} dropped (length was ${s.length})`;
      }
      if (op === 1) {
        a.splice(i, 0, structuredClone(a[i]));
        return `${at}: element ${i} doubled (length was ${s.length})`;
      }
      a.length = 0;
      return `${at}: emptied (length was ${s.length})`;
    }
  }
}

function stringsOf(v: unknown, out = new Set<string>()): string[] {
  if (typeof v === "string") out.add(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === "object" && !ArrayBuffer.isView(v))
    for (const x of Object.values(v)) stringsOf(x, out);
  return [...out];
}

/** The generator of trial k: independent of the others, so one trial reruns alone. */
function trialRand(seed: number, k: number): Rand {
  const r = new Rand((Math.imul(seed, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0);
  for (let i = 0; i < 4; i++) r.next();
  return r;
}

// ---------------------------------------------------------------------------------------------
// Parent: compiles the corpus, mutates, encodes, hands the bytes to the child, classifies.

class Runner {
  private proc: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private readonly self = fileURLToPath(import.meta.url);

  private start(): Promise<void> {
    const p = fork(this.self, ["--child"], {
      execArgv: [...process.execArgv, "--max-old-space-size=1024"],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    this.proc = p;
    this.ready = new Promise((res, rej) => {
      p.once("message", () => res());
      p.once("exit", (code) => rej(new Error(`fuzz child exited (${code}) before it was ready`)));
    });
    return this.ready;
  }

  /** Runs one image; a hang or crash of the child is a failure result, and a new child. */
  async trial(bytes: Uint8Array): Promise<{ inspect: StageResult; run: StageResult }> {
    if (!this.proc) await this.start();
    else await this.ready;
    const p = this.proc!;
    return new Promise((res) => {
      const done = (r: { inspect: StageResult; run: StageResult }, dead: boolean) => {
        clearTimeout(timer);
        p.removeAllListeners("message");
        p.removeAllListeners("exit");
        if (dead) {
          if (p.exitCode === null) p.kill("SIGKILL");
          this.proc = null;
        }
        res(r);
      };
      const fail = (message: string) => ({ outcome: "failure" as const, message });
      const timer = setTimeout(
        () =>
          done(
            {
              inspect: fail(`hang: no answer within ${TRIAL_BUDGET_MS / 1000} s`),
              run: fail(`hang: no answer within ${TRIAL_BUDGET_MS / 1000} s`),
            },
            true,
          ),
        TRIAL_BUDGET_MS,
      );
      p.once("message", (m) => done(m as { inspect: StageResult; run: StageResult }, false));
      p.once("exit", (code, signal) => {
        const m = fail(`crash: child process ended (code ${code}, signal ${signal})`);
        done({ inspect: m, run: m }, true);
      });
      p.send(bytes);
    });
  }

  stop(): void {
    this.proc?.disconnect();
    this.proc = null;
  }
}

/** A failure's class: its stage, first line with numbers and quoted names blanked, and the
 *  first stack frame inside the project. */
function failureClass(stage: string, message: string): string {
  const lines = message.split("\n");
  const head = (lines[0] ?? "").replace(/'[^']*'/g, "'_'").replace(/-?\d+/g, "N");
  const frame =
    lines
      .find((l) => /^\s+at /.test(l) && !l.includes("node_modules") && !l.includes("node:"))
      ?.trim()
      .replace(/^at /, "")
      .replace(/[^ (]*?\/(?=(cli|isa|emulator|compiler|test)\/)/, "")
      .replace(/(:\d+)+\)?$/, "")
      .replace(" (", " ") ?? "";
  return `${stage}: ${head}${frame ? ` @ ${frame}` : ""}`;
}

async function parent(): Promise<void> {
  tolerateClosedPipes();
  const args = process.argv.slice(2);
  const showRefusals = args.includes("--refusals");
  if (showRefusals) args.splice(args.indexOf("--refusals"), 1);
  const only = args.indexOf("--trial");
  const onlyTrial = only >= 0 ? Number(args[only + 1]) : undefined;
  if (only >= 0) args.splice(only, 2);
  const count = Number(args[0] ?? 2000);
  const seed = Number(args[1] ?? 1);
  if (!Number.isInteger(count) || !Number.isInteger(seed) || count < 0) {
    console.error("usage: fuzz/image.ts [count] [seed] [--trial K]");
    process.exitCode = 2;
    return;
  }
  const { compileFile } = await import("../../compiler/index.ts");
  const { fileLoader } = await import("../../cli/commands/check.ts");
  const { decodeImage, encodeImage, ImageFormatError } = await import("../../isa/index.ts");
  const bases = PROGRAMS.flatMap((f) => {
    const res = compileFile(resolve(f), fileLoader);
    if (!res.image) throw new Error(`${f} does not compile`);
    // Decoded from bytes, as a file on disk would be.
    const img = decodeImage(encodeImage(res.image));
    // And a short variant, so 20 steps reach what happens later in a run: phases of 3 steps
    // (sample ends, readout, resets, host learning) and probes sampling every 4 steps.
    const short = structuredClone(img);
    for (const ph of short.experiment.presentation?.phases ?? []) ph.steps = Math.min(ph.steps, 3);
    for (const pr of short.probes) pr.every = Math.min(pr.every, 4);
    return [
      { file: f, img, strings: stringsOf(img) },
      { file: `${f} (short)`, img: short, strings: stringsOf(img) },
    ];
  });

  const runner = new Runner();
  const counts: Record<Outcome, number> = { clean: 0, refused: 0, failure: 0 };
  const refusals = new Map<string, { n: number; example: string }>();
  const classes = new Map<
    string,
    { n: number; trial: number; file: string; muts: string[]; message: string }
  >();
  const t0 = performance.now();
  const trials = onlyTrial !== undefined ? [onlyTrial] : Array.from({ length: count }, (_, k) => k);
  for (const k of trials) {
    const r = trialRand(seed, k);
    const base = bases[r.int(bases.length)]!;
    const img = structuredClone(base.img);
    const muts: string[] = [];
    const nm = r.pick([1, 1, 1, 2, 2, 3]);
    for (let i = 0; i < nm; i++) muts.push(mutateOnce(r, img, base.strings));
    const t = performance.now();
    let res: TrialResult;
    let bytes: Uint8Array | null = null;
    try {
      bytes = encodeImage(img as typeof base.img);
    } catch (e) {
      const ok = e instanceof ImageFormatError;
      const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
      res = {
        encode: { outcome: ok ? "refused" : "failure", message: ok ? (e as Error).message : msg },
        ms: 0,
      };
    }
    if (bytes) res = { ...(await runner.trial(bytes)), ms: 0 };
    res!.ms = performance.now() - t;
    const stages = (["encode", "inspect", "run"] as const).filter((s) => res![s]);
    const failed = stages.filter((s) => res![s]!.outcome === "failure");
    const outcome: Outcome =
      failed.length > 0
        ? "failure"
        : stages.some((s) => res![s]!.outcome === "refused" && s !== "inspect")
          ? "refused"
          : "clean";
    counts[outcome]++;
    for (const s of stages.filter((x) => res![x]!.outcome === "refused")) {
      const m = res![s]!.message;
      const cls = failureClass(
        s,
        m.replace(/^[^:]*\.img: /, "").replace(/^image refused:\n\s*/, ""),
      );
      const c = refusals.get(cls);
      if (c) c.n++;
      else refusals.set(cls, { n: 1, example: m.split("\n").slice(0, 3).join(" | ") });
    }
    for (const s of failed) {
      const message = res![s]!.message;
      const cls = failureClass(s, message);
      const c = classes.get(cls);
      if (c) c.n++;
      else classes.set(cls, { n: 1, trial: k, file: base.file, muts, message });
    }
    if (onlyTrial !== undefined) {
      console.log(`trial ${k} (seed ${seed}) on ${base.file}:\n  ${muts.join("\n  ")}`);
      for (const s of stages)
        console.log(`${s}: ${res![s]!.outcome}${res![s]!.message ? `\n${res![s]!.message}` : ""}`);
      console.log(`${res!.ms.toFixed(0)} ms`);
    }
  }
  runner.stop();
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `fuzz:image: ${trials.length} trials (seed ${seed}) in ${secs.toFixed(1)} s: ${counts.clean} clean, ${counts.refused} refused, ${counts.failure} failures (${classes.size} distinct)`,
  );
  if (showRefusals)
    for (const [cls, c] of [...refusals].sort((a, b) => b[1].n - a[1].n))
      console.log(`refused ${c.n}x ${cls}\n    e.g. ${c.example.slice(0, 300)}`);
  for (const [cls, c] of classes) {
    const msg = c.message.split("\n").slice(0, 6).join("\n    ");
    console.log(
      `--- ${cls}\n  ${c.n} trial(s); first: trial ${c.trial} on ${c.file} (rerun: npx tsx test/fuzz/image.ts 1 ${seed} --trial ${c.trial})\n  ${c.muts.join("\n  ")}\n    ${msg}`,
    );
  }
  process.exitCode = counts.failure > 0 ? 1 : 0;
}

if (process.argv[2] === "--child") await child();
else await parent();
