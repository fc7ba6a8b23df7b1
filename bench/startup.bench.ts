// CLI start: wall time of short `snn` commands, each a fresh Node process, against the floor of
// any such command (Node with tsx's loader and nothing imported), best of five interleaved
// rounds. Also the two ways of loading chevrotain (its package entry, some three hundred modules,
// against the single-file bundle compiler/syntax/chevrotain.ts imports), which is most of the
// difference for commands that parse a program. Run with `npm run bench startup`.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "cli", "bin.mjs");
const image = join(tmpdir(), `snn-bench-startup-${process.pid}.img`);

interface Case {
  name: string;
  args: string[];
}

const FLOOR: Case = {
  name: "node --import tsx (nothing imported)",
  args: ["--import", "tsx", "-e", ""],
};
const CASES: Case[] = [
  {
    name: "chevrotain, package entry",
    args: ["--import", "tsx", "-e", 'await import("chevrotain")'],
  },
  {
    name: "chevrotain, bundle (as the compiler loads it)",
    args: ["--import", "tsx", "-e", 'await import("./compiler/syntax/chevrotain.ts")'],
  },
  { name: "snn --version", args: [bin, "--version"] },
  { name: "snn check programs/stdp/pair.snn", args: [bin, "check", "programs/stdp/pair.snn"] },
  {
    name: "snn compile programs/stdp/pair.snn",
    args: [bin, "compile", "programs/stdp/pair.snn", "-o", image],
  },
];

function time(c: Case): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { cwd: root, encoding: "utf8" });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${c.name} failed (exit ${r.status}): ${r.stderr}`);
  return s;
}

export function run(): void {
  const all = [FLOOR, ...CASES];
  const best = all.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 5; round++)
    all.forEach((c, i) => {
      best[i] = Math.min(best[i] as number, time(c));
    });
  rmSync(image, { force: true });
  const floor = best[0] as number;
  for (const [i, c] of all.entries()) {
    const b = best[i] as number;
    console.log(`${c.name.padEnd(48)} ${b.toFixed(3)} s  ${(b / floor).toFixed(2)}x the floor`);
  }
}
