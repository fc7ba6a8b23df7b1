// Copies every core's mutable run-time state out of and back into CoreRuntime objects, for
// checkpoints. Plain data with typed-array copies; the byte encoding lives in checkpoint.ts.
// Derived arrays (synapse values in accumulator units) are recomputed, never saved.
import { CheckpointError } from "./checkpoint.ts";
import type { CoreRuntime } from "./core-runtime.ts";
import { scaleWeight } from "./core-runtime.ts";

export function snapshotCores(cores: CoreRuntime[]): Record<string, unknown>[] {
  return cores.map((c) => {
    const l = c.learn;
    return {
      index: c.index,
      state: c.state.slice(),
      ring: c.ring.slice(),
      weight: c.weight.slice(),
      delay: c.delay.slice(),
      pendingAxons: c.next.axons.slice(0, c.next.count),
      pendingPayloads: c.next.payloads.slice(0, c.next.count),
      spikes: c.spikes.slice(0, c.nSpikes),
      payloads: c.payloads.slice(0, c.nSpikes),
      counters: c.counters.slice(),
      learn: l
        ? {
            x: l.x.slice(),
            y: l.y.slice(),
            preEpoch: l.preEpoch.slice(),
            postEpoch: l.postEpoch.slice(),
            tag: l.tag.slice(),
            epochs: l.epochs,
            rngTrace: l.rngTrace.save(),
            rngLearn: l.rngLearn.save(),
          }
        : null,
    };
  });
}

export function restoreCores(cores: CoreRuntime[], snaps: Record<string, unknown>[]): void {
  if (snaps.length !== cores.length) {
    throw new CheckpointError(
      `checkpoint holds ${snaps.length} cores, the image has ${cores.length}`,
    );
  }
  cores.forEach((c, i) => {
    const s = snaps[i] as Record<string, unknown>;
    if (s.index !== c.index)
      throw new CheckpointError(
        `checkpoint core ${i} is core ${String(s.index)}, image has ${c.index}`,
      );
    c.state.set(s.state as Int32Array);
    c.ring.set(s.ring as Int32Array);
    c.weight.set(s.weight as Int16Array);
    c.delay.set(s.delay as Uint8Array);
    for (let k = 0; k < c.weight.length; k++) {
      c.synValue[k] = scaleWeight(
        c.weight[k] as number,
        c.formatShift[c.img.synFormat[k] as number] as number,
      );
    }
    c.inbox.clear();
    c.next.clear();
    const pa = s.pendingAxons as Int32Array;
    const pp = s.pendingPayloads as Int32Array;
    for (let k = 0; k < pa.length; k++) c.next.push(pa[k] as number, pp[k] as number);
    const sp = s.spikes as Int32Array;
    c.spikes.set(sp);
    c.payloads.set(s.payloads as Int32Array);
    c.nSpikes = sp.length;
    c.counters.set(s.counters as Float64Array);
    const ls = s.learn as Record<string, unknown> | null;
    if (c.learn && ls) {
      c.learn.x.set(ls.x as Uint8Array);
      c.learn.y.set(ls.y as Uint8Array);
      c.learn.preEpoch.set(ls.preEpoch as Uint8Array);
      c.learn.postEpoch.set(ls.postEpoch as Uint8Array);
      c.learn.tag.set(ls.tag as Int16Array);
      c.learn.epochs = ls.epochs as number;
      c.learn.rngTrace.load(ls.rngTrace as number[]);
      c.learn.rngLearn.load(ls.rngLearn as number[]);
    }
  });
}
