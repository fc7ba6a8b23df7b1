// The command line as a whole: failures of its environment (a closed output pipe) end in a
// clear message or none, never a stack trace, and what the command writes is still written.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeImage } from "../../isa/image-codec.ts";
import { experimentImage } from "../emulator/fixture-experiment.ts";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "snn-cli-robust-"));
const img = join(dir, "exp.img");
writeFileSync(img, encodeImage(experimentImage()));

/** Runs a script (default: snn) with its stdout closed before it writes anything (a reader like
 *  `head` that quit). */
function stdoutClosed(
  script: string,
  ...args: string[]
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, script), ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (b) => {
      stderr += b;
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("snn with a closed stdout", () => {
  it("drops the output without a stack trace and still writes the run directory", async () => {
    const out = join(dir, "run");
    const r = await stdoutClosed("cli/main.ts", "run", img, "--steps", "20", "--out", out);
    expect(r.stderr).not.toMatch(/EPIPE|at .*:\d+:\d+/);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "stats.json"))).toBe(true);
  });
});

describe("measurement scripts with a closed stdout", () => {
  it("end without a stack trace (the reference runner, as programs/*/measure.ts do)", async () => {
    const r = await stdoutClosed("test/reference/run-all.ts", "--only", "F");
    expect(r.stderr).not.toMatch(/EPIPE|at .*:\d+:\d+/);
    expect(r.code).toBe(0);
  });
});
