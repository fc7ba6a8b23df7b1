// The weight-transport variants of algorithm D, written into the real weight-mirror program
// (programs/credit/wm.snn) in place of its local feedback rule, are refused with a locality
// error (L003) at the place that reads the forward weights, while the program itself checks
// clean. test/compiler/weight-transport.test.ts covers the first three as stand-alone files;
// here they sit in the full network next to the forward projection they would read, and the
// tied variant (B declared a tied copy of W2) is covered as well.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/frontend.ts";
import { edit, PROGRAMS, programText } from "./emstdp-helpers.ts";

const entry = resolve(PROGRAMS, "credit/wm.snn");

function check(text: string) {
  return checkProgram(entry, (p) => {
    if (resolve(p) === entry) return text;
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  });
}

const B_DECL = "  project b: out_en -> hid_en : Mirror {";

/** wm.snn with the feedback projection `b` using `synapse` (declared in `decl`) and `extra`
 *  appended to its item list. */
function variant(decl: string, synapse: string, extra = ""): string {
  const base = programText("credit/wm.snn");
  const line = base.split("\n").find((l) => l.startsWith(B_DECL));
  if (!line) throw new Error("wm.snn has no feedback projection b");
  const replaced = line.replace(": Mirror {", `: ${synapse} {`).replace(/ }$/, `${extra} }`);
  return edit(base, [
    [line, replaced],
    ["network WeightMirror {", `${decl}\nnetwork WeightMirror {`],
  ]);
}

const cases: { name: string; text: () => string; needle: string }[] = [
  {
    // Symmetric alignment: B gets the forward weight itself (dB ~ W^T - B).
    name: "symmetric alignment",
    text: () =>
      variant(
        "synapse SymB { weight w : s8 = 0; learn every 49 steps { dw = 2^-3 * (hid -> out).w - 2^-3 * w; } }",
        "SymB",
      ),
    needle: "(hid -> out).w",
  },
  {
    // Kolen-Pollack: B receives W's update; its local form reads the forward weight.
    name: "Kolen-Pollack",
    text: () =>
      variant(
        "synapse KpB { weight w : s8 = 0; pre trace x1 { impulse = 16; tau = 10 ms; } learn every 49 steps { dw = 2^-6 * x1 * w2.w - 2^-7 * w; } }",
        "KpB",
      ),
    needle: "w2.w",
  },
  {
    // Sign symmetry: B takes the sign of W^T.
    name: "sign symmetry",
    text: () =>
      variant(
        "synapse SignB { weight w : s8 = 0; learn every 49 steps { dw = 2^-1 * sgn(w2.T + 0) - 2^-1 * w; } }",
        "SignB",
      ),
    needle: "w2.T",
  },
  {
    // Tied feedback: B declared a (transposed) copy of the forward W2, so it would follow W2's
    // updates, computed from neurons B's synapses do not touch.
    name: "tied feedback",
    text: () => variant("", "Mirror", " tied with w2;"),
    needle: "tied with w2",
  },
];

describe("credit/wm.snn with weight transport is refused", () => {
  it("the program as written checks clean", () => {
    const r = check(programText("credit/wm.snn"));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.program).toBeDefined();
  });

  for (const c of cases) {
    it(`${c.name}: L003 at the read of the forward weights`, () => {
      const text = c.text();
      const r = check(text);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => d.code)).toEqual(["L003"]);
      const e = errors[0]!;
      expect(e.message).toMatch(/weight transport/);
      // The error points at the offending text in this file.
      const line = text.split("\n")[e.span.line - 1] ?? "";
      expect(line.slice(e.span.col - 1)).toContain(c.needle.split(" ")[0]);
      expect(line).toContain(c.needle);
      expect(r.program).toBeUndefined();
    });
  }
});
