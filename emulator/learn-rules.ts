// Learning-rule evaluation (sum of products per synapse, once per epoch), compiled from the
// isa/learning microcode. It must not define rule semantics of its own.
import type { LearningImage } from "../isa/image.ts";
import type { CoreRuntime } from "./core-runtime.ts";
import { EmulatorFault } from "./kernel.ts";
import type { LearnRuntime } from "./learn.ts";

export type CompiledRule = (c: CoreRuntime, l: LearnRuntime, changed: number[]) => number;

export function compileRules(rules: Uint32Array[]): CompiledRule[] {
  if (rules.length > 0)
    throw new EmulatorFault("learning rules need isa/learning, which is not available yet");
  return [];
}

export function applyRules(
  c: CoreRuntime,
  l: LearnRuntime,
  _cfg: LearningImage,
  changed: number[],
): number {
  let n = 0;
  for (const r of l.rules) n += r(c, l, changed);
  return n;
}
