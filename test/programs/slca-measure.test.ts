// programs/slca/measure.ts over a sweep directory: runs grouped by setting and paired run by run.
// The pairing decides which differences measure.ts prints, so it must pair the runs that saw the
// same input: by run seed in a sweep with --seeds, else by the last --vary (input_seed for E).
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../cli/commands/sweep.ts";
import { pairedDifference } from "../../cli/eval/summary.ts";
import { type SweepRuns, sweepGroups } from "../../programs/slca/measure.ts";

const run = (
  name: string,
  variant: [string, string][],
  status: RunStatus = "done",
  seed?: number,
) => ({
  name,
  consts: variant,
  variant,
  status,
  ...(seed === undefined ? {} : { seed }),
});

describe("measure.ts sweep grouping", () => {
  it("pairs by the last --vary when the sweep has no seeds, and skips unfinished runs", () => {
    const sweep: SweepRuns = {
      seeds: null,
      vary: [
        { name: "code_smooth", values: ["3", "5"] },
        { name: "input_seed", values: ["1", "2"] },
      ],
      runs: [
        run("code_smooth=3,input_seed=1", [
          ["code_smooth", "3"],
          ["input_seed", "1"],
        ]),
        run("code_smooth=3,input_seed=2", [
          ["code_smooth", "3"],
          ["input_seed", "2"],
        ]),
        run(
          "code_smooth=5,input_seed=1",
          [
            ["code_smooth", "5"],
            ["input_seed", "1"],
          ],
          "failed",
        ),
        run("code_smooth=5,input_seed=2", [
          ["code_smooth", "5"],
          ["input_seed", "2"],
        ]),
      ],
    };
    const { pairedBy, groups } = sweepGroups(sweep);
    expect(pairedBy).toBe("input_seed");
    expect(groups).toEqual([
      {
        setting: "code_smooth=3",
        runs: [
          { name: "code_smooth=3,input_seed=1", pair: "1" },
          { name: "code_smooth=3,input_seed=2", pair: "2" },
        ],
      },
      { setting: "code_smooth=5", runs: [{ name: "code_smooth=5,input_seed=2", pair: "2" }] },
    ]);
  });

  it("pairs by run seed when the sweep has seeds; every --vary makes the setting", () => {
    const sweep: SweepRuns = {
      seeds: [1, 2],
      vary: [{ name: "eta", values: ["0.1", "0.2"] }],
      runs: [
        run("eta=0.1,seed-1", [["eta", "0.1"]], "done", 1),
        run("eta=0.2,seed-1", [["eta", "0.2"]], "done", 1),
        run("eta=0.2,seed-2", [["eta", "0.2"]], "done", 2),
      ],
    };
    const { pairedBy, groups } = sweepGroups(sweep);
    expect(pairedBy).toBe("seed");
    expect(groups.map((g) => [g.setting, g.runs.map((r) => r.pair)])).toEqual([
      ["eta=0.1", ["1"]],
      ["eta=0.2", ["1", "2"]],
    ]);
  });

  it("differences only the pairs both settings have", () => {
    const a = new Map([
      ["1", 0.95],
      ["2", 0.94],
      ["3", 0.93],
    ]);
    const b = new Map([
      ["1", 0.96],
      ["2", 0.92],
      ["4", 0.5],
    ]);
    const d = pairedDifference(a, b)!;
    expect(d.runs).toBe(2);
    expect(d.mean).toBeCloseTo((0.01 - 0.02) / 2, 12);
    expect([d.up, d.down]).toEqual([1, 1]);
    expect(pairedDifference(a, new Map([["9", 1]]))).toBeUndefined();
  });
});
