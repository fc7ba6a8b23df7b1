// Neuron codegen against two oracles: isa's CUBA_LIF (the standard model must produce a program
// equivalent bit for bit: same state, same spikes, every step) and a direct interpreter of the
// dynamics IR (every other model), over seeded random inputs and parameters.
import { describe, expect, it } from "vitest";
import type { CheckedNeuronModel, ResolvedParam } from "../../compiler/check/checked.ts";
import { neuronAssembly } from "../../compiler/codegen/index.ts";
import { stream } from "../../compiler/lower/rng.ts";
import {
  assemble,
  CUBA_LIF,
  cubaLifConstants,
  disassemble,
  runMicrocode,
} from "../../isa/index.ts";
import { checkSource } from "../compiler/helpers.ts";
import { dynMachine, runDyn } from "./dyn-interp.ts";
import { cubaLifModel, cubaParams } from "./fixtures.ts";
import { checkText } from "./helpers.ts";

const LIM = { stateRegisters: 8, constants: 16, graded: true };
const VMIN = -(2 ** 23) + 1;
const VMAX = 2 ** 23 - 1;

const std = checkText(`snn 1;
import "std/neurons.snn" { CubaLIF, SubtractIF, Threshold, GradedIF };
network N {
  population a = CubaLIF[1];
  population b = SubtractIF[1] { vth_mant = 20; };
  population c = Threshold[1] { vth_mant = 3; };
  population d = GradedIF[1] { vth_mant = 30; };
}
run N on loihi2 { dt = 1 ms; steps = 1; seed 1; }
`);

/** Drive generated code and the reference side by side; compare state and spikes each step. */
function compareWithInterpreter(
  model: CheckedNeuronModel,
  params: Record<string, ResolvedParam>,
  seed: number,
  steps: number,
) {
  const { text, constants } = neuronAssembly(model, params, LIM);
  const code = assemble(text);
  const n = model.state.length;
  const regs = Int32Array.from(model.state.map((s) => s.init));
  const m = dynMachine(
    model.state.map((s) => [s.name, s.init]),
    VMIN,
    VMAX,
  );
  const rng = stream(seed, 99);
  let spikes = 0;
  for (let t = 0; t < steps; t++) {
    const q = rng.float() < 0.3 ? Math.round((rng.float() - 0.3) * 40000) : 0;
    const r = runMicrocode(code, {
      state: regs,
      stateRegisters: n,
      q,
      constants,
      vmin: VMIN,
      vmax: VMAX,
    });
    m.q = q;
    m.spiked = false;
    runDyn(model, params, m);
    expect(r.spiked, `spike at step ${t}`).toBe(m.spiked);
    for (const w of r.traceWrites) {
      expect(w.value, `export y${w.trace} at step ${t}`).toBe(m.exports.get(`y${w.trace}`));
    }
    if (m.spiked) {
      spikes++;
      expect(r.payload, `payload at step ${t}`).toBe(m.payload);
    }
    model.state.forEach((s, i) => {
      expect(regs[i], `${s.name} at step ${t}`).toBe(m.state.get(s.name));
    });
  }
  // The comparison must have exercised the spiking path.
  expect(spikes).toBeGreaterThan(0);
}

describe("standard CUBA LIF", () => {
  it("generated code equals isa's CUBA_LIF bit for bit over random inputs and parameters", () => {
    const model = cubaLifModel(false);
    const rng = stream(7, 1);
    for (let trial = 0; trial < 12; trial++) {
      const over = {
        decay_u: rng.int(4096),
        decay_v: rng.int(4096),
        vth_mant: 1 + rng.int(300),
        bias_mant: rng.int(200) - 100,
        bias_exp: rng.int(8),
        refract: 1 + rng.int(5),
      };
      const params = cubaParams(over);
      const { text, constants } = neuronAssembly(model, params, LIM);
      const mine = assemble(text);
      const ref = cubaLifConstants({
        decayU: over.decay_u,
        decayV: over.decay_v,
        vthMant: over.vth_mant,
        biasMant: over.bias_mant,
        biasExp: over.bias_exp,
        refract: over.refract,
      });
      const a = new Int32Array(3);
      const b = new Int32Array(3);
      let spikes = 0;
      for (let t = 0; t < 400; t++) {
        const q = rng.float() < 0.4 ? Math.round((rng.float() - 0.2) * 60000) : 0;
        const ra = runMicrocode(mine, { state: a, q, constants, vmin: VMIN, vmax: VMAX });
        const rb = runMicrocode(CUBA_LIF, { state: b, q, constants: ref, vmin: VMIN, vmax: VMAX });
        expect(ra.spiked, `trial ${trial} step ${t}`).toBe(rb.spiked);
        expect(Array.from(a), `trial ${trial} step ${t}`).toEqual(Array.from(b));
        if (ra.spiked) spikes++;
      }
      // The comparison must have exercised spiking and refractory paths.
      if (trial === 0) expect(spikes).toBeGreaterThan(0);
    }
  });

  it("the front end's std CubaLIF compiles to the same behaviour as CUBA_LIF", () => {
    const model = { ...std.neuronModels.CubaLIF!, isCubaLif: false };
    const params = std.populations.find((p) => p.name === "a")!.params!;
    const { text, constants } = neuronAssembly(model, params, LIM);
    const a = new Int32Array(3);
    const b = new Int32Array(3);
    const ref = cubaLifConstants({ decayU: 4095, decayV: 0, vthMant: 100 });
    const rng = stream(3, 3);
    for (let t = 0; t < 500; t++) {
      const q = rng.float() < 0.5 ? Math.round(rng.float() * 9000 - 1000) : 0;
      const ra = runMicrocode(assemble(text), { state: a, q, constants, vmin: VMIN, vmax: VMAX });
      const rb = runMicrocode(CUBA_LIF, { state: b, q, constants: ref, vmin: VMIN, vmax: VMAX });
      expect(ra.spiked).toBe(rb.spiked);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  it("generated CUBA LIF disassembly (snapshot)", () => {
    const { text, constants } = neuronAssembly(
      cubaLifModel(false),
      cubaParams({ bias_mant: 5, bias_exp: 2, refract: 3 }),
      LIM,
    );
    expect(
      `${disassemble(assemble(text))}k = [${Array.from(constants).join(", ")}]\n`,
    ).toMatchSnapshot();
  });
});

describe("other models against the IR interpreter", () => {
  it("SubtractIF (reset by subtraction, floor at -threshold)", () => {
    const params = std.populations.find((p) => p.name === "b")!.params!;
    compareWithInterpreter(std.neuronModels.SubtractIF!, params, 11, 600);
  });
  it("Threshold (>= comparison, exported factor)", () => {
    const params = std.populations.find((p) => p.name === "c")!.params!;
    compareWithInterpreter(std.neuronModels.Threshold!, params, 12, 600);
  });
  it("GradedIF (graded payload = voltage above threshold)", () => {
    const params = std.populations.find((p) => p.name === "d")!.params!;
    compareWithInterpreter(std.neuronModels.GradedIF!, params, 14, 600);
  });
  it("CubaLIF through the generic path with a refractory period", () => {
    compareWithInterpreter(
      cubaLifModel(false),
      cubaParams({ refract: 4, decay_v: 100, decay_u: 1000 }),
      13,
      800,
    );
  });
});

/** A program of one neuron model `text` and one population `a` of it. */
function oneNeuron(text: string): string {
  const name = /neuron (\w+)/.exec(text)?.[1];
  return `snn 1;\n${text}\nnetwork N { population a = ${name}[1]; }\nrun N on loihi { dt = 1 ms; steps = 1; seed 1; }\n`;
}

describe("constant expressions", () => {
  const folded = checkText(
    oneNeuron(`neuron Capped {
  param vth_mant : u17 = 50;
  state v : s24 = 0;
  state c : s24 = 0;
  update {
    v = clamp(v + q, -(1 << 12), (1 << 12) + 3 * 5 - (64 >> 2));
    c = wrap(c + (q >> 4), 4 * 4);
  }
  spike when v > vth_mant << 6;
  reset v to 0;
}`),
  );
  const model = folded.neuronModels.Capped!;

  it("fold to the constant a clamp bound or a wrap width needs, with the core's arithmetic", () => {
    const v = model.program.find((s) => s.op === "set" && s.name === "v");
    expect(v).toMatchObject({ value: { op: "clamp", lo: { op: "const", value: -4096 } } });
    expect(v).toMatchObject({ value: { hi: { op: "const", value: 4096 + 15 - 16 } } });
    const c = model.program.find((s) => s.op === "set" && s.name === "c");
    expect(c).toMatchObject({ value: { op: "wrap", bits: 16 } });
  });

  it("the folded model runs like its IR", () => {
    const params = folded.populations.find((p) => p.name === "a")!.params!;
    compareWithInterpreter(model, params, 21, 600);
  });

  it("a bound that reads a register is still refused at the bound", () => {
    const r = checkSource(
      oneNeuron(`neuron Bad {
  state v : s24 = 0;
  update { v = clamp(v + q, 0, v << 2); }
  spike when v > 100;
  reset v to 0;
}`),
    );
    const d = r.diagnostics.find((x) => x.code === "P003");
    expect(d?.message).toContain("clamp bounds must be constants, parameters or vmin/vmax");
    expect(d?.span.line).toBe(4);
  });

  // No shift instruction encodes an amount outside 0..31, and JavaScript's `1 << 40` is 256:
  // folding must not take it modulo 32.
  const shifted = (amount: string, type = "u5") =>
    oneNeuron(`neuron Shifted {
  param sh : ${type} = 7;
  state v : s24 = 0;
  update { v = clamp(v + q + (1 << ${amount}), vmin, vmax); }
  spike when v > 100;
  reset v to 0;
}`);

  it("a constant shift amount outside 0..31 is refused at the amount", () => {
    const r = checkSource(shifted("40"));
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`)).toEqual(
      ["R001 5:36 `shift amount` = 40 is out of range 0..31"],
    );
  });

  it("a parameter that may shift by more than 31 is refused at check time", () => {
    const r = checkSource(shifted("sh", "u6"));
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`)).toEqual(
      [
        "P003 5:36 neuron dynamics cannot be executed by the core microcode: the shift amount `sh` can be 0..63, outside 0..31",
      ],
    );
  });

  it("codegen refuses a parameter value outside 0..31 rather than fold it modulo 32", () => {
    // An image built from a checked model with another value (the checker has seen u5).
    const prog = checkText(shifted("sh"));
    const params = prog.populations.find((p) => p.name === "a")!.params!;
    const wide = { ...params, sh: { ...params.sh!, value: 40 } };
    expect(() => neuronAssembly(prog.neuronModels.Shifted!, wide, LIM)).toThrow(
      "shift amount `sh` = 40 is outside 0..31",
    );
  });
});

describe("if expressions", () => {
  // A presentation count n picks one of three resolutions for each export, and the update
  // picks its input scale the same way: the branches must leave the right value whichever
  // arm runs, including arms that read a `let`, a folded constant or another select.
  const prog = checkText(
    oneNeuron(`neuron Staged {
  param vth_mant : u17 = 40;
  param stage2 : u16 = 30;
  state v : s24 = 0;
  state n : s24 = 0;
  update {
    let x = q >> 2;
    n = min(n + 1, 100);
    v = clamp(v + (if n < stage2 then x else if n < 60 then x >> 1 else 3), vmin, vmax);
  }
  spike when v > vth_mant << 6;
  reset v to 0;
  floor v at -(vth_mant << 6);
  export factor fine = if n < stage2 && v > 0 then clamp(v >> 6, 0, 127) else clamp(v >> 8, 0, 127);
  export factor coarse = if n >= 60 then 1 << 4 else clamp(n, 0, 127);
}`),
  );
  const model = prog.neuronModels.Staged!;
  const params = prog.populations.find((p) => p.name === "a")!.params!;

  it("check to selects whose range covers both arms", () => {
    const v = model.program.find((s) => s.op === "set" && s.name === "v");
    expect(v).toMatchObject({
      value: { op: "clamp", a: { op: "add", b: { op: "select", b: { op: "select" } } } },
    });
  });

  it("run like their IR in every stage, exports included", () => {
    compareWithInterpreter(model, params, 31, 300);
    const { text } = neuronAssembly(model, params, LIM);
    // Three selects: each a compare-and-branch, so the program branches forward.
    expect(text.match(/^\s*(\w+:)?\s*b\w+/gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });
});

describe("codegen limits", () => {
  it("refuses a model with more state than the core stores", () => {
    expect(() =>
      neuronAssembly(cubaLifModel(false), cubaParams(), { ...LIM, stateRegisters: 2 }),
    ).toThrow("it has 3 state registers, the core stores 2 per compartment");
  });
});
