// Tied projections (`tied with`, docs/decisions.md "Tied copies"): copies of one matrix stored
// at different synapses, for instance S-LCA's bottom-up Phi^T (r -> a) and top-down Phi (a -> r).
// Each copy's learning rule runs at its own synapse from its own pre and post traces, like any
// plastic synapse; nothing reads another synapse's weight. What the tie adds is a reduction:
// at an epoch boundary the local changes of every copy of an element are summed (each with the
// copy's sign) into one change, and that change is written to every copy. So the copies stay
// equal bit for bit, and the group's update is the sum of its members' local terms (the signed
// residual pair r+ / r- of S-LCA: the r+ copy contributes r+ a, the r- copy -r- a).
//
// Element correspondence: a member is either in the orientation of the group's first projection
// (same pre or same post population) or transposed (its pre is the first one's post, or its post
// the first one's pre); a member that shares no population with the first (tied to it through
// other copies) matches by shape, same orientation first. Its sign is +1 or -1, read from the initial weights, which must be equal
// (up to that sign) element by element; so must the weight formats. A group that breaks these
// is refused at load with the projection and element named.
import type { ChipImage, ProjectionImage } from "./image.ts";

/** A tied group that cannot be kept equal; `projection` names the copy at fault. */
export class TiedGroupError extends Error {
  constructor(
    readonly projection: string,
    message: string,
  ) {
    super(message);
    this.name = "TiedGroupError";
  }
}

export interface TiedMember {
  projection: string;
  /** Position (in image.cores) of the core holding element e of this copy. */
  coreSlot: Int32Array;
  /** Synapse index on that core of element e. */
  slot: Int32Array;
  sign: 1 | -1;
}

export interface TiedGroup {
  id: number;
  /** Elements of the shared matrix (synapses per copy). */
  size: number;
  members: TiedMember[];
  /** Core slot of the group's first copy's first element: where the sums are formed. */
  home: number;
  /** Some copy holds the negated matrix. */
  negated: boolean;
}

interface WeightSource {
  /** Initial weight mantissa of synapse `slot` on core position `coreSlot`. */
  weight(coreSlot: number, slot: number): number;
  /** Weight format key of that synapse (bits and sign mode), which copies must share. */
  format(coreSlot: number, slot: number): string;
}

/** Builds the groups of an image and checks that every copy can be kept equal. */
export function buildTiedGroups(image: ChipImage): TiedGroup[] {
  const slotOf = new Map(image.cores.map((c, i) => [c.index, i]));
  const sizes = new Map(image.populations.map((p) => [p.name, p.size]));
  const src: WeightSource = {
    weight: (cs, s) => image.cores[cs]!.synWeight[s] as number,
    format: (cs, s) => {
      const c = image.cores[cs]!;
      const f = c.synapseFormats[c.synFormat[s] as number];
      return f ? `${f.weightBits}/${f.signMode}` : "?";
    },
  };
  const byGroup = new Map<number, ProjectionImage[]>();
  for (const p of image.projections) {
    if (p.tiedGroup < 0) continue;
    byGroup.set(p.tiedGroup, [...(byGroup.get(p.tiedGroup) ?? []), p]);
  }
  const groups: TiedGroup[] = [];
  for (const [id, projs] of byGroup) {
    const lead = projs[0] as ProjectionImage;
    if (projs.length < 2) continue;
    const n = lead.preIndex.length;
    // Element e of the matrix is keyed by the first copy's (pre, post): pre * postSize + post.
    const postSize = sizes.get(lead.post) ?? 0;
    const key = new Map<number, number>();
    for (let e = 0; e < n; e++)
      key.set((lead.preIndex[e] as number) * postSize + (lead.postIndex[e] as number), e);
    const members = projs.map((p) => memberOf(p, lead, key, postSize, slotOf, sizes));
    const first = members[0] as TiedMember;
    for (const m of members.slice(1)) checkEqual(m, first, n, src);
    groups.push({
      id,
      size: n,
      members,
      home: n > 0 ? (first.coreSlot[0] as number) : 0,
      negated: members.some((m) => m.sign < 0),
    });
  }
  return groups;
}

/** Calls `fn` for every synapse that is a copy in some group (to mark them on their cores). */
export function forEachTiedSynapse(
  groups: TiedGroup[],
  fn: (coreSlot: number, slot: number) => void,
): void {
  for (const g of groups)
    for (const m of g.members)
      for (let e = 0; e < g.size; e++) fn(m.coreSlot[e] as number, m.slot[e] as number);
}

function memberOf(
  p: ProjectionImage,
  lead: ProjectionImage,
  key: Map<number, number>,
  postSize: number,
  slotOf: Map<number, number>,
  sizes: Map<string, number>,
): TiedMember {
  // Orientation: by a shared population; copies that share none (joined through a chain of
  // ties, like the four sign copies of a feedback matrix) match by shape.
  const shares = p.pre === lead.pre || p.post === lead.post;
  const crosses = p.pre === lead.post || p.post === lead.pre;
  const size = (name: string) => sizes.get(name) ?? -1;
  const sameShape = size(p.pre) === size(lead.pre) && size(p.post) === size(lead.post);
  const flipShape = size(p.pre) === size(lead.post) && size(p.post) === size(lead.pre);
  const direct = p === lead || shares || (!crosses && sameShape);
  const transposed = !direct && (crosses || flipShape);
  if (!direct && !transposed)
    throw new TiedGroupError(
      p.id,
      `tied projections ${lead.id} and ${p.id} share no population and differ in shape, so their elements cannot be matched`,
    );
  const n = lead.preIndex.length;
  if (p.preIndex.length !== n)
    throw new TiedGroupError(
      p.id,
      `tied projection ${p.id} has ${p.preIndex.length} synapses, ${lead.id} has ${n}: copies must connect the same pairs`,
    );
  const coreSlot = new Int32Array(n).fill(-1);
  const slot = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = direct ? p.preIndex[k] : p.postIndex[k];
    const j = direct ? p.postIndex[k] : p.preIndex[k];
    const e = key.get((i as number) * postSize + (j as number));
    if (e === undefined || (coreSlot[e] as number) >= 0)
      throw new TiedGroupError(
        p.id,
        `tied projection ${p.id}: synapse ${p.preIndex[k]} -> ${p.postIndex[k]} has no ${direct ? "matching" : "transposed"} synapse in ${lead.id}; copies must connect the same pairs`,
      );
    const cs = slotOf.get(p.core[k] as number);
    if (cs === undefined)
      throw new TiedGroupError(p.id, `tied projection ${p.id}: no core ${p.core[k]}`);
    coreSlot[e] = cs;
    slot[e] = p.slot[k] as number;
  }
  return { projection: p.id, coreSlot, slot, sign: 1 };
}

/** Sets m.sign from the first element where both copies are non-zero, then checks them all. */
function checkEqual(m: TiedMember, first: TiedMember, n: number, src: WeightSource): void {
  const w = (x: TiedMember, e: number) =>
    src.weight(x.coreSlot[e] as number, x.slot[e] as number) * x.sign;
  for (let e = 0; e < n; e++) {
    const a = w(first, e);
    const b = w(m, e);
    if (a !== 0 && b !== 0) {
      m.sign = Math.sign(a) === Math.sign(b) ? 1 : -1;
      break;
    }
  }
  for (let e = 0; e < n; e++) {
    const fa = src.format(first.coreSlot[e] as number, first.slot[e] as number);
    const fb = src.format(m.coreSlot[e] as number, m.slot[e] as number);
    if (fa !== fb)
      throw new TiedGroupError(
        m.projection,
        `tied projections ${first.projection} and ${m.projection} use different weight formats (${fa} vs ${fb}); copies must share one`,
      );
    if (w(first, e) !== w(m, e))
      throw new TiedGroupError(
        m.projection,
        `tied projection ${m.projection} does not start equal to ${first.projection}${m.sign < 0 ? " (negated)" : ""} at element ${e}: ${w(m, e)} vs ${w(first, e)}; give the copies the same initial weights`,
      );
  }
}

/** Weight store of one chip model as the reduction sees it, per core slot. */
export interface TiedStore {
  weights: { [i: number]: number }[];
  /** Pending local change of each synapse since the last reduction (zeroed by the reduction);
   *  null for a core without a learning engine, whose copies add no change. */
  deltas: ({ [i: number]: number } | null)[];
  /** Clamps (and for the bit-exact chip rounds) a value to the format of synapse s. */
  limit(coreSlot: number, s: number, v: number): number;
  /** Called for every copy whose weight was written. */
  written(coreSlot: number, s: number, crossCore: boolean): void;
}

/** Sums each element's pending changes over the copies and writes the result to every copy;
 *  returns the number of elements that changed. */
export function reduceTied(groups: TiedGroup[], store: TiedStore): number {
  let changed = 0;
  for (const g of groups)
    for (let e = 0; e < g.size; e++) if (reduceTiedElement(g, e, store)) changed++;
  return changed;
}

/** reduceTied for element e of group g alone (a chip that tracks which elements have pending
 *  changes calls it for those, in reduceTied's order); true if the element changed. */
export function reduceTiedElement(g: TiedGroup, e: number, store: TiedStore): boolean {
  let sum = 0;
  for (const m of g.members) {
    const cs = m.coreSlot[e] as number;
    const s = m.slot[e] as number;
    // A copy on a core without a learning engine (or with `learn off`) adds no change.
    const d = store.deltas[cs];
    const v = d ? (d[s] as number) : 0;
    if (v === 0) continue;
    sum += m.sign * v;
    (d as { [i: number]: number })[s] = 0;
  }
  if (sum === 0) return false;
  const first = g.members[0] as TiedMember;
  const fc = first.coreSlot[e] as number;
  const fs = first.slot[e] as number;
  let v = store.limit(fc, fs, (store.weights[fc]![fs] as number) * first.sign + sum);
  // A negated copy must hold -v too (a format's range can be one step wider below zero).
  if (g.negated) v = -store.limit(fc, fs, -v);
  for (const m of g.members) {
    const cs = m.coreSlot[e] as number;
    const s = m.slot[e] as number;
    store.weights[cs]![s] = m.sign * v;
    store.written(cs, s, cs !== g.home);
  }
  return true;
}
