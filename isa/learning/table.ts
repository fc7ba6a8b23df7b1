// The learning-rule microcode table: the word kinds a rule is made of (one term header per
// product term, one word per factor), their bit fields and value ranges, defined once. The
// codec, disassembler, self-test and docs/isa.md derive from it. It must not evaluate rules.
//
// A rule is a sequence of terms; each term is one header word followed by its factor words:
//   target += S * D * F1 * F2 * F3,   S = m * 2^e   (chip.md section 6)

/** Learnable targets of a synapse. */
export const TARGETS = ["dw", "dd", "dt"] as const;
export type LearnTarget = (typeof TARGETS)[number];

/** Dependencies: the term applies only in an epoch where it holds. */
export const DEPENDENCIES = ["none", "x0", "y0", "u"] as const;
export type DependencyKind = (typeof DEPENDENCIES)[number];

/** Variables a factor may read: exactly what exists at the synapse (chip.md section 6).
 *  x1, x2: pre traces of the synapse's input axon (unsigned 7-bit);
 *  y1, y2, y3: post traces of its target compartment (unsigned 7-bit);
 *  w: its weight (9-bit signed), d: its delay, t: its tag (9-bit signed). */
export const VARIABLES = ["x1", "x2", "y1", "y2", "y3", "w", "d", "t"] as const;
export type LearnVariable = (typeof VARIABLES)[number];

/** Factor kinds: var, (var + C), sgn(var + C), constant C. */
export const FACTOR_KINDS = ["var", "addc", "sgn", "const"] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

export interface LearnField {
  name: string;
  lsb: number;
  width: number;
  /** Legal range of the field's value after decoding (see decode). */
  min: number;
  max: number;
  /** Field holds value - bias (e: bias -7) or two's complement (signed). */
  signed?: boolean;
  bias?: number;
  doc: string;
}

export interface LearnWordDef {
  /** Word kind name used in docs and errors. */
  name: string;
  /** Fixed bits: (word & mask) === match identifies the kind; all other bits are fields. */
  match: number;
  fields: LearnField[];
  semantics: string;
}

/** Bits [31:30]: 01 = term header, 10 = factor. 00 and 11 are unassigned (an erased word is
 *  not a term). For factors, bits [29:28] hold the factor kind. */
export const KIND_SHIFT = 30;

const F = (
  name: string,
  lsb: number,
  width: number,
  min: number,
  max: number,
  doc: string,
  extra: Partial<LearnField> = {},
): LearnField => ({ name, lsb, width, min, max, doc, ...extra });

export const TERM_WORD: LearnWordDef = {
  name: "term",
  match: 0b01 << KIND_SHIFT,
  fields: [
    F("target", 28, 2, 0, 2, "0 dw, 1 dd, 2 dt"),
    F("dep", 26, 2, 0, 3, "dependency: 0 none, 1 x0 (pre spiked), 2 y0 (post spiked), 3 u_k"),
    F("k", 22, 4, 0, 15, "u_k: term applies every 2^k epochs (0 unless dep = u)"),
    F("m", 18, 4, -8, 7, "scale mantissa, signed", { signed: true }),
    F("e", 14, 4, -7, 8, "scale exponent; field holds e + 7", { bias: -7 }),
    F("n", 12, 2, 0, 3, "number of factor words that follow"),
  ],
  semantics: "target += m * 2^e * [dependency] * F1 * ... * Fn",
};

const factorWord = (
  kind: number,
  name: string,
  fields: LearnField[],
  semantics: string,
): LearnWordDef => ({
  name,
  match: ((0b10 << KIND_SHIFT) | (kind << 28)) >>> 0,
  fields,
  semantics,
});
const VAR_FIELD = F("var", 24, 4, 0, 7, "x1 x2 y1 y2 y3 w d t");
const C_FIELD = F("c", 0, 16, -32768, 32767, "constant C, signed 16-bit", { signed: true });

export const FACTOR_WORDS: readonly LearnWordDef[] = [
  factorWord(0, "factor var", [VAR_FIELD], "F = var"),
  factorWord(1, "factor addc", [VAR_FIELD, C_FIELD], "F = var + C"),
  factorWord(2, "factor sgn", [VAR_FIELD, C_FIELD], "F = sgn(var + C): -1, 0 or 1"),
  factorWord(3, "factor const", [C_FIELD], "F = C"),
];

export const LEARN_WORDS: readonly LearnWordDef[] = [TERM_WORD, ...FACTOR_WORDS];

/** Bits owned by a word kind's fields. */
export function learnFieldMask(def: LearnWordDef): number {
  let m = 0;
  for (const f of def.fields) m |= ((2 ** f.width - 1) << f.lsb) >>> 0;
  return m >>> 0;
}

/** Pairs of word kinds whose encodings overlap; [] when none (the self-test). */
export function findLearnOverlaps(defs: readonly LearnWordDef[] = LEARN_WORDS): string[] {
  const out: string[] = [];
  for (let i = 0; i < defs.length; i++) {
    for (let j = i + 1; j < defs.length; j++) {
      const a = defs[i]!;
      const b = defs[j]!;
      const both = ~learnFieldMask(a) & ~learnFieldMask(b);
      if (((a.match ^ b.match) & both) >>> 0 === 0) out.push(`${a.name} overlaps ${b.name}`);
    }
  }
  return out;
}

/** Structural problems of a word kind: fields overlapping each other or the fixed bits. */
export function checkLearnLayout(defs: readonly LearnWordDef[] = LEARN_WORDS): string[] {
  const problems: string[] = [];
  for (const d of defs) {
    let used = d === TERM_WORD ? 0xc0000000 : 0xf0000000;
    for (const f of d.fields) {
      const bits = ((2 ** f.width - 1) << f.lsb) >>> 0;
      if ((used & bits) !== 0) problems.push(`${d.name}: field ${f.name} overlaps`);
      used = (used | bits) >>> 0;
    }
    if ((d.match & learnFieldMask(d)) !== 0) problems.push(`${d.name}: match has field bits set`);
  }
  return problems;
}
