// Experiment variants of `snn run`. Held-out evaluation (`--holdout N`): the image trains on
// all but the last N training rows and tests on those N; its schedule presents exactly those
// rows, the rest of the image is untouched, bad N and experiments without a data set are
// refused, and the CLI records the held-out rows in the run directory so `snn eval` labels the
// accuracy as held-out. Epochs (`--epochs N`): the same schedule with N training epochs, whose
// first epochs are the program's own, bit for bit.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalRunDir, renderEval } from "../../cli/commands/eval.ts";
import { runRunHeldOut, writeRunOutputs } from "../../cli/commands/run.ts";
import { UserError } from "../../cli/exit.ts";
import {
  HoldoutError,
  run,
  Schedule,
  VariantError,
  withEpochs,
  withHoldout,
} from "../../emulator/index.ts";
import { encodeImage } from "../../isa/image-codec.ts";
import { experimentImage } from "./fixture-experiment.ts";

describe("withHoldout", () => {
  it("trains on the first rows and tests on the held-out ones, nothing else changed", () => {
    const img = experimentImage(); // toy: train rows 0..3, test rows 4..5, 2 epochs of 20 steps
    const h = withHoldout(img, 1);
    expect(h.rows).toEqual([3, 4]);
    expect(h.trainRows).toEqual([0, 3]);
    expect(h.image.experiment.datasets[0]!.trainRows).toEqual([0, 3]);
    expect(h.image.experiment.datasets[0]!.testRows).toEqual([3, 4]);
    expect(h.image.name).toBe(`${img.name} [held out: rows 3..3]`);
    // The original image is not modified, and the chip part is shared as is.
    expect(img.experiment.datasets[0]!.trainRows).toEqual([0, 4]);
    expect(h.image.cores).toBe(img.cores);
    // The schedule: 2 epochs of rows 0, 1, 2, then the test pass on row 3 only.
    const s = new Schedule(h.image.experiment);
    expect(s.totalSteps).toBe((2 * 3 + 1) * 20);
    const rows = [];
    for (let step = 1; step <= s.totalSteps; step += 20) {
      const c = s.at(step);
      rows.push([c.row, c.test]);
    }
    expect(rows).toEqual([
      [0, false],
      [1, false],
      [2, false],
      [0, false],
      [1, false],
      [2, false],
      [3, true],
    ]);
  });
  it("refuses N outside 1..train rows - 1 and an experiment without a data set", () => {
    const img = experimentImage();
    for (const n of [0, 4, 2.5, -1])
      expect(() => withHoldout(img, n)).toThrow(/cannot hold out .* give 1\.\.3/);
    const none = experimentImage();
    none.experiment.presentation = null;
    expect(() => withHoldout(none, 1)).toThrow(HoldoutError);
  });
});

describe("snn run --holdout", () => {
  const dir = mkdtempSync(join(tmpdir(), "snn-holdout-"));
  const file = join(dir, "exp.img");
  writeFileSync(file, encodeImage(experimentImage()));

  it("records the held-out rows in meta.json and eval reports held-out accuracy", async () => {
    const out = join(dir, "run");
    const o = { holdout: "2", out };
    const { result, holdout } = await runRunHeldOut(file, o);
    expect(holdout!.rows).toEqual([2, 4]);
    expect(result.predictions.filter((p) => p.test).map((p) => p.row)).toEqual([2, 3]);
    writeRunOutputs(result, o, holdout);
    const meta = JSON.parse(readFileSync(join(out, "meta.json"), "utf8"));
    expect(meta.holdout).toEqual({ dataset: "toy", rows: [2, 4], trainRows: [0, 2] });
    const { name, metrics } = evalRunDir(out, {});
    expect(metrics.heldOut).toEqual({ rows: [2, 4] });
    expect(renderEval(name, metrics)).toMatch(/^held-out accuracy \(training rows 2\.\.3/m);
    expect(renderEval(name, metrics)).not.toMatch(/^test accuracy/m);
  });
  it("keeps checkpoints of held-out and full runs apart", async () => {
    const ck = join(dir, "held.ckpt");
    await runRunHeldOut(file, { holdout: "1", steps: "30", checkpoint: ck, checkpointEvery: "20" });
    await expect(runRunHeldOut(file, { resume: ck })).rejects.toThrow(/held out: rows 3\.\.3/);
    const resumed = await runRunHeldOut(file, { holdout: "1", resume: ck });
    const full = await runRunHeldOut(file, { holdout: "1" });
    expect(resumed.result.predictions).toEqual(full.result.predictions);
  });
  it("refuses a bad --holdout with a usage error", async () => {
    await expect(runRunHeldOut(file, { holdout: "4" })).rejects.toThrow(
      /--holdout 4: cannot hold out 4 of the 4 training rows/,
    );
    await expect(runRunHeldOut(file, { holdout: "x" })).rejects.toBeInstanceOf(UserError);
  });
});

describe("withEpochs and snn run --epochs", () => {
  const dir = mkdtempSync(join(tmpdir(), "snn-epochs-"));
  const file = join(dir, "exp.img");
  writeFileSync(file, encodeImage(experimentImage()));

  it("trains N epochs, then the same test pass; the epochs they share run the same bits", () => {
    const img = experimentImage(); // 2 epochs of 4 training rows, 20 steps each, 2 test rows
    const three = withEpochs(img, 3);
    expect(three.name).toBe(`${img.name} [epochs: 3]`);
    expect(img.experiment.presentation!.epochs).toBe(2);
    expect(three.cores).toBe(img.cores);
    expect(new Schedule(three.experiment).totalSteps).toBe((3 * 4 + 2) * 20);
    const a = run(img);
    const b = run(three);
    const train = (r: typeof a, e: number) => r.predictions.filter((p) => !p.test && p.epoch < e);
    expect(train(b, 2)).toEqual(train(a, 2));
    expect(b.predictions.filter((p) => !p.test)).toHaveLength(12);
    expect(b.predictions.filter((p) => p.test).map((p) => p.row)).toEqual([4, 5]);
    // 0 epochs: the test pass alone, on the initial weights.
    const none = run(withEpochs(img, 0));
    expect(none.predictions.map((p) => p.test)).toEqual([true, true]);
  });
  it("refuses epochs it cannot run, as a usage error naming the option", async () => {
    const img = experimentImage();
    for (const n of [-1, 1.5]) expect(() => withEpochs(img, n)).toThrow(VariantError);
    const none = experimentImage();
    none.experiment.presentation = null;
    expect(() => withEpochs(none, 3)).toThrow(/presents no data set/);
    await expect(runRunHeldOut(file, { epochs: "-1" })).rejects.toThrow(
      "--epochs must be an integer >= 0, got '-1'",
    );
    const out = join(dir, "run");
    const o = { epochs: "1", holdout: "1", out };
    const r = await runRunHeldOut(file, o);
    expect(r.result.name).toBe(`${img.name} [epochs: 1] [held out: rows 3..3]`);
    expect(r.result.predictions.filter((p) => !p.test)).toHaveLength(3);
    // meta.json records both variants as fields.
    writeRunOutputs(r.result, o, r.holdout);
    const meta = JSON.parse(readFileSync(join(out, "meta.json"), "utf8"));
    expect(meta.epochs).toBe(1);
    expect(meta.holdout.rows).toEqual([3, 4]);
  });
});
