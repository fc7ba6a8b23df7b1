// Learning-rule values, their encoding into words and back, validation and disassembly, all
// driven by table.ts. It must not evaluate rules (eval.ts does).

import {
  DEPENDENCIES,
  FACTOR_KINDS,
  FACTOR_WORDS,
  KIND_SHIFT,
  type LearnField,
  type LearnTarget,
  type LearnVariable,
  type LearnWordDef,
  learnFieldMask,
  TARGETS,
  TERM_WORD,
  VARIABLES,
} from "./table.ts";

export type Dependency =
  | { kind: "none" }
  | { kind: "x0" }
  | { kind: "y0" }
  | { kind: "u"; k: number };

export type Factor =
  | { kind: "var"; v: LearnVariable }
  | { kind: "addc"; v: LearnVariable; c: number }
  | { kind: "sgn"; v: LearnVariable; c: number }
  | { kind: "const"; c: number };

/** One product term: target += m * 2^e * [dep] * prod(factors). */
export interface ProductTerm {
  target: LearnTarget;
  dep: Dependency;
  /** Scale mantissa, signed 4-bit: -8..7. */
  m: number;
  /** Scale exponent: -7..8. */
  e: number;
  /** Up to 3 factors (an empty product is 1). */
  factors: Factor[];
}

export interface LearningRule {
  terms: ProductTerm[];
}

export const MAX_FACTORS = 3;

export class LearningRuleError extends Error {
  /** Word index of the problem, or -1. */
  readonly word: number;
  constructor(message: string, word = -1) {
    super(message);
    this.name = "LearningRuleError";
    this.word = word;
  }
}

function put(def: LearnWordDef, values: Record<string, number>, where: string): number {
  let w = def.match;
  for (const f of def.fields) {
    const v = values[f.name] ?? 0;
    if (!Number.isInteger(v) || v < f.min || v > f.max) {
      throw new LearningRuleError(
        `${where}: ${f.name} = ${v} out of range ${f.min}..${f.max} (${f.doc})`,
      );
    }
    const raw = v - (f.bias ?? 0);
    w |= ((raw & (2 ** f.width - 1)) << f.lsb) >>> 0;
  }
  return w >>> 0;
}

function get(f: LearnField, word: number): number {
  const raw = (word >>> f.lsb) & (2 ** f.width - 1);
  if (f.signed) return raw >= 2 ** (f.width - 1) ? raw - 2 ** f.width : raw;
  return raw + (f.bias ?? 0);
}

/** Encode a rule into words: per term, a header then its factors. */
export function encodeRule(rule: LearningRule, maxTerms = Number.POSITIVE_INFINITY): Uint32Array {
  if (rule.terms.length > maxTerms) {
    throw new LearningRuleError(`rule has ${rule.terms.length} terms, limit is ${maxTerms}`);
  }
  const words: number[] = [];
  rule.terms.forEach((t, i) => {
    const where = `term ${i}`;
    if (t.factors.length > MAX_FACTORS) {
      throw new LearningRuleError(`${where}: ${t.factors.length} factors, at most ${MAX_FACTORS}`);
    }
    const target = TARGETS.indexOf(t.target);
    const dep = DEPENDENCIES.indexOf(t.dep.kind);
    if (target < 0) throw new LearningRuleError(`${where}: unknown target '${t.target}'`);
    if (dep < 0) throw new LearningRuleError(`${where}: unknown dependency '${t.dep.kind}'`);
    const k = t.dep.kind === "u" ? t.dep.k : 0;
    words.push(put(TERM_WORD, { target, dep, k, m: t.m, e: t.e, n: t.factors.length }, where));
    t.factors.forEach((f, j) => {
      const kind = FACTOR_KINDS.indexOf(f.kind);
      const def = FACTOR_WORDS[kind];
      if (!def) throw new LearningRuleError(`${where} factor ${j}: unknown factor kind`);
      const v = "v" in f ? VARIABLES.indexOf(f.v) : 0;
      if (v < 0)
        throw new LearningRuleError(
          `${where} factor ${j}: '${(f as { v: string }).v}' is not a synapse-local variable`,
        );
      words.push(put(def, { var: v, c: "c" in f ? f.c : 0 }, `${where} factor ${j}`));
    });
  });
  return Uint32Array.from(words);
}

/** Decode words into a rule; throws LearningRuleError naming the word for any malformed word,
 *  nonzero reserved bit, out-of-range field or missing factor. */
export function decodeRule(words: Uint32Array | readonly number[]): LearningRule {
  const terms: ProductTerm[] = [];
  let i = 0;
  const hex = (w: number) => `0x${(w >>> 0).toString(16).padStart(8, "0")}`;
  const check = (def: LearnWordDef, w: number, at: number) => {
    if ((w & ~learnFieldMask(def)) >>> 0 !== def.match) {
      throw new LearningRuleError(
        `word ${at} (${hex(w)}): reserved bits of a ${def.name} word are not zero`,
        at,
      );
    }
    const vals: Record<string, number> = {};
    for (const f of def.fields) {
      const v = get(f, w);
      if (v < f.min || v > f.max) {
        throw new LearningRuleError(
          `word ${at} (${hex(w)}): ${def.name} ${f.name} = ${v} is not ${f.doc}`,
          at,
        );
      }
      vals[f.name] = v;
    }
    return vals;
  };
  while (i < words.length) {
    const w = words[i]! >>> 0;
    if (w >>> KIND_SHIFT !== 0b01) {
      throw new LearningRuleError(`word ${i} (${hex(w)}): expected a term header`, i);
    }
    const h = check(TERM_WORD, w, i);
    if (h.dep !== 3 && h.k !== 0) {
      throw new LearningRuleError(
        `word ${i} (${hex(w)}): k = ${h.k} set but the dependency is not u_k`,
        i,
      );
    }
    const depKind = DEPENDENCIES[h.dep!]!;
    const dep: Dependency = depKind === "u" ? { kind: "u", k: h.k! } : { kind: depKind };
    const factors: Factor[] = [];
    for (let j = 0; j < h.n!; j++) {
      const at = i + 1 + j;
      if (at >= words.length)
        throw new LearningRuleError(
          `word ${i}: term announces ${h.n} factors, rule ends after ${j}`,
          i,
        );
      const fw = words[at]! >>> 0;
      if (fw >>> KIND_SHIFT !== 0b10)
        throw new LearningRuleError(`word ${at} (${hex(fw)}): expected a factor`, at);
      const kind = (fw >>> 28) & 3;
      const vals = check(FACTOR_WORDS[kind]!, fw, at);
      const fk = FACTOR_KINDS[kind]!;
      const v = VARIABLES[vals.var ?? 0]!;
      factors.push(
        fk === "var"
          ? { kind: fk, v }
          : fk === "const"
            ? { kind: fk, c: vals.c! }
            : { kind: fk, v, c: vals.c! },
      );
    }
    terms.push({ target: TARGETS[h.target!]!, dep, m: h.m!, e: h.e!, factors });
    i += 1 + h.n!;
  }
  return { terms };
}

function factorText(f: Factor): string {
  const c = (x: number) => (x < 0 ? `- ${-x}` : `+ ${x}`);
  switch (f.kind) {
    case "var":
      return f.v;
    case "addc":
      return `(${f.v} ${c(f.c)})`;
    case "sgn":
      return `sgn(${f.v} ${c(f.c)})`;
    case "const":
      return String(f.c);
  }
}

/** One line per term, e.g. `dw += -3 * 2^-2 * x0 * y1 * (w - 4)`. */
export function disassembleRule(rule: LearningRule | Uint32Array): string {
  const r = rule instanceof Uint32Array ? decodeRule(rule) : rule;
  return r.terms
    .map((t) => {
      const parts = [`${t.m} * 2^${t.e}`];
      if (t.dep.kind === "u") parts.push(`u${t.dep.k}`);
      else if (t.dep.kind !== "none") parts.push(t.dep.kind);
      for (const f of t.factors) parts.push(factorText(f));
      return `${t.target} += ${parts.join(" * ")}\n`;
    })
    .join("");
}
