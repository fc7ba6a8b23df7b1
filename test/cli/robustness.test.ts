// The command line as a whole: failures of its environment (a closed output pipe) end in a
// clear message or none, never a stack trace, and what the command writes is still written; a
// run stopped by Ctrl-C keeps what it ran.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

  it("name a directory that is not a run, go on with the others, and exit 1", () => {
    const notRun = join(dir, "not-a-run");
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "programs/slca/measure.ts"), notRun, join(dir, "nor-this")],
      { cwd: root, encoding: "utf8" },
    );
    expect(r.stderr).not.toMatch(/at .*:\d+:\d+/);
    expect(r.stderr).toContain(`measure.ts: ${notRun}: cannot read ${join(notRun, "stats.json")}`);
    expect(r.stderr).toContain("nor-this: cannot read");
    expect(r.status).toBe(1);
  });

  it("measure a sweep's readable runs when one run is not, and name a broken sweep.json", () => {
    // A sweep whose one finished run has no files (deleted, or a disk that filled up), beside a
    // directory whose sweep.json is cut short: each gets one line, and the script exits 1.
    const sweep = join(dir, "sweep");
    mkdirSync(join(sweep, "seed=1"), { recursive: true });
    const runs = [{ name: "seed=1", consts: [], variant: [], status: "done", seed: 1 }];
    writeFileSync(join(sweep, "sweep.json"), JSON.stringify({ seeds: [1], vary: [], runs }));
    const broken = join(dir, "broken-sweep");
    mkdirSync(broken);
    writeFileSync(join(broken, "sweep.json"), '{"seeds": [1], "runs": [');
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "programs/slca/measure.ts"), sweep, broken],
      { cwd: root, encoding: "utf8" },
    );
    expect(r.stderr).not.toMatch(/at .*:\d+:\d+/);
    expect(r.stderr).toContain(`measure.ts: ${join(sweep, "seed=1")}: cannot read`);
    expect(r.stderr).toContain(`measure.ts: ${join(broken, "sweep.json")}: `);
    expect(r.status).toBe(1);
  });
});

describe("snn run stopped by Ctrl-C", () => {
  it("writes the steps run so far and a checkpoint, then exits 130", async () => {
    // The fixture for 5,000 epochs: 400,000 steps, far more than run before the signal lands.
    const image = experimentImage();
    if (image.experiment.presentation) image.experiment.presentation.epochs = 5000;
    const long = join(dir, "long.img");
    writeFileSync(long, encodeImage(image));
    const out = join(dir, "interrupted");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(root, "cli/main.ts"), "run", long, "--out", out],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => {
      stdout += b;
    });
    child.stderr.on("data", (b) => {
      stderr += b;
    });
    const closed = new Promise<number | null>((done) => child.on("close", done));
    // The run directory is made just before the first step, with the signal handler in place.
    while (!existsSync(out) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    const code = await closed;
    expect(stderr).not.toMatch(/at .*:\d+:\d+/);
    expect(code).toBe(130);
    // The live log showed the epochs that ended, and the signal was acknowledged.
    expect(stderr).toMatch(/^epoch 1 of 5000: online training accuracy [\d.]+ % \(\d+\/4\)/m);
    expect(stderr).toContain("SIGINT: stopping after the current step");
    const atStep = Number(/interrupted at step (\d+) of 400040/.exec(stdout)?.[1]);
    expect(atStep).toBeGreaterThan(0);
    expect(atStep).toBeLessThan(400040);
    expect(stdout).toContain(
      `continue with: snn run ${long} --out ${out} --resume ${join(out, "interrupted.ckpt")}`,
    );
    const meta = JSON.parse(readFileSync(join(out, "meta.json"), "utf8"));
    expect(meta.steps).toBe(atStep);
    expect(meta.interrupted.atStep).toBe(atStep);
    expect(existsSync(join(out, "steps.json"))).toBe(true);
    expect(existsSync(join(out, "interrupted.ckpt"))).toBe(true);
    // The printed command continues it to the end, in the same directory, and says the
    // checkpoint left there is no longer needed.
    const resumed = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(root, "cli/main.ts"),
        "run",
        long,
        "--out",
        out,
        "--resume",
        join(out, "interrupted.ckpt"),
      ],
      { cwd: root, encoding: "utf8" },
    );
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain("interrupted.ckpt is the state of an earlier stopped run");
    const after = JSON.parse(readFileSync(join(out, "meta.json"), "utf8"));
    expect(after.steps).toBe(400040);
    expect(after.resumedFrom).toBe(atStep);
    expect(after.interrupted).toBeUndefined();
  }, 120_000);
});
