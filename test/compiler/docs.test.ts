// The generated docs are up to date: docs/language.md (with the EBNF derived from the parser),
// docs/diagnostics.md (from the diagnostic table) and docs/grammar.html equal what the generator
// produces now. Regenerate with `npx tsx compiler/docs/gen-docs.ts`.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTICS } from "../../compiler/diagnostics/index.ts";
import { generateDocs, grammarEbnf } from "../../compiler/docs/gen-docs.ts";

const root = resolve(import.meta.dirname, "../..");

describe("generated docs", () => {
  for (const [rel, text] of Object.entries(generateDocs())) {
    it(`${rel} is up to date`, () => {
      expect(readFileSync(join(root, rel), "utf8")).toBe(text);
    });
  }
  it("lists every diagnostic code and derives the grammar from the parser", () => {
    const md = generateDocs()["docs/diagnostics.md"]!;
    for (const code of Object.keys(DIAGNOSTICS)) expect(md).toContain(`| ${code} |`);
    expect(grammarEbnf()).toContain("projectionDecl ::= `project` [ name `:` ] popRef `->` popRef");
  });
});
