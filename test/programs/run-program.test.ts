// The program-compiling helper of the program tests: text edits, given
// as strings or patterns, must match exactly once, so an edit the program no longer matches
// fails loudly instead of running the full program unedited.
import { describe, expect, it } from "vitest";
import { compileProgram } from "./run-program.ts";

describe("compileProgram edits", () => {
  it("applies a pattern edit", () => {
    const img = compileProgram("strsbp/digits.snn", [[/epochs = \d+;/, "epochs = 2;"]]);
    expect(img.experiment.presentation!.epochs).toBe(2);
    expect(img.hostLearning[0]!.params.etaDecay).toBe(0.7);
    const edited = compileProgram("strsbp/digits.snn", [
      [/const eta_decay = [\d.]+;/, "const eta_decay = 0.5;"],
    ]);
    expect(edited.hostLearning[0]!.params.etaDecay).toBe(0.5);
  });
  it("refuses a pattern that matches no text or more than once", () => {
    expect(() => compileProgram("strsbp/digits.snn", [[/epochs = 99;/, "epochs = 1;"]])).toThrow(
      /occurs 0 times/,
    );
    expect(() => compileProgram("strsbp/digits.snn", [[/param /, "param "]])).toThrow(
      /occurs \d+ times, expected once/,
    );
    expect(() => compileProgram("strsbp/digits.snn", [["param ", "param "]])).toThrow(
      /expected once/,
    );
  });
});
