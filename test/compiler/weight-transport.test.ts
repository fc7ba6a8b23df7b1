// The weight-transport variants of algorithm D are refused with a locality error at the read
// of the forward weight, while the local variants in programs/credit check clean.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/frontend.ts";

const here = resolve(import.meta.dirname, "wrong");
const load = (p: string) => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
};

const cases: [string, number, number, string][] = [
  [
    "symmetric-alignment.snn",
    10,
    17,
    "learning rule reads the weight of another projection `hid -> out` (weight transport)",
  ],
  [
    "kolen-pollack.snn",
    12,
    22,
    "learning rule reads the weight of another projection `fwd` (weight transport)",
  ],
  [
    "sign-symmetry.snn",
    10,
    21,
    "learning rule reads the weight of another projection `fwd` (weight transport)",
  ],
];

describe("weight transport is refused", () => {
  for (const [file, line, col, message] of cases) {
    it(file, () => {
      const r = checkProgram(join(here, file), load);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`)).toEqual([
        `L003 ${line}:${col} ${message}`,
      ]);
      expect(r.program).toBeUndefined();
    });
  }
});
