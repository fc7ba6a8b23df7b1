// Registry of host learning routines (image.hostLearning[].routine): non-local weight updates
// the host computes between samples from what the chip counted (spike counts, traces) and
// writes back as weights. Every write goes through HostContext.writeWeight, so it is counted
// and reported apart from the chip's own learning (chip.md section 6). Routines never touch
// chip state any other way.
import { BUILTIN_HOST_ROUTINES, STRUCTURAL_HOST_PARAMS } from "../../isa/host-routines.ts";
import type { ProjectionImage } from "../../isa/image.ts";
import { EmulatorFault } from "../kernel.ts";
import { checkCountDeltaParams, countDelta } from "./count-delta.ts";
import { checkStRsbpParams, stRsbp } from "./st-rsbp.ts";

export interface HostContext {
  /** The routine's parameters from the image. */
  params: Record<string, number | string>;
  /** Data-set row of the sample that just ended, and its label (-1 if none). */
  row: number;
  label: number;
  sample: number;
  /** Training epoch of the sample (0-based; host routines run after training samples only). */
  epoch: number;
  /** Run seed (host routines draw from their own isa PRNG streams derived from it). */
  seed: number;
  /** Phase names of the presentation (empty without one), and steps per sample. */
  phases: string[];
  sampleSteps: number;
  /** Spike counts of a population during the named phase of the sample (phase "" = first). */
  counts(population: string, phase: string): Int32Array;
  projection(id: string): ProjectionImage;
  readWeight(core: number, slot: number): number;
  /** Weights the synapse's format can hold: min..max in multiples of step. */
  weightLimits(core: number, slot: number): { min: number; max: number; step: number };
  /** Host write of a weight mantissa: counted as a host-learning write. */
  writeWeight(core: number, slot: number, mantissa: number): void;
  /** A synapse's tag (9-bit signed), and a host write of it (counted as a host write). */
  readTag(core: number, slot: number): number;
  writeTag(core: number, slot: number, tag: number): void;
  readPreTrace(core: number, axon: number, which: 0 | 1): number;
  readPostTrace(core: number, compartment: number, which: 0 | 1 | 2): number;
}

export type HostRoutine = (h: HostContext) => void;

/** Checks of a routine's parameters against the image (projection ids), run when the image is
 *  loaded; each throws an EmulatorFault naming the parameter. */
export type ParamCheck = (params: HostContext["params"], projections: string[]) => void;

/** Each routine with the load-time check of its parameters (none for a registered routine that
 *  brings no check: it reports bad parameters when it runs). */
const registry = new Map<string, { run: HostRoutine; check?: ParamCheck }>([
  ["count_delta", { run: countDelta, check: checkCountDeltaParams }],
  ["st_rsbp", { run: stRsbp, check: checkStRsbpParams }],
]);

export function hostRoutine(name: string): HostRoutine | undefined {
  return registry.get(name)?.run;
}

/** The load-time check of routine `name`'s parameters: a built-in routine refuses a parameter
 *  it does not take (a misspelt `param` would otherwise leave it on its default), then the
 *  routine's own check runs, if it has one. */
export function checkHostParams(
  name: string,
  params: HostContext["params"],
  projections: string[],
): void {
  const known = BUILTIN_HOST_ROUTINES[name];
  if (known) refuseUnknownParams(name, params, known);
  registry.get(name)?.check?.(params, projections);
}

/** Refuses a parameter that is neither one of `known` nor one the compiler writes itself. */
function refuseUnknownParams(
  routine: string,
  params: HostContext["params"],
  known: readonly string[],
): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key) && !STRUCTURAL_HOST_PARAMS.includes(key)) {
      throw new EmulatorFault(
        `host routine ${routine}: unknown parameter '${key}' (it takes ${known.join(", ")})`,
      );
    }
  }
}

export function hostRoutineNames(): string[] {
  return [...registry.keys()].sort();
}

/** Adds a routine (for programs that bring their own host step), with an optional load-time
 *  check of its parameters. */
export function registerHostRoutine(name: string, fn: HostRoutine, check?: ParamCheck): void {
  if (registry.has(name)) throw new Error(`host routine '${name}' is already registered`);
  registry.set(name, check ? { run: fn, check } : { run: fn });
}
