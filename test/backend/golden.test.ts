// Golden end-to-end check of chip.md section 3's worked example: a CubaLIF population written
// in raw registers compiles to decay_u 410, decay_v 205, vth_mant 100 (vth = 100 << 6 = 6400)
// in its profile's constant pool, and on the emulator one input of mantissa 100 (weight_exp 0)
// sent at step 1 arrives at step 2:
//   u(2) = 100 << 6 = 6400, v(2) = 6400, not > 6400 (strict): no spike;
//   u(3) = trunc(6400 * 3685 / 4096) = 5757, v(3) = trunc(6400 * 3891 / 4096) + 5757 = 11837 > 6400
//   -> spike at step 3, v resets to 0.
// u keeps decaying afterwards: u(4) = trunc(5757 * 3685 / 4096) = 5179, v(4) = 5179;
//   u(5) = trunc(5179 * 3685 / 4096) = 4659, v(5) = trunc(5179 * 3891 / 4096) + 4659 = 9578
//   > 6400 -> a second spike at step 5.
import { describe, expect, it } from "vitest";
import { run } from "../../emulator/emulator.ts";
import { CUBA_K, CUBA_LIF } from "../../isa/index.ts";
import { compileText, rendered } from "./helpers.ts";

const GOLDEN = `snn 1;
import "std/neurons.snn" { CubaLIF };
import "std/synapses.snn" { Static };
network Golden {
  population src = SpikeSource[1] at steps [1];
  population raw = CubaLIF[1] { decay_u = 410; decay_v = 205; vth_mant = 100; };
  project src -> raw : Static { connect all_to_all; weight 100 exp 0; }
  probe raw.{u, v} every 1 step;
  probe raw.spikes;
}
run Golden on loihi { dt = 1 ms; steps = 5; seed 1; }
`;

describe("golden CubaLIF (chip.md section 3)", () => {
  const r = compileText(GOLDEN);
  it("compiles", () => {
    expect(rendered(r)).toBe("");
    expect(r.image).toBeDefined();
  });
  it("holds the worked example's registers", () => {
    const core = r.image!.cores[0]!;
    const prof = core.neuronProfiles[core.profileOf[0]!]!;
    expect(Array.from(prof.code)).toEqual(Array.from(CUBA_LIF));
    expect(prof.constants[CUBA_K.decayU]).toBe(410);
    expect(prof.constants[CUBA_K.decayV]).toBe(205);
    expect(prof.constants[CUBA_K.vth]).toBe(100 << 6);
    expect(Array.from(core.synWeight)).toEqual([100]);
    expect(core.synapseFormats[core.synFormat[0]!]!.weightExp).toBe(0);
  });
  it("reproduces u(2) = 6400, v(2) = 6400, u(3) = 5757, spikes at steps 3 and 5", () => {
    const res = run(r.image!, {});
    const u = res.sampled.find((s) => s.what === "u")!;
    const v = res.sampled.find((s) => s.what === "v")!;
    const at = (rec: typeof u, step: number) => rec.values[Array.from(rec.steps).indexOf(step)];
    expect(at(u, 1)).toBe(0);
    expect(at(u, 2)).toBe(6400);
    expect(at(v, 2)).toBe(6400);
    expect(at(u, 3)).toBe(5757);
    expect(at(v, 3)).toBe(0);
    expect(at(u, 4)).toBe(5179);
    expect(at(v, 4)).toBe(5179);
    const spikes = res.spikes.find((s) => s.population === "raw")!;
    expect(Array.from(spikes.time)).toEqual([3, 5]);
  });
});
