// The experiment driver: loads an image (after its load-time checks), builds the chosen chip
// model, and runs the schedule step by step: sources, resets between samples, probes, readout,
// host learning and checkpoints. Both models sit behind ChipModel, so everything here is
// shared. It never reads or writes files: checkpoints go out as bytes through a callback.
import type { ChipImage } from "../isa/image.ts";
import { weightLimits } from "../isa/learning/eval.ts";
import { getProfile } from "../isa/profiles.ts";
import { validateImage } from "../isa/validate-image.ts";
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from "./checkpoint.ts";
import { BitExactChip } from "./chip.ts";
import { C } from "./counters.ts";
import { checkHostParams, type HostContext, hostRoutine } from "./host/index.ts";
import { EmulatorFault } from "./kernel.ts";
import { checkImage, ImageRejected, type LoadCheckOptions } from "./load-check.ts";
import type { ChipModel, ModelName } from "./model.ts";
import { compileNeuronKernel } from "./neuron-compile.ts";
import { type EmuParams, paramsFor } from "./params.ts";
import { Probes, type SampledRecord, type SpikeRecord } from "./probes.ts";
import { ReferenceChip } from "./reference/chip.ts";
import { Schedule, type StepContext } from "./schedule.ts";
import { HostSources } from "./sources.ts";
import {
  coreStats,
  emptySeries,
  energyOf,
  type RunStats,
  SERIES_ARRAYS,
  type StepSeries,
  seriesEveryFor,
  seriesRows,
  sumCores,
} from "./stats.ts";

const K = { ...C };

export interface EmulatorOptions extends LoadCheckOptions {
  model?: ModelName;
  /** Run seed (default: image.experiment.seed). Same seed, same bits. */
  seed?: number;
  /** Steps to run (default: the schedule's length). */
  steps?: number;
  /** Called after every step (cheap: keep it light). */
  onStep?: (step: number, total: number) => void;
  /** Called with each readout prediction as its sample ends (a live log of a learning run). */
  onPrediction?: (p: Prediction) => void;
  /** Emit a checkpoint every N steps through onCheckpoint. */
  checkpointEvery?: number;
  onCheckpoint?: (bytes: Uint8Array, step: number) => void;
  /** Resume from checkpoint bytes (same image, same options). */
  resume?: Uint8Array;
  /** Learning rules of the bit-exact model: "compiled" (default, the fast pass) or "spec", the
   *  isa evaluator called per synapse; both give the same bits (for cross-checks and the
   *  learning benchmark). */
  learningRules?: "compiled" | "spec";
  /** Steps summed into each row of the run's series (default: seriesEveryFor, one row per step
   *  unless the run is too long for that). A resumed run takes its checkpoint's. */
  seriesEvery?: number;
}

export interface Prediction {
  sample: number;
  row: number;
  label: number;
  predicted: number;
  test: boolean;
  epoch: number;
}

export interface Evaluation {
  population: string;
  phase: string;
  /** Accuracy per training epoch (online, as samples were shown) and on the test pass. */
  trainEpochs: { epoch: number; correct: number; total: number; accuracy: number }[];
  test: { correct: number; total: number; accuracy: number };
}

export interface RunResult {
  name: string;
  stats: RunStats;
  series: StepSeries;
  spikes: SpikeRecord[];
  sampled: SampledRecord[];
  predictions: Prediction[];
  evaluation: Evaluation | null;
  /** Messages per directed NoC link over the run (null on the reference model). */
  links: { from: [number, number]; to: [number, number]; messages: number }[] | null;
  meta: {
    image: string;
    model: ModelName;
    seed: number;
    steps: number;
    profile: string;
    costProfile: string;
    /** Nominal core clock (MHz), mesh of one chip, chips on the board, cores per tile. */
    clockMhz: number;
    mesh: { width: number; height: number };
    chips: number;
    coresPerTile: number;
    /** Step a resumed run started from, or null. */
    resumedFrom: number | null;
  };
}

export class Emulator {
  readonly image: ChipImage;
  readonly params: EmuParams;
  readonly model: ModelName;
  readonly seed: number;
  readonly chip: ChipModel;
  readonly schedule: Schedule;
  private readonly sources: HostSources;
  private readonly probes: Probes;
  private readonly coreIdx: number[];
  private series: StepSeries;
  private predictions: Prediction[] = [];
  private hostCalls: number[];
  private hostWrites: number[];
  private resumedFrom: number | null = null;
  private contendedTotal = 0;
  /** Chip totals over the steps run (the series may sum several steps per row). */
  private chipTotals = { cycles: 0, maxStep: 0, deliver: 0, contention: 0 };
  private readonly opts: EmulatorOptions;

  constructor(image: ChipImage, opts: EmulatorOptions = {}) {
    this.image = image;
    this.opts = opts;
    // An unknown profile or cost table, or a board the profile does not have, is a property of
    // the image like any other load-time problem (not a bare Error the CLI calls a bug).
    try {
      this.params = paramsFor(image.profile, image.costProfile, image.chips);
    } catch (e) {
      throw new ImageRejected([(e as Error).message]);
    }
    // isa's validateImage (limits and references against the profile), then the emulator's own
    // load checks (ring, routes, payload signs); every problem is listed, none is repaired.
    const isaProblems = validateImage(image, getProfile(image.profile)).map(
      (q) => `${q.path}: ${q.message}`,
    );
    checkImage(image, this.params, { ...opts, extraProblems: isaProblems });
    this.model = opts.model ?? "bit-exact";
    this.seed = opts.seed ?? image.experiment.seed;
    const pb = this.params.payloadBits;
    const kernels = new Map<Uint32Array, ReturnType<typeof compileNeuronKernel>>();
    this.chip =
      this.model === "bit-exact"
        ? new BitExactChip(
            image,
            this.params,
            (code) => {
              let k = kernels.get(code);
              if (!k) {
                k = compileNeuronKernel(code, pb);
                kernels.set(code, k);
              }
              return k;
            },
            this.seed,
            opts.learningRules === "spec",
          )
        : new ReferenceChip(image, this.params, this.seed);
    if (opts.steps !== undefined && !(Number.isSafeInteger(opts.steps) && opts.steps >= 0))
      throw new EmulatorFault(`steps must be a non-negative integer, got ${opts.steps}`);
    this.schedule = new Schedule(image.experiment, opts.steps);
    const projectionIds = image.projections.map((p) => p.id);
    for (const h of image.hostLearning) {
      if (!hostRoutine(h.routine))
        throw new EmulatorFault(`hostLearning '${h.name}': unknown routine '${h.routine}'`);
      // Parameters are checked now, not at the end of the first sample a long run reaches.
      checkHostParams(h.routine, h.params, projectionIds);
    }
    this.hostCalls = image.hostLearning.map(() => 0);
    this.hostWrites = image.hostLearning.map(() => 0);
    this.sources = new HostSources(image, this.seed);
    this.probes = new Probes(image, image.experiment.presentation?.phases.length ?? 1);
    this.coreIdx = image.cores.map((c) => c.index);
    const se = opts.seriesEvery;
    if (se !== undefined && !(Number.isSafeInteger(se) && se >= 1))
      throw new EmulatorFault(`seriesEvery must be a positive integer, got ${se}`);
    this.series = seriesFor(
      this.schedule.totalSteps,
      image.cores.length,
      se ?? seriesEveryFor(this.schedule.totalSteps, image.cores.length, this.schedule.sampleSteps),
    );
    if (opts.resume) this.restore(opts.resume);
    else
      this.sources.emit(this.schedule.at(0), this.chip, (s, ch) =>
        this.probes.countSource(s, ch, 0),
      );
  }

  get step(): number {
    return this.chip.step;
  }

  get totalSteps(): number {
    return this.schedule.totalSteps;
  }

  /** Runs one step of the schedule. */
  stepOnce(): void {
    const t = this.chip.step + 1;
    const ctx = this.schedule.at(t);
    const pres = this.image.experiment.presentation;
    if (ctx.sampleStart && t > 1 && pres?.resetBetweenSamples) this.chip.resetState();
    this.chip.runStep(ctx.learn, ctx.learnCores);
    this.probes.afterStep(ctx, this.chip, this.coreIdx);
    this.sources.emit(ctx, this.chip, (s, ch) => this.probes.countSource(s, ch, ctx.phase));
    this.record(t);
    if (ctx.sampleEnd && ctx.sample >= 0) this.endSample(ctx);
    const every = this.opts.checkpointEvery ?? 0;
    if (every > 0 && t % every === 0 && this.opts.onCheckpoint)
      this.opts.onCheckpoint(this.checkpoint(), t);
  }

  /** Runs to the end of the schedule (or `steps` more steps). */
  run(steps?: number): RunResult {
    this.advance(steps);
    return this.result();
  }

  /** Runs `steps` more steps (default: to the end of the schedule) without building a result:
   *  a caller that runs in slices (the CLI, which stops cleanly on Ctrl-C) calls this, then
   *  result() once. Slicing changes nothing: the same steps give the same bits. */
  advance(steps?: number): void {
    const end =
      steps === undefined ? this.totalSteps : Math.min(this.totalSteps, this.chip.step + steps);
    const onStep = this.opts.onStep;
    while (this.chip.step < end) {
      this.stepOnce();
      onStep?.(this.chip.step, this.totalSteps);
    }
  }

  private record(t: number): void {
    const s = this.series;
    const i = Math.floor((t - 1) / s.every);
    if (i >= s.chipCycles.length) return;
    const last = this.chip.lastStep();
    // Rows start at 0 and each step adds to its row, so a row of one step holds that step.
    s.chipCycles[i] = (s.chipCycles[i] as number) + last.chipCycles;
    s.nocDeliveryCycles[i] = (s.nocDeliveryCycles[i] as number) + last.nocDeliveryCycles;
    s.nocContentionCycles[i] = (s.nocContentionCycles[i] as number) + last.nocContentionCycles;
    const tot = this.chipTotals;
    tot.cycles += last.chipCycles;
    if (last.chipCycles > tot.maxStep) tot.maxStep = last.chipCycles;
    tot.deliver += last.nocDeliveryCycles;
    tot.contention += last.nocContentionCycles;
    this.contendedTotal += last.nocContendedMessages;
    const ks = this.chip.coreCounters();
    const k0 = this.chip.coreStepStart();
    const n = ks.length;
    let e = 0;
    let sp = 0;
    for (let c = 0; c < n; c++) {
      const k = ks[c] as Float64Array;
      const b = k0[c] as Float64Array;
      const ec = energyOf(k) - energyOf(b);
      const spc = (k[K.spikesOut] as number) - (b[K.spikesOut] as number);
      const cyc =
        (k[K.cyclesDeliver] as number) -
        (b[K.cyclesDeliver] as number) +
        (k[K.cyclesUpdate] as number) -
        (b[K.cyclesUpdate] as number) +
        (k[K.cyclesSend] as number) -
        (b[K.cyclesSend] as number) +
        (k[K.cyclesLearn] as number) -
        (b[K.cyclesLearn] as number);
      s.coreCycles[i * n + c] = (s.coreCycles[i * n + c] as number) + cyc;
      s.coreEnergyPj[i * n + c] = (s.coreEnergyPj[i * n + c] as number) + ec;
      s.coreSpikesOut[i * n + c] = (s.coreSpikesOut[i * n + c] as number) + spc;
      e += ec;
      sp += spc;
    }
    s.energyPj[i] = (s.energyPj[i] as number) + e;
    s.spikes[i] = (s.spikes[i] as number) + sp;
  }

  private endSample(ctx: StepContext): void {
    const exp = this.image.experiment;
    const pres = exp.presentation;
    const ds = pres ? exp.datasets[pres.dataset] : undefined;
    const label = ds && ctx.row >= 0 ? (ds.labels[ctx.row] ?? -1) : -1;
    const ro = exp.readout;
    if (ro) {
      const counts = this.probes.countsOf(ro.population, this.schedule.phaseIndex(ro.phase));
      let best = -1;
      let bestCount = 0;
      // argmax of spike counts; ties go to the lowest index; no spike at all predicts nothing (-1).
      for (let j = 0; j < counts.length; j++) {
        if ((counts[j] as number) > bestCount) {
          bestCount = counts[j] as number;
          best = j;
        }
      }
      const p: Prediction = {
        sample: ctx.sample,
        row: ctx.row,
        label,
        predicted: best,
        test: ctx.test,
        epoch: ctx.epoch,
      };
      this.predictions.push(p);
      this.opts.onPrediction?.(p);
    }
    if (ctx.test) return;
    this.image.hostLearning.forEach((h, hi) => {
      const fn = hostRoutine(h.routine);
      if (!fn) return;
      // `everySamples` (from the program's `every N`) runs the routine after every N-th sample.
      const every = typeof h.params.everySamples === "number" ? h.params.everySamples : 1;
      if (every > 1 && (ctx.sample + 1) % every !== 0) return;
      const chip = this.chip;
      const probes = this.probes;
      const sched = this.schedule;
      const image = this.image;
      const hc: HostContext = {
        params: h.params,
        row: ctx.row,
        label,
        sample: ctx.sample,
        epoch: ctx.epoch,
        seed: this.seed,
        phases: image.experiment.presentation?.phases.map((p) => p.name) ?? [],
        sampleSteps: sched.sampleSteps,
        counts: (pop, phase) => probes.countsOf(pop, phase === "" ? 0 : sched.phaseIndex(phase)),
        projection: (id) => {
          const p = image.projections.find((q) => q.id === id);
          if (!p)
            throw new EmulatorFault(
              `hostLearning '${h.name}': projection '${id}' is not in image.projections`,
            );
          return p;
        },
        readWeight: (core, slot) => chip.readWeight(core, slot),
        weightLimits: (core, slot) => {
          const c = image.cores.find((x) => x.index === core);
          const f = c?.synapseFormats[c.synFormat[slot] ?? 0];
          if (!f)
            throw new EmulatorFault(
              `hostLearning '${h.name}': core ${core} has no synapse ${slot}`,
            );
          return weightLimits(f.weightBits, f.signMode);
        },
        writeWeight: (core, slot, w) => {
          chip.writeWeight(core, slot, w);
          this.hostWrites[hi] = (this.hostWrites[hi] as number) + 1;
        },
        readTag: (core, slot) => chip.readTag(core, slot),
        writeTag: (core, slot, tag) => {
          chip.writeTag(core, slot, tag);
          this.hostWrites[hi] = (this.hostWrites[hi] as number) + 1;
        },
        readPreTrace: (core, axon, which) => chip.readPreTrace(core, axon, which),
        readPostTrace: (core, comp, which) => chip.readPostTrace(core, comp, which),
      };
      fn(hc);
      this.hostCalls[hi] = (this.hostCalls[hi] as number) + 1;
    });
  }

  private evaluation(): Evaluation | null {
    const ro = this.image.experiment.readout;
    if (!ro) return null;
    const byEpoch = new Map<number, { correct: number; total: number }>();
    const test = { correct: 0, total: 0 };
    for (const p of this.predictions) {
      const ok = p.label >= 0 && p.predicted === p.label ? 1 : 0;
      if (p.test) {
        test.correct += ok;
        test.total++;
      } else {
        const e = byEpoch.get(p.epoch) ?? { correct: 0, total: 0 };
        e.correct += ok;
        e.total++;
        byEpoch.set(p.epoch, e);
      }
    }
    const acc = (c: number, t: number) => (t > 0 ? c / t : 0);
    return {
      population: ro.population,
      phase: ro.phase,
      trainEpochs: [...byEpoch.entries()].map(([epoch, e]) => ({
        epoch,
        ...e,
        accuracy: acc(e.correct, e.total),
      })),
      test: { ...test, accuracy: acc(test.correct, test.total) },
    };
  }

  /** Statistics so far (see docs/stats.md). */
  stats(): RunStats {
    const p = this.params;
    const ks = this.chip.coreCounters();
    const cores = this.image.cores.map((c, i) => coreStats(c, ks[i] as Float64Array, p));
    const totals = sumCores(cores);
    const steps = this.chip.step;
    const { cycles: cyc, maxStep, deliver, contention } = this.chipTotals;
    return {
      model: this.model,
      profile: p.profile,
      costProfile: p.costProfile,
      energyKind: "estimate",
      seed: this.seed,
      steps,
      clockMhz: p.clockMhz,
      cores,
      totals,
      chip: {
        cyclesTotal: cyc,
        cyclesPerStep: steps > 0 ? cyc / steps : 0,
        maxStepCycles: maxStep,
        timePerStepNs: steps > 0 ? ((cyc / steps) * 1000) / p.clockMhz : 0,
        energyPerStepPj: steps > 0 ? totals.energyPj / steps : 0,
        energyTotalPj: totals.energyPj,
        nocDeliveryCycles: deliver,
        nocContentionCycles: contention,
        nocContendedMessages: this.contendedTotal,
        barrierCyclesPerStep: this.chip.barrierCycles,
      },
      hostLearning: {
        calls: this.hostCalls.reduce((a, b) => a + b, 0),
        writes: this.hostWrites.reduce((a, b) => a + b, 0),
        routines: this.image.hostLearning.map((h, i) => ({
          name: h.name,
          routine: h.routine,
          calls: this.hostCalls[i] as number,
          writes: this.hostWrites[i] as number,
        })),
      },
      hostSpikes: this.sources.emitted.reduce((a, b) => a + b, 0),
    };
  }

  result(): RunResult {
    const pr = this.probes.results();
    const steps = this.chip.step;
    const n = this.image.cores.length;
    const s = this.series;
    const rows = seriesRows(steps, s.every);
    const trim = (a: Float64Array, w: number) => a.slice(0, rows * w);
    return {
      name: this.image.name,
      stats: this.stats(),
      series: {
        every: s.every,
        chipCycles: trim(s.chipCycles, 1),
        energyPj: trim(s.energyPj, 1),
        spikes: trim(s.spikes, 1),
        nocDeliveryCycles: trim(s.nocDeliveryCycles, 1),
        nocContentionCycles: trim(s.nocContentionCycles, 1),
        coreCycles: trim(s.coreCycles, n),
        coreEnergyPj: trim(s.coreEnergyPj, n),
        coreSpikesOut: trim(s.coreSpikesOut, n),
      },
      spikes: pr.spikes,
      sampled: pr.sampled,
      predictions: [...this.predictions],
      evaluation: this.evaluation(),
      links: this.chip.linkLoads(),
      meta: {
        image: this.image.name,
        model: this.model,
        seed: this.seed,
        steps,
        profile: this.params.profile,
        costProfile: this.params.costProfile,
        clockMhz: this.params.clockMhz,
        mesh: { width: this.params.noc.meshX, height: this.params.noc.meshY },
        chips: this.image.chips,
        coresPerTile: this.params.coresPerTile,
        resumedFrom: this.resumedFrom,
      },
    };
  }

  /** The whole run state as checkpoint bytes. */
  checkpoint(): Uint8Array {
    return encodeCheckpoint({
      image: this.image.name,
      model: this.model,
      seed: this.seed,
      chip: this.chip.snapshot(),
      sources: this.sources.save(),
      probes: this.probes.save(),
      series: { ...this.series },
      chipTotals: { ...this.chipTotals },
      predictions: this.predictions,
      hostCalls: this.hostCalls,
      hostWrites: this.hostWrites,
      contended: this.contendedTotal,
    });
  }

  private restore(bytes: Uint8Array): void {
    const s = decodeCheckpoint(bytes);
    if (s.image !== this.image.name || s.model !== this.model || s.seed !== this.seed) {
      throw new CheckpointError(
        `checkpoint is of image '${String(s.image)}', model ${String(s.model)}, seed ${String(s.seed)}; this run is '${this.image.name}', ${this.model}, seed ${this.seed}`,
      );
    }
    this.chip.restore(s.chip as Record<string, unknown>);
    // A shorter run than the checkpoint's would keep a truncated copy of its per-step series
    // and report totals of neither run.
    if (this.chip.step > this.totalSteps) {
      throw new CheckpointError(
        `checkpoint is at step ${this.chip.step}, past the end of this run (${this.totalSteps} steps); resume with more steps`,
      );
    }
    this.sources.load(s.sources as { rng: number[][]; emitted: number[] });
    this.probes.load(s.probes as Record<string, unknown>);
    const ser = s.series as Record<string, unknown>;
    // Checkpoints written before series rows could sum several steps have one row per step.
    const every = typeof ser.every === "number" ? ser.every : 1;
    if (every !== this.series.every) {
      if (this.opts.seriesEvery !== undefined)
        throw new CheckpointError(
          `checkpoint's series sums ${every} step(s) per row; this run asks for ${this.series.every} (resume without --series-every, or with ${every})`,
        );
      this.series = seriesFor(this.totalSteps, this.image.cores.length, every);
    }
    for (const key of SERIES_ARRAYS) {
      const src = ser[key];
      if (src instanceof Float64Array)
        this.series[key].set(src.subarray(0, this.series[key].length));
    }
    const tot = s.chipTotals as typeof this.chipTotals | undefined;
    if (tot) this.chipTotals = { ...tot };
    else {
      // Older checkpoints: one row per step, so the totals are the series' own.
      const c = this.series;
      for (let i = 0; i < Math.min(this.chip.step, c.chipCycles.length); i++) {
        const x = c.chipCycles[i] as number;
        this.chipTotals.cycles += x;
        if (x > this.chipTotals.maxStep) this.chipTotals.maxStep = x;
        this.chipTotals.deliver += c.nocDeliveryCycles[i] as number;
        this.chipTotals.contention += c.nocContentionCycles[i] as number;
      }
    }
    this.predictions = s.predictions as Prediction[];
    this.hostCalls = s.hostCalls as number[];
    this.hostWrites = s.hostWrites as number[];
    this.contendedTotal = s.contended as number;
    this.resumedFrom = this.chip.step;
  }
}

/** The per-step series of a run, or a fault naming the run's size when memory cannot hold it
 *  (a run of billions of steps would otherwise end in V8's bare "Array buffer allocation
 *  failed"). */
function seriesFor(steps: number, cores: number, every: number): StepSeries {
  try {
    return emptySeries(steps, cores, every);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new EmulatorFault(
      `a run of ${steps} steps on ${cores} core(s) is too long to record its per-step series in memory at ${every} step(s) per row (${e.message}); run fewer steps or sum more steps per row (--series-every)`,
    );
  }
}

export function createEmulator(image: ChipImage, opts: EmulatorOptions = {}): Emulator {
  return new Emulator(image, opts);
}

/** Loads and runs an image to the end of its schedule (or opts.steps). */
export function run(image: ChipImage, opts: EmulatorOptions = {}): RunResult {
  return createEmulator(image, opts).run();
}
