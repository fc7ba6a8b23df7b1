// `snn eval` through the real command line: registered, JSON output, and a user error (exit 1,
// no stack trace) for a run directory without evaluation data.
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
});
