// `snn run`: image loading by extension, the printed table, the run directory the report
// generator reads, checkpoint files and clear errors for bad input.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalRunDir, renderEval } from "../../cli/commands/eval.ts";
import { loadImageForRun, runRun, runRunHeldOut, writeRunOutputs } from "../../cli/commands/run.ts";
import { interruptionNote } from "../../cli/commands/run-control.ts";
import { renderRunTable } from "../../cli/commands/run-table.ts";
import { UserError } from "../../cli/exit.ts";
import { loadRunDir } from "../../cli/report/load-run-dir.ts";
import { writeRunDir } from "../../cli/run-dir.ts";
import { encodeImage } from "../../isa/image-codec.ts";
import { weightLimits } from "../../isa/learning/eval.ts";
import { experimentImage } from "./fixture-experiment.ts";

const dir = mkdtempSync(join(tmpdir(), "snn-run-"));
const img = join(dir, "exp.img");
writeFileSync(img, encodeImage(experimentImage()));

describe("snn run", () => {
  it("runs an .img and prints per-core rows, totals, chip time and labelled energy", async () => {
    const r = await runRun(img, { steps: "60" });
    expect(r.stats.steps).toBe(60);
    const text = renderRunTable(r);
    expect(text).toContain("test: 60 steps on loihi, model bit-exact, seed 1");
    expect(text).toMatch(/│ 0\s+│ 0,0\s+│/);
    expect(text).toMatch(/│ 4\s+│ 1,0\s+│/);
    expect(text).toMatch(/│ total/);
    expect(text).toContain("(estimate, cost profile davies2018)");
    expect(text).toMatch(/chip time per step: [\d,]+ cycles = [\d.]+ ns/);
  });

  it("writes a run directory the report generator reads", async () => {
    const r = await runRun(img, { seed: "3" });
    const out = join(dir, "run");
    const files = writeRunDir(r, out);
    expect(files.sort()).toEqual(
      [
        "evaluation.json",
        "links.json",
        "meta.json",
        "predictions.json",
        "spikes/hid.json",
        "stats.json",
        "steps.json",
        "traces/out-v.json",
        "weights/hid-_out.json",
      ].sort(),
    );
    const data = loadRunDir(out);
    expect(data.meta.program).toBe("test");
    expect(data.meta.seed).toBe(3);
    expect(data.cores.map((c) => c.core)).toEqual([0, 4]);
    expect(data.perStep?.steps).toBe(200);
    expect(data.rasters[0]?.population).toBe("hid");
    expect(data.weights[0]?.width).toBe(16);
    expect(data.traces[0]?.columns).toEqual(["neuron 0", "neuron 1"]);
    expect(data.learningCurve?.points.at(-1)?.split).toBe("test");
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
    expect(stats.energyKind).toBe("estimate");
    // The weight probe carries its format's range (snn eval counts saturated weights with it).
    const probed = JSON.parse(readFileSync(join(out, "weights", "hid-_out.json"), "utf8"));
    const f = experimentImage().cores.find((c) => c.index === 4)!.synapseFormats[2]!;
    const { min, max } = weightLimits(f.weightBits, f.signMode);
    expect(probed.limits).toEqual({ min, max });
    expect(min).toBeLessThan(max);
  });

  it("writes checkpoints and resumes from them to the same statistics", async () => {
    const ck = join(dir, "run.ckpt");
    const full = await runRun(img, { checkpoint: ck, checkpointEvery: "50" });
    expect(existsSync(ck)).toBe(true);
    const resumed = await runRun(img, { resume: ck });
    expect(resumed.meta.resumedFrom).toBe(200);
    expect(resumed.stats).toEqual(full.stats);
    // A bad checkpoint is named as the culprit, not the image.
    const junk = join(dir, "junk.ckpt");
    writeFileSync(junk, "junk");
    await expect(runRun(img, { resume: junk })).rejects.toThrow(`${junk}: not a checkpoint`);
    const cut = join(dir, "cut.ckpt");
    writeFileSync(cut, readFileSync(ck).subarray(0, 200));
    await expect(runRun(img, { resume: cut })).rejects.toBeInstanceOf(UserError);
  });

  it("a run stopped early keeps its steps, says so everywhere, and resumes to the same bits", async () => {
    const full = await runRun(img, { seed: "3" });
    const out = join(dir, "stopped");
    const o = { out, seed: "3" };
    const { result, interrupted } = await runRunHeldOut(img, o, {
      stopRequested: (step) => step >= 70,
    });
    const ckpt = join(out, "interrupted.ckpt");
    expect(interrupted).toEqual({ atStep: 70, of: 200, checkpoint: ckpt });
    expect(result.stats.steps).toBe(70);
    // The steps run are the full run's first 70, bit for bit.
    expect(Array.from(result.series.chipCycles)).toEqual(
      Array.from(full.series.chipCycles.subarray(0, 70)),
    );
    // The command to continue repeats the options a checkpoint must match (here the seed).
    expect(interruptionNote(img, interrupted!, o)).toContain(
      `continue with: snn run ${img} --seed 3 --out ${out} --resume ${ckpt}`,
    );
    writeRunOutputs(result, o, undefined, interrupted);
    const meta = JSON.parse(readFileSync(join(out, "meta.json"), "utf8"));
    expect(meta.interrupted).toEqual({ atStep: 70, of: 200, checkpoint: ckpt });
    const { name, metrics } = evalRunDir(out, {});
    expect(metrics.interrupted).toEqual({ atStep: 70, of: 200 });
    expect(renderEval(name, metrics)).toContain("interrupted at step 70 of 200");
    expect(loadRunDir(out).notes.join("\n")).toContain("interrupted at step 70 of 200");
    // Resuming from the checkpoint finishes the experiment as if it had never stopped.
    const resumed = await runRunHeldOut(img, { resume: ckpt, seed: "3" });
    expect(resumed.interrupted).toBeUndefined();
    expect(resumed.result.meta.resumedFrom).toBe(70);
    expect(resumed.result.stats).toEqual(full.stats);
    expect(resumed.result.predictions).toEqual(full.predictions);
    // A run shorter than the checkpoint's step cannot continue it.
    await expect(runRun(img, { resume: ckpt, seed: "3", steps: "50" })).rejects.toThrow(
      `${ckpt}: checkpoint is at step 70, past the end of this run (50 steps)`,
    );
    // A stop asked for at the last step is no interruption; without --out or --checkpoint no
    // checkpoint is written, and the note says how to keep one.
    expect((await runRunHeldOut(img, {}, { stopRequested: (s) => s >= 200 })).interrupted).toBe(
      undefined,
    );
    const bare = await runRunHeldOut(img, {}, { stopRequested: (s) => s >= 5 });
    expect(bare.interrupted).toEqual({ atStep: 5, of: 200 });
    expect(interruptionNote(img, bare.interrupted!, {})).toContain("no checkpoint written");
  });

  it("--learning-rules spec runs the isa evaluator on every synapse, with the same bits", async () => {
    const pair = join(import.meta.dirname, "..", "..", "programs", "stdp", "pair.snn");
    const fast = await runRun(pair, { steps: "1500" });
    const spec = await runRun(pair, { steps: "1500", learningRules: "spec" });
    expect(fast.stats.totals.learnUpdates).toBeGreaterThan(0);
    expect(spec.stats.totals).toEqual(fast.stats.totals);
    expect(spec.sampled.map((x) => [...x.values])).toEqual(fast.sampled.map((x) => [...x.values]));
    await expect(runRun(img, { learningRules: "slow" })).rejects.toThrow(
      "--learning-rules must be compiled or spec, got 'slow'",
    );
    await expect(runRun(img, { learningRules: "spec", model: "reference" })).rejects.toThrow(
      "--learning-rules applies to the bit-exact model only",
    );
  });

  it("refuses files it cannot run, with a clear message", async () => {
    await expect(loadImageForRun(join(dir, "x.txt"))).rejects.toThrow(
      "snn run takes a .img chip image or a .snn program, got",
    );
    await expect(loadImageForRun(join(dir, "missing.img"))).rejects.toThrow(
      /cannot read chip image .*missing\.img: ENOENT/,
    );
    writeFileSync(join(dir, "junk.img"), "junk");
    await expect(loadImageForRun(join(dir, "junk.img"))).rejects.toBeInstanceOf(UserError);
    await expect(runRun(img, { model: "fast" })).rejects.toThrow(
      "--model must be bit-exact or reference, got 'fast'",
    );
    await expect(runRun(img, { checkpoint: join(dir, "c") })).rejects.toThrow(
      "--checkpoint FILE and --checkpoint-every N go together",
    );
  });

  it("ends a host routine's bad parameter in a one-line error, not an internal error", async () => {
    const bad = experimentImage();
    bad.hostLearning[0]!.params.eta = "fast";
    const file = join(dir, "bad-param.img");
    writeFileSync(file, encodeImage(bad));
    // Refused when the image is loaded: with 0 steps the routine (which runs at the end of the
    // first training sample, step 20) never runs, so a run is not lost to a late failure.
    const run = runRun(file, { steps: "0" });
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow(
      "bad-param.img: host routine count_delta: parameter 'eta' must be a number (got fast)",
    );
    const typo = experimentImage();
    typo.hostLearning[0]!.params.taget = 4;
    const typoFile = join(dir, "typo-param.img");
    writeFileSync(typoFile, encodeImage(typo));
    await expect(runRun(typoFile, { steps: "0" })).rejects.toThrow(
      "typo-param.img: host routine count_delta: unknown parameter 'taget' (it takes eta, target)",
    );
  });

  it("refuses step and seed values it cannot honour, instead of running something else", async () => {
    await expect(runRun(img, { steps: "" })).rejects.toThrow("--steps must be an integer >= 0");
    await expect(runRun(img, { steps: " " })).rejects.toThrow("--steps must be an integer >= 0");
    await expect(runRun(img, { steps: "1e20" })).rejects.toThrow("--steps 1e20 is too large");
    await expect(runRun(img, { seed: "4294967296" })).rejects.toThrow(
      "--seed 4294967296 is too large (at most 4294967295)",
    );
  });

  it("--series-every sums steps into the rows of steps.json; the resume command repeats it", async () => {
    await expect(runRun(img, { seriesEvery: "0" })).rejects.toThrow(
      "--series-every must be an integer >= 1, got '0'",
    );
    const r = await runRun(img, { seriesEvery: "40" });
    expect(r.series.every).toBe(40);
    expect(r.series.chipCycles.length).toBe(5);
    expect(r.stats).toEqual((await runRun(img, {})).stats);
    const note = interruptionNote(
      img,
      { atStep: 9, of: 200, checkpoint: "c.ckpt" },
      {
        seriesEvery: "40",
      },
    );
    expect(note).toContain(`continue with: snn run ${img} --series-every 40 --resume c.ckpt`);
  });

  it("refuses output paths it could not write before running, not after", async () => {
    await expect(runRun(img, { out: img })).rejects.toThrow(
      `--out ${img}: ${img} exists and is not a directory`,
    );
    await expect(runRun(img, { json: dir })).rejects.toThrow(
      `--json ${dir}: is a directory, expected a file`,
    );
    const missing = join(dir, "no", "such");
    await expect(
      runRun(img, { checkpoint: join(missing, "c.ckpt"), checkpointEvery: "10" }),
    ).rejects.toThrow(`directory ${missing} does not exist`);
    const r = await runRun(img, { steps: "5", out: join(dir, "a", "b") });
    expect(existsSync(join(dir, "a", "b"))).toBe(true);
    // A write that fails after the run is a UserError naming the file, not an internal error.
    expect(() => writeRunOutputs(r, { json: join(missing, "s.json") })).toThrow(UserError);
  });

  it("compiles a .snn program first, or says why it cannot", async () => {
    writeFileSync(join(dir, "bad.snn"), "this is not a program\n");
    await expect(loadImageForRun(join(dir, "bad.snn"))).rejects.toThrow(/bad\.snn did not compile/);
  });

  it("--const sets a program's constant for the run and meta.json records it; an image refuses it", async () => {
    const src = join(dir, "c.snn");
    writeFileSync(
      src,
      `snn 1;\nimport "std/neurons.snn" { CubaLIF };\nconst n = 3;\nnetwork C { population a = CubaLIF[n]; probe a.spikes; }\nrun C on loihi { dt = 1 ms; steps 4; }\n`,
    );
    const plain = await runRun(src, {});
    const set = await runRun(src, { const: ["n=7"] });
    // 4 steps of n neurons: 4 n neuron updates.
    const neurons = (r: typeof plain) => r.stats.cores.reduce((a, c) => a + c.neuronUpdates, 0) / 4;
    expect(neurons(plain)).toBe(3);
    expect(neurons(set)).toBe(7);
    const out = join(dir, "const-run");
    writeRunOutputs(set, { const: ["n=7"], out });
    const meta = JSON.parse(readFileSync(join(out, "meta.json"), "utf8"));
    expect(meta.consts).toEqual({ n: "7" });
    // snn eval names the settings, so the runs of a sweep say which is which.
    const { name, metrics } = evalRunDir(out, {});
    expect(metrics.settings).toEqual({ seed: meta.seed, consts: { n: "7" } });
    expect(renderEval(name, metrics).split("\n")[0]).toBe(`run C [const: n=7] (seed ${meta.seed})`);
    await expect(runRun(src, { const: ["m=1"] })).rejects.toThrow(/unknown top-level constant `m`/);
    // The image's name carries the values, so a checkpoint resumes only the same values.
    const ckpt = join(dir, "const.ckpt");
    await runRun(src, { const: ["n=7"], checkpoint: ckpt, checkpointEvery: "2" });
    await expect(runRun(src, { resume: ckpt })).rejects.toThrow(
      /checkpoint is of image 'C \[const: n=7\]'.*this run is 'C'/,
    );
    expect((await runRun(src, { const: ["n=7"], resume: ckpt })).stats.steps).toBe(4);
    await expect(runRun(img, { const: ["n=7"] })).rejects.toThrow(
      /--const sets constants of a \.snn program/,
    );
  });
});
