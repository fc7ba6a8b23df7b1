// Every program in programs/ checks clean (no errors) through the same loader the CLI uses, and
// its checked program has the shape its algorithm needs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/frontend.ts";
import { PROGRAMS_ROOT, programFiles } from "../program-files.ts";

const root = PROGRAMS_ROOT;
const files = programFiles();

const load = (p: string) => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
};

describe("programs/", () => {
  it("has a program for every algorithm A-G", () => {
    const names = files.map((f) => f.slice(root.length + 1));
    for (const want of [
      "emstdp/digits.snn",
      "emstdp/iris.snn",
      "strsbp/digits.snn",
      "oja/concepts.snn",
      "credit/fa.snn",
      "credit/wm.snn",
      "credit/ia.snn",
      "slca/dictionary.snn",
      "lca/lasso.snn",
      "stdp/pair.snn",
      "stdp/triplet.snn",
      "stdp/rstdp.snn",
      "cuba/cuba.snn",
    ]) {
      expect(names).toContain(want);
    }
  });
  for (const f of files) {
    it(`${f.slice(root.length + 1)} checks clean`, () => {
      const r = checkProgram(f, load);
      expect(
        r.diagnostics
          .filter((d) => d.severity === "error")
          .map((d) => `${d.code} ${d.span.file}:${d.span.line}:${d.span.col} ${d.message}`),
      ).toEqual([]);
      expect(r.program).toBeDefined();
    });
  }

  it("CUBA: 4000 cells, 3200/800 split, p = 0.02, classic parameters on the chip", () => {
    const p = checkProgram(join(root, "cuba/cuba.snn"), load).program!;
    const cells = p.populations.find((x) => x.name === "cells")!;
    expect(cells.size).toBe(4000);
    // tau_v 20 ms, dt 1 ms: round(4095 * (1 - exp(-1/20))) = round(199.72) = 200.
    expect(cells.params!.decay_v!.value).toBe(200);
    // tau_u 5 ms: round(4095 * (1 - exp(-1/5)) - 1) = round(741.30) = 741.
    expect(cells.params!.decay_u!.value).toBe(741);
    // v_th 10 mV / 1.5625 uV / 64 = 100; t_ref 5 ms -> refract 6; e_l 11 mV -> bias 343.
    expect(cells.params!.vth_mant!.value).toBe(100);
    expect(cells.params!.refract!.value).toBe(6);
    expect(cells.params!.bias_mant!.value).toBe(343);
    const ee = p.projections.find((x) => x.id === "ee")!;
    const ie = p.projections.find((x) => x.id === "ie")!;
    expect(ee.pre.size).toBe(3200);
    expect(ie.pre.size).toBe(800);
    expect(ee.connector).toMatchObject({ kind: "fixed_prob", p: 0.02 });
    // 1 mV of current jump adds dt/tau_v = 1/20 mV to v per step = 50 uV / 1.5625 uV = 32 units.
    expect(ee.weight).toMatchObject({
      unit: "mV",
      scale: 32,
      gen: { kind: "constant", value: 1.62 },
      signMode: "excitatory",
    });
    expect(ie.weight).toMatchObject({
      unit: "mV",
      gen: { kind: "constant", value: -18 },
      signMode: "inhibitory",
    });
    expect(p.experiment).toMatchObject({ dtMs: 1, steps: 1000 });
  });

  it("ST-RSBP declares its host learning step over the three plastic projections", () => {
    const r = checkProgram(join(root, "strsbp/digits.snn"), load);
    expect(r.program!.experiment!.hostLearning[0]).toMatchObject({
      name: "st_rsbp",
      updates: ["inp->hid", "hid->hid", "hid->out"],
    });
    expect(r.diagnostics.map((d) => d.code)).toContain("E004");
  });

  it("S-LCA ties the bottom-up and top-down dictionary copies", () => {
    const p = checkProgram(join(root, "slca/dictionary.snn"), load).program!;
    const groups = new Set(p.projections.map((x) => x.tiedGroup).filter(Boolean));
    expect(groups.size).toBeGreaterThan(0);
  });

  it("EMSTDP digits: 64-100-10, the rule gated to once per sample in product terms", () => {
    const p = checkProgram(join(root, "emstdp/digits.snn"), load).program!;
    expect(p.populations.find((x) => x.name === "hid")!.size).toBe(100);
    const rule = p.rules.Emstdp!;
    // One learning epoch per phase: two per sample.
    expect(rule.epochSteps).toBe(63);
    const w = rule.terms.filter((t) => t.target === "w");
    expect(w.length).toBeGreaterThan(0);
    // Every weight term runs once per two epochs (u1) and is proportional to the pre trace.
    for (const t of w) {
      expect(t.dependency).toEqual({ kind: "u", k: 1 });
      expect(t.factors.some((f) => f.kind === "var" && f.v === "x1")).toBe(true);
    }
    expect(p.experiment!.presentation).toMatchObject({
      stepsPerSample: 2 * 63,
      train: [0, 1347],
      test: [1348, 1796],
    });
  });
});
