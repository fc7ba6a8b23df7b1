// Locality heuristics of placement: the order populations are filled into cores (follow the
// heaviest projections, so strongly connected populations land on neighbouring cores) and the
// order logical cores take on the tile mesh (a snake over columns, so consecutive cores are at
// most one hop apart, across chip boundaries too). Pure functions of the network and profile.
import { type ChipProfile, coreLocation } from "../../isa/index.ts";
import type { NetworkIR } from "../lower/index.ts";

/** Population indices in fill order: breadth-first from the declared order's first
 *  population, visiting neighbours by descending synapse count (ties: declaration order). */
export function populationOrder(ir: NetworkIR): number[] {
  const n = ir.populations.length;
  const weight = new Map<number, number>();
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  for (const p of ir.projections) {
    if (p.prePop === p.postPop) continue;
    const k = key(p.prePop, p.postPop);
    weight.set(k, (weight.get(k) ?? 0) + p.count);
  }
  const seen = new Uint8Array(n);
  const out: number[] = [];
  for (let root = 0; root < n; root++) {
    if (seen[root]) continue;
    seen[root] = 1;
    const queue = [root];
    while (queue.length > 0) {
      const x = queue.shift()!;
      out.push(x);
      const nb: [number, number][] = [];
      for (let y = 0; y < n; y++) {
        if (seen[y]) continue;
        const w = weight.get(key(x, y)) ?? 0;
        if (w > 0) nb.push([y, w]);
      }
      nb.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [y] of nb) {
        seen[y] = 1;
        queue.push(y);
      }
    }
  }
  return out;
}

export interface PhysicalCore {
  /** Global core index (chip * coresPerChip + tile * coresPerTile + coreInTile). */
  index: number;
  chip: number;
  tileX: number;
  tileY: number;
  /** Column on the board-wide mesh (chip * mesh.width + tileX). */
  globalX: number;
}

/** The first `count` cores of a board in snake order: columns of the board-wide mesh left to
 *  right, tiles up then down alternately, all cores of a tile together. */
export function snakeCores(count: number, chips: number, p: ChipProfile): PhysicalCore[] {
  const out: PhysicalCore[] = [];
  const cols = chips * p.mesh.width;
  for (let gx = 0; gx < cols && out.length < count; gx++) {
    for (let r = 0; r < p.mesh.height && out.length < count; r++) {
      const y = gx % 2 === 0 ? r : p.mesh.height - 1 - r;
      const chip = Math.floor(gx / p.mesh.width);
      const tile = y * p.mesh.width + (gx % p.mesh.width);
      for (let c = 0; c < p.coresPerTile && out.length < count; c++) {
        const index = chip * p.coresPerChip + tile * p.coresPerTile + c;
        const loc = coreLocation(p, index);
        out.push({ index, chip, tileX: loc.tileX, tileY: loc.tileY, globalX: loc.globalX });
      }
    }
  }
  return out;
}

/** Tile hops between two cores under dimension-order routing on the board-wide mesh. */
export function hops(a: PhysicalCore, b: PhysicalCore): number {
  return Math.abs(a.globalX - b.globalX) + Math.abs(a.tileY - b.tileY);
}
