// The experiment schedule of an image: which sample, data-set row and phase each step belongs
// to, whether the step learns, and where samples start (for resets). Pure arithmetic on the
// image's ExperimentImage; it holds no chip state and never reads data values.
import type { ExperimentImage } from "../isa/image.ts";

/** What the schedule says about one step (steps are numbered from 1). */
export interface StepContext {
  step: number;
  /** Index of the sample being shown (0-based over the whole run), or -1 without presentation. */
  sample: number;
  /** Data-set row of the sample, or -1. */
  row: number;
  /** True during the test pass (learning off). */
  test: boolean;
  /** Training epoch of the sample (test pass: epochs). */
  epoch: number;
  /** Phase index in presentation.phases, or -1 without presentation. */
  phase: number;
  /** Step within the current phase / the current sample, 0-based. */
  stepInPhase: number;
  stepInSample: number;
  /** Learning enabled on this step (phase flag, off in the test pass). */
  learn: boolean;
  /** The cores whose learning engine runs on this step (the phase's `learnCores`), or null for
   *  every core. Only read when `learn` is set. */
  learnCores: readonly number[] | null;
  /** True on the first step of a sample. */
  sampleStart: boolean;
  /** True on the last step of a sample. */
  sampleEnd: boolean;
}

export class Schedule {
  readonly totalSteps: number;
  readonly sampleSteps: number;
  readonly trainSamples: number;
  readonly testSamples: number;
  private readonly phaseEnds: number[] = [];

  constructor(
    private readonly exp: ExperimentImage,
    stepsOverride?: number,
  ) {
    const p = exp.presentation;
    if (!p) {
      this.sampleSteps = 0;
      this.trainSamples = 0;
      this.testSamples = 0;
      this.totalSteps = stepsOverride ?? exp.steps;
      return;
    }
    const ds = exp.datasets[p.dataset];
    if (!ds)
      throw new Error(
        `experiment.presentation.dataset ${p.dataset} does not exist (${exp.datasets.length} data sets)`,
      );
    let end = 0;
    for (const ph of p.phases) {
      end += ph.steps;
      this.phaseEnds.push(end);
    }
    this.sampleSteps = end;
    if (end <= 0) throw new Error("experiment.presentation.phases must last at least one step");
    const train = ds.trainRows[1] - ds.trainRows[0];
    const test = ds.testRows[1] - ds.testRows[0];
    this.trainSamples = Math.max(0, train) * p.epochs;
    this.testSamples = Math.max(0, test);
    const full = (this.trainSamples + this.testSamples) * end;
    // A presentation ends with its test pass: a longer step count is cut to the schedule.
    this.totalSteps = Math.min(stepsOverride ?? full, full);
  }

  at(step: number): StepContext {
    const p = this.exp.presentation;
    if (!p) {
      return {
        step,
        sample: -1,
        row: -1,
        test: false,
        epoch: 0,
        phase: -1,
        stepInPhase: step - 1,
        stepInSample: step - 1,
        learn: true,
        learnCores: null,
        sampleStart: step === 1,
        sampleEnd: false,
      };
    }
    const ds = this.exp.datasets[p.dataset];
    const s0 = step - 1;
    const sample = Math.floor(s0 / this.sampleSteps);
    const inSample = s0 - sample * this.sampleSteps;
    let phase = 0;
    while (inSample >= (this.phaseEnds[phase] as number)) phase++;
    const phaseStart = phase === 0 ? 0 : (this.phaseEnds[phase - 1] as number);
    const trainRows = ds ? ds.trainRows[1] - ds.trainRows[0] : 0;
    const test = sample >= this.trainSamples;
    let row: number;
    let epoch: number;
    if (!test) {
      epoch = Math.floor(sample / Math.max(1, trainRows));
      row = (ds?.trainRows[0] ?? 0) + (sample % Math.max(1, trainRows));
    } else {
      epoch = p.epochs;
      row = (ds?.testRows[0] ?? 0) + (sample - this.trainSamples);
    }
    const ph = p.phases[phase];
    return {
      step,
      sample,
      row,
      test,
      epoch,
      phase,
      stepInPhase: inSample - phaseStart,
      stepInSample: inSample,
      learn: !test && (ph?.learn ?? false),
      learnCores: ph?.learnCores ?? null,
      sampleStart: inSample === 0,
      sampleEnd: inSample === this.sampleSteps - 1,
    };
  }

  /** Index of the phase called `name`, or -1. */
  phaseIndex(name: string): number {
    return this.exp.presentation?.phases.findIndex((p) => p.name === name) ?? -1;
  }
}
