// Run series memory: the same long run with one series row per step (--series-every 1, the
// baseline) and with the rows the emulator picks by default and a coarser setting, each a fresh
// `snn run --out` process: its peak resident memory, wall time and steps.json size as ratios
// against the baseline. The programs' results (stats.json, spikes) must be the same bytes at
// every setting, or the benchmark fails. Run with `npm run bench series` (SERIES_STEPS=N sets
// the length; default 4,000,000 steps of programs/stdp/pair.snn, one core).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const main = join(root, "cli", "main.ts");
const PROGRAM = "programs/stdp/pair.snn";

interface Measured {
  label: string;
  every: number;
  rssMb: number;
  seconds: number;
  stepsJsonMb: number;
  stats: string;
  spikes: string;
}

function measure(label: string, steps: number, every: number | null): Measured {
  const out = mkdtempSync(join(tmpdir(), "snn-bench-series-"));
  const args = ["run", PROGRAM, "--steps", String(steps), "--out", out];
  if (every !== null) args.push("--series-every", String(every));
  // The child runs the CLI in-process and reports its own peak resident set on exit.
  const script = [
    `process.argv = [process.argv[0], "snn", ...${JSON.stringify(args)}];`,
    `process.on("exit", () => process.stderr.write("\\nMAXRSS " + process.resourceUsage().maxRSS + "\\n"));`,
    `await import(${JSON.stringify(main)});`,
  ].join("\n");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label}: snn run failed (exit ${r.status}): ${r.stderr}`);
  const kb = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]);
  const file = (f: string) => readFileSync(join(out, f), "utf8");
  const series = JSON.parse(file("steps.json")) as { every: number };
  const m: Measured = {
    label,
    every: series.every,
    rssMb: kb / 1024,
    seconds,
    stepsJsonMb: statSync(join(out, "steps.json")).size / 2 ** 20,
    stats: file("stats.json"),
    spikes: file(join("spikes", "out.json")),
  };
  rmSync(out, { recursive: true, force: true });
  return m;
}

export function run(): void {
  const steps = Number(process.env.SERIES_STEPS ?? 4_000_000);
  console.log(
    `${PROGRAM}, ${steps.toLocaleString("en-US")} steps, snn run --out (fresh process each)`,
  );
  const runs = [
    measure("--series-every 1 (baseline)", steps, 1),
    measure("default", steps, null),
    measure("--series-every 1000", steps, 1000),
  ];
  const base = runs[0] as Measured;
  for (const m of runs) {
    if (m.stats !== base.stats || m.spikes !== base.spikes)
      throw new Error(`${m.label}: stats.json or the spikes differ from the baseline's`);
  }
  console.log(
    "setting                       | steps/row | peak RSS          | wall time        | steps.json",
  );
  for (const m of runs) {
    const r = (a: number, b: number) =>
      b > 0 ? `${a / b < 0.1 ? (a / b).toPrecision(2) : (a / b).toFixed(2)}x` : "-";
    console.log(
      `${m.label.padEnd(29)} | ${String(m.every).padStart(9)} | ${m.rssMb.toFixed(0).padStart(5)} MB (${r(m.rssMb, base.rssMb).padStart(5)}) | ${m.seconds.toFixed(1).padStart(6)} s (${r(m.seconds, base.seconds).padStart(5)}) | ${m.stepsJsonMb.toFixed(1)} MB (${r(m.stepsJsonMb, base.stepsJsonMb)})`,
    );
  }
  console.log("stats.json and spikes: the same bytes at every setting");
}
