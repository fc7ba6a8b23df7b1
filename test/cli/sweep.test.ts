// `snn sweep`: the plan (seeds, --vary values, run names, each run's `snn run` arguments), and
// the command run end to end: runs side by side, each the same bits as `snn run` with the same
// settings, summarised per variant; the same command continues a sweep (finished runs kept,
// stopped ones resumed, failed ones shown with their error) and refuses a directory holding
// anything else.
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { failureLine, followEpochs, type SweepFile } from "../../cli/commands/sweep.ts";
import { UserError } from "../../cli/exit.ts";
import {
  parseIntList,
  parseSeeds,
  parseVary,
  planSweep,
  runArguments,
} from "../../cli/sweep-plan.ts";
import { encodeImage } from "../../isa/image-codec.ts";
import { experimentImage } from "../emulator/fixture-experiment.ts";

const root = resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "snn-sweep-"));
const IRIS = join(root, "programs/emstdp/iris.snn");

function snn(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "cli/main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));

describe("the plan of a sweep", () => {
  it("reads seed lists and ranges, and refuses empty, repeated or huge ones", () => {
    expect(parseSeeds("42,7,1..4")).toEqual([42, 7, 1, 2, 3, 4]);
    expect(parseSeeds(" 3 ")).toEqual([3]);
    for (const bad of ["3..1", "a", "1,,2", "1,1", "0..5000", "4294967296"])
      expect(() => parseSeeds(bad), bad).toThrow(UserError);
  });

  it("reads --vary values, with integer ranges and commas inside parentheses", () => {
    expect(parseVary("eta=2^-7, 2^-6")).toEqual({ name: "eta", values: ["2^-7", "2^-6"] });
    expect(parseVary("k=1..3,7")).toEqual({ name: "k", values: ["1", "2", "3", "7"] });
    expect(parseVary("f=min(1, 2),3")).toEqual({ name: "f", values: ["min(1, 2)", "3"] });
    for (const bad of ["eta", "eta=", "eta=1,,2", "2x=1", "k=3..1", "k=1,1"])
      expect(() => parseVary(bad), bad).toThrow(UserError);
  });

  it("crosses the variants (first option slowest) with the seeds, naming each run", () => {
    const plan = planSweep(
      [1, 2],
      [
        { name: "a", values: ["1", "2"] },
        { name: "b", values: ["x"] },
      ],
      [["c", "5 ms"]],
    );
    expect(plan.map((r) => r.name)).toEqual([
      "a=1,b=x,seed-1",
      "a=1,b=x,seed-2",
      "a=2,b=x,seed-1",
      "a=2,b=x,seed-2",
    ]);
    expect(plan[2]).toEqual({
      name: "a=2,b=x,seed-1",
      seed: 1,
      consts: [
        ["c", "5 ms"],
        ["a", "2"],
        ["b", "x"],
      ],
      variant: [
        ["a", "2"],
        ["b", "x"],
      ],
    });
    // Seeds alone; values whose directory names would coincide stay apart.
    expect(planSweep([7], [], []).map((r) => r.name)).toEqual(["seed-7"]);
    expect(
      planSweep(undefined, [{ name: "a", values: ["1*2", "1/2"] }], []).map((r) => r.name),
    ).toEqual(["a=1_2", "a=1_2~2"]);
    expect(() => planSweep(undefined, [], [])).toThrow(/nothing to sweep/);
    expect(() => planSweep([1], [{ name: "c", values: ["1"] }], [["c", "2"]])).toThrow(
      /both by --const and by --vary/,
    );
    expect(() =>
      planSweep(
        parseSeeds("1..100"),
        [{ name: "a", values: Array.from({ length: 11 }, (_, i) => String(i)) }],
        [],
      ),
    ).toThrow(/1100 runs, more than 1000/);
  });

  it("sweeps over several --epochs as over a varied constant, outermost", () => {
    const plan = planSweep([1], [{ name: "eta", values: ["2^-7", "2^-6"] }], [], [0, 5]);
    expect(plan.map((r) => r.name)).toEqual([
      "epochs=0,eta=2^-7,seed-1",
      "epochs=0,eta=2^-6,seed-1",
      "epochs=5,eta=2^-7,seed-1",
      "epochs=5,eta=2^-6,seed-1",
    ]);
    expect(plan[2]).toMatchObject({ epochs: 5, consts: [["eta", "2^-7"]] });
    // The run's own epochs replace the option's one value.
    expect(runArguments("p.snn", plan[2]!, "D/x", { epochs: "0,5" })).toContain("5");
    expect(runArguments("p.snn", plan[2]!, "D/x", { epochs: "0,5" })).not.toContain("0,5");
    expect(planSweep(undefined, [], [], [1, 2]).map((r) => r.name)).toEqual([
      "epochs=1",
      "epochs=2",
    ]);
    expect(() => planSweep([1], [{ name: "epochs", values: ["1"] }], [], [1, 2])).toThrow(
      /name runs alike/,
    );
    expect(parseIntList("0..2,10", "--epochs", 0, 100)).toEqual([0, 1, 2, 10]);
    expect(() => parseIntList("200", "--epochs", 0, 100)).toThrow(/above the largest, 100/);
  });

  it("gives each run the snn run arguments of its settings", () => {
    const [run] = planSweep([3], [{ name: "eta", values: ["2^-6"] }], [["n", "4"]]);
    expect(
      runArguments("p.snn", run!, "D/x", { epochs: "2", holdout: "10" }, "D/x/c.ckpt"),
    ).toEqual([
      "run",
      "p.snn",
      "--out",
      "D/x",
      "--seed",
      "3",
      "--const",
      "n=4",
      "--const",
      "eta=2^-6",
      "--epochs",
      "2",
      "--holdout",
      "10",
      "--resume",
      "D/x/c.ckpt",
    ]);
  });
});

describe("the epoch lines of running runs", () => {
  it("passes on the newest whole epoch line of each log, once, named by its run", () => {
    const log = join(tmp, "follow.log");
    writeFileSync(log, "epoch 9 of 9: from an earlier run\n");
    const lines: string[] = [];
    const f = followEpochs((l) => lines.push(l), 1e9);
    f.add(log, "seed-3");
    f.poll();
    expect(lines).toEqual([]);
    appendFileSync(log, "epoch 1 of 3: a\nnote\nepoch 2 of 3: b\nepoch 3 of");
    f.poll();
    expect(lines).toEqual(["  seed-3: epoch 2 of 3: b"]);
    f.poll();
    expect(lines).toHaveLength(1);
    appendFileSync(log, " 3: c\n");
    f.poll();
    expect(lines.at(-1)).toBe("  seed-3: epoch 3 of 3: c");
    f.remove(log);
    appendFileSync(log, "epoch 4 of 3: d\n");
    f.poll();
    f.stop();
    expect(lines).toHaveLength(2);
  });
});

describe("a failed run's reason", () => {
  it("is the error line of its log, not what follows it", () => {
    const log = join(tmp, "failed.log");
    writeFileSync(
      log,
      "# 2026: snn run p.snn\ninternal error: x is not a function\nThis is a bug in snn; please report it with the command you ran.\n",
    );
    expect(failureLine(log)).toBe("internal error: x is not a function");
    writeFileSync(log, "some output\nKilled\n\n");
    expect(failureLine(log)).toBe("Killed");
    expect(failureLine(join(tmp, "no-such.log"))).toBe("(no log)");
  });
});

describe("snn sweep", () => {
  it("runs every seed and value, the same bits as snn run, and summarises each variant", () => {
    const out = join(tmp, "iris");
    const args = ["sweep", IRIS, "--epochs", "1", "--seeds", "1..2", "--vary", "eta=2^-7,2^-6"];
    const r = snn(...args, "--jobs", "2", "--out", out, "--at-least", "50");
    expect(r.stderr).not.toMatch(/at .*:\d+:\d+/);
    expect(r.code).toBe(0);
    const sweep = readJson(join(out, "sweep.json")) as SweepFile;
    expect(sweep.runs.map((x) => [x.name, x.status])).toEqual([
      ["eta=2^-7,seed-1", "done"],
      ["eta=2^-7,seed-2", "done"],
      ["eta=2^-6,seed-1", "done"],
      ["eta=2^-6,seed-2", "done"],
    ]);
    // Each run's accuracy is that of its own predictions; each variant's mean is over its runs.
    const acc = sweep.runs.map((x) => {
      const test = (
        readJson(join(out, x.name, "predictions.json")) as {
          test: boolean;
          label: number;
          predicted: number;
        }[]
      ).filter((p) => p.test);
      expect(test).toHaveLength(50);
      const a = test.filter((p) => p.predicted === p.label).length / test.length;
      expect(x.accuracy).toBeCloseTo(a, 12);
      expect(x.energyPj).toBeGreaterThan(0);
      return a;
    });
    expect(sweep.variants!.map((v) => [v.variant, v.runs])).toEqual([
      ["eta=2^-7", 2],
      ["eta=2^-6", 2],
    ]);
    expect(sweep.variants![0]!.accuracy!.mean).toBeCloseTo((acc[0]! + acc[1]!) / 2, 12);
    expect(sweep.variants![1]!.accuracy!.mean).toBeCloseTo((acc[2]! + acc[3]!) / 2, 12);
    // The second variant against the first, run by run with the same seed.
    const diffs = [acc[2]! - acc[0]!, acc[3]! - acc[1]!];
    expect(sweep.variants![0]!.vsFirst).toBeUndefined();
    expect(sweep.variants![1]!.vsFirst).toMatchObject({
      runs: 2,
      up: diffs.filter((x) => x > 0).length,
      down: diffs.filter((x) => x < 0).length,
    });
    expect(sweep.variants![1]!.vsFirst!.mean).toBeCloseTo((diffs[0]! + diffs[1]!) / 2, 12);
    expect(r.stdout).toMatch(/│ eta=2\^-6 +│ 2 +│/);
    expect(r.stdout).toContain(">= 50.00 %");
    // A run of the sweep is the run snn run makes with its settings, bit for bit.
    const direct = join(tmp, "iris-direct");
    const d = snn(
      "run",
      IRIS,
      "--epochs",
      "1",
      "--seed",
      "2",
      "--const",
      "eta=2^-6",
      "--out",
      direct,
    );
    expect(d.code).toBe(0);
    for (const f of ["predictions.json", "stats.json", "steps.json"])
      expect(readFileSync(join(out, "eta=2^-6,seed-2", f), "utf8"), f).toBe(
        readFileSync(join(direct, f), "utf8"),
      );
    expect(readFileSync(join(out, "eta=2^-6,seed-2.log"), "utf8")).toMatch(
      /^# \S+: snn run \S+iris\.snn --out \S+ --seed 2 --const 'eta=2\^-6' --epochs 1\n/,
    );

    // The same command again: nothing re-run, the same summary.
    const mtime = statSync(join(out, "eta=2^-7,seed-1", "meta.json")).mtimeMs;
    const again = snn(...args, "--out", out, "--at-least", "50");
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("(4 finished before); 0 to run");
    expect(statSync(join(out, "eta=2^-7,seed-1", "meta.json")).mtimeMs).toBe(mtime);
    const sweep2 = readJson(join(out, "sweep.json")) as SweepFile;
    expect(sweep2.variants).toEqual(sweep.variants);
    expect(sweep2.runs.map((x) => x.seconds)).toEqual(sweep.runs.map((x) => x.seconds));

    // snn eval of the sweep's directory evaluates its runs, summarised per variant.
    const ev = snn("eval", out, "--json");
    expect(ev.code).toBe(0);
    const evj = JSON.parse(ev.stdout) as {
      runs: { dir: string }[];
      byName: { summary: { testAccuracy: { mean: number } } }[];
    };
    expect(evj.runs.map((x) => x.dir)).toEqual(sweep.runs.map((x) => join(out, x.name)));
    expect(evj.byName.map((g) => g.summary.testAccuracy.mean)).toEqual(
      sweep.variants!.map((v) => v.accuracy!.mean),
    );

    // Other options into the same directory are refused: its runs are another sweep's.
    const other = snn(...args.slice(0, 3), "2", ...args.slice(4), "--out", out);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a sweep with another run \(/);
  }, 120_000);

  it("runs each of several --epochs, with the test pass of each", () => {
    const out = join(tmp, "epochs");
    const r = snn("sweep", IRIS, "--epochs", "0,1", "--seeds", "3", "--out", out);
    expect(r.code).toBe(0);
    const sweep = readJson(join(out, "sweep.json")) as SweepFile;
    expect(sweep.runs.map((x) => [x.name, x.status])).toEqual([
      ["epochs=0,seed-3", "done"],
      ["epochs=1,seed-3", "done"],
    ]);
    // 0 epochs: the test pass alone (50 rows of 126 steps); 1: one pass over the 100
    // training rows first.
    expect(sweep.runs.map((x) => x.steps)).toEqual([50 * 126, 150 * 126]);
    expect(sweep.variants!.map((v) => v.variant)).toEqual(["epochs=0", "epochs=1"]);
  });

  it("reports an error in a varied value at its source before any run, and keeps other files", () => {
    const out = join(tmp, "bad");
    const r = snn("sweep", IRIS, "--seeds", "1", "--vary", "eta=2^-7,nosuch", "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown constant `nosuch`");
    expect(r.stderr).toContain("--> --const eta:1:13");
    expect(r.stderr).not.toMatch(/at .*:\d+:\d+/);
    expect(existsSync(out)).toBe(false);
    const foreign = join(tmp, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    const f = snn("sweep", IRIS, "--seeds", "1", "--out", foreign);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain("holds no sweep.json");
    expect(readFileSync(join(foreign, "notes.txt"), "utf8")).toBe("mine");
  });

  it("stops on Ctrl-C, resumes stopped runs, and shows a failed run's error", async () => {
    // The fixture for 2,000 epochs: 160,000 steps a run, far more than run before the signal.
    const image = experimentImage();
    if (image.experiment.presentation) image.experiment.presentation.epochs = 2000;
    const img = join(tmp, "long.img");
    writeFileSync(img, encodeImage(image));
    // An image has no constants to vary.
    const vary = snn("sweep", img, "--vary", "a=1,2", "--out", join(tmp, "img-vary"));
    expect(vary.code).toBe(2);
    expect(vary.stderr).toContain("set constants of a .snn program");
    const out = join(tmp, "stopped");
    const args = [
      "sweep",
      img,
      "--seeds",
      "1..3",
      "--series-every",
      "100",
      "--jobs",
      "2",
      "--out",
      out,
    ];
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "cli/main.ts"), ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b) => {
      stderr += b;
    });
    const closed = new Promise<number | null>((done) => child.on("close", done));
    // Each run makes its directory just before its first step, with its signal handler set.
    const made = () => existsSync(join(out, "seed-1")) && existsSync(join(out, "seed-2"));
    while (!made() && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    expect(stderr).not.toMatch(/at .*:\d+:\d+/);
    expect(stderr).toContain("SIGINT: no new runs start");
    const stopped = readJson(join(out, "sweep.json")) as SweepFile;
    expect(stopped.runs.map((x) => x.status)).toEqual(["stopped", "stopped", "not run"]);
    for (const s of ["seed-1", "seed-2"]) {
      expect(readJson(join(out, s, "meta.json")).interrupted.atStep).toBeLessThan(160_040);
      expect(existsSync(join(out, s, "interrupted.ckpt"))).toBe(true);
    }

    // A damaged checkpoint fails its run, with the reason; the others resume or start.
    writeFileSync(join(out, "seed-2", "interrupted.ckpt"), "not a checkpoint");
    const next = snn(...args);
    expect(next.code).toBe(1);
    expect(next.stderr).toContain("resuming seed-1");
    expect(next.stderr).toMatch(/seed-2: failed \(exit 1\): error: .*interrupted\.ckpt/);
    const s2 = readJson(join(out, "sweep.json")) as SweepFile;
    expect(s2.runs.map((x) => x.status)).toEqual(["done", "failed", "done"]);
    expect(readJson(join(out, "seed-1", "meta.json")).resumedFrom).toBeGreaterThan(0);

    // Without the checkpoint the run starts over, and the sweep completes.
    rmSync(join(out, "seed-2", "interrupted.ckpt"));
    const last = snn(...args);
    expect(last.code).toBe(0);
    expect(last.stderr).toContain("(2 finished before); 1 to run");
    // The resumed run ends as an uninterrupted run of the same seed does, bit for bit.
    const direct = join(tmp, "direct");
    expect(snn("run", img, "--seed", "1", "--series-every", "100", "--out", direct).code).toBe(0);
    for (const f of ["predictions.json", "stats.json", "steps.json"])
      expect(readFileSync(join(out, "seed-1", f), "utf8"), f).toBe(
        readFileSync(join(direct, f), "utf8"),
      );

    // The program changed since: its finished runs are not mixed with new ones.
    if (image.experiment.presentation) image.experiment.presentation.epochs = 2001;
    writeFileSync(img, encodeImage(image));
    const changed = snn(...args);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain(
      "compiles to another image than when its runs there were made",
    );
    expect(readJson(join(out, "seed-1", "meta.json")).steps).toBe(160_040);
  }, 120_000);
  it("quits at a second Ctrl-C, and the same command then completes the sweep with the right runs", async () => {
    const image = experimentImage();
    if (image.experiment.presentation) image.experiment.presentation.epochs = 2000;
    const img = join(tmp, "twice.img");
    writeFileSync(img, encodeImage(image));
    const out = join(tmp, "twice");
    const args = ["sweep", img, "--seeds", "1..2", "--series-every", "100", "--out", out];
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "cli/main.ts"), ...args], {
      cwd: root,
      stdio: ["ignore", "ignore", "ignore"],
    });
    const closed = new Promise<number | null>((done) => child.on("close", done));
    const made = () => existsSync(join(out, "seed-1")) && existsSync(join(out, "seed-2"));
    while (!made() && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 30));
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    // The runs were given the second signal too, whatever they had written by then (nothing, a
    // partial directory, or a stopped run with its checkpoint): the next command makes each
    // run's right result from it.
    const again = snn(...args);
    expect(again.code).toBe(0);
    const direct = join(tmp, "twice-direct");
    expect(snn("run", img, "--seed", "2", "--series-every", "100", "--out", direct).code).toBe(0);
    for (const f of ["predictions.json", "stats.json", "steps.json"])
      expect(readFileSync(join(out, "seed-2", f), "utf8"), f).toBe(
        readFileSync(join(direct, f), "utf8"),
      );
  }, 120_000);
});
