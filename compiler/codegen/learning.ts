// Learning codegen: a checked rule (sum of product terms) -> isa's learning-rule value and
// encoded words; trace configurations -> the learning engine's impulse/decay registers. It
// must not evaluate rules or know their word layout (isa/learning owns both).
import {
  encodeRule,
  type Factor as IsaFactor,
  type LearningRule,
  LearningRuleError,
  MAX_FACTORS,
  type TraceConfigImage,
} from "../../isa/index.ts";
import type { CheckedRule, Factor, Span } from "../check/checked.ts";

export interface RuleCode {
  name: string;
  rule: LearningRule;
  words: Uint32Array;
  epoch: number;
  /** Pre traces (x1, x2) and post trace y1 configuration from the rule's trace declarations. */
  pre: TraceConfigImage;
  post: TraceConfigImage;
}

export class RuleError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

function factor(f: Factor): IsaFactor {
  if (f.kind === "const") return { kind: "const", c: f.value };
  if (f.v === "x0" || f.v === "y0") {
    throw new RuleError(
      `the spike bit \`${f.v}\` cannot be a factor on this learning engine; use it as the term's dependency`,
      f.span,
    );
  }
  if (f.kind === "var") return { kind: "var", v: f.v };
  if (f.kind === "add") return { kind: "addc", v: f.v, c: f.c };
  return { kind: "sgn", v: f.v, c: f.c };
}

/** Lower one rule; throws RuleError at the offending term or factor. */
export function ruleCode(r: CheckedRule, maxTerms: number): RuleCode {
  const terms = r.terms.map((t) => {
    if (t.factors.length > MAX_FACTORS) {
      throw new RuleError(
        `a product term has ${t.factors.length} factors, the learning engine takes at most ${MAX_FACTORS}`,
        t.span,
      );
    }
    return {
      target:
        t.target === "w" ? ("dw" as const) : t.target === "d" ? ("dd" as const) : ("dt" as const),
      dep:
        t.dependency.kind === "u"
          ? { kind: "u" as const, k: t.dependency.k }
          : { kind: t.dependency.kind },
      m: t.scale.mant,
      e: t.scale.exp,
      factors: t.factors.map(factor),
    };
  });
  const rule: LearningRule = { terms };
  let words: Uint32Array;
  try {
    words = encodeRule(rule, maxTerms);
  } catch (e) {
    if (e instanceof LearningRuleError) throw new RuleError(e.message, r.span);
    throw e;
  }
  const tr = (slot: string) => r.traces.find((t) => t.slot === slot);
  const cfg = (slots: string[]): TraceConfigImage => {
    const ts = slots.map(tr);
    return {
      impulse: [ts[0]?.impulse ?? 0, ts[1]?.impulse ?? 0, ts[2]?.impulse ?? 0],
      decay: [ts[0]?.decay ?? 0, ts[1]?.decay ?? 0, ts[2]?.decay ?? 0],
    };
  };
  return {
    name: r.name,
    rule,
    words,
    epoch: r.epochSteps,
    pre: cfg(["x1", "x2"]),
    post: cfg(["y1", "y2", "y3"]),
  };
}

/** The rule a static synapse carries on a core whose synapses must all learn (loihi): no
 *  terms, so its weight never changes, but the core stays all-learning as the chip requires. */
export const EMPTY_RULE: LearningRule = { terms: [] };
