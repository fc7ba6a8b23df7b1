// The one adapter from the emulator's run directory (`snn run --out DIR`, docs/run-output.md)
// to RunData. Only stats are required; every other part (per-step series, probes, evaluation,
// link load) is optional and its absence becomes a note on the report. Malformed files are
// rejected with the file name, the field and what was wrong (a UserError, exit 1). It reads
// files and maps fields; it draws nothing.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ChipProfile, getProfile } from "../../isa/profiles.ts";
import { UserError } from "../exit.ts";
import { type Field, parseJson } from "./json-check.ts";
import type {
  ChipSummary,
  CompileReport,
  CoreRecord,
  LearningCurve,
  LinkLoad,
  RasterData,
  RunData,
  StepData,
  TraceData,
  WeightData,
} from "./run-data.ts";

/** File names inside a run directory. */
export const RUN_FILES = {
  stats: "stats.json",
  meta: "meta.json",
  series: "series.json",
  spikes: "spikes.json",
  sampled: "sampled.json",
  evaluation: "evaluation.json",
  links: "links.json",
} as const;

function readJson(dir: string, name: string, required: boolean): Field | null {
  const path = join(dir, name);
  if (!existsSync(path)) {
    if (required) throw new UserError(`${path}: missing (every run directory has ${name})`);
    return null;
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError(`${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseJson(path, text);
}

/** Reads run directory `dir` into RunData. */
export function loadRunDir(dir: string): RunData {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory())
    throw new UserError(`${dir}: not a directory (expected the DIR of snn run --out DIR)`);
  const stats = readJson(dir, RUN_FILES.stats, true) as Field;
  const meta = readJson(dir, RUN_FILES.meta, false);
  const notes: string[] = [];

  const profileName = stats.get("profile").str();
  const profile = chipProfile(stats.get("profile"));
  const coresF = stats.get("cores").items();
  const steps = stats.get("steps").int();
  const chip = stats.has("chip") ? chipSummary(stats.get("chip")) : null;
  const barrierPerStep = chip?.barrierCyclesPerStep ?? 0;
  const cores = coresF.map((c) =>
    coreRecord(c, profile.coresPerTile, profile.coresPerChip, barrierPerStep * steps),
  );
  const chips = Math.max(
    meta?.has("chips") ? meta.get("chips").int() : 1,
    ...cores.map((c) => c.chip + 1),
  );
  const run: RunData = {
    meta: {
      program: meta?.has("name") ? meta.get("name").str() : "(unnamed program)",
      profile: profileName,
      costProfile: stats.get("costProfile").str(),
      model: stats.get("model").str(),
      steps,
      seed: stats.get("seed").num(),
      clockMhz: stats.get("clockMhz").num(),
      mesh: { width: profile.mesh.width, height: profile.mesh.height },
      chips,
      coresPerTile: profile.coresPerTile,
    },
    cores,
    chip,
    links: null,
    perStep: null,
    rasters: [],
    traces: [],
    weights: [],
    learningCurve: null,
    compile: null,
    notes,
  };

  const series = readJson(dir, RUN_FILES.series, false);
  if (series) run.perStep = stepData(series, cores.length);
  else notes.push(`no ${RUN_FILES.series}: per-step figures not recorded`);

  const links = readJson(dir, RUN_FILES.links, false);
  if (links) run.links = linkLoads(links);

  const spikes = readJson(dir, RUN_FILES.spikes, false);
  if (spikes) run.rasters = spikes.items().map(rasterData);
  const sampled = readJson(dir, RUN_FILES.sampled, false);
  if (sampled) {
    for (const s of sampled.items()) {
      const what = s.get("what").str();
      if (what === "weights") run.weights.push(weightData(s));
      else run.traces.push(traceData(s, what));
    }
  }
  if (!spikes && !sampled)
    notes.push("no probes recorded: only the chip map and core figures are shown");

  const ev = readJson(dir, RUN_FILES.evaluation, false);
  if (ev && ev.value !== null) run.learningCurve = learningCurve(ev);
  return run;
}

function chipProfile(f: Field): ChipProfile {
  try {
    return getProfile(f.str());
  } catch (e) {
    return f.fail(`a known chip profile name (${e instanceof Error ? e.message : String(e)})`);
  }
}

function chipSummary(f: Field): ChipSummary {
  const n = (k: string) => f.get(k).num();
  return {
    cyclesTotal: n("cyclesTotal"),
    cyclesPerStep: n("cyclesPerStep"),
    maxStepCycles: n("maxStepCycles"),
    timePerStepNs: n("timePerStepNs"),
    energyTotalPj: n("energyTotalPj"),
    energyPerStepPj: n("energyPerStepPj"),
    barrierCyclesPerStep: n("barrierCyclesPerStep"),
    nocContentionCycles: n("nocContentionCycles"),
  };
}

/** One core of stats.json (emulator CoreStats, docs/stats.md). */
function coreRecord(
  f: Field,
  coresPerTile: number,
  coresPerChip: number,
  barrier: number,
): CoreRecord {
  const core = f.get("core").int();
  const tile = f.get("tile").items();
  if (tile.length !== 2) f.get("tile").fail("a [x, y] pair");
  const ph = f.get("phases");
  const phase = (p: string) => ph.get(p);
  const utilization: Record<string, [number, number]> = {};
  if (f.has("memory")) for (const [k, v] of f.get("memory").entries()) utilization[k] = v.pair();
  return {
    core,
    chip: f.has("chip") ? f.get("chip").int() : Math.floor(core / coresPerChip),
    tileX: (tile[0] as Field).int(),
    tileY: (tile[1] as Field).int(),
    coreInTile: (core % coresPerChip) % coresPerTile,
    cycles: {
      deliver: phase("deliver").get("cycles").num(),
      update: phase("update").get("cycles").num(),
      send: phase("send").get("cycles").num(),
      learn: phase("learn").get("cycles").num(),
      barrier,
    },
    maxStepCycles: f.get("cycles").get("maxStep").num(),
    // Energy by the operation each phase performs (chip.md section 9).
    energyPj: {
      "synaptic ops": phase("deliver").get("energyPj").num(),
      "neuron updates": phase("update").get("energyPj").num(),
      "spike messages": phase("send").get("energyPj").num(),
      learning: phase("learn").get("energyPj").num(),
      "NoC hops": ph.has("noc") ? phase("noc").get("energyPj").num() : 0,
    },
    spikesIn: f.get("spikesIn").num(),
    spikesOut: f.get("spikesOut").num(),
    synOps: f.get("synOps").num(),
    nocHops: f.get("nocHops").num(),
    utilization,
  };
}

function stepData(f: Field, cores: number): StepData {
  const chipCycles = f.get("chipCycles").numbers();
  const steps = chipCycles.length;
  const same = (k: string) => {
    const a = f.get(k).numbers();
    if (a.length !== steps)
      f.get(k).fail(`an array of ${steps} numbers (one per step, like chipCycles)`);
    return a;
  };
  const coreCycles = f.has("coreCycles") ? f.get("coreCycles").numbers() : new Float64Array(0);
  if (coreCycles.length !== 0 && coreCycles.length !== steps * cores) {
    f.get("coreCycles").fail(`an array of steps x cores = ${steps} x ${cores} numbers`);
  }
  return { steps, chipCycles, energyPj: same("energyPj"), spikes: same("spikes"), coreCycles };
}

function linkLoads(f: Field): LinkLoad[] {
  return f.items().map((l) => {
    const xy = (k: string): [number, number] => {
      const p = l.get(k).ints();
      if (p.length !== 2) l.get(k).fail("an [x, y] pair");
      return [p[0] as number, p[1] as number];
    };
    return { from: xy("from"), to: xy("to"), messages: l.get("messages").num() };
  });
}

function rasterData(f: Field): RasterData {
  const index = f.get("index").ints();
  const time = f.get("time").ints();
  if (time.length !== index.length)
    f.get("time").fail(`an array as long as index (${index.length})`);
  let size = f.has("size") ? f.get("size").int() : 0;
  for (const n of index) size = Math.max(size, n + 1);
  return { population: f.get("population").str(), size, index, time };
}

function sampledShape(f: Field): { steps: Int32Array; width: number; values: Float64Array } {
  const steps = f.get("steps").ints();
  const width = f.get("width").int();
  const values = f.get("values").numbers();
  if (values.length !== steps.length * width) {
    f.get("values").fail(`an array of steps x width = ${steps.length} x ${width} numbers`);
  }
  return { steps, width, values };
}

function traceData(f: Field, what: string): TraceData {
  const s = sampledShape(f);
  const neurons = f.has("neurons") ? Array.from(f.get("neurons").ints()) : null;
  const columns = Array.from({ length: s.width }, (_, i) =>
    neurons && neurons.length === s.width ? `neuron ${neurons[i]}` : `column ${i}`,
  );
  return { population: f.get("name").str(), what, ...s, columns };
}

function weightData(f: Field): WeightData {
  return { projection: f.get("name").str(), ...sampledShape(f) };
}

/** Emulator Evaluation: online accuracy per training epoch and the test pass. */
function learningCurve(f: Field): LearningCurve {
  const points = f
    .get("trainEpochs")
    .items()
    .map((e) => ({
      x: e.get("epoch").num(),
      accuracy: e.get("accuracy").num(),
      split: "train (online)",
    }));
  if (f.has("test")) {
    const t = f.get("test");
    if (t.get("total").num() > 0) {
      const x = points.length > 0 ? Math.max(...points.map((p) => p.x)) : 0;
      points.push({ x, accuracy: t.get("accuracy").num(), split: "test" });
    }
  }
  return { xLabel: "epoch", points };
}

/** Reads a compile report (`snn compile --report FILE.json`). */
export function loadCompileReport(path: string): CompileReport {
  if (!existsSync(path)) throw new UserError(`${path}: no such compile report`);
  const f = parseJson(path, readFileSync(path, "utf8"));
  const cores = f.has("cores")
    ? f
        .get("cores")
        .items()
        .map((c) => {
          const utilization: Record<string, [number, number]> = {};
          for (const [k, v] of c.get("utilization").entries()) utilization[k] = v.pair();
          return { core: c.get("core").int(), utilization };
        })
    : [];
  const quantization = f.has("quantization") ? f.get("quantization").items().map(flatRow) : [];
  return { cores, quantization };
}

/** A quantization row with nested objects flattened to dotted keys, scalars only. */
function flatRow(f: Field): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const walk = (g: Field, prefix: string) => {
    for (const [k, v] of g.entries()) {
      const key = prefix ? `${prefix}.${k}` : k;
      const x = v.value;
      if (typeof x === "number" || typeof x === "string") out[key] = x;
      else if (typeof x === "boolean") out[key] = String(x);
      else if (x !== null && typeof x === "object" && !Array.isArray(x)) walk(v, key);
      else if (Array.isArray(x)) out[key] = JSON.stringify(x);
    }
  };
  walk(f, "");
  return out;
}
