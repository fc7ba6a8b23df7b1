// snn eval's pieces on a hand-made run directory: metrics from predictions, spikes and weight
// probes as cli/run-dir.ts writes them, and clear errors for malformed or empty directories.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  alignmentOverLine,
  evalOutput,
  evalRunDir,
  parseEvalRequest,
  renderEval,
} from "../../cli/commands/eval.ts";
import { runPlot } from "../../cli/commands/plot.ts";
import { evaluateRun } from "../../cli/eval/run-metrics.ts";
import { UserError } from "../../cli/exit.ts";

const pred = (sample: number, label: number, predicted: number, test: boolean, epoch = 0) => ({
  sample,
  row: sample,
  label,
  predicted,
  test,
  epoch,
});

// Train epoch 0: 1 of 2 right; test: 2 right, 1 wrong (0 -> 1), 1 silent -> 2/4 = 50 %.
const predictions = [
  pred(0, 0, 0, false),
  pred(1, 1, 0, false),
  pred(2, 0, 0, true),
  pred(3, 1, 1, true),
  pred(4, 0, 1, true),
  pred(5, 2, -1, true),
];

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "snn-eval-"));
  writeFileSync(join(dir, "meta.json"), JSON.stringify({ format: "snn-run-1", program: "Demo" }));
  writeFileSync(join(dir, "predictions.json"), JSON.stringify(predictions));
  mkdirSync(join(dir, "spikes"));
  writeFileSync(
    join(dir, "spikes", "out.json"),
    JSON.stringify({ population: "out", size: 3, index: [0, 2, 1], time: [1, 2, 3] }),
  );
  mkdirSync(join(dir, "weights"));
  // W (2x3) = [[1,2,3],[4,5,6]] sampled twice (the last sample counts); B (3x2) = W^T.
  writeFileSync(
    join(dir, "weights", "w.json"),
    JSON.stringify({
      projection: "w",
      steps: [0, 10],
      width: 6,
      values: [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6],
    }),
  );
  writeFileSync(
    join(dir, "weights", "b.json"),
    JSON.stringify({ projection: "b", steps: [10], width: 6, values: [1, 4, 2, 5, 3, 6] }),
  );
  return dir;
}

describe("evaluateRun", () => {
  it("scores test and train predictions, silent samples wrong", () => {
    const m = evaluateRun({ predictions });
    expect(m.classification!.test!.accuracy).toBe(0.5);
    expect(m.classification!.test!.undecided).toBe(1);
    expect(m.classification!.trainEpochs).toEqual([{ epoch: 0, samples: 2, accuracy: 0.5 }]);
    // rows true class, columns predicted: 0->0 once, 0->1 once, 1->1 once; class 2 undecided.
    expect(Array.from(m.classification!.test!.confusion.counts)).toEqual([
      1, 1, 0, 0, 1, 0, 0, 0, 0,
    ]);
  });
  it("names the file and field of malformed data", () => {
    expect(() => evaluateRun({ predictions: [{ ...pred(0, 0, 0, true), label: "x" }] })).toThrow(
      "predictions.json: [0].label must be an integer",
    );
    expect(() =>
      evaluateRun({
        weights: [
          { file: "weights/w.json", value: { projection: "w", steps: [1], width: 2, values: [1] } },
        ],
      }),
    ).toThrow("weights/w.json: values has 1 values, not steps (1) x width (2)");
  });
});

describe("saturated weights", () => {
  it("counts the last sample's weights at the ends of the format's range, when the file gives it", () => {
    const value = {
      projection: "w",
      steps: [1, 2],
      width: 5,
      // The first sample is all at the ends; only the last counts: -256 and 254 twice.
      values: [-256, -256, 254, 254, 254, -256, -254, 0, 254, 254],
      limits: { min: -256, max: 254 },
    };
    const m = evaluateRun({ weights: [{ file: "weights/w.json", value }] });
    expect(m.weights![0]!.saturated).toEqual({ count: 3, min: -256, max: 254 });
    // Without limits (files of older runs) nothing is claimed.
    const { limits: _l, ...old } = value;
    const m2 = evaluateRun({ weights: [{ file: "weights/w.json", value: old }] });
    expect(m2.weights![0]!.saturated).toBeUndefined();
    expect(() =>
      evaluateRun({
        weights: [{ file: "weights/w.json", value: { ...value, limits: { min: 3, max: 1 } } }],
      }),
    ).toThrow("weights/w.json: limits has min 3 above max 1");
  });
});

describe("labelled synapses", () => {
  it("pairs B's a->b with W's b->a whatever the column order, and filters with --above", () => {
    // W: hidden h -> output o, labelled "h->o"; B: output o -> hidden h, listed in another order.
    // W = {0->0: 1, 1->0: 2, 0->1: 3, 1->1: 4}; B pairs 0->0 with W 0->0, 0->1 with W 1->0, ...
    // B equal to W^T gives cosine 1 even though B's columns are shuffled.
    const w = {
      projection: "w",
      steps: [5],
      width: 4,
      columns: ["synapse 0: 0->0", "synapse 1: 1->0", "synapse 2: 0->1", "synapse 3: 1->1"],
      values: [1, 2, 3, 4],
    };
    const b = {
      projection: "b",
      steps: [5],
      width: 4,
      columns: ["synapse 0: 1->1", "synapse 1: 0->0", "synapse 2: 1->0", "synapse 3: 0->1"],
      values: [4, 1, 3, 2],
    };
    const m = evaluateRun(
      {
        weights: [
          { file: "weights/w.json", value: w },
          { file: "weights/b.json", value: b },
        ],
      },
      { align: { b: "b", w: "w" }, converge: { probe: "w", target: 3.5, percent: 20, above: 2.5 } },
    );
    expect(m.alignment!.cosine).toBeCloseTo(1, 12);
    expect(m.alignment!.pairs).toBe(4);
    // above 2.5: {3, 4}; within 20 % of 3.5 = [2.8, 4.2] -> both
    expect(m.convergence!.count).toBe(2);
    expect(m.convergence!.fractionWithin).toBe(1);
  });
});

describe("alignment over the run", () => {
  it("measures cos(B, W^T) at every step both probes sampled, in step order", () => {
    // W (labelled h->o) sampled at steps 10, 20, 30; B (o->h) at 30, 20 and 5 (listed out of
    // order). At 20, B = -W^T (cosine -1); at 30, B = W^T (1); 5 and 10 have no partner.
    const cols = ["synapse 0: 0->0", "synapse 1: 1->0"];
    const w = {
      projection: "w",
      steps: [10, 20, 30],
      width: 2,
      columns: cols,
      values: [9, 9, 1, 2, 3, 4],
    };
    const b = {
      projection: "b",
      steps: [30, 20, 5],
      width: 2,
      columns: ["synapse 0: 0->0", "synapse 1: 0->1"],
      values: [3, 4, -1, -2, 7, 7],
    };
    const weights = [
      { file: "weights/w.json", value: w },
      { file: "weights/b.json", value: b },
    ];
    const m = evaluateRun({ weights }, { align: { b: "b", w: "w" } });
    const over = m.alignment!.over;
    expect(over.map((p) => p.step)).toEqual([20, 30]);
    expect(over[0]!.cosine).toBeCloseTo(-1, 12);
    expect(over[1]!.cosine).toBeCloseTo(1, 12);
    // The headline figure is still the last samples': B at step 5 against W at 30.
    expect(m.alignment!.cosine).toBeCloseTo((7 * 3 + 7 * 4) / (Math.sqrt(98) * 5), 12);
    // Unlabelled probes with a shape take the same path.
    const plain = weights.map(({ file, value: { columns: _c, ...v } }) => ({ file, value: v }));
    const m2 = evaluateRun({ weights: plain }, { align: { b: "b", w: "w", rows: 1, cols: 2 } });
    expect(m2.alignment!.over.map((p) => p.step)).toEqual([20, 30]);
    expect(m2.alignment!.over[1]!.cosine).toBeCloseTo(1, 12);
    expect(alignmentOverLine(over)).toBe(
      "  over the run, 2 samples: first -1.0000 (step 20), lowest -1.0000 (step 20), highest 1.0000 (step 30), last 1.0000 (step 30)",
    );
    expect(alignmentOverLine(over.slice(1))).toBeNull();
  });

  it("snn plot --what alignment draws it, and says what it needs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snn-align-"));
    mkdirSync(join(dir, "weights"));
    const cols = ["synapse 0: 0->0", "synapse 1: 1->0"];
    const bcols = ["synapse 0: 0->0", "synapse 1: 0->1"];
    const steps = [100, 200, 300];
    writeFileSync(
      join(dir, "weights", "w.json"),
      JSON.stringify({
        projection: "w",
        steps,
        width: 2,
        columns: cols,
        values: [1, 0, 1, 1, 0, 1],
      }),
    );
    writeFileSync(
      join(dir, "weights", "b.json"),
      JSON.stringify({
        projection: "b",
        steps,
        width: 2,
        columns: bcols,
        values: [0, 1, 0, 1, 0, 1],
      }),
    );
    const out = join(dir, "align.svg");
    await runPlot(dir, { what: "alignment", output: out, align: "b,w" });
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("cos(b, w^T) over the run");
    expect(svg).toContain("3 steps at which both projections were probed; last 1.0000 at step 300");
    await expect(runPlot(dir, { what: "alignment", output: out })).rejects.toThrow(
      "--what alignment needs --align B,W",
    );
    await expect(runPlot(dir, { what: "weights", output: out, align: "b,w" })).rejects.toThrow(
      "--align and --shape go with --what alignment",
    );
    await expect(runPlot(dir, { what: "alignment", output: out, align: "b,zz" })).rejects.toThrow(
      /no weight probe of projection 'zz'/,
    );
  });
});

describe("snn eval on a run directory", () => {
  it("computes alignment and convergence from the last weight samples", () => {
    const dir = fixture();
    const req = parseEvalRequest({
      align: "b,w",
      shape: "3,2",
      converge: "w",
      target: "3.5",
      percent: "50",
    });
    const { name, metrics } = evalRunDir(dir, req);
    expect(name).toBe("Demo");
    expect(metrics.alignment!.cosine).toBeCloseTo(1, 12);
    // |w - 3.5| <= 1.75 holds for 2, 3, 4, 5 -> 4 of 6
    expect(metrics.convergence!.fractionWithin).toBeCloseTo(4 / 6, 12);
    expect(metrics.spikes).toEqual([{ population: "out", spikes: 3 }]);
    const text = renderEval(name, metrics);
    expect(text).toContain(
      // Wilson 95 % interval of 2 of 4: 15.00 % to 85.00 %.
      "test accuracy 50.00 % (2/4; 95 % interval of the test set's sampling error 15.00 % to 85.00 %), 1 without an output spike (counted wrong)",
    );
    expect(text).toContain("cosine(b, w^T) 1.0000");
  });
  it("refuses a directory without evaluation data, an unknown probe and bad options", () => {
    const empty = mkdtempSync(join(tmpdir(), "snn-eval-empty-"));
    expect(() => evalRunDir(empty, {})).toThrow(/this run directory has no evaluation data/);
    expect(() => evalRunDir(join(empty, "nope"), {})).toThrow(/no such run directory/);
    expect(() => evalRunDir(fixture(), parseEvalRequest({ converge: "zz", target: "1" }))).toThrow(
      /no weight probe of projection 'zz' \(probed: b, w\)/,
    );
    expect(() => parseEvalRequest({ align: "b" })).toThrow(UserError);
    expect(() => parseEvalRequest({ align: "b,w", shape: "3" })).toThrow(/--shape takes ROWS,COLS/);
    // Unlabelled probes need a shape.
    expect(() => evalRunDir(fixture(), parseEvalRequest({ align: "b,w" }))).toThrow(
      /do not label their synapses; give --shape/,
    );
    expect(() => parseEvalRequest({ converge: "w", target: "abc" })).toThrow(
      /--target must be a number/,
    );
  });
  it("reports bad JSON by file", () => {
    const dir = mkdtempSync(join(tmpdir(), "snn-eval-bad-"));
    writeFileSync(join(dir, "predictions.json"), "{not json");
    expect(() => evalRunDir(dir, {})).toThrow(/predictions.json: not valid JSON/);
  });
});

describe("several runs", () => {
  // Minimal metrics: a test accuracy, an empty confusion matrix.
  const run = (dir: string, name: string, accuracy: number) => ({
    dir,
    name,
    metrics: {
      classification: {
        nClasses: 2,
        test: {
          samples: 100,
          accuracy,
          undecided: 0,
          confusion: { nClasses: 2, counts: new Int32Array(4), undecided: new Int32Array(2) },
        },
        trainEpochs: [],
      },
    },
  });

  it("summarises each variant of two runs or more, then all of them", () => {
    const runs = [
      run("a1", "P", 0.9),
      run("b1", "P [const: eta=2^-6]", 0.8),
      run("a2", "P", 0.94),
      run("c1", "P [epochs: 5]", 0.5),
      run("b2", "P [const: eta=2^-6]", 0.84),
    ];
    const heads = (t: string) => t.split("\n").filter((l) => l.startsWith("over"));
    const summaries = evalOutput(runs, undefined, false).split("\n\nover");
    expect(heads(evalOutput(runs, undefined, false))).toEqual([
      "over 2 runs of P",
      "over 2 runs of P [const: eta=2^-6]",
      "over all 5 runs",
    ]);
    expect(summaries.at(-3)).toContain("mean 92.00 %");
    expect(summaries.at(-2)).toContain("mean 82.00 %");
    expect(summaries.at(-1)).toContain("mean 79.60 %");
    const j = JSON.parse(evalOutput(runs, 0.9, true));
    expect(j.byName.map((g: { dirs: string[] }) => g.dirs)).toEqual([
      ["a1", "a2"],
      ["b1", "b2"],
    ]);
    expect(j.byName[0].summary.testAccuracy.atLeast.runs).toBe(2);
    expect(j.summary.runs).toBe(5);
  });

  it("keeps one summary when every run is of the same variant", () => {
    const t = evalOutput([run("a1", "P", 0.9), run("a2", "P", 0.94)], undefined, false);
    expect(t.split("\n").filter((l) => l.startsWith("over"))).toEqual(["over 2 runs"]);
    expect(
      JSON.parse(evalOutput([run("a1", "P", 0.9), run("a2", "P", 0.94)], undefined, true)).byName,
    ).toBeUndefined();
  });
});
