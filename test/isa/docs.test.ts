// docs/isa.md is generated from the tables; this fails when the committed file is stale.
// Fix: `npx tsx isa/gen-docs.ts`.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateIsaDoc } from "../../isa/docs-isa.ts";

describe("docs/isa.md", () => {
  it("equals the generator output (run `npx tsx isa/gen-docs.ts` after changing a table)", () => {
    const committed = readFileSync(new URL("../../docs/isa.md", import.meta.url), "utf8");
    expect(committed === generateIsaDoc()).toBe(true);
  });

  it("lists every instruction and the measured CUBA LIF path costs", () => {
    const doc = generateIsaDoc();
    expect(doc).toContain("| `decay` |");
    expect(doc).toContain("| inactive (no spike) | 13 | 53 | 5.3 | 52 |");
    expect(doc).toContain("| active (spike) | 16 | 84 | 8.4 | 81 |");
  });
});
