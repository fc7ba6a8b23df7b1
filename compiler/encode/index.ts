// Encode stage: assemble the ChipImage from the routed cores (microcode profiles, initial
// state, synapse and axon tables, learning), the host sources and data sets, the experiment
// schedule, probes, population and projection maps, and host-learning declarations. Each
// core's utilization is counted by isa's accounting. It never writes bytes: the CLI encodes.
import {
  type ChipImage,
  type ChipProfile,
  type CoreImage,
  coreUtilization,
  type ExperimentImage,
  type PopulationImage,
  type ProbeImage,
  type ProjectionImage,
} from "../../isa/index.ts";
import { validateImage } from "../../isa/validate-image.ts";
import { backendDiagnostic } from "../backend-diagnostics.ts";
import type { CodegenResult } from "../codegen/index.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import type { DiscreteWeights } from "../discretize/index.ts";
import type { CsvTable } from "../lower/csv.ts";
import type { NetworkIR } from "../lower/index.ts";
import type { Placement } from "../place/index.ts";
import type { Routing } from "../route/index.ts";
import { coreProfiles } from "../route/learning.ts";
import { type DatasetTableSet, datasetImage, sourceImage } from "./sources.ts";

export { type CsvTable, parseCsv } from "../lower/csv.ts";

export interface EncodeInput {
  ir: NetworkIR;
  weights: DiscreteWeights[];
  codegen: CodegenResult;
  placement: Placement;
  routing: Routing;
  profile: ChipProfile;
  costProfile: string;
  /** Parsed data-set tables by data-set name. */
  table: (name: string) => CsvTable | undefined;
}

function coreImage(inp: EncodeInput, c: number): CoreImage {
  const rc = inp.routing.cores[c]!;
  const lc = inp.placement.cores[c]!;
  const phys = inp.placement.physical[c]!;
  const { list, profileOf } = coreProfiles(inp.codegen, lc);
  const stateRegisters = Math.max(1, ...list.map((p) => p.initialState.length));
  const initialState = new Int32Array(rc.compartments * stateRegisters);
  for (let comp = 0; comp < rc.compartments; comp++) {
    initialState.set(list[profileOf[comp]!]!.initialState, comp * stateRegisters);
  }
  const core: CoreImage = {
    index: phys.index,
    chip: phys.chip,
    tileX: phys.tileX,
    tileY: phys.tileY,
    compartments: rc.compartments,
    profileOf,
    neuronProfiles: list.map((p) => ({
      name: p.name,
      code: p.code,
      constants: p.constants,
      ...(p.persistentMask ? { persistent: p.persistentMask } : {}),
    })),
    vmin: inp.ir.vmin,
    vmax: inp.ir.vmax,
    initialState,
    stateRegisters,
    synapseFormats: rc.formats,
    inputAxons: rc.inputAxons,
    axonStart: rc.axonStart,
    synTarget: rc.synTarget,
    synWeight: rc.synWeight,
    synDelay: rc.synDelay,
    synFormat: rc.synFormat,
    synTag: rc.synTag,
    outStart: rc.outStart,
    routeCore: rc.routeCore,
    routeAxon: rc.routeAxon,
    learning: rc.learning,
    utilization: {},
  };
  core.utilization = coreUtilization(core, inp.profile);
  return core;
}

function experimentImage(inp: EncodeInput, ds: DatasetTableSet): ExperimentImage {
  const e = inp.ir.experiment;
  if (!e)
    return { dtMs: 1, seed: 0, steps: 0, datasets: ds.images, presentation: null, readout: null };
  const pr = e.presentation;
  const phases =
    e.phases.length > 0
      ? e.phases.map((p) => ({ name: p.name, steps: p.steps, learn: p.learn }))
      : pr
        ? [{ name: "present", steps: pr.stepsPerSample, learn: true }]
        : [];
  const presentation = pr
    ? { dataset: ds.index(pr.dataset), phases, epochs: pr.epochs, resetBetweenSamples: true }
    : null;
  let steps = e.steps ?? 0;
  if (pr && e.steps === undefined) {
    const d = ds.images[presentation!.dataset]!;
    const samples = (d.trainRows[1] - d.trainRows[0]) * pr.epochs + (d.testRows[1] - d.testRows[0]);
    steps = samples * pr.stepsPerSample;
  }
  const ro = e.readout;
  return {
    dtMs: e.dtMs,
    seed: e.seed,
    steps,
    datasets: ds.images,
    presentation,
    readout: ro
      ? {
          population: ro.population,
          phase: ro.phase ?? phases[phases.length - 1]?.name ?? "",
          rule: "argmax-count",
        }
      : null,
  };
}

export function encode(inp: EncodeInput): { image?: ChipImage; diagnostics: Diagnostic[] } {
  const { ir, placement: pl, routing } = inp;
  const diagnostics: Diagnostic[] = [];
  const dsImages: ChipImage["experiment"]["datasets"] = [];
  const dsIndex = new Map<string, number>();
  const ds: DatasetTableSet = {
    images: dsImages,
    index: (name) => {
      const known = dsIndex.get(name);
      if (known !== undefined) return known;
      const d = ir.datasets[name];
      const t = inp.table(name);
      if (!d || !t) throw new Error(`data set '${name}' has no table`);
      dsIndex.set(name, dsImages.length);
      return dsImages.push(datasetImage(d, t, ir.experiment)) - 1;
    },
  };
  const cores = routing.cores.map((_, c) => coreImage(inp, c));
  const exp = ir.experiment;
  const phasesOf = (name: string): number[] => {
    // A source named in some phase's `enable` runs only in those phases; one named in a
    // `disable` is silent there; others always run (empty list).
    const ph = exp?.phases ?? [];
    const enabledIn = ph.some((x) => x.enable.includes(name));
    const disabledIn = ph.some((x) => x.disable.includes(name));
    if (!enabledIn && !disabledIn) return [];
    return ph
      .map((x, i) =>
        (!enabledIn || x.enable.includes(name)) && !x.disable.includes(name) ? i : -1,
      )
      .filter((i) => i >= 0);
  };
  // Plain runs with phases: the image has no phase clock outside a presentation, so sources
  // limited to phases become explicit step lists over the run (phases repeat cyclically).
  const plain = exp && !exp.presentation && exp.phases.length > 0 ? exp : undefined;
  const cycle = plain ? plain.phases.reduce((a, p) => a + p.steps, 0) : 0;
  const phaseAt = (t: number) => {
    let x = (t - 1) % cycle;
    for (let i = 0; i < plain!.phases.length; i++) {
      x -= plain!.phases[i]!.steps;
      if (x < 0) return i;
    }
    return -1;
  };
  const sources = ir.populations
    .filter((p) => p.source)
    .map((p) => {
      const ph = phasesOf(p.name);
      const limited =
        plain && ph.length > 0 && cycle > 0
          ? { steps: plain.steps ?? cycle, active: (t: number) => ph.includes(phaseAt(t)) }
          : undefined;
      return sourceImage(p, p.source!, routing, ds, ph, limited);
    });
  if (plain?.phases.some((p) => !p.learn) && ir.projections.some((p) => p.rule)) {
    diagnostics.push(
      backendDiagnostic("B009", plain.span, {
        what: "learning on/off per phase needs a data-set presentation; this plain run learns in every phase",
        hint: "present a data set, or turn learning off per projection with `learn off`",
      }),
    );
  }
  const experiment = experimentImage(inp, ds);
  // A phase that names the projections that learn in it (`learn w1, w2;`) runs the learning
  // engine of their cores only (the image's per-phase `learnCores`). A core also holds the
  // synapses of every other plastic projection into its compartments, so one that is not named
  // but shares a core with a named one learns in that phase too: a warning names it.
  const plastic = ir.projections
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.rule && p.learnEnabled);
  const coresOf = (i: number) => new Set(routing.projections[i]!.core);
  (exp?.phases ?? []).forEach((ph, k) => {
    const only = ph.learnProjections;
    if (!only || !ph.learn) return;
    const named = plastic.filter(({ p }) => only.includes(p.id));
    const cores = new Set<number>();
    for (const { i } of named) for (const c of coresOf(i)) cores.add(c);
    const extra = plastic
      .filter(({ p, i }) => !only.includes(p.id) && [...coresOf(i)].some((c) => cores.has(c)))
      .map(({ p }) => p.id);
    const img = experiment.presentation?.phases[k];
    if (img) img.learnCores = [...cores].sort((a, b) => a - b);
    if (extra.length === 0) return;
    diagnostics.push(
      backendDiagnostic("B009", ph.span, {
        what: `phase \`${ph.name}\` learns only ${only.join(", ")}, but ${extra.join(", ")} share a core with them and learn in it too (learning is switched per core and phase)`,
        hint: "place the projections on different cores (their post populations on cores of their own), or accept the extra updates",
      }),
    );
  });
  const ro = exp?.readout;
  if (ro && ro.method !== "argmax_spikes") {
    diagnostics.push(
      backendDiagnostic("B009", ro.span, {
        what: `readout \`${ro.method}\` is read as the spike-count argmax (the image's only readout rule)`,
        hint: "write `argmax_spikes` to say so, or probe v and decide on the host",
      }),
    );
  }
  const populations: PopulationImage[] = ir.populations.map((p) => {
    const core = new Int32Array(p.size);
    const compartment = new Int32Array(p.size);
    for (let j = 0; j < p.size; j++) {
      const g = p.offset + j;
      if (p.source) {
        core[j] = -1;
        compartment[j] = j;
      } else {
        core[j] = pl.physical[pl.neuronCore[g]!]!.index;
        compartment[j] = pl.neuronComp[g]!;
      }
    }
    return { name: p.name, size: p.size, shape: p.shape, core, compartment, isSource: !!p.source };
  });
  const tied = new Map<string, number>();
  const projections: ProjectionImage[] = ir.projections.map((p, i) => {
    let tg = -1;
    if (p.tiedGroup) {
      tg = tied.get(p.tiedGroup) ?? tied.size;
      tied.set(p.tiedGroup, tg);
    }
    return {
      id: p.id,
      pre: ir.populations[p.prePop]!.name,
      post: ir.populations[p.postPop]!.name,
      plastic: p.rule !== null,
      tiedGroup: tg,
      preIndex: p.pre,
      postIndex: p.post,
      core: routing.projections[i]!.core,
      slot: routing.projections[i]!.slot,
      weightExp: inp.weights[i]!.weightExp,
    };
  });
  const probes: ProbeImage[] = [];
  for (const pr of ir.probes) {
    if (pr.target.kind === "projection") {
      const id = pr.target.id;
      const proj = ir.projections.find((x) => x.id === id);
      probes.push({
        population: proj ? ir.populations[proj.postPop]!.name : "",
        neurons: new Int32Array(0),
        what: "weights",
        projection: id,
        every: pr.everySteps,
      });
      continue;
    }
    const s = pr.target.slice;
    const neurons = new Int32Array(s.size);
    let k = 0;
    for (const [lo, hi] of s.ranges) for (let x = lo; x < hi && k < s.size; x++) neurons[k++] = x;
    const pop = ir.populations.find((p) => p.name === s.population);
    const state = pop?.model ? (ir.neuronModels[pop.model]?.state ?? []) : [];
    const reg = (f: string) => state.findIndex((x) => x.name === f);
    for (const f of pr.fields) {
      // The emulator reads `u` from s0 and `v` from s1 (the CUBA layout); a model whose state
      // is laid out otherwise is probed as `state` (every register, labelled s0, s1, ...).
      const what: ProbeImage["what"] =
        f === "spikes"
          ? "spikes"
          : (f === "u" && reg(f) === 0) || (f === "v" && reg(f) === 1)
            ? f
            : "state";
      if (what === "state" && probes.some((x) => x.neurons === neurons && x.what === "state"))
        continue;
      probes.push({ population: s.population, neurons, what, every: pr.everySteps });
    }
  }
  const image: ChipImage = {
    profile: inp.profile.name,
    costProfile: inp.costProfile,
    chips: pl.chips,
    name: ir.name,
    cores,
    sources,
    experiment,
    probes,
    populations,
    projections,
    hostLearning: (exp?.hostLearning ?? []).map((h) => ({
      name: h.name,
      routine: h.name,
      // Program-declared parameters (`param eta = 0.2;`) first; the routing fields after them.
      params: {
        ...(h.params ?? {}),
        updates: h.updates.join(","),
        reads: h.reads.join(","),
        everySamples: h.everySamples,
      },
    })),
  };
  // The one validity check of an image (isa), run before anything is written.
  for (const pb of validateImage(image, inp.profile)) {
    diagnostics.push(
      backendDiagnostic("B010", ir.populations[0]!.span, { why: `${pb.path}: ${pb.message}` }),
    );
  }
  return { image, diagnostics };
}
