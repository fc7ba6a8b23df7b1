// Per-phase cycles and energy of whole steps under both cost tables: the microcode-priced
// neuron update (davies2018) and the fixed per-compartment price (sanafe).
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../emulator/index.ts";
import { cubaProfile, makeCore, makeImage } from "./helpers.ts";

/** Two compartments: 0 spikes every step (bias 100 > vth 64), 1 stays silent. Compartment 0
 *  routes to axon 0 of its own core, which has no synapses. */
function image(costProfile: string) {
  const core = makeCore({
    index: 0,
    n: 2,
    profile: cubaProfile({ decayU: 4095, decayV: 4095, vthMant: 1, biasMant: 100 }),
    axons: 1,
    synapses: [],
    routes: [{ from: 0, core: 0, axon: 0 }],
  });
  core.neuronProfiles.push(cubaProfile({ decayU: 4095, decayV: 4095, vthMant: 1000 }, "quiet"));
  core.profileOf[1] = 1;
  const img = makeImage([core], { steps: 10 });
  img.costProfile = costProfile;
  return img;
}

describe("step costs", () => {
  it("davies2018: a compartment update costs its executed microcode path", () => {
    const st = createEmulator(image("davies2018")).run().stats;
    const c = st.cores[0];
    // CUBA LIF calibration (isa/microcode/table.ts): inactive path 53 cycles / 52 pJ, active
    // path 84 / 81. 10 steps x (84 + 53) = 1370 cycles, 10 x (81 + 52) = 1330 pJ.
    expect(c?.phases.update.cycles).toBe(1370);
    expect(c?.phases.update.energyPj).toBeCloseTo(1330, 9);
    expect(c?.activeNeuronUpdates).toBe(10);
    // davies2018 prices no message-out; each message stays in the tile: 1.7 pJ, 21 cycles.
    expect(c?.phases.send.energyPj).toBe(0);
    expect(c?.phases.noc.energyPj).toBeCloseTo(10 * 1.7, 9);
    // Messages are delivered to an axon with no synapses: 9 deliveries (step 10's is pending).
    expect(c?.spikesIn).toBe(9);
    expect(c?.synOps).toBe(0);
    // chip step = core phases + NoC (21 cycles) + barrier for one tile (113 ns = 1130 cycles).
    expect(st.chip.cyclesPerStep).toBe(137 + 21 + 1130);
  });

  it("sanafe: access + update per compartment, spike-out per spike, message-out per message", () => {
    const st = createEmulator(image("sanafe")).run().stats;
    const c = st.cores[0];
    // Per step: 2 x (6.0 + 3.7 ns = 97 cycles) + 1 spike x 30 ns (300 cycles) = 494 cycles;
    // energy 2 x (51.2 + 21.6) + 69.3 = 214.9 pJ.
    expect(c?.phases.update.cycles).toBe(10 * 494);
    expect(c?.phases.update.energyPj).toBeCloseTo(10 * 214.9, 9);
    // One message per step: 5.1 ns = 51 cycles, 111 pJ.
    expect(c?.phases.send.cycles).toBe(10 * 51);
    expect(c?.phases.send.energyPj).toBeCloseTo(10 * 111, 9);
    expect(st.costProfile).toBe("sanafe");
  });
});
