// `snn eval` through the real command line: registered, JSON output, the test set's interval,
// the summary of several run directories, and a user error (exit 1, no stack trace) for a run
// directory without evaluation data.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const snn = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "cli/main.ts", ...args], { encoding: "utf8" });

describe("snn eval CLI", () => {
  it("prints JSON metrics and refuses an empty run directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "snn-eval-cli-"));
    writeFileSync(
      join(dir, "predictions.json"),
      JSON.stringify([
        { sample: 0, row: 0, label: 1, predicted: 1, test: true, epoch: 0 },
        { sample: 1, row: 1, label: 0, predicted: 1, test: true, epoch: 0 },
      ]),
    );
    const ok = snn("eval", dir, "--json");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).classification.test.accuracy).toBe(0.5);
    const empty = snn("eval", mkdtempSync(join(tmpdir(), "snn-eval-cli-empty-")));
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/^error: .*this run directory has no evaluation data/);
    expect(empty.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
  it("prints the interval and, for several run directories, their summary", () => {
    const dirs = [
      [1, 1, 1, 0],
      [1, 0, 0, 0],
    ].map((pred) => {
      const dir = mkdtempSync(join(tmpdir(), "snn-eval-cli-multi-"));
      writeFileSync(
        join(dir, "predictions.json"),
        JSON.stringify(
          pred.map((p, i) => ({ sample: i, row: i, label: 1, predicted: p, test: true, epoch: 0 })),
        ),
      );
      return dir;
    });
    const one = snn("eval", dirs[0]!);
    expect(one.status).toBe(0);
    // 3 of 4: Wilson 95 % interval 30.06 % to 95.44 %.
    expect(one.stdout).toMatch(
      /test accuracy 75\.00 % \(3\/4; 95 % interval .* 30\.06 % to 95\.44 %\)/,
    );
    const two = snn("eval", ...dirs, "--at-least", "50");
    expect(two.status).toBe(0);
    expect(two.stdout).toMatch(/over 2 runs\n {2}test accuracy: mean 50\.00 %/);
    // A run stopped early (meta.json `interrupted`) is named in its report and in the summary.
    writeFileSync(
      join(dirs[1]!, "meta.json"),
      JSON.stringify({ program: "p", interrupted: { atStep: 60, of: 200 } }),
    );
    const partial = snn("eval", ...dirs);
    expect(partial.stdout).toContain("interrupted at step 60 of 200");
    expect(partial.stdout).toContain(`1 of them stopped early, their figures partial: ${dirs[1]}`);
    expect(two.stdout).toMatch(/at least 50\.00 %: 1 of 2 runs/);
    const json = JSON.parse(snn("eval", ...dirs, "--json").stdout);
    expect(json.runs).toHaveLength(2);
    expect(json.summary.testAccuracy.min).toBe(0.25);
    const bad = snn("eval", ...dirs, "--at-least", "150");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--at-least is a percentage/);
  });
});
