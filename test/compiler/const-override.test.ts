// `--const NAME=VALUE` (compiler/frontend.ts FrontendOptions.consts, cli/const-option.ts): the
// top-level constant NAME of every file of the program that declares one takes the
// given expression; bad values are located in the pseudo file `--const NAME`.
import { describe, expect, it } from "vitest";
import { resumeCommand } from "../../cli/commands/run-control.ts";
import { parseConsts } from "../../cli/const-option.ts";
import { UserError } from "../../cli/exit.ts";
import { checkProgram } from "../../compiler/frontend.ts";
import { loaderFor } from "./helpers.ts";

const LIB = `import "std/neurons.snn" { CubaLIF };\nconst fast = 2 ms;\nneuron Fast extends CubaLIF { param tau_u : time = fast; }\n`;
const MAIN = `import "./lib.snn" { Fast };\nconst n = 3;\nnetwork N { population a = Fast[n]; }\nrun N on loihi { dt = 1 ms; steps 5; }\n`;
const files = { "/m/main.snn": MAIN, "/m/lib.snn": LIB };

function check(consts: [string, string][], fs: Record<string, string> = files) {
  const r = checkProgram("/m/main.snn", loaderFor(fs), { consts });
  const errors = r.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.span.file}:${d.span.line}:${d.span.col} ${d.message} | ${d.hint}`);
  return { r, errors };
}

describe("--const", () => {
  it("sets a top-level constant of the entry file or of an imported file", () => {
    const plain = check([]);
    expect(plain.errors).toEqual([]);
    expect(plain.r.program!.populations[0]!.size).toBe(3);
    expect(plain.r.program!.populations[0]!.params!.decay_u).toMatchObject({ value: 1610 });
    const set = check([
      ["n", "5"],
      ["fast", "4 ms"],
    ]);
    expect(set.errors).toEqual([]);
    expect(set.r.program!.populations[0]!.size).toBe(5);
    // tau_u 4 ms: round(4095 * (1 - exp(-1/4)) - 1) = 905.
    expect(set.r.program!.populations[0]!.params!.decay_u).toMatchObject({ value: 905 });
  });

  it("sets the constant in every file that declares it (scopes are per file)", () => {
    const two = {
      ...files,
      "/m/main.snn": `import "./lib.snn" { Fast };\nimport "./lib2.snn" { Slow };\nnetwork N { population a = Fast[2]; population b = Slow[2]; }\nrun N on loihi { dt = 1 ms; steps 5; }\n`,
      "/m/lib2.snn": `import "std/neurons.snn" { CubaLIF };\nconst fast = 3 ms;\nneuron Slow extends CubaLIF { param tau_u : time = fast; }\n`,
    };
    const plain = check([], two);
    expect(plain.errors).toEqual([]);
    expect(plain.r.program!.populations.map((p) => p.params!.decay_u!.value)).toEqual([1610, 1160]);
    const set = check([["fast", "4 ms"]], two);
    expect(set.errors).toEqual([]);
    expect(set.r.program!.populations.map((p) => p.params!.decay_u!.value)).toEqual([905, 905]);
  });

  it("refuses a name no file declares at top level, naming the program's constants", () => {
    expect(check([["eta", "2"]]).errors).toEqual([
      "N001 --const eta:1:7 unknown top-level constant `eta` | the program's top-level constants: fast, n (constants inside a network or run block cannot be set)",
    ]);
  });

  it("locates a bad value in the pseudo file, and refuses more than one expression", () => {
    expect(check([["n", "2 +"]]).errors).toEqual([
      "S001 --const n:1:14 unexpected `;`, expected an expression | ",
    ]);
    const two = check([["n", "2; const m = 1"]]);
    expect(two.errors).toHaveLength(1);
    expect(two.errors[0]).toMatch(
      /^S006 --const n:1:14 more than one expression in a --const value/,
    );
    // The pseudo file's text is kept for rendering the diagnostic.
    expect(two.r.sources.get("--const n")).toBe("const n = 2; const m = 1;");
  });

  it("checks the value where it is used: a unit in a learning rule is a unit error", () => {
    const rule = {
      "/m/main.snn": `import "std/neurons.snn" { CubaLIF };\nconst eta = 2^-4;\nsynapse S { weight w : s8 = 0; pre trace x1 { impulse = 16; tau = 20 ms; } learn every 1 steps { dw = eta * x1; } }\nnetwork N { population a = CubaLIF[2]; project a -> a : S { connect all_to_all; weight 1; } }\nrun N on loihi { dt = 1 ms; steps 5; }\n`,
    };
    expect(check([], rule).errors).toEqual([]);
    const e = check([["eta", "3 ms"]], rule).errors;
    expect(e).toEqual([
      "U002 /m/main.snn:3:103 expected a plain number, found time | `eta` is 3 ms; a learning rule's constants take no unit (its arithmetic is in register units)",
    ]);
    // A value that does not evaluate is one error, at the value: the rule that reads the
    // constant does not add an L001 ("does not exist at the synapse") for it.
    expect(check([["eta", "nosuch"]], rule).errors).toEqual([
      "N001 --const eta:1:13 unknown constant `nosuch` | ",
    ]);
    // A name that is no constant at all still is.
    const typo = { "/m/main.snn": rule["/m/main.snn"].replace("dw = eta", "dw = etx") };
    expect(check([], typo).errors.map((x) => x.slice(0, 4))).toEqual(["L001"]);
  });
});

describe("--const on the command line", () => {
  it("parses NAME=VALUE pairs and refuses malformed or repeated names", () => {
    expect(parseConsts(["eta=2^-6", " n = 5 ms "])).toEqual([
      ["eta", "2^-6"],
      ["n", "5 ms"],
    ]);
    expect(parseConsts(undefined)).toEqual([]);
    for (const bad of ["eta", "=3", "2x=1", "eta="])
      expect(() => parseConsts([bad])).toThrow(UserError);
    expect(() => parseConsts(["a=1", "a=2"])).toThrow(/given twice/);
  });

  it("repeats every --const in the command that resumes a stopped run", () => {
    expect(resumeCommand("p.snn", { const: ["eta=2^-6", "n=5 ms"] }, "c.ckpt")).toBe(
      "snn run p.snn --const 'eta=2^-6' --const 'n=5 ms' --resume c.ckpt",
    );
  });
});
