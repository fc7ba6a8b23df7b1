// Connectors: expand a projection's ConnectorSpec into explicit (i, j) pairs, indices relative
// to the pre and post slices, in pre-major order, deterministic per seed. Costs stay
// proportional to the synapses produced (fixed_prob skips geometrically), never to n_pre*n_post
// unless a `where` filter forces every pair to be visited.
import type { ConnectorSpec, IndexExpr } from "../check/checked.ts";
import { evalIndexExpr } from "./index-expr.ts";
import { PairBuffer } from "./pair-buffer.ts";
import { SALT, type Stream, stream } from "./rng.ts";

export type ConnectResult =
  | { ok: true; i: Int32Array; j: Int32Array }
  | { ok: false; message: string; hint: string };

/** Pairs (i, j) from a list source: inline pairs or a two-column table. */
export interface PairList {
  count: number;
  at(k: number): [number, number];
}

/** Choose `n` distinct integers of [0, size) (Floyd's algorithm), sorted ascending. */
function choose(rng: Stream, size: number, n: number): Int32Array {
  const set = new Set<number>();
  for (let k = size - n; k < size; k++) {
    const t = rng.int(k + 1);
    set.add(set.has(t) ? k : t);
  }
  return Int32Array.from(set).sort();
}

/** Most synapses one projection may have: 100M synapses already take about 2 GB across the
 *  pipeline's typed arrays (pairs, weights, mantissas, placement and image copies). */
export const MAX_PROJECTION_SYNAPSES = 100_000_000;

function tooMany(n: number): ConnectResult {
  return {
    ok: false,
    message: `it would create about ${Math.round(n).toLocaleString("en-US")} synapses, more than the ${MAX_PROJECTION_SYNAPSES.toLocaleString("en-US")} one projection may have`,
    hint: "use a sparser connector or smaller populations",
  };
}

export function connect(
  spec: ConnectorSpec & { where?: IndexExpr },
  preSize: number,
  postSize: number,
  list: PairList | null,
): ConnectResult {
  const where = spec.where;
  const keep = where ? (i: number, j: number) => evalIndexExpr(where, i, j) !== 0 : () => true;
  const expected =
    spec.kind === "all_to_all"
      ? preSize * postSize
      : spec.kind === "fixed_prob"
        ? preSize * postSize * spec.p
        : spec.kind === "fixed_fan_in"
          ? spec.n * postSize
          : spec.kind === "fixed_fan_out"
            ? spec.n * preSize
            : 0;
  if (expected > MAX_PROJECTION_SYNAPSES) return tooMany(expected);
  switch (spec.kind) {
    case "all_to_all": {
      const buf = new PairBuffer(where ? 1024 : preSize * postSize);
      for (let i = 0; i < preSize; i++)
        for (let j = 0; j < postSize; j++) if (keep(i, j)) buf.push(i, j);
      return { ok: true, ...buf.finish() };
    }
    case "one_to_one": {
      if (preSize !== postSize) {
        return {
          ok: false,
          message: `one_to_one needs equal sizes, got ${preSize} and ${postSize}`,
          hint: "slice one side so both have the same size",
        };
      }
      const buf = new PairBuffer(preSize);
      for (let i = 0; i < preSize; i++) if (keep(i, i)) buf.push(i, i);
      return { ok: true, ...buf.finish() };
    }
    case "fixed_prob": {
      const p = spec.p;
      const rng = stream(spec.seed, SALT.connector);
      const total = preSize * postSize;
      const buf = new PairBuffer(Math.ceil(total * p * 1.05) + 64);
      if (p <= 0) return { ok: true, ...buf.finish() };
      if (p >= 1) return connect({ ...spec, kind: "all_to_all" }, preSize, postSize, list);
      // Geometric skipping over the flattened pair index: the gap to the next chosen pair is
      // Geometric(p), so the work is proportional to the synapses, not to all pairs.
      const logq = Math.log1p(-p);
      let k = -1;
      for (;;) {
        const u = rng.float();
        k += 1 + Math.floor(Math.log1p(-u) / logq);
        if (k >= total) break;
        const i = Math.floor(k / postSize);
        const j = k - i * postSize;
        if (keep(i, j)) buf.push(i, j);
      }
      return { ok: true, ...buf.finish() };
    }
    case "fixed_fan_in": {
      if (spec.n > preSize) {
        return {
          ok: false,
          message: `fan-in ${spec.n} exceeds the pre size ${preSize}`,
          hint: "lower n",
        };
      }
      const rng = stream(spec.seed, SALT.connector);
      const perPost: Int32Array[] = [];
      for (let j = 0; j < postSize; j++) perPost.push(choose(rng, preSize, spec.n));
      // Emit in pre-major order: count per pre, then scatter.
      const buf = new PairBuffer(spec.n * postSize);
      const byPre: number[][] = Array.from({ length: preSize }, () => []);
      perPost.forEach((pres, j) => {
        for (const i of pres) byPre[i]!.push(j);
      });
      byPre.forEach((js, i) => {
        for (const j of js) if (keep(i, j)) buf.push(i, j);
      });
      return { ok: true, ...buf.finish() };
    }
    case "fixed_fan_out": {
      if (spec.n > postSize) {
        return {
          ok: false,
          message: `fan-out ${spec.n} exceeds the post size ${postSize}`,
          hint: "lower n",
        };
      }
      const rng = stream(spec.seed, SALT.connector);
      const buf = new PairBuffer(spec.n * preSize);
      for (let i = 0; i < preSize; i++) {
        for (const j of choose(rng, postSize, spec.n)) if (keep(i, j)) buf.push(i, j);
      }
      return { ok: true, ...buf.finish() };
    }
    case "list": {
      if (!list) {
        return {
          ok: false,
          message: `connection list ${spec.dataset ? `'${spec.dataset}' ` : ""}is not available`,
          hint: "check the file path",
        };
      }
      const buf = new PairBuffer(list.count);
      for (let k = 0; k < list.count; k++) {
        const [i, j] = list.at(k);
        if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0) {
          return {
            ok: false,
            message: `connection list entry ${k + 1} (${i}, ${j}) is not a pair of indices`,
            hint: "indices are non-negative integers",
          };
        }
        if (i >= preSize || j >= postSize) {
          return {
            ok: false,
            message: `connection list entry ${k + 1} (${i}, ${j}) is outside ${preSize} x ${postSize}`,
            hint: "indices are relative to the projection's pre and post slices",
          };
        }
        if (keep(i, j)) buf.push(i, j);
      }
      return { ok: true, ...buf.finish() };
    }
  }
}
