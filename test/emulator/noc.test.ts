// NoC model: x-then-y routing, per-hop cost and latency (davies2018: E-W 4.1 ns = 41 cycles,
// 3.0 pJ; N-S 6.5 ns = 65 cycles, 4.0 pJ; within tile 2.1 ns = 21 cycles, 1.7 pJ; chip hop
// 41 ns = 410 cycles, 96 pJ), contention (one message per link per cycle), and the one-step
// latency rule across cores.
import { describe, expect, it } from "vitest";
import { createEmulator, Noc, paramsFor } from "../../emulator/index.ts";
import { cubaProfile, makeCore, makeImage } from "./helpers.ts";

const P = paramsFor("loihi", "davies2018", 2).noc;

describe("Noc", () => {
  it("prices a message within a tile", () => {
    const noc = new Noc(P, 4);
    noc.beginStep();
    expect(noc.send(0, 0, 3, 2, 0, 3, 2)).toBe(21);
    const r = noc.endStep();
    expect(r).toMatchObject({ deliveryCycles: 21, hops: 0, contentionCycles: 0 });
    expect(r.energyPj).toBeCloseTo(1.7, 10);
  });

  it("routes x then y and charges each hop", () => {
    const noc = new Noc(P, 4);
    noc.beginStep();
    // (0,0) -> (2,1): 2 east-west hops (2 x 41 cycles, 2 x 3.0 pJ) + 1 north-south (65, 4.0).
    expect(noc.send(0, 0, 0, 0, 0, 2, 1)).toBe(2 * 41 + 65);
    const r = noc.endStep();
    expect(r.hops).toBe(3);
    expect(r.energyPj).toBeCloseTo(2 * 3.0 + 4.0, 10);
    expect(noc.coreHops[0]).toBe(3);
  });

  it("charges a chip-to-chip crossing as a chip hop", () => {
    const noc = new Noc(P, 4);
    noc.beginStep();
    // Chip 0 tile (7,0) -> chip 1 tile (0,0): one x hop that crosses the chip boundary.
    expect(noc.send(0, 0, 7, 0, 1, 0, 0)).toBe(410);
    expect(noc.endStep().energyPj).toBeCloseTo(96, 10);
  });

  it("queues messages that share a link in the same step", () => {
    const noc = new Noc(P, 4);
    noc.beginStep();
    // Three messages over link (0,0)->E: granted at cycles 0, 1, 2; arrive at 41, 42, 43.
    expect(noc.send(0, 0, 0, 0, 0, 1, 0)).toBe(41);
    expect(noc.send(0, 0, 0, 0, 0, 1, 0)).toBe(42);
    expect(noc.send(1, 0, 0, 0, 0, 1, 0)).toBe(43);
    // A message on another link does not wait.
    expect(noc.send(2, 0, 0, 0, 0, 0, 1)).toBe(65);
    const r = noc.endStep();
    expect(r.contentionCycles).toBe(0 + 1 + 2);
    expect(r.contendedMessages).toBe(2);
    expect(r.deliveryCycles).toBe(65);
    // Next step the links are free again.
    noc.beginStep();
    expect(noc.send(0, 0, 0, 0, 0, 1, 0)).toBe(41);
  });

  it("queues at the second link of a path too", () => {
    const noc = new Noc(P, 4);
    noc.beginStep();
    // A: (0,0)->(2,0) takes link (0,0)E at 0 and (1,0)E at 41. B: (1,0)->(2,0) takes (1,0)E at 0.
    expect(noc.send(1, 0, 1, 0, 0, 2, 0)).toBe(41);
    // A reaches router (1,0) at cycle 41; the link is free again (B used it at cycle 0).
    expect(noc.send(0, 0, 0, 0, 0, 2, 0)).toBe(82);
    expect(noc.endStep().contentionCycles).toBe(0);
  });
});

describe("spikes across cores", () => {
  /** Core 0 (tile a) has a neuron driven over threshold by one input; it routes to core 1 (tile b). */
  function twoCores(a: [number, number], b: [number, number], fanout = 1) {
    const lif = cubaProfile({ decayU: 4095, decayV: 4095, vthMant: 1 });
    const c0 = makeCore({
      index: 0,
      n: fanout,
      profile: lif,
      axons: 1,
      synapses: Array.from({ length: fanout }, (_, i) => ({ axon: 0, target: i, weight: 100 })),
      routes: Array.from({ length: fanout }, (_, i) => ({
        from: i,
        core: (b[1] * 8 + b[0]) * 4,
        axon: 0,
      })),
      tile: a,
    });
    const c1 = makeCore({
      index: (b[1] * 8 + b[0]) * 4, // first core of tile b
      n: 1,
      profile: cubaProfile({ decayU: 4095, decayV: 4095, vthMant: 131071 }),
      axons: 1,
      synapses: [{ axon: 0, target: 0, weight: 10, delay: 2 }],
      tile: b,
    });
    return makeImage([c0, c1], {
      steps: 8,
      input: [{ channel: 0, step: 1 }],
      inputRoutes: [{ channel: 0, core: 0, axon: 0 }],
    });
  }

  it("integrates a spike emitted at t on another core at t + 1 + delay", () => {
    const emu = createEmulator(twoCores([0, 0], [2, 1]));
    const u1: number[] = [];
    const s0: number[] = [];
    for (let t = 1; t <= 7; t++) {
      emu.stepOnce();
      u1.push(emu.chip.readState(40, 0, 0));
      if (emu.chip.spikesOf(0).length) s0.push(t);
    }
    // Source at step 1 -> core 0 integrates at 2, v = 6400 > 64: spike at 2.
    expect(s0).toEqual([2]);
    // Core 1 synapse delay 2: integrated at 2 + 1 + 2 = 5 (u = 10 << 6 = 640, decay_u 4095: only then).
    expect(u1).toEqual([0, 0, 0, 0, 640, 0, 0]);
  });

  it("charges the hops to the sending core and adds NoC delivery to the chip step", () => {
    const emu = createEmulator(twoCores([0, 0], [2, 1]));
    emu.run();
    const st = emu.stats();
    expect(st.cores[0]?.nocHops).toBe(3);
    expect(st.cores[0]?.phases.noc.energyPj).toBeCloseTo(10, 10);
    expect(st.cores[1]?.nocHops).toBe(0);
    const r = emu.result();
    // Step 2 carries the message: delivery 2 x 41 + 65 = 147 cycles.
    expect(r.series.nocDeliveryCycles[1]).toBe(147);
    // chip step = slowest core + NoC delivery + barrier (2 tiles: 113 + 352/31 ns -> 1244 cycles).
    const core0 = r.series.coreCycles[1 * 2 + 0] as number;
    const core1 = r.series.coreCycles[1 * 2 + 1] as number;
    expect(r.series.chipCycles[1]).toBe(Math.max(core0, core1) + 147 + 1244);
    // The one message crossed (0,0)->(1,0)->(2,0) east, then (2,0)->(2,1) north.
    expect(r.links).toEqual([
      { from: [0, 0], to: [1, 0], messages: 1 },
      { from: [1, 0], to: [2, 0], messages: 1 },
      { from: [2, 0], to: [2, 1], messages: 1 },
    ]);
  });

  it("reports contention when several spikes leave a core over one link", () => {
    const emu = createEmulator(twoCores([0, 0], [1, 0], 3));
    emu.run();
    const r = emu.result();
    // Three neurons spike at step 2 and each sends one message over link (0,0)->E.
    expect(r.series.nocContentionCycles[1]).toBe(3);
    expect(r.series.nocDeliveryCycles[1]).toBe(43);
    expect(r.stats.chip.nocContendedMessages).toBe(2);
  });
});
