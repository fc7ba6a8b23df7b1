// Host routine "count-delta": a delta rule on spike counts, run on the host after each training
// sample. For projection P (pre -> post): dw_ij = round(eta * pre_i * (target_j - post_j)),
// where pre_i, post_j are spike counts in phase `phase` and target_j = `target` spikes for the
// sample's label, 0 otherwise. Non-local (it needs the label and a global error), hence a host
// step. It reads counts and weights and writes weights through the counted HostContext only.
import { EmulatorFault } from "../kernel.ts";
import type { HostContext } from "./index.ts";

function num(h: Pick<HostContext, "params">, key: string, dflt?: number): number {
  const v = h.params[key];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new EmulatorFault(
      `host routine count-delta: parameter '${key}' must be a number (got ${String(v)})`,
    );
  }
  return v;
}

function projectionParam(params: HostContext["params"]): string {
  const projId = params.projection;
  if (typeof projId !== "string")
    throw new EmulatorFault(
      "host routine count-delta: parameter 'projection' (projection id) is required",
    );
  return projId;
}

/** Load-time check of the parameters (the checks the routine makes when it runs). */
export function checkCountDeltaParams(params: HostContext["params"], projections: string[]): void {
  const id = projectionParam(params);
  num({ params }, "eta");
  num({ params }, "target", 0);
  if (!projections.includes(id))
    throw new EmulatorFault(`host routine count-delta: projection '${id}' is not in the image`);
}

export function countDelta(h: HostContext): void {
  const projId = projectionParam(h.params);
  const phase = typeof h.params.phase === "string" ? h.params.phase : "";
  const eta = num(h, "eta");
  const target = num(h, "target", 0);
  if (h.label < 0) return;
  const p = h.projection(projId);
  const pre = h.counts(p.pre, phase);
  const post = h.counts(p.post, phase);
  for (let k = 0; k < p.slot.length; k++) {
    const i = p.preIndex[k] as number;
    const j = p.postIndex[k] as number;
    const err = (j === h.label ? target : 0) - (post[j] as number);
    const dw = Math.round(eta * (pre[i] as number) * err);
    if (dw === 0) continue;
    const core = p.core[k] as number;
    const slot = p.slot[k] as number;
    h.writeWeight(core, slot, h.readWeight(core, slot) + dw);
  }
}
