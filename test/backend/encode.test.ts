// Encode: host sources (phase-limited sources of plain runs become explicit step lists),
// learning configuration of plastic projections (rules encoded from the checked terms, every
// plastic synapse in a learning format), projection maps that find every synapse, and probes.
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../emulator/index.ts";
import { decodeImage, encodeImage } from "../../isa/image-codec.ts";
import { decodeRule } from "../../isa/index.ts";
import { DIGITS } from "../compiler/helpers.ts";
import { compileText, rendered } from "./helpers.ts";

describe("host sources of a plain run with phases", () => {
  const r = compileText(`snn 1;
import "std/neurons.snn" { CubaLIF };
import "std/synapses.snn" { Exc };
network N {
  population kick = SpikeSource[20] poisson(rate = 500 Hz) seed 7;
  population clk = SpikeSource[1] every 3 steps from 1;
  population cells = CubaLIF[20];
  project kick -> cells : Exc { connect one_to_one; weight 10; }
  project clk -> cells : Exc { connect all_to_all; weight 10; }
}
run N on loihi { dt = 1 ms; seed 2; steps 10; phases { kick 5 { enable kick; } free 5; } }
`);
  it("compiles", () => expect(rendered(r)).toBe(""));
  it("a source enabled in one phase fires only in that phase's steps", () => {
    const kick = r.image!.sources.find((s) => s.name === "kick")!;
    expect(kick.kind.type).toBe("steps");
    if (kick.kind.type !== "steps") return;
    const steps = new Set(kick.kind.step);
    // kick = steps 1..5 of the 10-step run; 500 Hz at 1 ms is p = 0.5 per step, so about 50
    // spikes over 20 channels x 5 steps, none in the free phase.
    expect([...steps].every((t) => t >= 1 && t <= 5)).toBe(true);
    expect(steps.size).toBe(5);
    expect(kick.kind.step.length).toBeGreaterThan(25);
    expect(kick.kind.step.length).toBeLessThan(75);
  });
  it("an unrestricted source keeps its own kind", () => {
    const clk = r.image!.sources.find((s) => s.name === "clk")!;
    expect(clk.kind).toEqual({ type: "periodic", period: 3, start: 1 });
    expect(clk.phases).toEqual([]);
    expect(clk.routeCore.length).toBe(1);
  });
});

// Pair STDP with a relay population fed by a static projection (so a learning core also
// holds static synapses), self-contained so program edits elsewhere cannot change it.
const PAIR = `snn 1;
import "std/neurons.snn" { CubaLIF };
import "std/synapses.snn" { STDP, Exc };
network PairStdp {
  population noise = SpikeSource[100] poisson(rate = 10 Hz) seed 1;
  population burst = SpikeSource[1] every 50 steps from 10;
  population out = CubaLIF[10] { tau_u = 5 ms; tau_v = 20 ms; vth_mant = 400; refract = 3; };
  population relay = CubaLIF[20] { decay_u = 4095; decay_v = 4095; vth_mant = 1; };
  project burst -> relay : Exc { connect all_to_all; weight 200 exp 0; }
  project noise -> out : STDP { connect all_to_all; weight uniform(20, 60) seed 2; }
  project relay -> out : STDP { connect all_to_all; weight uniform(20, 60) seed 3; }
  probe out.spikes;
  probe (noise -> out).w every 500 steps;
  probe (relay -> out).w every 500 steps;
}
run PairStdp on loihi { dt = 1 ms; seed 11; steps 2000; }
`;

describe("learning (pair STDP)", () => {
  const r = compileText(PAIR);
  it("encodes the STDP rule from the checked terms", () => {
    expect(r.image).toBeDefined();
    const core = r.image!.cores.find((c) => c.learning)!;
    const rules = core.learning!.rules.map((w) => decodeRule(w));
    const stdp = rules.find((x) => x.terms.length > 0)!;
    expect(stdp.terms.map((t) => t.dep.kind).sort()).toEqual(["x0", "y0"]);
    expect(stdp.terms.every((t) => t.target === "dw")).toBe(true);
  });
  it("every plastic synapse sits in a learning format; the projection map finds it", () => {
    const img = r.image!;
    for (const p of img.projections) {
      for (let k = 0; k < p.core.length; k++) {
        const core = img.cores.find((c) => c.index === p.core[k])!;
        const s = p.slot[k]!;
        const f = core.synapseFormats[core.synFormat[s]!]!;
        expect(f.rule >= 0).toBe(p.plastic || core.learning !== null);
        const comp = img.populations.find((x) => x.name === p.post)!.compartment[p.postIndex[k]!]!;
        expect(core.synTarget[s]).toBe(comp);
      }
    }
  });
  it("loihi keeps a learning core all-learning (empty rule); loihi2 leaves static synapses static", () => {
    const rules = (img: typeof r.image) => {
      const core = img!.cores.find((c) => c.learning)!;
      const burst = img!.projections.find((p) => p.id === "burst->relay")!;
      const f = core.synapseFormats[core.synFormat[burst.slot[0]!]!]!;
      return {
        learns: f.rule >= 0,
        terms: f.rule >= 0 ? decodeRule(core.learning!.rules[f.rule]!).terms.length : -1,
      };
    };
    expect(rules(r.image)).toEqual({ learns: true, terms: 0 });
    const r2 = compileText(PAIR, { profile: "loihi2" });
    expect(rules(r2.image)).toEqual({ learns: false, terms: -1 });
  });
  it("weight probes name their projection", () => {
    const w = r.image!.probes.filter((p) => p.what === "weights").map((p) => p.projection);
    expect(w).toEqual(["noise->out", "relay->out"]);
  });
});

describe("pre-trace configuration per input axon", () => {
  it("two plastic projections from one neuron into one core must agree on pre traces", () => {
    const r = compileText(`snn 1;
import "std/neurons.snn" { CubaLIF };
import "std/synapses.snn" { STDP };
synapse Slow {
  weight w : u8 = 0;
  delay d = 0;
  pre trace x1 { impulse = 16; tau = 80 ms; }
  post trace y1 { impulse = 16; tau = 20 ms; }
  on post { w += 2^-4 * x1; }
  on pre { w -= 2^-4 * y1; }
}
network N {
  population inp = SpikeSource[4] every 5 steps from 1;
  population out = CubaLIF[4];
  project fast: inp -> out : STDP { connect one_to_one; weight 20; }
  project slow: inp -> out : Slow { connect one_to_one; weight 20; }
}
run N on loihi { dt = 1 ms; steps = 10; seed 1; }
`);
    expect(r.image).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code as string)).toContain("B011");
    expect(rendered(r)).toContain(
      "learning rule `Slow` cannot be compiled for the learning engine: its pre traces differ from those of `fast`",
    );
  });
});

describe("learning epochs", () => {
  it("plastic inputs of one population must share the core's learning epoch", () => {
    const r = compileText(`snn 1;
import "std/neurons.snn" { CubaLIF };
synapse A {
  weight w : u8 = 0;
  delay d = 0;
  pre trace x1 { impulse = 16; tau = 20 ms; }
  learn every 2 steps { dw = 2^-2 * y0 * x1; }
}
synapse B {
  weight w : u8 = 0;
  delay d = 0;
  pre trace x1 { impulse = 16; tau = 20 ms; }
  learn every 4 steps { dw = 2^-2 * y0 * x1; }
}
network N {
  population inp = SpikeSource[4] every 5 steps from 1;
  population out = CubaLIF[4];
  project a: inp -> out : A { connect one_to_one; weight 20; }
  project b: inp -> out : B { connect all_to_all; weight 20; }
}
run N on loihi { dt = 1 ms; steps = 10; seed 1; }
`);
    expect(rendered(r)).toContain(
      "error[B011]: learning rule `B` cannot be compiled for the learning engine: it learns every 4 steps, but another plastic input of `out` learns every 2; a core has one learning epoch",
    );
  });
});

describe("probes", () => {
  it("u/v probes follow the CUBA register layout; other layouts are probed as state", () => {
    const r = compileText(`snn 1;
import "std/neurons.snn" { CubaLIF, Threshold };
import "std/synapses.snn" { Exc };
network N {
  population src = SpikeSource[2] every 2 steps from 1;
  population a = CubaLIF[2];
  population t = Threshold[2];
  project src -> a : Exc { connect one_to_one; weight 10; }
  project src -> t : Exc { connect one_to_one; weight 10; }
  probe a.{u, v} every 1 step;
  probe t.v every 1 step;
  probe t.spikes;
}
run N on loihi { dt = 1 ms; steps = 4; seed 1; }
`);
    expect(rendered(r)).toBe("");
    expect(r.image!.probes.map((p) => `${p.population}.${p.what}`)).toEqual([
      "a.u",
      "a.v",
      "t.state",
      "t.spikes",
    ]);
  });
});

describe("learning per phase and projection", () => {
  // wa (every 2 steps) and wb (every 4) learn into populations on cores of their own (one
  // learning epoch per core); wc shares wa's core.
  const program = (phases: string, wc = "") => `snn 1;
import "std/neurons.snn" { CubaLIF };
synapse A {
  weight w : u8 = 0;
  delay d = 0;
  pre trace x1 { impulse = 16; tau = 20 ms; }
  learn every 2 steps { dw = 2^-2 * y0 * x1; }
}
synapse B extends A {
  learn every 4 steps { dw = 2^-2 * y0 * x1; }
}
dataset d = csv "${DIGITS}" { label = 64; classes = 10; scale = 1 / 16; };
network N {
  population inp = SpikeSource[64] from dataset d encode rate(max = 500 Hz) seed 4;
  population a = CubaLIF[4] { decay_u = 4095; decay_v = 4095; vth_mant = 10; };
  population b = CubaLIF[4] { decay_u = 4095; decay_v = 4095; vth_mant = 10; };
  project wa: inp -> a : A { connect all_to_all; weight 20; }
  project wb: inp -> b : B { connect all_to_all; weight 20; }
  ${wc}
  probe (inp -> a).w every 40 steps;
  probe (inp -> b).w every 40 steps;
}
run N on loihi { dt = 1 ms; seed 1; present inp for 40 steps each; phases { ${phases} } train rows 0..2; test rows 3..3; }
`;

  it("a phase that names projections runs the learning engine of their cores only", () => {
    const r = compileText(program("one 20 { learn wa; } two 20 { learn wb; }"));
    expect(rendered(r)).toBe("");
    const img = r.image!;
    const coreOf = (id: string) => img.projections.find((p) => p.id === id)!.core[0]!;
    expect(coreOf("wa")).not.toBe(coreOf("wb"));
    expect(img.experiment.presentation!.phases.map((p) => p.learnCores)).toEqual([
      [coreOf("wa")],
      [coreOf("wb")],
    ]);
    // The image file keeps them.
    const back = decodeImage(encodeImage(img));
    expect(back.experiment.presentation!.phases).toEqual(img.experiment.presentation!.phases);
  });

  it("the projections not named keep their weights in that phase", () => {
    const r = compileText(program("one 20 { learn wa; } two 20;"));
    expect(rendered(r)).toBe("");
    const res = createEmulator(r.image!, { seed: 1 }).run();
    const w = (id: string) => res.sampled.find((x) => x.what === "weights" && x.name === id)!;
    const first = (id: string) => Array.from(w(id).values.subarray(0, 256));
    const last = (id: string) => Array.from(w(id).values.subarray(w(id).values.length - 256));
    expect(last("wa")).not.toEqual(first("wa").map(() => 20));
    expect(last("wb")).toEqual(first("wb").map(() => 20));
  });

  it("warns when a projection not named shares a core with a named one", () => {
    const r = compileText(
      program(
        "one 20 { learn wa; } two 20;",
        "project wc: inp -> a : A { connect all_to_all; weight 10; }",
      ),
    );
    expect(rendered(r)).toContain(
      "phase `one` learns only wa, but wc share a core with them and learn in it too",
    );
  });
});
