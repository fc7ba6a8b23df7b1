// Host routine `count_delta`: a delta rule on spike counts, run on the host after each training
// sample. For the one projection its step updates (pre -> post, `updates`):
//   dw_ij = round(eta * pre_i * (target_j - post_j)),
// where pre_i and post_j are spike counts in the sample's first phase (the free run, where a
// readout counts) and target_j is `target` spikes for the sample's label, 0 for the other
// classes. Non-local (it needs the label and an error over the whole output), hence a host step:
// a baseline against which an on-chip rule can be measured. It reads counts and weights and
// writes weights through the counted HostContext only.
//   host learn count_delta { updates (hid -> out); reads out.spikes; param eta = 0.5; param target = 4; }
import { updatedProjectionIds } from "../../isa/host-routines.ts";
import { EmulatorFault } from "../kernel.ts";
import type { HostContext } from "./index.ts";

function num(h: Pick<HostContext, "params">, key: string, dflt?: number): number {
  const v = h.params[key];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new EmulatorFault(
      `host routine count_delta: parameter '${key}' must be a number (got ${String(v)})`,
    );
  }
  return v;
}

/** The one projection the step updates. */
function updatedProjection(params: HostContext["params"]): string {
  const ids = updatedProjectionIds(params.updates);
  if (ids.length !== 1)
    throw new EmulatorFault(
      `host routine count_delta: updates exactly one projection, got ${ids.length} (${ids.join(", ") || "none"})`,
    );
  return ids[0] as string;
}

/** Load-time check of the parameters (the checks the routine makes when it runs). */
export function checkCountDeltaParams(params: HostContext["params"], projections: string[]): void {
  const id = updatedProjection(params);
  num({ params }, "eta");
  num({ params }, "target", 0);
  if (!projections.includes(id))
    throw new EmulatorFault(`host routine count_delta: projection '${id}' is not in the image`);
}

export function countDelta(h: HostContext): void {
  const eta = num(h, "eta");
  const target = num(h, "target", 0);
  if (h.label < 0) return;
  const p = h.projection(updatedProjection(h.params));
  const pre = h.counts(p.pre, "");
  const post = h.counts(p.post, "");
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
