// Host spike sources (image.sources): decide which channels fire at each step and inject their
// messages into the destination cores' input axons. A spike a source emits at step t is
// delivered at step t + 1 (integrated at t + 1 + delay), exactly like a compartment's spike.
// Sources live on the host: they cost no core cycles and no NoC hops (counted as hostSpikesIn).
import type { ChipImage, DatasetImage, SourceImage } from "../isa/image.ts";
import { fmix32 } from "../isa/prng.ts";
import { EmulatorFault } from "./kernel.ts";
import type { ChipModel } from "./model.ts";
import { type RandomStream, sourceStream } from "./rng.ts";
import type { StepContext } from "./schedule.ts";

interface SourceRt {
  img: SourceImage;
  /** For `steps`: step -> channels, built once. */
  byStep: Map<number, number[]> | null;
  rng: RandomStream | null;
  dataset: DatasetImage | null;
  phases: Set<number>;
  /** Index in image.sources (names the source's random stream). */
  index: number;
}

export class HostSources {
  private readonly rts: SourceRt[];
  /** Spikes emitted per source (for stats). */
  readonly emitted: number[];

  private readonly seed: number;
  /** Length of each presentation phase, in steps. */
  private readonly phaseSteps: number[];

  constructor(image: ChipImage, seed: number) {
    this.seed = seed;
    this.phaseSteps = image.experiment.presentation?.phases.map((p) => p.steps) ?? [];
    this.rts = image.sources.map((s, i) => {
      const k = s.kind;
      let byStep: Map<number, number[]> | null = null;
      if (k.type === "steps") {
        byStep = new Map();
        if (k.channel.length !== k.step.length) {
          throw new EmulatorFault(
            `source '${s.name}': steps.channel has ${k.channel.length} entries but steps.step has ${k.step.length}`,
          );
        }
        for (let j = 0; j < k.step.length; j++) {
          const t = k.step[j] as number;
          const list = byStep.get(t) ?? [];
          list.push(k.channel[j] as number);
          byStep.set(t, list);
        }
      }
      const needsRng =
        k.type === "bernoulli" || k.type === "dataset-rate" || k.type === "dataset-rate-frozen";
      const dsIndex = "dataset" in k ? k.dataset : -1;
      const dataset = dsIndex >= 0 ? (image.experiment.datasets[dsIndex] ?? null) : null;
      if (dsIndex >= 0 && !dataset)
        throw new EmulatorFault(`source '${s.name}': data set ${dsIndex} does not exist`);
      if (dataset && !image.experiment.presentation) {
        throw new EmulatorFault(
          `source '${s.name}' (${k.type}) reads a data set but the experiment has no presentation`,
        );
      }
      return {
        img: s,
        byStep,
        // The image may carry its own source seed; it is mixed into the run seed.
        rng: needsRng
          ? sourceStream((seed ^ Math.imul("seed" in k ? k.seed : 0, 0x9e3779b1)) >>> 0, i)
          : null,
        dataset,
        phases: new Set(s.phases),
        index: i,
      };
    });
    this.emitted = this.rts.map(() => 0);
  }

  /** Emits the spikes of step `ctx.step` (0 = before the first step) into the chip. */
  emit(
    ctx: StepContext,
    chip: ChipModel,
    onFire?: (source: string, channel: number) => void,
  ): void {
    this.rts.forEach((rt, i) => {
      if (ctx.step > 0 && rt.phases.size > 0 && !rt.phases.has(ctx.phase)) return;
      const fire = (ch: number) => {
        const s = rt.img;
        if (ch < 0 || ch >= s.channels)
          throw new EmulatorFault(`source '${s.name}' fired channel ${ch}, it has ${s.channels}`);
        const r1 = s.outStart[ch + 1] as number;
        for (let r = s.outStart[ch] as number; r < r1; r++)
          chip.inject(s.routeCore[r] as number, s.routeAxon[r] as number, 1);
        this.emitted[i] = (this.emitted[i] as number) + 1;
        onFire?.(s.name, ch);
      };
      this.emitOne(rt, ctx, fire);
    });
  }

  private emitOne(rt: SourceRt, ctx: StepContext, fire: (ch: number) => void): void {
    const k = rt.img.kind;
    const t = ctx.step;
    switch (k.type) {
      case "steps":
        for (const ch of rt.byStep?.get(t) ?? []) fire(ch);
        return;
      case "periodic":
        if (t >= k.start && k.period > 0 && (t - k.start) % k.period === 0) {
          for (let ch = 0; ch < rt.img.channels; ch++) fire(ch);
        }
        return;
      case "bernoulli": {
        if (t === 0) return;
        const rng = rt.rng as RandomStream;
        for (let ch = 0; ch < rt.img.channels; ch++)
          if (rng.nextU16() < (k.probQ16[ch] as number)) fire(ch);
        return;
      }
      case "dataset-rate":
      case "dataset-rate-frozen": {
        if (t === 0 || ctx.row < 0) return;
        if (k.type === "dataset-rate-frozen") {
          // Every phase restarts the sample's own stream, so phase p's spike at in-phase step j
          // is phase 0's at j. The spikes emitted now arrive at the next step; those of a
          // phase's last step would arrive on the next phase's first step, which phase 0 never
          // receives (the sample reset clears what the previous sample emitted), so none are.
          if (ctx.stepInPhase === 0) {
            const s = (this.seed ^ Math.imul(k.seed, 0x9e3779b1) ^ fmix32(ctx.sample + 1)) >>> 0;
            rt.rng = sourceStream(s, rt.index);
          }
          if (ctx.stepInPhase === (this.phaseSteps[ctx.phase] ?? 0) - 1) return;
        }
        const ds = rt.dataset as DatasetImage;
        const rng = rt.rng as RandomStream;
        const base = ctx.row * ds.cols;
        for (let ch = 0; ch < rt.img.channels && ch < ds.cols; ch++) {
          // probability (Q16) = value (Q16 of 1.0) * maxProb (Q16), kept integer.
          const p = Math.floor(((ds.values[base + ch] as number) * k.maxProbQ16) / 65535);
          if (rng.nextU16() < p) fire(ch);
        }
        return;
      }
      case "dataset-latency": {
        if (t === 0 || ctx.row < 0) return;
        const ds = rt.dataset as DatasetImage;
        const base = ctx.row * ds.cols;
        for (let ch = 0; ch < rt.img.channels && ch < ds.cols; ch++) {
          const v = ds.values[base + ch] as number;
          if (v === 0) continue;
          // Larger values fire earlier: value 1.0 at the phase's first step, tiny values last.
          const at = Math.round(((65535 - v) * (k.window - 1)) / 65535);
          if (ctx.stepInPhase === at) fire(ch);
        }
        return;
      }
      case "label-onehot": {
        if (t === 0 || ctx.row < 0) return;
        const ds = rt.dataset as DatasetImage;
        const label = ds.labels[ctx.row];
        if (label === undefined || label < 0) return;
        if (k.period > 0 && ctx.stepInPhase % k.period === 0) fire(label);
        return;
      }
    }
  }

  /** Generator states, for checkpoints. */
  save(): { rng: number[][]; emitted: number[] } {
    return { rng: this.rts.map((r) => (r.rng ? r.rng.save() : [])), emitted: [...this.emitted] };
  }

  load(s: { rng: number[][]; emitted: number[] }): void {
    this.rts.forEach((r, i) => {
      r.rng?.load(s.rng[i] ?? []);
    });
    s.emitted.forEach((v, i) => {
      this.emitted[i] = v;
    });
  }
}
