// Profiles and cost tables: the chip.md figures, integer cycles, the calibration of the
// microcode table to Davies 2018, barrier interpolation and message routing costs.

import { describe, expect, it } from "vitest";
import {
  barrierCost,
  COST_TABLES,
  CUBA_LIF,
  cubaLifConstants,
  DAVIES2018,
  delayBits,
  getCostTable,
  getProfile,
  indexBits,
  LOIHI,
  LOIHI2,
  messageCost,
  neuronUpdateCost,
  runMicrocode,
  SANAFE_TABLE,
} from "../../isa/index.ts";

describe("chip profiles", () => {
  it("loihi matches chip.md section 2", () => {
    expect(LOIHI).toMatchObject({
      maxCompartments: 1024,
      maxInputAxons: 4096,
      maxOutputAxons: 4096,
      synapseMemoryBits: 128 * 1024 * 8,
      synapseWordBits: 64,
      maxNeuronProfiles: 32,
      maxThresholdProfiles: 8,
      maxSynapseFormats: 8,
      maxPreTraceConfigs: 3,
      learningAllOrNone: true,
      voltageLimitPairs: 1,
      weightExpMin: -7,
      weightExpMax: 7,
      tilesPerChip: 32,
      coresPerChip: 128,
    });
    expect(LOIHI.maxDelay).toBeGreaterThanOrEqual(7); // at least 8 slots
    expect(LOIHI.mesh.width * LOIHI.mesh.height).toBe(LOIHI.tilesPerChip);
    expect(delayBits(LOIHI)).toBe(3);
    expect(indexBits(LOIHI)).toBe(10);
  });

  it("loihi2 has 8192 compartments, 24-bit graded payloads, delays 0..63", () => {
    expect(LOIHI2).toMatchObject({ maxCompartments: 8192, payloadBits: 24, maxDelay: 63 });
    expect(delayBits(LOIHI2)).toBe(6);
    expect(indexBits(LOIHI2)).toBe(13);
    expect(LOIHI2.coresPerChip).toBe(LOIHI2.tilesPerChip * LOIHI2.coresPerTile);
  });

  it("unknown names get a message listing the known ones", () => {
    expect(() => getProfile("truenorth")).toThrow(
      "unknown chip profile 'truenorth' (known: loihi, loihi2)",
    );
    expect(() => getCostTable("x")).toThrow("unknown cost table 'x' (known: davies2018, sanafe)");
  });
});

describe("cost tables", () => {
  it("every figure is an integer number of cycles and labelled an estimate", () => {
    for (const t of Object.values(COST_TABLES)) {
      for (const [k, v] of Object.entries(t)) {
        if (typeof v !== "object") continue;
        expect(v.label, `${t.name}.${k}`).toBe("estimate");
        expect(v.cycles, `${t.name}.${k}`).toBe(v.timeNs * 10);
        expect(v.source.length, `${t.name}.${k}`).toBeGreaterThan(5);
      }
    }
    // 3.5 ns synaptic op = 35 cycles of the 10 GHz nominal clock; 465 ns barrier = 4650.
    expect(DAVIES2018.synapticOp.cycles).toBe(35);
    expect(DAVIES2018.barrier32.cycles).toBe(4650);
    expect(SANAFE_TABLE.spikeOut.cycles).toBe(300);
  });

  it("the microcode table is calibrated: CUBA LIF paths equal Davies' neuron update figures", () => {
    const k = cubaLifConstants({ decayU: 4095, decayV: 4095, vthMant: 10 });
    const st = new Int32Array(3);
    const run = (q: number) =>
      runMicrocode(CUBA_LIF, { state: st, q, constants: k, vmin: -100000, vmax: 100000 });
    const idle = run(0);
    expect([idle.cycles, idle.energyPj]).toEqual([
      DAVIES2018.neuronInactive.cycles,
      DAVIES2018.neuronInactive.energyPj,
    ]);
    const fire = run(10000);
    expect(fire.spiked).toBe(true);
    expect([fire.cycles, fire.energyPj]).toEqual([
      DAVIES2018.neuronActive.cycles,
      DAVIES2018.neuronActive.energyPj,
    ]);
    expect(neuronUpdateCost(DAVIES2018, fire)).toEqual({ cycles: 84, energyPj: 81 });
    // SANA-FE prices a compartment whatever its program: access + update (+ spike out).
    expect(neuronUpdateCost(SANAFE_TABLE, idle)).toEqual({
      cycles: 60 + 37,
      energyPj: 51.2 + 21.6,
    });
    expect(neuronUpdateCost(SANAFE_TABLE, fire).cycles).toBe(60 + 37 + 300);
  });

  it("barrier interpolates linearly from 113 ns (1 tile) to 465 ns (32 tiles)", () => {
    expect(barrierCost(DAVIES2018, 1).cycles).toBe(1130);
    expect(barrierCost(DAVIES2018, 32).cycles).toBe(4650);
    // 16 tiles: 1130 + 3520 * 15 / 31 = 1130 + 1703.2 = 2833.2 -> 2833
    expect(barrierCost(DAVIES2018, 16).cycles).toBe(2833);
    // 64 tiles (2 chips): extrapolated, 1130 + 3520 * 63 / 31 = 8283.5 -> 8284 (half up)
    expect(barrierCost(DAVIES2018, 64).cycles).toBe(8284);
  });

  it("messages: within tile, x-then-y hops, chip crossings cost more than tile hops", () => {
    // cores 0 and 3 share tile 0.
    expect(messageCost(DAVIES2018, LOIHI, 0, 3)).toMatchObject({
      cycles: 21,
      energyPj: 1.7,
      hopsX: 0,
    });
    // core 0 (tile 0 at x0,y0) to core 4*9 (tile 9 at x1,y1): 1 E-W + 1 N-S hop.
    expect(messageCost(DAVIES2018, LOIHI, 0, 36)).toMatchObject({
      cycles: 41 + 65,
      energyPj: 7,
      hopsX: 1,
      hopsY: 1,
    });
    // tile 7 (x7) of chip 0 to tile 0 of chip 1 (global x8): one hop, a chip crossing.
    const cross = messageCost(DAVIES2018, LOIHI, 28, 128);
    expect(cross).toMatchObject({ hopsX: 1, chipHops: 1, cycles: 410, energyPj: 96 });
    expect(cross.energyPj).toBeGreaterThan(DAVIES2018.hopEastWest.energyPj);
    // SANA-FE adds the axon message out per message.
    expect(messageCost(SANAFE_TABLE, LOIHI, 0, 3).energyPj).toBeCloseTo(111 + 1.7, 9);
  });
});
