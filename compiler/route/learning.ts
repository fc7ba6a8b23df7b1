// Per-core learning configuration (chip.md section 6): which rules the core's formats point
// at, the pre-trace config of each input axon, the post-trace config of each compartment
// profile, and learn-enable per compartment. On a profile whose cores are all-learning or
// none, static synapses sharing a core with plastic ones (and plastic ones with `learn off`)
// carry the empty rule, so the core stays all-learning and their weights never change.
import type { ChipProfile, LearningImage, TraceConfigImage } from "../../isa/index.ts";
import { encodeRule } from "../../isa/index.ts";
import { type CodegenResult, EMPTY_RULE } from "../codegen/index.ts";
import type { NetworkIR } from "../lower/index.ts";
import type { LogicalCore } from "../place/index.ts";

export type CoreLearning = LearningImage;

export interface CoreLearningBuilder {
  /** Rule index (into LearningImage.rules) of projection p's formats on this core, or -1. */
  ruleOfProjection(p: number): number;
  /** Record that input axon `axon` carries a list of projection p; returns the projection
   *  whose different pre-trace config the axon already has, or -1. */
  noteAxon(axon: number, p: number): number;
  finish(inputAxons: number): LearningImage;
}

const ZERO: TraceConfigImage = { impulse: [0, 0, 0], decay: [0, 0, 0] };
const key = (t: TraceConfigImage) => `${t.impulse.join(",")}/${t.decay.join(",")}`;

/** Profiles of the core in first-use order, and each compartment's profile index. */
export function coreProfiles(cg: CodegenResult, lc: LogicalCore) {
  const list: NonNullable<CodegenResult["profileOf"][number]>[] = [];
  const profileOf = new Uint8Array(lc.compartments);
  for (const m of lc.members) {
    const code = cg.profileOf[m.pop]!;
    let i = list.indexOf(code);
    if (i < 0) i = list.push(code) - 1;
    profileOf.fill(i, m.compBase, m.compBase + (m.hi - m.lo));
  }
  return { list, profileOf };
}

export function buildCoreLearning(
  ir: NetworkIR,
  cg: CodegenResult,
  lc: LogicalCore,
  profile: ChipProfile,
): CoreLearningBuilder | null {
  const onCore = new Set(lc.members.map((m) => m.pop));
  const incoming = ir.projections.filter((p) => onCore.has(p.postPop));
  const plastic = incoming.filter((p) => p.rule && cg.rules[p.rule]);
  if (plastic.length === 0) return null;
  const rules: Uint32Array[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleOf = new Map<number, number>();
  const empty = () => {
    let i = ruleIndex.get("");
    if (i === undefined) {
      i = rules.push(encodeRule(EMPTY_RULE)) - 1;
      ruleIndex.set("", i);
    }
    return i;
  };
  let epoch = 0;
  for (const p of incoming) {
    const code = p.rule ? cg.rules[p.rule] : undefined;
    if (code && p.learnEnabled) {
      let i = ruleIndex.get(code.name);
      if (i === undefined) {
        i = rules.push(code.words) - 1;
        ruleIndex.set(code.name, i);
      }
      ruleOf.set(p.index, i);
      epoch = epoch || code.epoch;
    } else if (profile.learningAllOrNone || code) ruleOf.set(p.index, empty());
    else ruleOf.set(p.index, -1);
  }
  if (epoch === 0) epoch = cg.rules[plastic[0]!.rule!]!.epoch;
  const preTrace: TraceConfigImage[] = [];
  const preIndex = new Map<string, number>();
  const axonCfg: number[] = [];
  const axonProj: number[] = [];
  const { list, profileOf } = coreProfiles(cg, lc);
  const postTrace = list.map((code) => {
    const pop = lc.members.find((m) => cg.profileOf[m.pop] === code)!.pop;
    const p = plastic.find((x) => x.postPop === pop);
    return p ? cg.rules[p.rule!]!.post : ZERO;
  });
  const learnEnable = new Uint8Array(lc.compartments);
  for (const m of lc.members) {
    const on = plastic.some((p) => p.postPop === m.pop && p.learnEnabled);
    learnEnable.fill(on ? 1 : 0, m.compBase, m.compBase + (m.hi - m.lo));
  }
  void profileOf;
  return {
    ruleOfProjection: (p) => ruleOf.get(p) ?? -1,
    noteAxon: (axon, p) => {
      const pr = ir.projections[p]!;
      const code = pr.rule ? cg.rules[pr.rule] : undefined;
      if (!code) return -1;
      const k = key(code.pre);
      let i = preIndex.get(k);
      if (i === undefined) {
        i = preTrace.push(code.pre) - 1;
        preIndex.set(k, i);
      }
      // One pre-trace config per input axon: two plastic projections from one neuron into one
      // core must agree on their pre traces.
      if (axonCfg[axon] !== undefined) return axonCfg[axon] === i ? -1 : axonProj[axon]!;
      axonCfg[axon] = i;
      axonProj[axon] = p;
      return -1;
    },
    finish: (inputAxons) => {
      if (preTrace.length === 0) preTrace.push(ZERO);
      const axonTraceConfig = new Uint8Array(inputAxons);
      for (let a = 0; a < inputAxons; a++) axonTraceConfig[a] = axonCfg[a] ?? 0;
      return { epoch, preTrace, axonTraceConfig, postTrace, rules, learnEnable };
    },
  };
}
