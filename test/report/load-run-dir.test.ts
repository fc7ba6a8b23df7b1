// The run-directory adapter: maps the emulator's files (docs/run-output.md) onto RunData
// field by field, tolerates missing optional parts with a note, and reads the compiler's
// report (compiler/encode/report.ts) into utilization and quantization tables.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCompileReport } from "../../cli/report/load-compile-report.ts";
import { loadRunDir } from "../../cli/report/load-run-dir.ts";
import { writeFixtureRunDir } from "./fixture-run-dir.ts";

const base = mkdtempSync(join(tmpdir(), "snn-load-run-"));

describe("loadRunDir", () => {
  const dir = join(base, "full");
  writeFixtureRunDir(dir, { steps: 100 });
  const run = loadRunDir(dir);

  it("reads the chip geometry and identity from meta.json and stats.json", () => {
    expect(run.meta).toEqual({
      program: "fixture-net",
      profile: "loihi",
      costProfile: "davies2018",
      model: "bit-exact",
      steps: 100,
      seed: 3,
      clockMhz: 10000,
      mesh: { width: 8, height: 4 },
      chips: 1,
      coresPerTile: 4,
    });
  });

  it("maps each core's phases to cycles and operation energies", () => {
    expect(run.cores.map((c) => [c.core, c.tileX, c.tileY, c.coreInTile])).toEqual([
      [0, 0, 0, 0],
      [1, 0, 0, 1],
      [4, 1, 0, 0],
      [9, 2, 0, 1],
    ]);
    const c = run.cores[2];
    // Barrier: 1130 cycles per step, every core takes part, 100 steps.
    expect(c?.cycles.barrier).toBe(113_000);
    expect(c?.energyPj["NoC hops"]).toBe(12.5);
    expect(c?.utilization.compartments).toEqual([64, 1024]);
    expect(c?.nocHops).toBe(40);
  });

  it("reads per-step series, links and probes", () => {
    expect(run.perStep?.steps).toBe(100);
    expect(run.perStep?.coreCycles.length).toBe(400);
    expect(run.links).toEqual([
      { from: [0, 0], to: [1, 0], messages: 340 },
      { from: [1, 0], to: [2, 0], messages: 120 },
      { from: [2, 0], to: [1, 0], messages: 75 },
    ]);
    expect(run.rasters.map((r) => [r.population, r.size])).toEqual([["hidden", 20]]);
    expect(run.traces[0]?.columns).toEqual(["neuron 0", "neuron 5"]);
    expect(run.traces[0]?.values[2]).toBe(20); // step 2, neuron 0: 2 * 10
    expect(run.weights[0]?.projection).toBe("in->hidden");
    expect(run.weights[0]?.values.length).toBe(12);
    expect(run.notes).toEqual([]);
  });

  it("builds the learning curve from training predictions in blocks, plus the test pass", () => {
    const lc = run.learningCurve;
    expect(lc?.xLabel).toBe("training samples shown");
    // 30 training predictions in blocks of ceil(30/20) = 2 -> 15 points; then the test point.
    const train = lc?.points.filter((p) => p.split.startsWith("train")) ?? [];
    expect(train.length).toBe(15);
    expect(train[0]).toEqual({ x: 2, accuracy: 1, split: "train (online, blocks of 2)" });
    expect(lc?.points.at(-1)).toEqual({ x: 30, accuracy: 0.7, split: "test" });
  });

  it("gives one point per epoch when training ran for many epochs", () => {
    const d = join(base, "epochs");
    writeFixtureRunDir(d);
    // 5 epochs x 4 samples; in epoch e the first e samples are right.
    const preds = Array.from({ length: 20 }, (_, k) => {
      const epoch = Math.floor(k / 4);
      return {
        sample: k,
        row: k % 4,
        label: 1,
        predicted: k % 4 < epoch ? 1 : 0,
        test: false,
        epoch,
      };
    });
    writeFileSync(join(d, "predictions.json"), JSON.stringify(preds));
    const lc = loadRunDir(d).learningCurve;
    expect(lc?.points.filter((p) => p.split === "train (online, per epoch)")).toEqual([
      { x: 4, accuracy: 0, split: "train (online, per epoch)" },
      { x: 8, accuracy: 0.25, split: "train (online, per epoch)" },
      { x: 12, accuracy: 0.5, split: "train (online, per epoch)" },
      { x: 16, accuracy: 0.75, split: "train (online, per epoch)" },
      { x: 20, accuracy: 1, split: "train (online, per epoch)" },
    ]);
  });

  it("tolerates a run without probes, series or evaluation and says so", () => {
    const d = join(base, "bare");
    writeFixtureRunDir(d, {
      omit: [
        "spikes",
        "traces",
        "weights",
        "steps.json",
        "links.json",
        "evaluation.json",
        "predictions.json",
      ],
    });
    const r = loadRunDir(d);
    expect(r.cores.length).toBe(4);
    expect(r.perStep).toBeNull();
    expect(r.links).toBeNull();
    expect(r.learningCurve).toBeNull();
    expect(r.notes).toEqual([
      "no steps.json: per-step figures not recorded",
      "no probes recorded: only the chip map and core figures are shown",
    ]);
  });

  it("leaves out a per-step series file too large to read whole, with a note", () => {
    const d = join(base, "huge-steps");
    writeFixtureRunDir(d);
    expect(loadRunDir(d).perStep).not.toBeNull();
    // The real limit is 400 MB; a 100-byte cap stands in for it.
    const r = loadRunDir(d, 100);
    expect(r.perStep).toBeNull();
    expect(r.notes.some((n) => /^steps\.json is [\d.]+ MB, more than the 0\.0 MB/.test(n))).toBe(
      true,
    );
    // The rest of the run is still read.
    expect(r.cores.length).toBe(4);
  });

  it("rejects inconsistent shapes with the file and field", () => {
    const d = join(base, "badtrace");
    writeFixtureRunDir(d);
    writeFileSync(
      join(d, "traces", "hidden-v.json"),
      JSON.stringify({
        population: "hidden",
        what: "v",
        steps: [1, 2],
        width: 2,
        values: [1, 2, 3],
      }),
    );
    expect(() => loadRunDir(d)).toThrow(
      `${join(d, "traces", "hidden-v.json")}: values must be an array of steps x width = 2 x 2 numbers, found an array`,
    );
  });

  it("says a sweep directory is not one run, and how to read it", () => {
    const d = join(base, "sweep");
    mkdirSync(d);
    writeFileSync(join(d, "sweep.json"), JSON.stringify({ format: "snn-sweep-1", runs: [] }));
    expect(() => loadRunDir(d)).toThrow(
      `${d}: a sweep directory (snn sweep --out ${d}), not one run: give one of its run directories (${d}/NAME, listed in sweep.json), or snn eval ${d} for all of them`,
    );
  });

  it("rejects a spike of a neuron the population does not have", () => {
    const d = join(base, "badspike");
    writeFixtureRunDir(d);
    const file = join(d, "spikes", "hidden.json");
    writeFileSync(
      file,
      JSON.stringify({ population: "hidden", size: 20, index: [3, 20], time: [1, 2] }),
    );
    expect(() => loadRunDir(d)).toThrow(
      `${file}: index [1] = 20 is not a neuron of the population's 20`,
    );
  });

  it("reads step numbers past 2^31 exactly and refuses an index beyond 32 bits", () => {
    // A long run's spike times and sample steps pass 2^31; they used to wrap to negative
    // numbers in a 32-bit array (and a spike at step 2^31 was refused as "before step 1").
    const d = join(base, "longrun");
    writeFixtureRunDir(d);
    const late = 2 ** 31 + 5;
    writeFileSync(
      join(d, "spikes", "hidden.json"),
      JSON.stringify({ population: "hidden", size: 20, index: [3, 4], time: [7, late] }),
    );
    const trace = join(d, "traces", "hidden-v.json");
    writeFileSync(
      trace,
      JSON.stringify({
        population: "hidden",
        what: "v",
        steps: [1, late],
        width: 1,
        values: [1, 2],
      }),
    );
    const r = loadRunDir(d);
    const spikes = r.rasters.find((x) => x.population === "hidden");
    expect(spikes && [...spikes.time]).toEqual([7, late]);
    expect([...(r.traces.find((x) => x.population === "hidden")?.steps ?? [])]).toEqual([1, late]);

    const file = join(d, "spikes", "hidden.json");
    writeFileSync(
      file,
      JSON.stringify({ population: "hidden", size: 20, index: [3, 2 ** 32 + 3], time: [1, 2] }),
    );
    expect(() => loadRunDir(d)).toThrow(
      `${file}: index [1] = ${2 ** 32 + 3} is outside the 32-bit range of this field`,
    );
  });
  it("names a compile report that is not one", () => {
    const f = join(base, "bad-compile.json");
    writeFileSync(f, JSON.stringify({ cores: [{ index: 0, utilization: { compartments: [1] } }] }));
    expect(() => loadCompileReport(f)).toThrow(
      `${f}: cores[0].utilization.compartments must be a [used, max] pair, found an array`,
    );
  });

  it("rejects a core placed outside the mesh", () => {
    const d = join(base, "badtile");
    writeFixtureRunDir(d);
    const stats = join(d, "stats.json");
    const s = JSON.parse(readFileSync(stats, "utf8"));
    s.cores[3].tile = [9, 0];
    writeFileSync(stats, JSON.stringify(s));
    expect(() => loadRunDir(d)).toThrow(
      `${stats}: cores[3].tile [9, 0] is outside the 8 x 4 tile mesh`,
    );
  });

  it("rejects a mesh or board the profile does not have (the chip map would draw all of it)", () => {
    type Meta = { mesh: { width: number }; chips: number };
    type Stats = { cores: { chip: number }[] };
    const edit = (name: string, f: (m: Meta, s: Stats) => void) => {
      const d = join(base, name);
      writeFixtureRunDir(d);
      const m = JSON.parse(readFileSync(join(d, "meta.json"), "utf8"));
      const s = JSON.parse(readFileSync(join(d, "stats.json"), "utf8"));
      f(m, s);
      writeFileSync(join(d, "meta.json"), JSON.stringify(m));
      writeFileSync(join(d, "stats.json"), JSON.stringify(s));
      return d;
    };
    const wide = edit("widemesh", (m) => {
      m.mesh.width = 99999999;
    });
    expect(() => loadRunDir(wide)).toThrow(
      `${join(wide, "meta.json")}: mesh.width is 99999999, but profile loihi has 8 tiles across`,
    );
    const board = edit("bigboard", (m) => {
      m.chips = 1e9;
    });
    expect(() => loadRunDir(board)).toThrow(
      `${join(board, "meta.json")}: chips gives a board of 1000000000 chips; profile loihi has 1..32`,
    );
    const neg = edit("negchip", (_m, s) => {
      (s.cores[0] as Stats["cores"][number]).chip = -1;
    });
    expect(() => loadRunDir(neg)).toThrow(
      `${join(neg, "stats.json")}: cores[0].chip gives chip -1`,
    );
  });

  it("rejects an unknown chip profile naming the known ones", () => {
    const d = join(base, "badprofile");
    writeFixtureRunDir(d);
    const stats = join(d, "stats.json");
    const s = JSON.parse(readFileSync(stats, "utf8"));
    s.profile = "truenorth";
    writeFileSync(stats, JSON.stringify(s));
    expect(() => loadRunDir(d)).toThrow(
      /stats\.json: profile must be a known chip profile name \(unknown chip profile 'truenorth' \(known: loihi, loihi2\)\), found string/,
    );
  });
});

describe("loadCompileReport", () => {
  it("reads the compiler's report: facts, cores with holds and the two quantization tables", () => {
    const f = join(base, "compile.json");
    writeFileSync(
      f,
      JSON.stringify({
        name: "Net",
        profile: "loihi",
        chips: 1,
        neurons: 1200,
        synapses: 64000,
        cores: [
          {
            index: 4,
            chip: 0,
            tile: [1, 0],
            holds: ["hid[0..512)"],
            utilization: { compartments: [512, 1024] },
          },
        ],
        quantization: {
          projections: [
            {
              id: "in->hid",
              synapses: 64000,
              signMode: "mixed",
              weightExp: 0,
              lsb: 128,
              saturated: 0,
              flushed: 3,
              maxAbsError: 63,
              flushAllowed: true,
            },
          ],
          registers: [
            {
              what: "decay_v",
              exact: 204.75,
              value: 205,
              error: 0.25,
              relError: 0.0012,
              from: { tau_v: "20 ms", dt: "1 ms" },
              at: "net.snn:3:5",
            },
          ],
        },
        traffic: null,
        placement: { order: ["hid"], passes: 1 },
        timesMs: { parse: 1 },
      }),
    );
    const rep = loadCompileReport(f);
    expect(rep.facts).toEqual([
      ["name", "Net"],
      ["profile", "loihi"],
      ["chips", "1"],
      ["neurons", "1,200"],
      ["synapses", "64,000"],
      ["placement passes", "1"],
    ]);
    expect(rep.cores).toEqual([
      { core: 4, holds: ["hid[0..512)"], utilization: { compartments: [512, 1024] } },
    ]);
    expect(rep.quantization.map((t) => t.title)).toEqual([
      "Weights per projection",
      "Derived registers",
    ]);
    expect(rep.quantization[0]?.rows[0]?.flushAllowed).toBe("true");
    expect(rep.quantization[1]?.rows[0]?.from).toBe("tau_v=20 ms, dt=1 ms");
  });
});
