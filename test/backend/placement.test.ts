// Placement: synapse memory accounting checked by hand (chip.md section 2), splits forced by
// each per-core limit, failure diagnostics by code and exact text, and determinism.
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { compileProgram } from "../../compiler/index.ts";
import { axonSynapseBits, encodeImage, LOIHI } from "../../isa/index.ts";
import { lifPop, program, project, sourcePop, weight } from "./fixtures.ts";

const exc = (v: number) => weight(v, { unit: "mant", exp: 0, scale: 64, signMode: "excitatory" });
const render = (r: ReturnType<typeof compileProgram>) =>
  renderDiagnostics(r.diagnostics, { sources: () => undefined });

/** `nPre` source neurons, all-to-all into a 1024-neuron population, 8-bit dense, no delay. */
function denseFanOut(nPre: number) {
  const src = sourcePop("src", nPre, { kind: "steps", steps: [1] });
  const post = lifPop("post", 1024);
  return program([src, post], [project(src, post, { kind: "all_to_all" }, exc(10))]);
}

describe("synapse memory accounting", () => {
  it("a dense axon of 1024 8-bit targets costs 9216 bits", () => {
    // 16 groups of 64 synapses: 64 * 8 + 10 = 522 bits -> 9 words = 576 bits each.
    expect(axonSynapseBits(1024, 8, LOIHI)).toBe(9216);
  });

  it("113 such axons fill one core: 113 * 9216 = 1,041,408 of 1,048,576 bits", () => {
    const r = compileProgram(denseFanOut(113));
    expect(render(r)).toBe("");
    expect(r.image!.cores).toHaveLength(1);
    const u = r.image!.cores[0]!.utilization;
    expect(u.synapseMemoryBits).toEqual([1_041_408, 1_048_576]);
    expect(u.inputAxons).toEqual([113, 4096]);
    expect(u.compartments).toEqual([1024, 1024]);
  });

  it("a 114th axon forces a split: 1022 + 2 compartments", () => {
    // 114 * 9216 = 1,050,624 > 1,048,576. With m compartments an axon costs 15 full groups
    // (8640 bits) + the rest: m = 1022 leaves 62 synapses: 62 * 8 + 10 = 506 -> 512 bits,
    // 9152 per axon, 114 * 9152 = 1,043,328 fits; m = 1023 needs 576 more bits per group: no.
    const r = compileProgram(denseFanOut(114));
    expect(render(r)).toBe("");
    expect(r.report.cores.map((c) => c.holds)).toEqual([["post[0..1022)"], ["post[1022..1024)"]]);
    expect(r.image!.cores[0]!.utilization.synapseMemoryBits).toEqual([1_043_328, 1_048_576]);
    expect(r.image!.cores[1]!.utilization.synapseMemoryBits![0]).toBe(114 * 64);
  });

  it("sparse lists pay index bits: p = 0.5 into 64 targets", () => {
    const src = sourcePop("src", 10, { kind: "steps", steps: [1] });
    const post = lifPop("post", 64);
    const prog = program(
      [src, post],
      [project(src, post, { kind: "fixed_prob", p: 0.5, seed: 1 }, exc(10))],
    );
    const r = compileProgram(prog);
    const core = r.image!.cores[0]!;
    // Each axon: n synapses * (8 + 10 index bits) + 10, whole words; dense runs pay 8 bits.
    let expected = 0;
    for (let a = 0; a < core.inputAxons; a++) {
      const n = core.axonStart[a + 1]! - core.axonStart[a]!;
      const sparse = core.synapseFormats[core.synFormat[core.axonStart[a]!]!]!.sparse;
      expected += Math.ceil((n * (sparse ? 18 : 8) + 10) / 64) * 64;
    }
    expect(core.utilization.synapseMemoryBits![0]).toBe(expected);
    expect(core.synapseFormats.some((f) => f.sparse)).toBe(true);
  });
});

describe("placement failures", () => {
  it("too many distinct sources into one neuron: input axons, with numbers and projection", () => {
    const src = sourcePop("src", 4097, { kind: "steps", steps: [1] });
    const post = lifPop("post", 1);
    const r = compileProgram(
      program([src, post], [project(src, post, { kind: "all_to_all" }, exc(10))]),
    );
    expect(r.image).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["B005"]);
    expect(render(r)).toBe(
      "error[B005]: input axons does not fit on core 0: 4097 / 4096 (neuron 0 of `post`, projection `src->post`)\n" +
        " --> test.snn:1:1\n" +
        "  = help: one core cannot receive from this many distinct pre neurons; use a sparser connector or split the pre population's fan-in\n" +
        "\n1 error, 0 warnings\n",
    );
  });

  it("synapse memory of a single neuron's fan-in", () => {
    // 5 projections from 4096 sources into one neuron: 5 lists per axon of one synapse each,
    // 8 + 10 = 18 bits -> one 64-bit word: 4096 * 5 * 64 = 1,310,720 > 1,048,576 bits.
    const src = sourcePop("src", 4096, { kind: "steps", steps: [1] });
    const post = lifPop("post", 1);
    const projs = [0, 1, 2, 3, 4].map((k) =>
      project(src, post, { kind: "all_to_all" }, exc(10), { id: `p${k}` }),
    );
    const r = compileProgram(program([src, post], projs));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["B005"]);
    expect(r.diagnostics[0]!.message).toBe(
      "synapse memory (bits) does not fit on core 0: 1310720 / 1048576 (neuron 0 of `post`, projection `p0`)",
    );
    expect(r.diagnostics[0]!.hint).toBe(
      "split the population (fewer neurons per core), lower the weight precision, or use a sparser connector",
    );
  });

  it("a board too small for the network", () => {
    // 130 full cores of 1024 compartments on a board limited to one 128-core chip.
    const big = lifPop("big", 1024 * 130);
    const r = compileProgram(program([big], []), { maxChips: 1 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["B007"]);
    expect(r.diagnostics[0]!.message).toBe(
      "the network needs 130 cores but profile `loihi` offers 128 (1 chip(s) of 128)",
    );
    expect(r.diagnostics[0]!.hint).toBe("allow a larger board (up to 32 chips)");
    const two = compileProgram(program([big], []));
    expect(two.image!.chips).toBe(2);
    expect(two.image!.cores).toHaveLength(130);
  });
});

describe("output axons", () => {
  it("a population whose fan-out needs more routes than a core has is split", () => {
    // 500 sources... here a neuron population: pre = 500 LIF neurons all-to-all into 4096;
    // each post core holds ~230 neurons (500 axons of 230 dense targets each), so ~18 cores:
    // 500 * 18 = 9000 routes > 4096 on one core, so the pre population is spread out.
    const pre = lifPop("pre", 500);
    const post = lifPop("post", 4096);
    const r = compileProgram(
      program([pre, post], [project(pre, post, { kind: "all_to_all" }, exc(10))]),
    );
    expect(render(r)).toBe("");
    expect(r.report.placement!.passes).toBeGreaterThan(1);
    for (const c of r.image!.cores) {
      expect(c.utilization.outputAxons![0]).toBeLessThanOrEqual(4096);
    }
    const preCores = r.report.cores.filter((c) => c.holds.some((h) => h.startsWith("pre[")));
    expect(preCores.length).toBeGreaterThan(1);
  });
});

describe("determinism", () => {
  it("the same program compiles to identical image bytes", () => {
    const make = () => {
      const src = sourcePop("src", 50, { kind: "bernoulli", p: 0.1, seed: 4 });
      const a = lifPop("a", 300);
      const b = lifPop("b", 200);
      return program(
        [src, a, b],
        [
          project(
            src,
            a,
            { kind: "fixed_prob", p: 0.2, seed: 9 },
            weight(0, {
              gen: { kind: "uniform", lo: -60, hi: 60, seed: 3 },
              unit: "mant",
              exp: 0,
              scale: 64,
            }),
          ),
          project(a, b, { kind: "fixed_fan_in", n: 20, seed: 5 }, exc(30)),
        ],
      );
    };
    const x = encodeImage(compileProgram(make()).image!);
    const y = encodeImage(compileProgram(make()).image!);
    expect(x.length).toBeGreaterThan(1000);
    expect(Buffer.from(x).equals(Buffer.from(y))).toBe(true);
  });
});

describe("profile limits checked before placement", () => {
  it("a delay longer than the profile's is refused at the delay", () => {
    const src = sourcePop("src", 2, { kind: "steps", steps: [1] });
    const post = lifPop("post", 2);
    const pr = project(src, post, { kind: "one_to_one" }, exc(10));
    pr.delay = { ...pr.delay, steps: 10 };
    const r = compileProgram(program([src, post], [pr]));
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "a delay of 10 steps (the chip's delays are 0..7) is not supported by the back end on profile `loihi`",
    ]);
    const ok = compileProgram(program([src, post], [pr]), { profile: "loihi2" });
    expect(ok.image!.cores[0]!.synDelay[0]).toBe(10);
  });
});

describe("locality", () => {
  it("a chain of populations lands on a path of neighbouring tiles", () => {
    // 48 full cores = 12 tiles: more than a row of 8, so plain index order wraps a row (an
    // 8-hop jump) while the snake order keeps every step of the chain within one hop.
    const pops = Array.from({ length: 48 }, (_, k) => lifPop(`p${k}`, 1024));
    const projs = pops
      .slice(1)
      .map((p, k) => project(pops[k]!, p, { kind: "one_to_one" }, exc(10)));
    const r = compileProgram(program(pops, projs));
    const t = r.report.traffic!;
    expect(t.routes).toBe(47 * 1024);
    expect(t.hops).toBeLessThanOrEqual(t.routes);
    expect(t.hops).toBeLessThan(t.hopsIndexOrder);
    expect(r.report.placement!.order.slice(0, 3)).toEqual(["p0", "p1", "p2"]);
  });
});
