// The .snn lexer (Chevrotain). Reserved words start declarations and statements; "soft" words
// (units, `pre`, `post`, `exp`, `every`, ...) are also identifiers, so they stay usable as names
// and fields. It only splits text into tokens; it does not report diagnostics itself.
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.ts";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** A unit suffix after a number; also an identifier elsewhere. */
export const Unit = createToken({
  name: "Unit",
  pattern: Lexer.NA,
  categories: [Identifier],
});

/** Words that start declarations and statements; never names. */
export const reservedWords = [
  "snn",
  "import",
  "const",
  "neuron",
  "synapse",
  "network",
  "run",
  "extends",
  "param",
  "derive",
  "state",
  "update",
  "let",
  "if",
  "else",
  "then",
  "spike",
  "reset",
  "refractory",
  "export",
  "population",
  "project",
  "connect",
  "probe",
  "present",
  "phases",
  "dataset",
  "tied",
  "host",
  "readout",
  "in",
  "for",
  "enable",
  "disable",
] as const;

/** Words that are keywords only where the grammar expects them, names elsewhere. */
export const softWords = [
  "from",
  "at",
  "to",
  "subtract",
  "hold",
  "when",
  "payload",
  "trace",
  "factor",
  "weight",
  "unit",
  "delay",
  "axonal",
  "dendritic",
  "tag",
  "pre",
  "post",
  "learn",
  "every",
  "on",
  "off",
  "where",
  "seed",
  "exp",
  "with",
  "input",
  "floor",
  "encode",
  "label",
  "each",
  "rows",
  "train",
  "test",
  "updates",
  "reads",
  "allow_flush",
  "persistent",
] as const;

/** Unit suffixes the language knows (see compiler/check/units.ts for their meaning). */
export const UNIT_WORDS = [
  "s",
  "ms",
  "us",
  "V",
  "mV",
  "uV",
  "Hz",
  "kHz",
  "step",
  "steps",
  "nA",
  "pA",
] as const;

function keyword(word: string, categories: TokenType[]): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(`${word}(?![A-Za-z0-9_])`),
    longer_alt: Identifier,
    categories,
    label: `\`${word}\``,
  });
}

export const Kw: Record<string, TokenType> = {};
for (const w of reservedWords) Kw[w] = keyword(w, []);
for (const w of softWords) Kw[w] = keyword(w, [Identifier]);
const unitTokens = UNIT_WORDS.map((w) => {
  const t = createToken({
    name: `Unit_${w}`,
    pattern: new RegExp(`${w}(?![A-Za-z0-9_])`),
    longer_alt: Identifier,
    categories: [Unit, Identifier],
    label: `\`${w}\``,
  });
  return t;
});

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  // U+FEFF: the byte-order mark some editors put at the start of a UTF-8 file.
  pattern: /[ \t\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
});
export const NumberTok = createToken({
  name: "Number",
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: "a number",
});
export const StringTok = createToken({ name: "String", pattern: /"[^"\n]*"/, label: "a string" });

// Operator classes: one token category per precedence level, so each level of the expression
// grammar consumes "an operator of this level" without an alternation per operator.
export const CmpOp = createToken({ name: "CmpOp", pattern: Lexer.NA, label: "a comparison" });
export const ShiftOp = createToken({ name: "ShiftOp", pattern: Lexer.NA, label: "`<<` or `>>`" });
export const AddOp = createToken({ name: "AddOp", pattern: Lexer.NA, label: "`+` or `-`" });
export const MulOp = createToken({ name: "MulOp", pattern: Lexer.NA, label: "`*`, `/` or `%`" });
export const UnaryOp = createToken({
  name: "UnaryOp",
  pattern: Lexer.NA,
  label: "`-`, `+` or `!`",
});

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name,
    pattern: new RegExp(text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")),
    label: `\`${text}\``,
    categories,
  });
}

export const Arrow = punct("Arrow", "->");
export const PlusEq = punct("PlusEq", "+=");
export const MinusEq = punct("MinusEq", "-=");
export const Shl = punct("Shl", "<<", [ShiftOp]);
export const Shr = punct("Shr", ">>", [ShiftOp]);
export const Le = punct("Le", "<=", [CmpOp]);
export const Ge = punct("Ge", ">=", [CmpOp]);
export const EqEq = punct("EqEq", "==", [CmpOp]);
export const NotEq = punct("NotEq", "!=", [CmpOp]);
export const AndAnd = punct("AndAnd", "&&");
export const OrOr = punct("OrOr", "||");
export const DotDot = punct("DotDot", "..");
export const Lt = punct("Lt", "<", [CmpOp]);
export const Gt = punct("Gt", ">", [CmpOp]);
export const Eq = punct("Eq", "=");
export const Plus = punct("Plus", "+", [AddOp, UnaryOp]);
export const Minus = punct("Minus", "-", [AddOp, UnaryOp]);
export const Star = punct("Star", "*", [MulOp]);
export const Slash = punct("Slash", "/", [MulOp]);
export const Percent = punct("Percent", "%", [MulOp]);
export const Caret = punct("Caret", "^");
export const Bang = punct("Bang", "!", [UnaryOp]);
export const Dot = punct("Dot", ".");
export const Comma = punct("Comma", ",");
export const Semi = punct("Semi", ";");
export const Colon = punct("Colon", ":");
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBrack = punct("LBrack", "[");
export const RBrack = punct("RBrack", "]");

/** All tokens in match order: longer punctuation before its prefixes, keywords before names. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringTok,
  NumberTok,
  Arrow,
  PlusEq,
  MinusEq,
  Shl,
  Shr,
  Le,
  Ge,
  EqEq,
  NotEq,
  AndAnd,
  OrOr,
  DotDot,
  Lt,
  Gt,
  Eq,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Caret,
  Bang,
  Dot,
  Comma,
  Semi,
  Colon,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBrack,
  RBrack,
  CmpOp,
  ShiftOp,
  AddOp,
  MulOp,
  UnaryOp,
  ...Object.values(Kw),
  ...unitTokens,
  Unit,
  Identifier,
];

export const snnLexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: false,
});
