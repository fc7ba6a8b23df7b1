// Golden tests of the compartment arithmetic (chip.md section 3) run through the whole emulator:
// source -> NoC -> deliver -> microcode. The arithmetic is written out beside each assertion.
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../emulator/index.ts";
import { assemble } from "../../isa/microcode/asm.ts";
import { cubaProfile, makeCore, makeImage } from "./helpers.ts";

/** Runs `steps` steps and returns [u, v, spiked] of compartment 0 of core 0 after each step. */
function trace(img: ReturnType<typeof makeImage>, steps: number, comp = 0) {
  const emu = createEmulator(img);
  const out: { u: number; v: number; spiked: boolean }[] = [];
  for (let t = 1; t <= steps; t++) {
    emu.stepOnce();
    out.push({
      u: emu.chip.readState(0, comp, 0),
      v: emu.chip.readState(0, comp, 1),
      spiked: [...emu.chip.spikesOf(0)].includes(comp),
    });
  }
  return out;
}

/** One core, one compartment, one input axon with one synapse, driven by a `steps` source. */
function single(
  lif: Parameters<typeof cubaProfile>[0],
  syn: { weight: number; delay?: number; weightExp?: number; format?: number }[],
  input: number[],
  extra: { vmin?: number; vmax?: number } = {},
) {
  const core = makeCore({
    index: 0,
    n: 1,
    profile: cubaProfile(lif),
    axons: 1,
    synapses: syn.map((s) => ({
      axon: 0,
      target: 0,
      weight: s.weight,
      delay: s.delay ?? 0,
      format: s.format ?? 1,
    })),
    weightExp: syn[0]?.weightExp ?? 0,
    ...extra,
  });
  return makeImage([core], {
    steps: 20,
    input: input.map((step) => ({ channel: 0, step })),
    inputRoutes: [{ channel: 0, core: 0, axon: 0 }],
  });
}

describe("CUBA LIF, bit-exact", () => {
  it("reproduces chip.md section 3's worked example", () => {
    // decay_u 410, decay_v 205, vth_mant 100 (vth = 100 << 6 = 6400); weight 100, exp 0.
    // The source emits at step 1, so the input arrives (is integrated) at step 2.
    const tr = trace(single({ decayU: 410, decayV: 205, vthMant: 100 }, [{ weight: 100 }], [1]), 4);
    expect(tr[0]).toEqual({ u: 0, v: 0, spiked: false });
    // u(2) = 100 << 6 = 6400; v(2) = 6400, not > 6400 (strict): no spike.
    expect(tr[1]).toEqual({ u: 6400, v: 6400, spiked: false });
    // u(3) = trunc(6400 * 3685 / 4096) = 5757; v(3) = trunc(6400 * 3891 / 4096) + 5757
    //      = 6080 + 5757 = 11837 > 6400: spike, v resets to 0.
    expect(tr[2]).toEqual({ u: 5757, v: 0, spiked: true });
    // u(4) = trunc(5757 * 3685 / 4096) = 5179; v(4) = 0 + 5179.
    expect(tr[3]).toEqual({ u: 5179, v: 5179, spiked: false });
  });

  it("holds v at 0 for refract - 1 steps after a spike while u keeps integrating", () => {
    // decay_u 4095 (u = q), decay_v 0 (no leak), vth = 1 << 6 = 64, bias 100, refract 3.
    // v(1) = 100 > 64: spike at 1; steps 2, 3 held at 0; v(4) = 100: spike; period 3.
    const tr = trace(
      single({ decayU: 4095, decayV: 0, vthMant: 1, biasMant: 100, refract: 3 }, [], []),
      10,
    );
    const spikes = tr.flatMap((s, i) => (s.spiked ? [i + 1] : []));
    expect(spikes).toEqual([1, 4, 7, 10]);
    expect(tr[1]?.v).toBe(0);
    expect(tr[2]?.v).toBe(0);
  });

  it("wraps q to 21 bits + sign", () => {
    // Two synapses of mantissa 255 with weight_exp 7: each adds 255 << 13 = 2088960;
    // q = 4177920 wraps to 22 bits: 4177920 - 2^22 = -16384 = u (decay_u 4095: u = q).
    const tr = trace(
      single(
        { decayU: 4095, decayV: 4095, vthMant: 131071 },
        [
          { weight: 255, weightExp: 7, format: 2 },
          { weight: 255, weightExp: 7, format: 2 },
        ],
        [1],
      ),
      2,
    );
    expect(tr[1]?.u).toBe(-16384);
  });

  it("wraps u to 23 bits + sign", () => {
    // decay_u 0 (offset 1: u keeps 4095/4096), q = 255 << 13 = 2088960 every step:
    // u1 = 2088960, u2 = 2088450 + 2088960 = 4177410, u3 = 4176390 + 2088960 = 6265350,
    // u4 = 6263820 + 2088960 = 8352780, u5 = 8350740 + 2088960 = 10439700
    //   -> wraps to 24 bits: 10439700 - 2^24 = -6337516.
    const tr = trace(
      single(
        { decayU: 0, decayV: 4095, vthMant: 131071 },
        [{ weight: 255, weightExp: 7, format: 2 }],
        [1, 2, 3, 4, 5],
      ),
      6,
    );
    expect(tr.slice(1, 6).map((s) => s.u)).toEqual([2088960, 4177410, 6265350, 8352780, -6337516]);
  });

  it("clamps v to [vmin, vmax]", () => {
    // vmax = 2^9 - 1 = 511 (posVmLimit 0): input 100 << 6 = 6400 clamps to 511.
    const hi = trace(
      single({ decayU: 4095, decayV: 0, vthMant: 131071 }, [{ weight: 100 }], [1], { vmax: 511 }),
      2,
    );
    expect(hi[1]?.v).toBe(511);
    // vmin = -(2^8) + 1 = -255: input -100 << 6 = -6400 clamps to -255.
    const lo = trace(
      single({ decayU: 4095, decayV: 0, vthMant: 131071 }, [{ weight: -100 }], [1], { vmin: -255 }),
      2,
    );
    expect(lo[1]?.v).toBe(-255);
  });

  it("integrates a spike emitted at t at step t + 1 + delay", () => {
    // Delay 3: emitted at step 1, integrated at 1 + 1 + 3 = 5; u = 6400 there, 0 before.
    const tr = trace(
      single({ decayU: 4095, decayV: 4095, vthMant: 131071 }, [{ weight: 100, delay: 3 }], [1]),
      6,
    );
    expect(tr.map((s) => s.u)).toEqual([0, 0, 0, 0, 6400, 0]);
    // Largest loihi delay (7): integrated at 1 + 1 + 7 = 9.
    const tr7 = trace(
      single({ decayU: 4095, decayV: 4095, vthMant: 131071 }, [{ weight: 100, delay: 7 }], [1]),
      10,
    );
    expect(tr7.map((s) => s.u)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 6400, 0]);
  });
});

describe("graded spikes (loihi2)", () => {
  it("deliver payload x weight: a payload of 3 through weight 10 adds 3 x (10 << 6) = 1920", () => {
    const core = makeCore({
      index: 0,
      n: 2,
      profile: {
        name: "graded",
        code: assemble("movi t0, 3\nspikep t0\nend\n"),
        constants: new Int32Array(0),
      },
      axons: 1,
      synapses: [{ axon: 0, target: 1, weight: 10 }],
      routes: [{ from: 0, core: 0, axon: 0 }],
    });
    core.neuronProfiles.push(cubaProfile({ decayU: 4095, decayV: 4095, vthMant: 131071 }));
    core.profileOf[1] = 1;
    const img = makeImage([core], { steps: 3 });
    img.profile = "loihi2";
    const emu = createEmulator(img);
    emu.stepOnce();
    // Step 1: compartment 0 emits payload 3; nothing has arrived yet.
    expect(emu.chip.readState(0, 1, 0)).toBe(0);
    emu.stepOnce();
    // Step 2: the step-1 spike integrates: u = q = 3 x 640.
    expect(emu.chip.readState(0, 1, 0)).toBe(1920);
  });
});
