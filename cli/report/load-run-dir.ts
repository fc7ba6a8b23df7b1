// The one adapter from the emulator's run directory (`snn run --out DIR`, docs/run-output.md)
// to RunData. Only stats are required; every other part (per-step series, probes, evaluation,
// link load) is optional and its absence becomes a note on the report. Malformed files are
// rejected with the file name, the field and what was wrong (a UserError, exit 1). It reads
// files and maps fields; it draws nothing.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ChipProfile, getProfile } from "../../isa/profiles.ts";
import { UserError } from "../exit.ts";
import { SWEEP_FILE } from "../sweep-plan.ts";
import { type Field, readJsonFile } from "./json-check.ts";
import type {
  ChipSummary,
  CoreRecord,
  LearningCurve,
  LinkLoad,
  RasterData,
  RunData,
  StepData,
  TraceData,
  WeightData,
} from "./run-data.ts";

/** The largest JSON file read whole (V8's longest string is about 512 MB of text). */
export const MAX_JSON_BYTES = 400 * 2 ** 20;

/** File names inside a run directory (docs/run-output.md). */
export const RUN_FILES = {
  meta: "meta.json",
  stats: "stats.json",
  steps: "steps.json",
  links: "links.json",
  evaluation: "evaluation.json",
  predictions: "predictions.json",
  spikes: "spikes",
  traces: "traces",
  weights: "weights",
} as const;

function readJson(dir: string, name: string, required: boolean): Field | null {
  const path = join(dir, name);
  if (!existsSync(path)) {
    if (required) throw new UserError(`${path}: missing (every run directory has ${name})`);
    return null;
  }
  return readJsonFile(path);
}

/** Every *.json file of sub-directory `sub`, in name order (so the report's order is fixed). */
function readFolder(dir: string, sub: string): Field[] {
  const path = join(dir, sub);
  if (!existsSync(path) || !statSync(path).isDirectory()) return [];
  return readdirSync(path)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readJsonFile(join(path, f)));
}

/** Reads run directory `dir` into RunData. `maxJsonBytes` caps the per-step series file it
 *  reads whole (tests lower it). */
export function loadRunDir(dir: string, maxJsonBytes = MAX_JSON_BYTES): RunData {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory()) {
    throw new UserError(`${dir}: not a directory (expected the DIR of snn run --out DIR)`);
  }
  if (!existsSync(join(dir, RUN_FILES.stats)) && existsSync(join(dir, SWEEP_FILE)))
    throw new UserError(
      `${dir}: a sweep directory (snn sweep --out ${dir}), not one run: give one of its run directories (${dir}/NAME, listed in sweep.json), or snn eval ${dir} for all of them`,
    );
  const stats = readJson(dir, RUN_FILES.stats, true) as Field;
  const meta = readJson(dir, RUN_FILES.meta, false);
  const notes: string[] = [];

  const profileName = stats.get("profile").str();
  const profile = chipProfile(stats.get("profile"));
  // The emulator writes the profile's own mesh; any other figure is a damaged file (and a huge
  // one would have the chip map draw millions of tiles until memory runs out).
  const same = (f: Field, want: number, what: string) => {
    const v = f.int();
    if (v !== want) f.reject(`is ${v}, but profile ${profileName} has ${want} ${what}`);
    return v;
  };
  const coresPerTile = meta?.has("coresPerTile")
    ? same(meta.get("coresPerTile"), profile.coresPerTile, "cores per tile")
    : profile.coresPerTile;
  const mesh = meta?.has("mesh")
    ? {
        width: same(meta.get("mesh").get("width"), profile.mesh.width, "tiles across"),
        height: same(meta.get("mesh").get("height"), profile.mesh.height, "tiles down"),
      }
    : { width: profile.mesh.width, height: profile.mesh.height };
  const steps = stats.get("steps").int();
  const chip = stats.has("chip") ? chipSummary(stats.get("chip")) : null;
  const barrier = (chip?.barrierCyclesPerStep ?? 0) * steps;
  const cores = stats
    .get("cores")
    .items()
    .map((c) => coreRecord(c, mesh, coresPerTile, barrier));
  const maxChips = profile.board.maxChips;
  const chipsField = meta?.has("chips") ? meta.get("chips") : null;
  const chips = Math.max(chipsField ? chipsField.int() : 1, ...cores.map((c) => c.chip + 1));
  if (chips < 1 || chips > maxChips) {
    const f = chipsField && chipsField.int() === chips ? chipsField : stats.get("cores");
    f.reject(`gives a board of ${chips} chips; profile ${profileName} has 1..${maxChips}`);
  }
  const run: RunData = {
    meta: {
      program: meta?.has("program") ? meta.get("program").str() : "(unnamed program)",
      profile: profileName,
      costProfile: stats.get("costProfile").str(),
      model: stats.get("model").str(),
      steps,
      seed: stats.get("seed").num(),
      clockMhz: stats.get("clockMhz").num(),
      mesh,
      chips,
      coresPerTile,
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
  if (!meta) notes.push(`no ${RUN_FILES.meta}: program name unknown`);
  if (meta?.has("interrupted")) {
    const i = meta.get("interrupted");
    notes.push(
      `interrupted at step ${i.get("atStep").int()} of ${i.get("of").int()} (snn run was stopped early): the figures cover the steps run, not the whole experiment`,
    );
  }

  // The per-step series of a run of millions of steps can be larger than one string the engine
  // can hold (about 512 MB of text): such a file is left out with a note, not a failed report.
  const stepsPath = join(dir, RUN_FILES.steps);
  const stepsSize = existsSync(stepsPath) ? statSync(stepsPath).size : 0;
  const series = stepsSize > maxJsonBytes ? null : readJson(dir, RUN_FILES.steps, false);
  if (series)
    run.perStep = stepData(
      series,
      cores.map((c) => c.core),
    );
  else if (stepsSize > maxJsonBytes)
    notes.push(
      `${RUN_FILES.steps} is ${(stepsSize / 2 ** 20).toFixed(1)} MB, more than the ${(maxJsonBytes / 2 ** 20).toFixed(1)} MB this loader reads whole: per-step figures left out (for them, sum more steps per row with snn run --series-every N, or run fewer steps)`,
    );
  else notes.push(`no ${RUN_FILES.steps}: per-step figures not recorded`);

  const links = readJson(dir, RUN_FILES.links, false);
  if (links) run.links = linkLoads(links);

  run.rasters = readFolder(dir, RUN_FILES.spikes).map(rasterData);
  run.traces = readFolder(dir, RUN_FILES.traces).map(traceData);
  run.weights = readFolder(dir, RUN_FILES.weights).map(weightData);
  if (run.rasters.length + run.traces.length + run.weights.length === 0) {
    notes.push("no probes recorded: only the chip map and core figures are shown");
  }

  const ev = readJson(dir, RUN_FILES.evaluation, false);
  const preds = readJson(dir, RUN_FILES.predictions, false);
  if (ev || preds) run.learningCurve = learningCurve(ev, preds);
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
  mesh: { width: number; height: number },
  coresPerTile: number,
  barrier: number,
): CoreRecord {
  const coresPerChip = mesh.width * mesh.height * coresPerTile;
  const core = f.get("core").int();
  const tile = f.get("tile").items();
  if (tile.length !== 2) f.get("tile").fail("a [x, y] pair");
  const tx = (tile[0] as Field).int();
  const ty = (tile[1] as Field).int();
  if (tx < 0 || tx >= mesh.width || ty < 0 || ty >= mesh.height) {
    f.get("tile").reject(`[${tx}, ${ty}] is outside the ${mesh.width} x ${mesh.height} tile mesh`);
  }
  const ph = f.get("phases");
  const phase = (p: string) => ph.get(p);
  const utilization: Record<string, [number, number]> = {};
  if (f.has("memory")) for (const [k, v] of f.get("memory").entries()) utilization[k] = v.pair();
  const chip = f.has("chip") ? f.get("chip").int() : Math.floor(core / coresPerChip);
  if (chip < 0) (f.has("chip") ? f.get("chip") : f.get("core")).reject(`gives chip ${chip}`);
  return {
    core,
    chip,
    tileX: tx,
    tileY: ty,
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

function stepData(f: Field, coreIds: number[]): StepData {
  const cores = coreIds.length;
  if (f.has("cores")) {
    const ids = f.get("cores").ints();
    if (ids.length !== cores || ids.some((c, i) => c !== coreIds[i])) {
      f.get("cores").fail(`the cores of stats.json in the same order (${coreIds.join(", ")})`);
    }
  }
  const chipCycles = f.get("chipCycles").numbers();
  const rows = chipCycles.length;
  // Files written before rows could sum several steps have no `every`: one row per step.
  const every = f.has("every") ? f.get("every").int() : 1;
  if (every < 1) f.get("every").fail("a positive number of steps per row");
  const steps = f.has("every") ? f.get("steps").int() : rows;
  if (Math.ceil(steps / every) !== rows)
    f.get("steps").fail(
      `steps that fill the ${rows} rows of chipCycles at ${every} step(s) per row`,
    );
  const same = (k: string) => {
    const a = f.get(k).numbers();
    if (a.length !== rows)
      f.get(k).fail(`an array of ${rows} numbers (one per row, like chipCycles)`);
    return a;
  };
  const coreCycles = f.has("coreCycles") ? f.get("coreCycles").numbers() : new Float64Array(0);
  if (coreCycles.length !== 0 && coreCycles.length !== rows * cores) {
    f.get("coreCycles").fail(`an array of rows x cores = ${rows} x ${cores} numbers`);
  }
  return {
    rows,
    every,
    steps,
    chipCycles,
    energyPj: same("energyPj"),
    spikes: same("spikes"),
    coreCycles,
  };
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
  const time = f.get("time").integers();
  if (time.length !== index.length) {
    f.get("time").fail(`an array as long as index (${index.length})`);
  }
  const size = f.get("size").int();
  for (let k = 0; k < index.length; k++) {
    const n = index[k] as number;
    if (n < 0 || n >= size)
      f.get("index").reject(`[${k}] = ${n} is not a neuron of the population's ${size}`);
    if ((time[k] as number) < 1)
      f.get("time").reject(`[${k}] = ${time[k]}: steps are numbered from 1`);
  }
  return { population: f.get("population").str(), size, index, time };
}

function sampledShape(f: Field): {
  steps: Float64Array;
  width: number;
  values: Float64Array;
  columns: string[];
} {
  const steps = f.get("steps").integers();
  const width = f.get("width").int();
  const values = f.get("values").numbers();
  if (values.length !== steps.length * width) {
    f.get("values").fail(`an array of steps x width = ${steps.length} x ${width} numbers`);
  }
  const columns = f.has("columns")
    ? f
        .get("columns")
        .items()
        .map((c) => c.str())
    : [];
  if (columns.length !== 0 && columns.length !== width)
    f.get("columns").fail(`an array of ${width} labels`);
  return {
    steps,
    width,
    values,
    columns: columns.length > 0 ? columns : Array.from({ length: width }, (_, i) => `column ${i}`),
  };
}

function traceData(f: Field): TraceData {
  return { population: f.get("population").str(), what: f.get("what").str(), ...sampledShape(f) };
}

function weightData(f: Field): WeightData {
  const { steps, width, values } = sampledShape(f);
  const projection = f.get("projection").str();
  if (!f.has("limits")) return { projection, steps, width, values };
  const l = f.get("limits");
  const limits = { min: l.get("min").int(), max: l.get("max").int() };
  if (limits.min > limits.max) l.reject(`has min ${limits.min} above max ${limits.max}`);
  return { projection, steps, width, values, limits };
}

/** Most points on the per-block training curve (runs of fewer than MIN_EPOCH_POINTS epochs);
 *  longer runs get one point per epoch, so no block straddles two epochs. */
const CURVE_BLOCKS = 20;
const MIN_EPOCH_POINTS = 4;

/** Online training accuracy (predictions.json: scored as each sample was shown, see
 *  docs/run-output.md) per epoch or per block of samples, else per epoch from
 *  evaluation.json, plus the test pass. */
function learningCurve(ev: Field | null, preds: Field | null): LearningCurve {
  const points: LearningCurve["points"] = [];
  const train = preds
    ? preds.items().filter((p) => {
        const t = p.get("test").value;
        if (typeof t !== "boolean") p.get("test").fail("true or false");
        return !t;
      })
    : [];
  let xLabel = "epoch";
  const correct = (p: Field) => {
    const label = p.get("label").int();
    return label >= 0 && p.get("predicted").int() === label ? 1 : 0;
  };
  // Epoch of each training prediction, in order; many epochs give one point per epoch.
  const epochEnds = new Map<number, { ok: number; n: number; end: number }>();
  train.forEach((p, i) => {
    const e = epochEnds.get(p.get("epoch").int()) ?? { ok: 0, n: 0, end: 0 };
    e.ok += correct(p);
    e.n++;
    e.end = i + 1;
    epochEnds.set(p.get("epoch").int(), e);
  });
  if (epochEnds.size >= MIN_EPOCH_POINTS) {
    xLabel = "training samples shown";
    for (const e of epochEnds.values()) {
      points.push({ x: e.end, accuracy: e.ok / e.n, split: "train (online, per epoch)" });
    }
  } else if (train.length > 1) {
    xLabel = "training samples shown";
    const per = Math.max(1, Math.ceil(train.length / CURVE_BLOCKS));
    for (let b = 0; b < train.length; b += per) {
      const block = train.slice(b, b + per);
      const ok = block.reduce((s, p) => s + correct(p), 0);
      points.push({
        x: b + block.length,
        accuracy: ok / block.length,
        split: `train (online, blocks of ${per})`,
      });
    }
  } else if (ev) {
    for (const e of ev.get("trainEpochs").items()) {
      points.push({
        x: e.get("epoch").num() + 1, // counted from 1 on the axis, from 0 in the file
        accuracy: e.get("accuracy").num(),
        split: "train (online)",
      });
    }
  }
  if (ev?.has("test") && ev.get("test").get("total").num() > 0) {
    const x = points.length > 0 ? Math.max(...points.map((p) => p.x)) : 0;
    points.push({ x, accuracy: ev.get("test").get("accuracy").num(), split: "test" });
  }
  return { xLabel, points };
}
