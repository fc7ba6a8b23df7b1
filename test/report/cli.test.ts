// `snn report` and `snn plot` end to end on a fixture run directory: the files they write, the
// same bytes twice, and clear one-line errors (file and field named, exit 1, no stack trace)
// for a missing or malformed run directory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPlot } from "../../cli/commands/plot.ts";
import { runReport } from "../../cli/commands/report.ts";
import { UserError } from "../../cli/exit.ts";
import { writeFixtureRunDir } from "./fixture-run-dir.ts";

const root = join(import.meta.dirname, "..", "..");

function snn(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "cli/main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("snn report / snn plot", () => {
  const dir = mkdtempSync(join(tmpdir(), "snn-cli-report-"));
  const run = join(dir, "run");
  writeFixtureRunDir(run);

  it("runs as a command: writes the report and says where", () => {
    const out = join(dir, "cmd.html");
    const r = snn("report", run, "-o", out);
    expect(r.stderr).toBe(`report written to ${out}\n`);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("snn run report: fixture-net");
  });

  it("fails as a command with one line naming file and field, exit 1, no stack trace", () => {
    const bad = join(dir, "bad");
    writeFixtureRunDir(bad);
    const stats = JSON.parse(readFileSync(join(bad, "stats.json"), "utf8"));
    stats.cores[1].phases.update.cycles = "many";
    writeFileSync(join(bad, "stats.json"), JSON.stringify(stats));
    const r = snn("report", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${join(bad, "stats.json")}: cores[1].phases.update.cycles must be a finite number, found string\n`,
    );
  });

  it("writes the same report bytes twice", async () => {
    await runReport(run, { output: join(dir, "a.html") });
    await runReport(run, { output: join(dir, "b.html") });
    const html = readFileSync(join(dir, "a.html"), "utf8");
    expect(html).toBe(readFileSync(join(dir, "b.html"), "utf8"));
    expect(html).toContain("Spike raster: hidden");
  });

  it("adds cos(B, W^T) over the run to the weights section with --align", async () => {
    const out = join(dir, "align.html");
    // The fixture's one weight probe against itself: W's a->b paired with W's b->a.
    await runReport(run, { output: out, align: "in->hidden,in->hidden" });
    const html = readFileSync(out, "utf8");
    expect(html).toContain(
      "3 steps at which both projections were probed; last 0.9756 at step 100",
    );
    // (3*3 + 5*7 + 7*5 + 9*9) / (9 + 25 + 49 + 81) = 160 / 164 at step 100.
    const plain = join(dir, "plain.html");
    await runReport(run, { output: plain });
    expect(readFileSync(plain, "utf8")).not.toContain("both projections were probed");
    await expect(runReport(run, { output: out, shape: "2,2" })).rejects.toThrow(
      "--shape goes with --align B,W",
    );
    await expect(runReport(run, { output: out, align: "in->hidden,zz" })).rejects.toThrow(
      /no weight probe of projection 'zz'/,
    );
  });

  it("writes one SVG chart per --what", async () => {
    for (const what of ["raster", "traces", "chip", "weights"]) {
      const out = join(dir, `${what}.svg`);
      await runPlot(run, { what, output: out });
      expect(readFileSync(out, "utf8")).toMatch(
        /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
    }
  });

  it("rejects a missing run directory", async () => {
    await expect(runReport(join(dir, "nope"), {})).rejects.toThrow(
      new UserError(`${join(dir, "nope")}: no such run directory`),
    );
  });

  it("names a stats.json that is not JSON", async () => {
    const bad = join(dir, "notjson");
    writeFixtureRunDir(bad);
    writeFileSync(join(bad, "stats.json"), "{ not json");
    await expect(runPlot(bad, { what: "chip", output: join(dir, "c.svg") })).rejects.toThrow(
      /stats\.json: not valid JSON \(.+\)$/,
    );
  });

  it("names a missing stats.json", async () => {
    const bad = join(dir, "nostats");
    writeFixtureRunDir(bad, { omit: ["stats.json"] });
    await expect(runReport(bad, {})).rejects.toThrow(
      `${join(bad, "stats.json")}: missing (every run directory has stats.json)`,
    );
  });

  it("says which probes exist when plot asks for an unknown population", async () => {
    await expect(
      runPlot(run, { what: "raster", population: "nobody", output: join(dir, "r.svg") }),
    ).rejects.toThrow("--population 'nobody': no spike probes of that name (recorded: hidden)");
  });

  it("plots a slice of a population and rejects a slice beyond it", async () => {
    const out = join(dir, "slice.svg");
    await runPlot(run, { what: "raster", population: "hidden", neurons: "0:5", output: out });
    expect(readFileSync(out, "utf8")).toMatch(/all \d+ spikes \(neurons 0\.\.4 of 20\)/);
    await expect(runPlot(run, { what: "raster", neurons: "5:50", output: out })).rejects.toThrow(
      "--neurons: slice 5:50 is empty or beyond the population's 20 neurons",
    );
  });

  it("rejects an unknown --what", async () => {
    await expect(runPlot(run, { what: "pie", output: join(dir, "p.svg") })).rejects.toThrow(
      "--what 'pie': choose one of raster, traces, chip, weights",
    );
  });
});
