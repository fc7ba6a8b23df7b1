// Load-time checks of an image against the chip profile: refuses any field that reaches outside
// its core's own memory (synapse targets, axon tables, routes, profiles, traces), any malformed
// microcode, and any graded spike whose payload is not proven non-negative. Every message names
// the core and the field. It reports; it never repairs an image.
import type { ChipImage, CoreImage } from "../isa/image.ts";
import { weightLimits } from "../isa/learning/eval.ts";
import { MicrocodeError, validateProgram } from "../isa/microcode/codec.ts";
import { REGISTER_NAMES } from "../isa/microcode/operands.ts";
import { buildTiedGroups, TiedGroupError } from "../isa/tied.ts";
import type { EmuParams } from "./params.ts";
import { unprovenPayloads } from "./payload-sign.ts";

/** A refused image: `problems` lists every reason, each naming core and field. */
export class ImageRejected extends Error {
  constructor(readonly problems: string[]) {
    super(`image refused:\n  ${problems.join("\n  ")}`);
    this.name = "ImageRejected";
  }
}

export interface LoadCheckOptions {
  /** Refuse (true, default) or accept (false) graded spikes not proven non-negative; accepted
   *  ones still fault at run time if a negative payload appears. */
  strictPayloads?: boolean;
}

function checkCsr(
  where: string,
  field: string,
  start: Uint32Array,
  rows: number,
  items: number,
  out: string[],
): void {
  if (start.length !== rows + 1) {
    out.push(`${where}: ${field} has length ${start.length}, expected ${rows + 1}`);
    return;
  }
  if (start[0] !== 0) out.push(`${where}: ${field}[0] is ${start[0]}, expected 0`);
  for (let i = 0; i < rows; i++) {
    if ((start[i + 1] as number) < (start[i] as number)) {
      out.push(`${where}: ${field} decreases at ${i} (${start[i]} > ${start[i + 1]})`);
      return;
    }
  }
  if (start[rows] !== items)
    out.push(`${where}: ${field}[${rows}] is ${start[rows]}, expected ${items} (entries stored)`);
}

function checkCore(
  c: CoreImage,
  cores: Map<number, CoreImage>,
  p: EmuParams,
  opts: LoadCheckOptions,
  out: string[],
): void {
  const at = `core ${c.index}`;
  const n = c.compartments;
  if (!Number.isInteger(n) || n < 0 || n > p.maxCompartments)
    out.push(`${at}: compartments = ${n}, limit ${p.maxCompartments}`);
  if (c.profileOf.length !== n)
    out.push(`${at}: profileOf has length ${c.profileOf.length}, expected ${n}`);
  if (c.neuronProfiles.length > p.maxNeuronProfiles)
    out.push(`${at}: ${c.neuronProfiles.length} neuron profiles, limit ${p.maxNeuronProfiles}`);
  c.profileOf.forEach((pi, i) => {
    if (pi >= c.neuronProfiles.length && out.length < 50)
      out.push(`${at}: profileOf[${i}] = ${pi}, core has ${c.neuronProfiles.length} profiles`);
  });
  if (c.stateRegisters < 0 || c.stateRegisters > p.maxStateRegisters)
    out.push(`${at}: stateRegisters = ${c.stateRegisters}, limit ${p.maxStateRegisters}`);
  if (c.initialState.length !== n * c.stateRegisters)
    out.push(
      `${at}: initialState has length ${c.initialState.length}, expected ${n} x ${c.stateRegisters}`,
    );
  if (!(c.vmin <= 0 && c.vmax >= 0))
    out.push(`${at}: vmin ${c.vmin} / vmax ${c.vmax} must bracket 0`);
  c.neuronProfiles.forEach((np, pi) => {
    const pat = `${at}: neuronProfiles[${pi}] '${np.name}'`;
    try {
      const prog = validateProgram(np.code, {
        stateRegisters: c.stateRegisters,
        constants: np.constants.length,
        graded: p.payloadBits > 0,
      });
      if (opts.strictPayloads !== false) {
        for (const b of unprovenPayloads(prog, np.constants, c.vmin, c.vmax)) {
          out.push(
            `${pat}.code pc ${b.pc}: spikep payload ${REGISTER_NAMES[b.reg]} may be negative (spikes are unsigned); bound it with max/clampk first`,
          );
        }
      }
    } catch (e) {
      if (e instanceof MicrocodeError) out.push(`${pat}.code: ${e.message}`);
      else throw e;
    }
  });
  const S = c.synTarget.length;
  for (const [f, len] of [
    ["synWeight", c.synWeight.length],
    ["synDelay", c.synDelay.length],
    ["synFormat", c.synFormat.length],
    ["synTag", c.synTag.length],
  ] as const) {
    if (len !== S) out.push(`${at}: ${f} has length ${len}, synTarget has ${S}`);
  }
  if (c.inputAxons > p.maxInputAxons)
    out.push(`${at}: inputAxons = ${c.inputAxons}, limit ${p.maxInputAxons}`);
  checkCsr(at, "axonStart", c.axonStart, c.inputAxons, S, out);
  c.synapseFormats.forEach((f, i) => {
    if (f.weightExp < -7 || f.weightExp > 7)
      out.push(`${at}: synapseFormats[${i}].weightExp = ${f.weightExp}, range -7..7`);
    if (f.weightBits < 1 || f.weightBits > 9)
      out.push(`${at}: synapseFormats[${i}].weightBits = ${f.weightBits}, range 1..9`);
    if (f.rule >= 0 && (!c.learning || f.rule >= c.learning.rules.length))
      out.push(
        `${at}: synapseFormats[${i}].rule = ${f.rule}, core has ${c.learning?.rules.length ?? 0} rules`,
      );
  });
  let shown = 0;
  const bad = (msg: string) => {
    if (shown++ < 10) out.push(msg);
  };
  for (let s = 0; s < S; s++) {
    const t = c.synTarget[s] as number;
    if (t >= n) bad(`${at}: synTarget[${s}] = ${t} is outside the core's ${n} compartments`);
    const d = c.synDelay[s] as number;
    if (d > p.delaySlots - 1)
      bad(`${at}: synDelay[${s}] = ${d}, profile allows 0..${p.delaySlots - 1}`);
    const fi = c.synFormat[s] as number;
    const f = c.synapseFormats[fi];
    if (fi === 0 || !f) {
      bad(
        `${at}: synFormat[${s}] = ${fi} (format 0 is reserved; core has ${c.synapseFormats.length} formats)`,
      );
      continue;
    }
    const w = c.synWeight[s] as number;
    const lim = weightLimits(f.weightBits, f.signMode);
    if (w < lim.min || w > lim.max || w % lim.step !== 0) {
      bad(
        `${at}: synWeight[${s}] = ${w} is not a ${f.signMode} ${f.weightBits}-bit weight (${lim.min}..${lim.max} in steps of ${lim.step})`,
      );
    }
  }
  checkCsr(at, "outStart", c.outStart, n, c.routeCore.length, out);
  if (c.routeAxon.length !== c.routeCore.length)
    out.push(
      `${at}: routeAxon has length ${c.routeAxon.length}, routeCore has ${c.routeCore.length}`,
    );
  if (c.routeCore.length > p.maxOutputAxons)
    out.push(`${at}: ${c.routeCore.length} output axons, limit ${p.maxOutputAxons}`);
  checkRoutes(at, c.routeCore, c.routeAxon, cores, bad);
  if (c.learning) checkLearning(c, at, out);
}

function checkRoutes(
  at: string,
  routeCore: Uint32Array,
  routeAxon: Uint32Array,
  cores: Map<number, CoreImage>,
  bad: (m: string) => void,
): void {
  for (let r = 0; r < routeCore.length; r++) {
    const d = cores.get(routeCore[r] as number);
    if (!d) bad(`${at}: routeCore[${r}] = ${routeCore[r]} is not a core of the image`);
    else if ((routeAxon[r] as number) >= d.inputAxons)
      bad(
        `${at}: routeAxon[${r}] = ${routeAxon[r]}, core ${d.index} has ${d.inputAxons} input axons`,
      );
  }
}

function checkLearning(c: CoreImage, at: string, out: string[]): void {
  const l = c.learning;
  if (!l) return;
  if (!(l.epoch >= 1 && l.epoch <= 63)) out.push(`${at}: learning.epoch = ${l.epoch}, range 1..63`);
  if (l.axonTraceConfig.length !== c.inputAxons)
    out.push(
      `${at}: learning.axonTraceConfig has length ${l.axonTraceConfig.length}, expected ${c.inputAxons}`,
    );
  l.axonTraceConfig.forEach((v, i) => {
    if (v >= l.preTrace.length && out.length < 50)
      out.push(
        `${at}: learning.axonTraceConfig[${i}] = ${v}, core has ${l.preTrace.length} pre-trace configs`,
      );
  });
  if (l.learnEnable.length !== c.compartments)
    out.push(
      `${at}: learning.learnEnable has length ${l.learnEnable.length}, expected ${c.compartments}`,
    );
  for (const [name, list] of [
    ["preTrace", l.preTrace],
    ["postTrace", l.postTrace],
  ] as const) {
    list.forEach((tc, i) => {
      tc.impulse.forEach((v, j) => {
        if (v < 0 || v > 127)
          out.push(`${at}: learning.${name}[${i}].impulse[${j}] = ${v}, range 0..127`);
      });
      tc.decay.forEach((v, j) => {
        if (v < 0 || v > 4095)
          out.push(`${at}: learning.${name}[${i}].decay[${j}] = ${v}, range 0..4095`);
      });
    });
  }
}

/** Checks a whole image; throws ImageRejected listing every problem found. */
export function checkImage(
  img: ChipImage,
  p: EmuParams,
  opts: LoadCheckOptions & { extraProblems?: string[] } = {},
): void {
  const out: string[] = [...(opts.extraProblems ?? [])];
  const cores = new Map<number, CoreImage>();
  for (const c of img.cores) {
    if (cores.has(c.index)) out.push(`core ${c.index}: index used twice`);
    cores.set(c.index, c);
    if (
      c.tileX < 0 ||
      c.tileX >= p.noc.meshX ||
      c.tileY < 0 ||
      c.tileY >= p.noc.meshY ||
      c.chip < 0 ||
      c.chip >= img.chips
    ) {
      out.push(
        `core ${c.index}: tile (${c.tileX}, ${c.tileY}) of chip ${c.chip} is outside the ${p.noc.meshX}x${p.noc.meshY} mesh of ${img.chips} chip(s)`,
      );
    }
  }
  for (const c of img.cores) checkCore(c, cores, p, opts, out);
  img.sources.forEach((s) => {
    const at = `source '${s.name}'`;
    checkCsr(at, "outStart", s.outStart, s.channels, s.routeCore.length, out);
    checkRoutes(at, s.routeCore, s.routeAxon, cores, (m) => out.push(m));
    if (s.kind.type === "bernoulli" && s.kind.probQ16.length !== s.channels)
      out.push(
        `${at}: bernoulli.probQ16 has length ${s.kind.probQ16.length}, expected ${s.channels}`,
      );
  });
  img.experiment.datasets.forEach((d, i) => {
    if (d.values.length !== d.rows * d.cols)
      out.push(
        `experiment.datasets[${i}] '${d.name}': values has length ${d.values.length}, expected ${d.rows} x ${d.cols}`,
      );
  });
  img.projections.forEach((pr) => {
    for (let k = 0; k < pr.slot.length; k++) {
      const c = cores.get(pr.core[k] as number);
      if (!c || (pr.slot[k] as number) >= c.synTarget.length) {
        out.push(
          `projection '${pr.id}': entry ${k} names core ${pr.core[k]} synapse ${pr.slot[k]}, which does not exist`,
        );
        break;
      }
    }
  });
  if (out.length === 0) {
    try {
      buildTiedGroups(img);
    } catch (e) {
      if (!(e instanceof TiedGroupError)) throw e;
      out.push(`projection '${e.projection}': ${e.message}`);
    }
  }
  if (out.length > 0) throw new ImageRejected(out);
}
