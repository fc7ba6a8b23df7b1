// Probes and spike counters: records spikes (as index/time arrays), state variables and weights
// named by image.probes, and counts spikes per population and phase for readout and host
// learning. It only reads chip state through the ChipModel interface, never writes it.
import type { ChipImage, PopulationImage, ProbeImage, ProjectionImage } from "../isa/image.ts";
import { weightLimits } from "../isa/learning/eval.ts";
import { EmulatorFault } from "./kernel.ts";
import type { ChipModel } from "./model.ts";
import type { StepContext } from "./schedule.ts";

/** Spikes of a population: spike k is neuron index[k] at step time[k]. */
export interface SpikeRecord {
  population: string;
  /** Neurons in the population. */
  size: number;
  index: Int32Array;
  /** Steps are numbered from 1; a run may pass 2^31 steps, so they are not 32-bit. */
  time: Float64Array;
}

/** Sampled values: row r (taken at steps[r]) holds `width` values. */
export interface SampledRecord {
  name: string;
  what: "u" | "v" | "state" | "weights";
  steps: Float64Array;
  width: number;
  /** Column labels, length width ("neuron 3", "neuron 3 s2", "synapse 5: 1->0"). */
  columns: string[];
  /** For u/v probes: the population neuron of each column. */
  neurons?: Int32Array;
  values: Float64Array;
  /** For weight probes whose synapses share one weight format: the mantissas it can hold, so
   *  that a reader can count the weights a rule has driven to the end of the range. */
  limits?: { min: number; max: number };
}

class Growable {
  data: Float64Array;
  length = 0;
  constructor(n = 1024) {
    this.data = new Float64Array(n);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

interface SpikeProbe {
  population: string;
  size: number;
  index: Growable;
  time: Growable;
  /** Per core index: compartment -> population neuron index, or -1 when not probed. */
  map: Map<number, Int32Array>;
}

interface SampledProbe {
  probe: ProbeImage;
  name: string;
  limits?: { min: number; max: number };
  steps: Growable;
  values: Growable;
  width: number;
  columns: string[];
  neurons: Int32Array;
  read: (chip: ChipModel) => void;
}

/** The weight mantissas a projection's synapses can hold, when they all share one range
 *  (undefined for mixed formats, or a projection with no synapses). */
function sharedWeightLimits(
  image: ChipImage,
  proj: ProjectionImage,
): { min: number; max: number } | undefined {
  let shared: { min: number; max: number } | undefined;
  for (let k = 0; k < proj.slot.length; k++) {
    const core = image.cores.find((c) => c.index === proj.core[k]);
    const f = core?.synapseFormats[core.synFormat[proj.slot[k] as number] ?? -1];
    if (!f) return undefined;
    const { min, max } = weightLimits(f.weightBits, f.signMode);
    if (shared && (shared.min !== min || shared.max !== max)) return undefined;
    shared = { min, max };
  }
  return shared;
}

export class Probes {
  private readonly spikeProbes: SpikeProbe[] = [];
  private readonly sampled: SampledProbe[] = [];
  /** Population -> [phase][neuron] spike counts of the current sample (phase -1 maps to 0). */
  readonly counts = new Map<string, Int32Array[]>();
  /** Per core: compartment -> (population id, neuron index) packed as pop * 2^20 + neuron. */
  private readonly owner = new Map<number, Int32Array>();
  private readonly pops: PopulationImage[];

  constructor(image: ChipImage, phases: number) {
    for (const p of image.populations.filter((q) => q.isSource)) {
      this.counts.set(
        p.name,
        Array.from({ length: Math.max(1, phases) }, () => new Int32Array(p.size)),
      );
    }
    this.pops = image.populations.filter((p) => !p.isSource);
    this.pops.forEach((p, pi) => {
      this.counts.set(
        p.name,
        Array.from({ length: Math.max(1, phases) }, () => new Int32Array(p.size)),
      );
      for (let i = 0; i < p.size; i++) {
        const core = p.core[i] as number;
        const comp = p.compartment[i] as number;
        const cm = image.cores.find((c) => c.index === core);
        if (!cm || comp < 0 || comp >= cm.compartments) {
          throw new EmulatorFault(
            `population '${p.name}' neuron ${i} is placed on core ${core} compartment ${comp}, which does not exist`,
          );
        }
        let arr = this.owner.get(core);
        if (!arr) {
          arr = new Int32Array(cm.compartments).fill(-1);
          this.owner.set(core, arr);
        }
        arr[comp] = pi * 2 ** 20 + i;
      }
    });
    for (const pr of image.probes) this.addProbe(image, pr);
  }

  private population(name: string): PopulationImage {
    const p = this.pops.find((q) => q.name === name);
    if (!p)
      throw new EmulatorFault(
        `probe names population '${name}', which is not in image.populations`,
      );
    return p;
  }

  private addProbe(image: ChipImage, pr: ProbeImage): void {
    if (pr.what === "weights") {
      const proj: ProjectionImage | undefined = image.projections.find(
        (q) => q.id === pr.projection,
      );
      if (!proj)
        throw new EmulatorFault(
          `weight probe names projection '${pr.projection}', which is not in image.projections`,
        );
      const n = proj.slot.length;
      const limits = sharedWeightLimits(image, proj);
      const rec: SampledProbe = {
        probe: pr,
        name: proj.id,
        ...(limits ? { limits } : {}),
        steps: new Growable(),
        values: new Growable(),
        width: n,
        neurons: new Int32Array(0),
        columns: Array.from(
          { length: n },
          (_, k) => `synapse ${k}: ${proj.preIndex[k]}->${proj.postIndex[k]}`,
        ),
        read: (chip) => {
          for (let k = 0; k < n; k++)
            rec.values.push(chip.readWeight(proj.core[k] as number, proj.slot[k] as number));
        },
      };
      this.sampled.push(rec);
      return;
    }
    const pop = this.population(pr.population);
    const neurons =
      pr.neurons.length > 0 ? pr.neurons : Int32Array.from({ length: pop.size }, (_, i) => i);
    for (const i of neurons) {
      if (i < 0 || i >= pop.size)
        throw new EmulatorFault(
          `probe on '${pop.name}' names neuron ${i}; the population has ${pop.size}`,
        );
    }
    if (pr.what === "spikes") {
      const map = new Map<number, Int32Array>();
      for (const i of neurons) {
        const core = pop.core[i] as number;
        let arr = map.get(core);
        if (!arr) {
          arr = new Int32Array(this.owner.get(core)?.length ?? 0).fill(-1);
          map.set(core, arr);
        }
        arr[pop.compartment[i] as number] = i;
      }
      this.spikeProbes.push({
        population: pop.name,
        size: pop.size,
        index: new Growable(),
        time: new Growable(),
        map,
      });
      return;
    }
    const regs = pr.what === "u" ? [0] : pr.what === "v" ? [1] : null;
    const nsr = (core: number) => image.cores.find((c) => c.index === core)?.stateRegisters ?? 0;
    const width = regs
      ? neurons.length
      : neurons.reduce((s, i) => s + nsr(pop.core[i] as number), 0);
    const rec: SampledProbe = {
      probe: pr,
      name: pop.name,
      steps: new Growable(),
      values: new Growable(),
      width,
      neurons: Int32Array.from(neurons),
      columns: [...neurons].flatMap((i) =>
        regs
          ? [`neuron ${i}`]
          : Array.from({ length: nsr(pop.core[i] as number) }, (_, r) => `neuron ${i} s${r}`),
      ),
      read: (chip) => {
        for (const i of neurons) {
          const core = pop.core[i] as number;
          const comp = pop.compartment[i] as number;
          const rs = regs ?? Array.from({ length: nsr(core) }, (_, r) => r);
          for (const r of rs) rec.values.push(chip.readState(core, comp, r));
        }
      },
    };
    this.sampled.push(rec);
  }

  /** Counts a host source's spike (source population named like the source, channel = neuron)
   *  in the phase of the step that emitted it. */
  countSource(name: string, channel: number, phase: number): void {
    const arr = this.counts.get(name)?.[Math.max(phase, 0)];
    if (arr && channel < arr.length) arr[channel] = (arr[channel] as number) + 1;
  }

  /** Called after each step: counts and records what the probes ask for. */
  afterStep(ctx: StepContext, chip: ChipModel, coreIndices: number[]): void {
    if (ctx.sampleStart) for (const arrs of this.counts.values()) for (const a of arrs) a.fill(0);
    const phase = Math.max(ctx.phase, 0);
    for (const core of coreIndices) {
      // Only cores holding a population neuron or a probed one are looked at.
      if (!this.owner.has(core)) continue;
      const sp = chip.spikesOf(core);
      if (sp.length === 0) continue;
      const own = this.owner.get(core);
      if (own) {
        for (let i = 0; i < sp.length; i++) {
          const o = own[sp[i] as number] as number;
          if (o < 0) continue;
          const pop = this.pops[Math.floor(o / 2 ** 20)] as PopulationImage;
          const arr = (this.counts.get(pop.name) as Int32Array[])[phase] as Int32Array;
          arr[o % 2 ** 20] = (arr[o % 2 ** 20] as number) + 1;
        }
      }
      for (const p of this.spikeProbes) {
        const m = p.map.get(core);
        if (!m) continue;
        for (let i = 0; i < sp.length; i++) {
          const ni = m[sp[i] as number] as number;
          if (ni >= 0) {
            p.index.push(ni);
            p.time.push(ctx.step);
          }
        }
      }
    }
    for (const s of this.sampled) {
      const every = Math.max(1, s.probe.every);
      if (ctx.step % every !== 0) continue;
      s.steps.push(ctx.step);
      s.read(chip);
    }
  }

  /** Spike counts of a population summed over the given phases (current sample). */
  countsOf(population: string, phase: number): Int32Array {
    const arrs = this.counts.get(population);
    if (!arrs) throw new EmulatorFault(`population '${population}' is not in image.populations`);
    return arrs[Math.max(phase, 0)] as Int32Array;
  }

  results(): { spikes: SpikeRecord[]; sampled: SampledRecord[] } {
    return {
      spikes: this.spikeProbes.map((p) => ({
        population: p.population,
        size: p.size,
        index: Int32Array.from(p.index.view()),
        time: p.time.view(),
      })),
      sampled: this.sampled.map((s) => ({
        name: s.name,
        what: s.probe.what as SampledRecord["what"],
        steps: s.steps.view(),
        width: s.width,
        columns: s.columns,
        ...(s.probe.what === "u" || s.probe.what === "v" ? { neurons: s.neurons } : {}),
        values: s.values.view(),
        ...(s.limits ? { limits: s.limits } : {}),
      })),
    };
  }

  save(): Record<string, unknown> {
    return {
      spikes: this.spikeProbes.map((p) => ({ index: p.index.view(), time: p.time.view() })),
      sampled: this.sampled.map((s) => ({ steps: s.steps.view(), values: s.values.view() })),
      counts: [...this.counts.entries()].map(([k, v]) => [k, v.map((a) => a.slice())]),
    };
  }

  load(s: Record<string, unknown>): void {
    const fill = (g: Growable, arr: Float64Array) => {
      g.length = 0;
      for (const v of arr) g.push(v);
    };
    (s.spikes as { index: Float64Array; time: Float64Array }[]).forEach((r, i) => {
      const p = this.spikeProbes[i] as SpikeProbe;
      fill(p.index, r.index);
      fill(p.time, r.time);
    });
    (s.sampled as { steps: Float64Array; values: Float64Array }[]).forEach((r, i) => {
      const p = this.sampled[i] as SampledProbe;
      fill(p.steps, r.steps);
      fill(p.values, r.values);
    });
    for (const [k, v] of s.counts as [string, Int32Array[]][]) {
      const arrs = this.counts.get(k);
      if (!arrs) continue;
      v.forEach((a, i) => {
        arrs[i]?.set(a);
      });
    }
  }
}
