// The network-on-chip model: dimension-order (x then y) routing of spike messages over the tile
// mesh of every chip on the board, with per-hop latency and energy and link contention (one
// message per link per cycle). It moves no spike data and touches no core state: it only prices
// and times the messages the send phase hands it, and says when each one arrives.

/** Costs and geometry the NoC needs, taken from the chip profile and the cost table. */
export interface NocParams {
  /** Tiles along x and y of one chip's mesh. */
  meshX: number;
  meshY: number;
  /** Chips on the board; chip c's mesh sits to the east of chip c-1 (a row of chips). */
  chips: number;
  /** A message between two cores of the same tile (no link crossed). */
  localCycles: number;
  localPj: number;
  /** One east-west / north-south hop between neighbouring tiles of a chip. */
  hopEwCycles: number;
  hopEwPj: number;
  hopNsCycles: number;
  hopNsPj: number;
  /** One hop across a chip-to-chip link (costlier: it leaves the die). */
  hopChipCycles: number;
  hopChipPj: number;
}

/** What one step's traffic cost. */
export interface NocStepResult {
  /** Cycles from the start of the NoC phase until the last message arrived. */
  deliveryCycles: number;
  /** Energy of all messages of the step, pJ (an estimate from the cost table). */
  energyPj: number;
  /** Tile hops taken by all messages (chip-to-chip hops included). */
  hops: number;
  /** Cycles messages spent waiting for a busy link (contention). */
  contentionCycles: number;
  /** Messages that waited at least once. */
  contendedMessages: number;
}

// Link directions out of a router.
const EAST = 0;
const WEST = 1;
const NORTH = 2;
const SOUTH = 3;

/**
 * Per-step NoC traffic model. Messages are offered in a deterministic order (source core, then
 * emission order) and reserve each link of their x-then-y route for one cycle: a message that
 * finds the link taken in that cycle waits, which is how queuing shows up as latency.
 */
export class Noc {
  readonly params: NocParams;
  /** Board-wide x extent (chips side by side). */
  private readonly width: number;
  /** Per link (router * 4 + direction): first cycle at which it is free in this step. */
  private readonly linkFree: Float64Array;
  /** Per link: the step number in which linkFree was last written (lazy reset). */
  private readonly linkStamp: Int32Array;
  private stamp = 0;
  private result: NocStepResult = emptyResult();
  /** Per link (router * 4 + direction): messages that crossed it over the whole run. */
  readonly linkMessages: Float64Array;
  /** Per-core hop counters accumulated in this step (indexed by source core). */
  readonly coreHops: Float64Array;
  readonly coreEnergyPj: Float64Array;

  constructor(params: NocParams, coreCount: number) {
    this.params = params;
    this.width = params.meshX * params.chips;
    const routers = this.width * params.meshY;
    this.linkFree = new Float64Array(routers * 4);
    this.linkStamp = new Int32Array(routers * 4).fill(-1);
    this.linkMessages = new Float64Array(routers * 4);
    this.coreHops = new Float64Array(coreCount);
    this.coreEnergyPj = new Float64Array(coreCount);
  }

  /** Starts a new step: all links free, counters zero. */
  beginStep(): void {
    this.stamp++;
    this.result = emptyResult();
    this.coreHops.fill(0);
    this.coreEnergyPj.fill(0);
  }

  /**
   * Routes one message from core `srcCore` on (chip, x, y) to a core on (dchip, dx, dy).
   * Returns its arrival cycle relative to the start of the NoC phase.
   */
  send(
    srcCore: number,
    chip: number,
    x: number,
    y: number,
    dchip: number,
    dx: number,
    dy: number,
  ): number {
    const p = this.params;
    const r = this.result;
    let gx = chip * p.meshX + x;
    const gdx = dchip * p.meshX + dx;
    if (gx === gdx && y === dy) {
      // Same tile: the tile's router turns the message around without using a mesh link.
      r.energyPj += p.localPj;
      this.coreEnergyPj[srcCore] = (this.coreEnergyPj[srcCore] ?? 0) + p.localPj;
      if (p.localCycles > r.deliveryCycles) r.deliveryCycles = p.localCycles;
      return p.localCycles;
    }
    let t = 0;
    let waited = false;
    let hops = 0;
    let energy = 0;
    let gy = y;
    // x first: dimension-order routing cannot deadlock on a mesh.
    while (gx !== gdx) {
      const dir = gdx > gx ? EAST : WEST;
      const nx = dir === EAST ? gx + 1 : gx - 1;
      const crossesChip = Math.floor(gx / p.meshX) !== Math.floor(nx / p.meshX);
      const w = this.take((gy * this.width + gx) * 4 + dir, t);
      if (w > t) waited = true;
      r.contentionCycles += w - t;
      t = w + (crossesChip ? p.hopChipCycles : p.hopEwCycles);
      energy += crossesChip ? p.hopChipPj : p.hopEwPj;
      hops++;
      gx = nx;
    }
    while (gy !== dy) {
      const dir = dy > gy ? NORTH : SOUTH;
      const ny = dir === NORTH ? gy + 1 : gy - 1;
      const w = this.take((gy * this.width + gx) * 4 + dir, t);
      if (w > t) waited = true;
      r.contentionCycles += w - t;
      t = w + p.hopNsCycles;
      energy += p.hopNsPj;
      hops++;
      gy = ny;
    }
    if (waited) r.contendedMessages++;
    r.hops += hops;
    r.energyPj += energy;
    this.coreHops[srcCore] = (this.coreHops[srcCore] ?? 0) + hops;
    this.coreEnergyPj[srcCore] = (this.coreEnergyPj[srcCore] ?? 0) + energy;
    if (t > r.deliveryCycles) r.deliveryCycles = t;
    return t;
  }

  /** Reserves `link` for one cycle at or after `t`; returns the cycle it was granted. */
  private take(link: number, t: number): number {
    let free = 0;
    if (this.linkStamp[link] === this.stamp) free = this.linkFree[link] ?? 0;
    const granted = Math.max(free, t);
    this.linkFree[link] = granted + 1;
    this.linkMessages[link] = (this.linkMessages[link] as number) + 1;
    this.linkStamp[link] = this.stamp;
    return granted;
  }

  /** Run-long load of every link that carried a message, in global mesh coordinates. */
  linkLoads(): { from: [number, number]; to: [number, number]; messages: number }[] {
    const out: { from: [number, number]; to: [number, number]; messages: number }[] = [];
    const dx = [1, -1, 0, 0];
    const dy = [0, 0, 1, -1];
    this.linkMessages.forEach((m, link) => {
      if (m === 0) return;
      const router = Math.floor(link / 4);
      const dir = link % 4;
      const x = router % this.width;
      const y = Math.floor(router / this.width);
      out.push({
        from: [x, y],
        to: [x + (dx[dir] as number), y + (dy[dir] as number)],
        messages: m,
      });
    });
    return out;
  }

  /** The step's totals (valid after the last send of the step). */
  endStep(): NocStepResult {
    return this.result;
  }
}

function emptyResult(): NocStepResult {
  return { deliveryCycles: 0, energyPj: 0, hops: 0, contentionCycles: 0, contendedMessages: 0 };
}
