// Host learning steps against the built-in routine table (isa/host-routines.ts): a routine that
// is not built in is a warning (a program run in-process may register its own), a misspelt
// parameter of a built-in one is an error at the parameter, and the table agrees with the
// emulator's routines so the compiler and the loader refuse the same things.
import { describe, expect, it } from "vitest";
import { ST_RSBP_DEFAULTS } from "../../emulator/host/st-rsbp.ts";
import { hostRoutineNames } from "../../emulator/index.ts";
import { BUILTIN_HOST_ROUTINES } from "../../isa/host-routines.ts";
import { checkSource, STD } from "./helpers.ts";

const program = (host: string) =>
  `${STD}network N {\n  population a = CubaLIF[4];\n  population b = CubaLIF[4];\n  project a -> b : Static { weight 10 exp 0; }\n}\n` +
  `run N on loihi { dt = 1 ms; steps 10; host learn ${host} }\n`;

describe("host learning steps and the built-in routines", () => {
  it("warns about a routine that is not built in, with the nearest name", () => {
    const r = checkSource(program("st_rsbq { updates (a -> b); reads b.spikes; param x = 1; }"));
    const e007 = r.diagnostics.filter((d) => d.code === "E007");
    expect(e007).toHaveLength(1);
    expect(e007[0]!.severity).toBe("warning");
    expect(e007[0]!.message).toBe(
      "host routine `st_rsbq` is not built in (built in: st_rsbp, count_delta)",
    );
    expect(e007[0]!.hint).toBe("did you mean `st_rsbp`?");
    // Its parameters are the registering program's business: no E008.
    expect(r.diagnostics.some((d) => d.code === "E008")).toBe(false);
    expect(r.diagnostics.some((d) => d.severity === "error")).toBe(false);
  });
  it("accepts every parameter a built-in routine takes", () => {
    const params = BUILTIN_HOST_ROUTINES.st_rsbp!.map((p) => `param ${p} = 1;`).join(" ");
    const r = checkSource(program(`st_rsbp { updates (a -> b); reads b.spikes; ${params} }`));
    expect(r.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
  });
  it("lists what the routine takes when nothing is close", () => {
    const r = checkSource(program("st_rsbp { updates (a -> b); reads b.spikes; param zzz = 1; }"));
    const e = r.diagnostics.find((d) => d.code === "E008")!;
    expect(e.hint).toBe(`it takes ${BUILTIN_HOST_ROUTINES.st_rsbp!.join(", ")}`);
  });
  it("agrees with the emulator's routines", () => {
    expect([...BUILTIN_HOST_ROUTINES.st_rsbp!].sort()).toEqual(
      Object.keys(ST_RSBP_DEFAULTS).sort(),
    );
    for (const name of Object.keys(BUILTIN_HOST_ROUTINES))
      expect(hostRoutineNames()).toContain(name);
  });
});
