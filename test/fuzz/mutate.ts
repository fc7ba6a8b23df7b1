// Program mutators for fuzzing the front end: seeded, deterministic edits of valid programs
// (token deletions, insertions, swaps, number and name replacements) and random token soup.
// Used by `npm run fuzz` and the property test; it never checks anything itself.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { reservedWords, softWords, UNIT_WORDS } from "../../compiler/syntax/lexer.ts";
import { programFiles } from "../program-files.ts";

/** A tiny seeded generator (xorshift32) so the fuzz corpus is the same on every machine. */
export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
}

/** Every word the lexer knows (so the fuzzer follows the grammar as it grows), punctuation,
 *  literals with and without units, and fragments of valid and invalid constructs. */
export const VOCAB: readonly string[] = [
  ...reservedWords,
  ...softWords,
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ";",
  ",",
  ":",
  ".",
  "..",
  "->",
  "=",
  "+=",
  "-=",
  "+",
  "-",
  "*",
  "/",
  "^",
  "<<",
  ">>",
  "<",
  ">",
  "==",
  "!=",
  "&&",
  "||",
  "0",
  "1",
  "-1",
  "4096",
  "2^-5",
  "1e9",
  "0.5",
  ...UNIT_WORDS.map((u) => `3 ${u}`),
  "CubaLIF",
  "IF",
  "Static",
  "STDP",
  "x1",
  "y1",
  "w",
  "v",
  "u",
  "q",
  "post.v",
  "(a -> b).w",
  "decay(u, decay_u, 1)",
  "wrap(q, 22)",
  '"std/neurons.snn"',
  '"nope.csv"',
  "@",
  '"',
];

export function corpus(): string[] {
  const out = programFiles();
  const std = resolve(import.meta.dirname, "../../compiler/std");
  for (const f of readdirSync(std)) if (f.endsWith(".snn")) out.push(join(std, f));
  return out.sort();
}

// Comments are matched (so a `//` inside a string stays in the string) and then dropped: split
// into tokens, a comment's words would make nearly every mutant a syntax error at its first
// comment, and the checker behind the parser would hardly be reached.
const tokenRe =
  /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"[^"\n]*"|\d+(?:\.\d+)?|[A-Za-z_]\w*|->|\.\.|[+\-<>=!]=|<<|>>|&&|\|\||\S/g;
const isComment = (t: string) => t.startsWith("//") || t.startsWith("/*");

/** Apply 1..4 random edits to a program's text (its comments removed). */
export function mutate(text: string, r: Rand): string {
  let toks: string[] = (text.match(tokenRe) ?? []).filter((t) => !isComment(t));
  const edits = 1 + r.int(4);
  for (let e = 0; e < edits && toks.length > 0; e++) {
    const i = r.int(toks.length);
    switch (r.int(7)) {
      case 0:
        toks.splice(i, 1 + r.int(3));
        break;
      case 1:
        toks.splice(i, 0, r.pick(VOCAB));
        break;
      case 2: {
        const j = r.int(toks.length);
        [toks[i], toks[j]] = [toks[j]!, toks[i]!];
        break;
      }
      case 3:
        if (/^\d/.test(toks[i]!))
          toks[i] = r.pick(["0", "-1", "99999999", "0.001", "4095", "64", "1e30", "2.5"]);
        else toks[i] = r.pick(VOCAB);
        break;
      case 4:
        if (/^[A-Za-z_]/.test(toks[i]!)) toks[i] = `${toks[i]}${r.pick(["x", "_", "1"])}`;
        break;
      case 5:
        toks = toks.slice(0, i);
        break;
      default: {
        const j = r.int(toks.length);
        toks.splice(i, 0, ...toks.slice(j, j + 1 + r.int(6)));
      }
    }
  }
  return toks.join(" ");
}

/** Random token soup. */
export function soup(r: Rand): string {
  const n = r.int(60);
  const toks: string[] = [];
  for (let k = 0; k < n; k++) toks.push(r.pick(VOCAB));
  return toks.join(" ");
}

/** A cached loader over the real files (programs read data sets and the std library). */
export function cachedLoader(): (p: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (p) => {
    if (!cache.has(p)) {
      try {
        cache.set(p, readFileSync(p, "utf8"));
      } catch {
        cache.set(p, undefined);
      }
    }
    return cache.get(p);
  };
}
