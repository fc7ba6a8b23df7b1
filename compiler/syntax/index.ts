// The syntax stage: source text in, AST plus diagnostics out. Every lexical and syntax error of
// the file is reported in one run (Chevrotain's recovery inside declarations, and re-starting at
// the next top-level keyword after an unparseable stretch). It never reads files.
import type { IToken } from "chevrotain";
import type { Program } from "../ast/types.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import { didYouMean, makeDiagnostic } from "../diagnostics/index.ts";
import { EOF } from "./chevrotain.ts";
import { AstBuilder } from "./cst-to-ast.ts";
import { tokenSpan } from "./cst-util.ts";
import { describeFound } from "./error-messages.ts";
import { Kw, reservedWords, snnLexer, softWords } from "./lexer.ts";
import { parserInstance } from "./parser.ts";

export interface ParseResult {
  /** Present only when the file has no syntax errors. */
  ast?: Program;
  diagnostics: Diagnostic[];
}

const topKeywords = new Set(
  ["import", "const", "neuron", "synapse", "network", "run", "dataset"].map((w) => Kw[w]),
);

/** Parse one file. `file` is the name used in spans. */
export function parse(file: string, text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexed = snnLexer.tokenize(text);
  for (const e of lexed.errors) {
    const ch = text[e.offset] ?? "";
    const span = {
      file,
      line: e.line ?? 1,
      col: e.column ?? 1,
      endLine: e.line ?? 1,
      endCol: (e.column ?? 1) + Math.max(1, e.length),
      offset: e.offset,
      length: Math.max(1, e.length),
    };
    if (ch === '"') {
      diagnostics.push(makeDiagnostic("S003", { ...span, endCol: span.col + 1, length: 1 }));
    } else {
      diagnostics.push(
        makeDiagnostic(
          "S002",
          { ...span, endCol: span.col + 1, length: 1 },
          { char: visibleChar(ch) },
        ),
      );
    }
  }

  // The parser, the AST builder and the checker recurse once per nesting level: a few hundred
  // brackets or a long operator chain would overflow the stack (an exception, not an error).
  const deep = tooDeep(lexed.tokens);
  if (deep) {
    diagnostics.push(
      makeDiagnostic("S006", tokenSpan(file, deep.token), { what: deep.what, hint: deep.hint }),
    );
    return { diagnostics };
  }

  const builder = new AstBuilder(file);
  let tokens = lexed.tokens;
  const programs: Program[] = [];
  let syntaxErrors = 0;
  let reservedLine = -1;
  const complained = new Set<number>();
  // Re-start after an unparseable stretch at the next top-level keyword, so that errors in
  // later declarations are reported too.
  for (let guard = 0; guard < 10_000; guard++) {
    parserInstance.input = tokens;
    const cst = parserInstance.program();
    const errs = parserInstance.errors;
    let resume = -1;
    let quietUntil = -1;
    let sawError = false;
    for (const e of errs) {
      const t = e.token;
      let args: { found: string; expected: string };
      try {
        args = JSON.parse(e.message) as { found: string; expected: string };
      } catch {
        args = { found: describeFound(t), expected: "something else" };
      }
      syntaxErrors++;
      const at = tokens.indexOf(t);
      if (e.name === "NotAllInputParsedException") resume = at;
      // After "unexpected `projectx`, expected `}`" the recovery has closed the block early,
      // so the rest of the block reads as something else ("unexpected `project`, expected a
      // declaration"). The first error is the one to fix: nothing more is reported before
      // the next top-level declaration, where parsing resumes either way.
      if (at >= 0 && at < quietUntil) continue;
      // Likewise a word that only begins an item inside a block (`project`, `probe`, `state`)
      // where a declaration was expected, after an earlier error of this pass: a `}` meant for
      // an inner block (its `{` missing) closed the outer one.
      const innerWord =
        KEYWORDS.includes(t.image) && !topKeywords.has(t.tokenType) && /^[a-z]/.test(t.image);
      if (sawError && innerWord && args.expected.startsWith("a declaration")) continue;
      sawError = true;
      if (args.expected === "`}`") {
        quietUntil = tokens.findIndex((x, k) => k >= at && topKeywords.has(x.tokenType));
        if (quietUntil < 0) quietUntil = tokens.length;
      }
      const span =
        t.tokenType === EOF || Number.isNaN(t.startOffset)
          ? eofSpan(file, text)
          : tokenSpan(file, t);
      // A reserved word where a name belongs gets its own message: the fix is to rename. The
      // recovery's further complaints on that line are consequences, not new errors.
      const reserved = (reservedWords as readonly string[]).includes(t.image);
      if (reserved && args.expected.includes("a name")) {
        diagnostics.push(makeDiagnostic("S007", span, { word: t.image }));
        reservedLine = span.line;
      } else if (span.line !== reservedLine) {
        // Recovery resumes inside the statement and fails again further along the line
        // (`encodex bernoulli(...)`: "unexpected `bernoulli`, expected `;`"): those follow
        // from the first, so a line gets one syntax error. Not after a `;` missing at the end
        // of the line before, which is reported at this line's first token.
        if (!complained.has(span.line)) {
          diagnostics.push(makeDiagnostic("S001", span, { ...args, hint: keywordHint(t, args) }));
          const prev = tokens[at - 1];
          const previousLines = args.expected === "`;`" && prev && prev.endLine! < span.line;
          if (!previousLines) complained.add(span.line);
        }
      }
    }
    if (errs.length === 0 && syntaxErrors === 0 && lexed.errors.length === 0) {
      programs.push(builder.program(cst));
    }
    if (resume < 0) break;
    let next = resume + 1;
    while (next < tokens.length && !topKeywords.has(tokens[next]!.tokenType)) next++;
    if (next >= tokens.length) break;
    tokens = tokens.slice(next);
  }
  const hasErrors = diagnostics.some((d) => d.severity === "error");
  return hasErrors || programs.length === 0 ? { diagnostics } : { ast: programs[0]!, diagnostics };
}

const KEYWORDS: readonly string[] = [...reservedWords, ...softWords];

/**
 * `did you mean `project`?` for a misspelt keyword (`projectx` where the parser wanted `}`),
 * unless the expectation already names it. Only words of 4 or more letters, so that a short
 * name is not taken for `in` or `to`.
 */
function keywordHint(t: IToken, args: { expected: string }): string {
  if (!/^[A-Za-z_]\w{3,}$/.test(t.image) || KEYWORDS.includes(t.image)) return "";
  const s = didYouMean(t.image, KEYWORDS);
  return s && !args.expected.includes(`\`${s}\``) ? `did you mean \`${s}\`?` : "";
}

/** Most brackets open at once, and most operators in one statement, the front end accepts. */
export const MAX_NESTING = 64;
export const MAX_OPERATORS = 500;

const OPEN = new Set(["(", "[", "{"]);
const CLOSE = new Set([")", "]", "}"]);
const OPERATORS = new Set(["+", "-", "*", "/", "%", "^", "!", "<<", ">>", "&&", "||"]);

/** The first token past either limit, or undefined. Counts only; the parser checks pairing. */
function tooDeep(tokens: IToken[]): { token: IToken; what: string; hint: string } | undefined {
  let depth = 0;
  let ops = 0;
  for (const t of tokens) {
    if (OPEN.has(t.image)) {
      if (++depth > MAX_NESTING)
        return {
          token: t,
          what: `nesting more than ${MAX_NESTING} brackets deep`,
          hint: "name an inner part with a `const` declaration",
        };
    } else if (CLOSE.has(t.image)) depth = Math.max(0, depth - 1);
    if (t.image === ";" || t.image === "{" || t.image === "}") ops = 0;
    else if (OPERATORS.has(t.image) && ++ops > MAX_OPERATORS)
      return {
        token: t,
        what: `a statement of more than ${MAX_OPERATORS} operators`,
        hint: "split it into `const` declarations",
      };
  }
  return undefined;
}

function eofSpan(file: string, text: string) {
  const lines = text.split("\n");
  const line = lines.length;
  const col = (lines[line - 1]?.length ?? 0) + 1;
  return { file, line, col, endLine: line, endCol: col + 1, offset: text.length, length: 0 };
}

/** A character as a message shows it: control and invisible characters as U+XXXX (a raw NUL or
 *  escape in a message would corrupt the terminal it is printed on). */
function visibleChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const invisible =
    code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x200b || code === 0xfeff;
  return invisible ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}` : ch;
}
