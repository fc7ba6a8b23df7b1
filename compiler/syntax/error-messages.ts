// Chevrotain error-message provider for the .snn parser. Each message is a small JSON object
// {found, expected} that the syntax stage turns into an S001 diagnostic from the table; no
// wording lives here beyond naming tokens.
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { EOF, tokenLabel } from "./chevrotain.ts";

export function describeFound(t: IToken): string {
  if (t.tokenType === EOF) return "end of file";
  return `\`${t.image}\``;
}

function describeExpected(types: TokenType[]): string {
  // Name the grammar category rather than listing every token that may start it.
  if (types.some((t) => t === EOF)) {
    return "a declaration (import, const, neuron, synapse, network, dataset or run)";
  }
  if (types.some((t) => t.name === "Number") && types.some((t) => t.name === "LParen")) {
    return "an expression";
  }
  const labels = [
    ...new Set(types.map((t) => (t.name === "Identifier" ? "a name" : tokenLabel(t)))),
  ];
  if (labels.length === 0) return "something else";
  if (labels.length <= 6) {
    return labels.length === 1
      ? labels[0]!
      : `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
  }
  return `one of ${labels.slice(0, 6).join(", ")}, ...`;
}

// Messages are carried as JSON through Chevrotain so that we can fill the S001 template.
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    JSON.stringify({ found: describeFound(actual), expected: describeExpected([expected]) }),
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    JSON.stringify({
      found: describeFound(firstRedundant),
      expected: "a declaration (import, const, neuron, synapse, network, dataset or run)",
    }),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, customUserDescription }) => {
    const firsts = expectedPathsPerAlt
      .flatMap((alt) => alt.map((path) => path[0]))
      .filter((t): t is TokenType => t !== undefined);
    return JSON.stringify({
      found: describeFound(actual[0]!),
      expected: customUserDescription ?? describeExpected(firsts),
    });
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, customUserDescription }) => {
    const firsts = expectedIterationPaths
      .map((p) => p[0])
      .filter((t): t is TokenType => t !== undefined);
    return JSON.stringify({
      found: describeFound(actual[0]!),
      expected: customUserDescription ?? describeExpected(firsts),
    });
  },
};
