// Modules: named imports across files, per-file scopes, mutual imports, std resolution, and
// extends chains that cross files.
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/frontend.ts";
import { loaderFor } from "./helpers.ts";

describe("modules", () => {
  it("resolves names in the file that declares them, across mutual imports", () => {
    const files = {
      "/m/main.snn": `import "./lib.snn" { Fast };\nimport "std/synapses.snn" { Static };\nnetwork N { population a = Fast[3]; project a -> a : Static; }\nrun N on loihi { dt = 1 ms; steps 5; }\n`,
      // lib.snn imports CubaLIF and a constant from main-independent files and main itself.
      "/m/lib.snn": `import "std/neurons.snn" { CubaLIF };\nimport "./main.snn" { N };\nconst fast = 2 ms;\nneuron Fast extends CubaLIF { param tau_u : time = fast; }\n`,
    };
    const r = checkProgram("/m/main.snn", loaderFor(files));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const a = r.program!.populations[0]!;
    expect(a.model).toBe("Fast");
    // tau_u 2 ms by default in lib.snn: round(4095 * (1 - exp(-1/2)) - 1) = round(1610.26) = 1610.
    expect(a.params!.decay_u).toMatchObject({ value: 1610, origin: "derived" });
    expect(r.program!.neuronModels.Fast!.lineage).toEqual(["CubaLIF", "Fast"]);
  });

  it("does not leak a library's imports into the importer", () => {
    const files = {
      "/m/main.snn": `import "./lib.snn" { Fast };\nnetwork N { population a = CubaLIF[3]; }\nrun N on loihi { dt = 1 ms; steps 5; }\n`,
      "/m/lib.snn": `import "std/neurons.snn" { CubaLIF };\nneuron Fast extends CubaLIF { }\n`,
    };
    const r = checkProgram("/m/main.snn", loaderFor(files));
    const e = r.diagnostics.filter((d) => d.severity === "error");
    expect(e.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message} | ${d.hint}`)).toEqual(
      [
        'N001 2:28 unknown neuron model `CubaLIF` | import it, e.g. `import "std/neurons.snn" { CubaLIF };`',
      ],
    );
  });
});
