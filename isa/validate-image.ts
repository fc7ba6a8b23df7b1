// validateImage: the one check of a ChipImage against a chip profile, run by the compiler back
// end before writing and by the emulator at load. Checks limits (per-core resources, bit
// ranges) and references (synapse targets, formats, routes, rules, populations). Messages name
// the core and the field. It must not repair anything or read files.

import type { ChipImage, CoreImage } from "./image.ts";
import { decodeRule, LearningRuleError } from "./learning/codec.ts";
import { weightLimits } from "./learning/eval.ts";
import { MicrocodeError, validateProgram } from "./microcode/codec.ts";
import { type ChipProfile, coreLocation, delayBits } from "./profiles.ts";
import { coreUtilization } from "./synapse-memory.ts";

export interface ImageProblem {
  /** Field path, e.g. "cores[3].synTarget[17]". */
  path: string;
  message: string;
}

const MAX_PROBLEMS = 100;

class Collector {
  readonly problems: ImageProblem[] = [];
  add(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
  }
  full(): boolean {
    return this.problems.length >= MAX_PROBLEMS;
  }
}

/** Check a CSR start array: length n + 1, starts at 0, non-decreasing, ends at `total`. */
function checkCsr(
  c: Collector,
  path: string,
  start: ArrayLike<number>,
  n: number,
  total: number,
): boolean {
  if (start.length !== n + 1) {
    c.add(path, `length ${start.length}, expected ${n + 1}`);
    return false;
  }
  if (start[0] !== 0) c.add(`${path}[0]`, `is ${start[0]}, expected 0`);
  for (let i = 0; i < n; i++) {
    if (start[i + 1]! < start[i]!) {
      c.add(`${path}[${i + 1}]`, `${start[i + 1]} < ${start[i]}: not non-decreasing`);
      return false;
    }
  }
  if (start[n] !== total) {
    c.add(`${path}[${n}]`, `is ${start[n]}, expected ${total} (the entry count)`);
    return false;
  }
  return true;
}

function checkRange(
  c: Collector,
  path: string,
  a: ArrayLike<number>,
  lo: number,
  hi: number,
  what: string,
): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo || v > hi) {
      c.add(`${path}[${i}]`, `= ${v} is outside ${lo}..${hi} (${what})`);
      if (c.full()) return;
    }
  }
}

function checkCore(
  c: Collector,
  core: CoreImage,
  p: ChipProfile,
  byIndex: Map<number, CoreImage>,
): void {
  const at = `cores[${core.index}]`;
  const loc = coreLocation(p, core.index);
  if (core.chip !== loc.chip || core.tileX !== loc.tileX || core.tileY !== loc.tileY) {
    c.add(
      `${at}.tileX/tileY/chip`,
      `(${core.chip}, ${core.tileX}, ${core.tileY}) disagree with index ${core.index}: expected (${loc.chip}, ${loc.tileX}, ${loc.tileY})`,
    );
  }
  const n = core.compartments;
  if (n < 0 || n > p.maxCompartments)
    c.add(`${at}.compartments`, `${n} exceeds ${p.maxCompartments}`);
  if (core.profileOf.length !== n)
    c.add(`${at}.profileOf`, `length ${core.profileOf.length}, expected ${n}`);
  checkRange(
    c,
    `${at}.profileOf`,
    core.profileOf,
    0,
    core.neuronProfiles.length - 1,
    "neuron profile index",
  );
  if (core.stateRegisters < 1 || core.stateRegisters > p.maxStateRegisters) {
    c.add(`${at}.stateRegisters`, `${core.stateRegisters} outside 1..${p.maxStateRegisters}`);
  }
  if (core.initialState.length !== n * core.stateRegisters) {
    c.add(
      `${at}.initialState`,
      `length ${core.initialState.length}, expected ${n} x ${core.stateRegisters}`,
    );
  }
  const vlim = 2 ** (p.bits.v - 1);
  if (!(core.vmin <= 0 && core.vmax > 0 && core.vmin >= -vlim && core.vmax <= vlim - 1)) {
    c.add(
      `${at}.vmin/vmax`,
      `[${core.vmin}, ${core.vmax}] must satisfy ${-vlim} <= vmin <= 0 < vmax <= ${vlim - 1}`,
    );
  }
  core.neuronProfiles.forEach((np, i) => {
    const keep = np.persistent ?? 0;
    if (!Number.isInteger(keep) || keep < 0 || keep >= 2 ** core.stateRegisters) {
      c.add(
        `${at}.neuronProfiles[${i}] (${np.name}).persistent`,
        `mask ${keep} names registers beyond the core's ${core.stateRegisters}`,
      );
    }
    try {
      validateProgram(np.code, {
        stateRegisters: core.stateRegisters,
        constants: Math.min(np.constants.length, p.maxConstants),
        graded: p.payloadBits > 0,
        maxWords: p.maxProgramWords,
      });
    } catch (e) {
      if (!(e instanceof MicrocodeError)) throw e;
      c.add(`${at}.neuronProfiles[${i}] (${np.name}).code`, e.message);
    }
  });
  // Synapse formats and synapses.
  const nf = core.synapseFormats.length;
  const nRules = core.learning?.rules.length ?? 0;
  const maxDelayBits = delayBits(p);
  core.synapseFormats.forEach((f, i) => {
    const fp = `${at}.synapseFormats[${i}]`;
    if (f.weightBits < 1 || f.weightBits > p.bits.weightMant)
      c.add(`${fp}.weightBits`, `${f.weightBits} outside 1..${p.bits.weightMant}`);
    if (f.weightExp < p.weightExpMin || f.weightExp > p.weightExpMax)
      c.add(`${fp}.weightExp`, `${f.weightExp} outside ${p.weightExpMin}..${p.weightExpMax}`);
    if (f.delayBits < 0 || f.delayBits > maxDelayBits)
      c.add(`${fp}.delayBits`, `${f.delayBits} outside 0..${maxDelayBits}`);
    if (f.tagBits < 0 || f.tagBits > p.bits.tag)
      c.add(`${fp}.tagBits`, `${f.tagBits} outside 0..${p.bits.tag}`);
    if (f.rule < -1 || f.rule >= nRules)
      c.add(`${fp}.rule`, `${f.rule} is not -1 or a rule index below ${nRules}`);
  });
  const ns = core.synTarget.length;
  for (const k of ["synWeight", "synDelay", "synFormat", "synTag"] as const) {
    if (core[k].length !== ns)
      c.add(`${at}.${k}`, `length ${core[k].length}, expected ${ns} (synTarget length)`);
  }
  if (core.inputAxons > p.maxInputAxons)
    c.add(`${at}.inputAxons`, `${core.inputAxons} exceeds ${p.maxInputAxons}`);
  checkCsr(c, `${at}.axonStart`, core.axonStart, core.inputAxons, ns);
  checkRange(c, `${at}.synTarget`, core.synTarget, 0, n - 1, `compartment index, core has ${n}`);
  checkRange(
    c,
    `${at}.synFormat`,
    core.synFormat,
    1,
    nf - 1,
    `synapse format (0 reserved), core has ${nf}`,
  );
  checkRange(c, `${at}.synDelay`, core.synDelay, 0, p.maxDelay, "delay");
  checkRange(
    c,
    `${at}.synTag`,
    core.synTag,
    -(2 ** (p.bits.tag - 1)),
    2 ** (p.bits.tag - 1) - 1,
    "9-bit signed tag",
  );
  for (let i = 0; i < ns && !c.full(); i++) {
    const f = core.synapseFormats[core.synFormat[i]!];
    if (!f) continue;
    const lim = weightLimits(f.weightBits, f.signMode);
    const w = core.synWeight[i]!;
    if (w < lim.min || w > lim.max || w % lim.step !== 0) {
      c.add(
        `${at}.synWeight[${i}]`,
        `= ${w} not representable in format ${core.synFormat[i]} (${f.signMode}, ${f.weightBits} bits: ${lim.min}..${lim.max} step ${lim.step})`,
      );
    }
    if (f.delayBits < maxDelayBits && core.synDelay[i]! >= 2 ** f.delayBits) {
      c.add(
        `${at}.synDelay[${i}]`,
        `= ${core.synDelay[i]} needs more than the format's ${f.delayBits} delay bits`,
      );
    }
  }
  // Routes.
  const nr = core.routeCore.length;
  if (core.routeAxon.length !== nr)
    c.add(`${at}.routeAxon`, `length ${core.routeAxon.length}, expected ${nr}`);
  checkCsr(c, `${at}.outStart`, core.outStart, n, nr);
  for (let i = 0; i < nr && !c.full(); i++) {
    const dst = byIndex.get(core.routeCore[i]!);
    if (!dst) c.add(`${at}.routeCore[${i}]`, `= ${core.routeCore[i]} is not a core of this image`);
    else if (core.routeAxon[i]! >= dst.inputAxons) {
      c.add(
        `${at}.routeAxon[${i}]`,
        `= ${core.routeAxon[i]} but core ${dst.index} has ${dst.inputAxons} input axons`,
      );
    }
  }
  // Learning.
  const L = core.learning;
  const anyPlastic = core.synapseFormats.some((f, i) => i > 0 && f.rule >= 0);
  const used = new Set(core.synFormat);
  if (!L && anyPlastic)
    c.add(`${at}.learning`, "is null but a synapse format names a learning rule");
  if (L) {
    if (L.epoch < 1 || L.epoch > p.maxEpoch)
      c.add(`${at}.learning.epoch`, `${L.epoch} outside 1..${p.maxEpoch}`);
    if (L.preTrace.length > p.maxPreTraceConfigs)
      c.add(
        `${at}.learning.preTrace`,
        `${L.preTrace.length} configs exceed ${p.maxPreTraceConfigs}`,
      );
    // One config per neuron profile; profiles past the end use postTrace[0] (as the emulator).
    if (L.postTrace.length < 1 || L.postTrace.length > core.neuronProfiles.length) {
      c.add(
        `${at}.learning.postTrace`,
        `${L.postTrace.length} configs, expected 1..${core.neuronProfiles.length} (one per neuron profile)`,
      );
    }
    for (const [name, list] of [
      ["preTrace", L.preTrace],
      ["postTrace", L.postTrace],
    ] as const) {
      list.forEach((tc, i) => {
        tc.impulse.forEach((v, j) => {
          if (v < 0 || v > 127)
            c.add(`${at}.learning.${name}[${i}].impulse[${j}]`, `${v} outside 0..127`);
        });
        tc.decay.forEach((v, j) => {
          if (v < 0 || v > 4095)
            c.add(`${at}.learning.${name}[${i}].decay[${j}]`, `${v} outside 0..4095`);
        });
      });
    }
    if (L.axonTraceConfig.length !== core.inputAxons)
      c.add(
        `${at}.learning.axonTraceConfig`,
        `length ${L.axonTraceConfig.length}, expected ${core.inputAxons}`,
      );
    checkRange(
      c,
      `${at}.learning.axonTraceConfig`,
      L.axonTraceConfig,
      0,
      L.preTrace.length - 1,
      "pre-trace config",
    );
    if (L.learnEnable.length !== n)
      c.add(`${at}.learning.learnEnable`, `length ${L.learnEnable.length}, expected ${n}`);
    L.rules.forEach((r, i) => {
      try {
        const rule = decodeRule(r);
        if (rule.terms.length > p.maxLearningTerms)
          c.add(
            `${at}.learning.rules[${i}]`,
            `${rule.terms.length} terms exceed ${p.maxLearningTerms}`,
          );
      } catch (e) {
        if (!(e instanceof LearningRuleError)) throw e;
        c.add(`${at}.learning.rules[${i}]`, e.message);
      }
    });
    if (p.learningAllOrNone) {
      // Only valid formats count here; a bad index (or reserved 0) is reported above.
      const valid = [...used].filter((f) => f > 0 && f < nf);
      const kinds = new Set(valid.map((f) => core.synapseFormats[f]!.rule >= 0));
      if (kinds.size > 1)
        c.add(
          `${at}.synFormat`,
          `mixes learning and static synapses; profile ${p.name} requires all or none per core`,
        );
    }
  }
  // Resources as counted by synapse-memory.ts.
  for (const [res, [u, max]] of Object.entries(coreUtilization(core, p))) {
    if (u > max) c.add(`${at}.${res}`, `uses ${u} of ${max}`);
  }
}

/** All problems of an image against a profile ([] = valid), at most 100, in field order. */
export function validateImage(img: ChipImage, p: ChipProfile): ImageProblem[] {
  const c = new Collector();
  if (img.profile !== p.name)
    c.add("profile", `image targets '${img.profile}', checked against '${p.name}'`);
  if (img.chips < 1 || img.chips > p.board.maxChips)
    c.add("chips", `${img.chips} outside 1..${p.board.maxChips}`);
  const byIndex = new Map<number, CoreImage>();
  img.cores.forEach((core, i) => {
    if (core.index < 0 || core.index >= img.chips * p.coresPerChip) {
      c.add(
        `cores[${i}].index`,
        `${core.index} outside 0..${img.chips * p.coresPerChip - 1} (${img.chips} chip(s) of ${p.coresPerChip} cores)`,
      );
    }
    if (byIndex.has(core.index)) c.add(`cores[${i}].index`, `${core.index} appears twice`);
    byIndex.set(core.index, core);
  });
  for (const core of img.cores) {
    if (c.full()) break;
    checkCore(c, core, p, byIndex);
  }
  validateHostSide(c, img, byIndex);
  return c.problems;
}

function validateHostSide(c: Collector, img: ChipImage, byIndex: Map<number, CoreImage>): void {
  const nd = img.experiment.datasets.length;
  img.sources.forEach((s, i) => {
    const at = `sources[${i}] (${s.name})`;
    if (s.routeAxon.length !== s.routeCore.length)
      c.add(`${at}.routeAxon`, "length differs from routeCore");
    checkCsr(c, `${at}.outStart`, s.outStart, s.channels, s.routeCore.length);
    s.routeCore.forEach((core, j) => {
      const dst = byIndex.get(core);
      if (!dst) c.add(`${at}.routeCore[${j}]`, `= ${core} is not a core of this image`);
      else if (s.routeAxon[j]! >= dst.inputAxons)
        c.add(
          `${at}.routeAxon[${j}]`,
          `= ${s.routeAxon[j]} but core ${core} has ${dst.inputAxons} input axons`,
        );
    });
    const k = s.kind;
    if (k.type === "steps") {
      if (k.channel.length !== k.step.length)
        c.add(`${at}.kind.step`, "length differs from channel");
      checkRange(c, `${at}.kind.channel`, k.channel, 0, s.channels - 1, "channel");
    }
    if (k.type === "bernoulli" && k.probQ16.length !== s.channels)
      c.add(`${at}.kind.probQ16`, `length ${k.probQ16.length}, expected ${s.channels}`);
    if ("dataset" in k && (k.dataset < 0 || k.dataset >= nd))
      c.add(`${at}.kind.dataset`, `${k.dataset} is not a data set index (image has ${nd})`);
    s.phases.forEach((ph, j) => {
      const np = img.experiment.presentation?.phases.length ?? 0;
      if (ph < 0 || ph >= np)
        c.add(`${at}.phases[${j}]`, `${ph} is not a phase index (experiment has ${np})`);
    });
  });
  img.experiment.datasets.forEach((d, i) => {
    if (d.values.length !== d.rows * d.cols)
      c.add(
        `experiment.datasets[${i}].values`,
        `length ${d.values.length}, expected ${d.rows} x ${d.cols}`,
      );
    if (d.labels.length !== 0 && d.labels.length !== d.rows)
      c.add(
        `experiment.datasets[${i}].labels`,
        `length ${d.labels.length}, expected 0 or ${d.rows}`,
      );
    for (const k of ["trainRows", "testRows"] as const) {
      const [lo, hi] = d[k];
      if (!(lo >= 0 && lo <= hi && hi <= d.rows))
        c.add(
          `experiment.datasets[${i}].${k}`,
          `[${lo}, ${hi}] must satisfy 0 <= start <= end <= rows (${d.rows})`,
        );
    }
  });
  if (img.experiment.steps < 0) c.add("experiment.steps", `${img.experiment.steps} must be >= 0`);
  const pres = img.experiment.presentation;
  if (pres && (pres.dataset < 0 || pres.dataset >= nd))
    c.add("experiment.presentation.dataset", `${pres.dataset} is not a data set index`);
  // The schedule: every phase lasts at least a step (a sample of 0 or fewer steps never ends).
  if (pres && pres.phases.length === 0)
    c.add("experiment.presentation.phases", "is empty: a sample needs at least one phase");
  pres?.phases.forEach((ph, i) => {
    if (ph.steps < 1)
      c.add(`experiment.presentation.phases[${i}].steps`, `${ph.steps} must be >= 1`);
  });
  if (pres && pres.epochs < 0)
    c.add("experiment.presentation.epochs", `${pres.epochs} must be >= 0`);
  const coreIndices = new Set(img.cores.map((x) => x.index));
  pres?.phases.forEach((ph, i) => {
    ph.learnCores?.forEach((k, j) => {
      if (!coreIndices.has(k))
        c.add(`experiment.presentation.phases[${i}].learnCores[${j}]`, `${k} is not a core index`);
    });
  });
  const pops = new Map(img.populations.map((p) => [p.name, p]));
  if (img.experiment.readout && !pops.has(img.experiment.readout.population)) {
    c.add(
      "experiment.readout.population",
      `'${img.experiment.readout.population}' is not a population`,
    );
  }
  img.populations.forEach((p, i) => {
    const at = `populations[${i}] (${p.name})`;
    if (p.core.length !== p.size || p.compartment.length !== p.size)
      c.add(at, `core/compartment lengths must equal size ${p.size}`);
    if (p.isSource) return;
    for (let j = 0; j < p.core.length && !c.full(); j++) {
      const core = byIndex.get(p.core[j]!);
      if (!core) c.add(`${at}.core[${j}]`, `= ${p.core[j]} is not a core of this image`);
      else if (p.compartment[j]! < 0 || p.compartment[j]! >= core.compartments) {
        c.add(
          `${at}.compartment[${j}]`,
          `= ${p.compartment[j]} but core ${core.index} has ${core.compartments} compartments`,
        );
      }
    }
  });
  img.probes.forEach((pr, i) => {
    const pop = pops.get(pr.population);
    if (!pop) c.add(`probes[${i}].population`, `'${pr.population}' is not a population`);
    else
      checkRange(c, `probes[${i}].neurons`, pr.neurons, 0, pop.size - 1, `neuron of ${pop.name}`);
    if (pr.every < 1) c.add(`probes[${i}].every`, `${pr.every} must be >= 1`);
  });
  img.projections.forEach((pj, i) => {
    const at = `projections[${i}] (${pj.id})`;
    const n = pj.preIndex.length;
    if (pj.postIndex.length !== n || pj.core.length !== n || pj.slot.length !== n)
      c.add(at, "preIndex/postIndex/core/slot lengths differ");
    // Host routines index spike counts by these: an index outside its population would read a
    // count that does not exist (and write a weight from it) instead of failing.
    for (const [end, name, index] of [
      ["pre", pj.pre, pj.preIndex],
      ["post", pj.post, pj.postIndex],
    ] as const) {
      // A source may appear only among the sources (its channels are its neurons).
      const size = pops.get(name)?.size ?? img.sources.find((q) => q.name === name)?.channels;
      if (size === undefined) c.add(`${at}.${end}`, `'${name}' is not a population or source`);
      else checkRange(c, `${at}.${end}Index`, index, 0, size - 1, `neuron of ${name}`);
    }
    for (let j = 0; j < pj.core.length && !c.full(); j++) {
      const core = byIndex.get(pj.core[j]!);
      if (!core) c.add(`${at}.core[${j}]`, `= ${pj.core[j]} is not a core of this image`);
      else if (pj.slot[j]! < 0 || pj.slot[j]! >= core.synTarget.length) {
        c.add(
          `${at}.slot[${j}]`,
          `= ${pj.slot[j]} but core ${core.index} has ${core.synTarget.length} synapses`,
        );
      }
    }
  });
}
