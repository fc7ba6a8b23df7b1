// The count_delta host routine from a program: `host learn count_delta { updates (a -> b); ... }`
// compiles (one projection, E009 otherwise), runs after every training sample, moves each weight
// by eta * pre count * (target - post count) and so learns a toy task a silent network starts
// at chance on; its writes are counted as host learning.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/index.ts";
import { run } from "../../emulator/index.ts";
import { diskLoader, rendered } from "../backend/helpers.ts";
import { checkSource, STD } from "../compiler/helpers.ts";

// Two classes of 4 features: class 0 lights features 0 and 1, class 1 features 2 and 3.
const CSV = Array.from({ length: 40 }, (_, r) => (r % 2 === 0 ? "1,1,0,0,0" : "0,0,1,1,1")).join(
  "\n",
);

const program = (host: string, epochs = 3) => `${STD}
dataset toy = csv "/mem/toy.csv" { rows = 40; columns = 5; label = 4; classes = 2; };
network N {
  population inp = SpikeSource[4] from dataset toy encode bernoulli(max = 0.5) seed 1;
  population out = IF[2] { vth_mant = 100; };
  project w: inp -> out : Static { connect all_to_all; weight 0 exp 0; }
  probe (inp -> out).w every 400 steps;
}
run N on loihi {
  dt = 1 ms;
  seed 3;
  present inp for 20 steps each;
  phases { free 20 { } }
  epochs = ${epochs};
  train rows 0..29;
  test rows 30..39;
  readout out argmax_spikes in free;
  ${host}
}
`;

const compile = (src: string) =>
  compileFile("/mem/test.snn", diskLoader({ "/mem/test.snn": src, "/mem/toy.csv": CSV }));

describe("count_delta from a program", () => {
  it("learns the toy task from silence and counts its writes as host learning", () => {
    const host =
      "host learn count_delta { updates (inp -> out); reads out.spikes; param eta = 0.5; param target = 4; }";
    const withFiles = compile(program(host));
    expect(withFiles.image, rendered(withFiles)).toBeDefined();
    const r = run(withFiles.image!);
    // Without the step the zero weights keep the output silent (no spike: counted wrong); with
    // it the test rows are all right.
    const silent = compile(program(""));
    expect(run(silent.image!).evaluation?.test.accuracy).toBe(0);
    expect(r.evaluation?.test.accuracy).toBe(1);
    expect(r.stats.hostLearning.routines[0]).toMatchObject({ routine: "count_delta", calls: 90 });
    expect(r.stats.hostLearning.writes).toBeGreaterThan(0);
    // The rule's direction: each class's features excite its own output, not the other.
    const w = r.sampled.find((s) => s.what === "weights")!;
    const last = w.values.slice(w.values.length - 8);
    const at = (i: number, j: number) => last[i * 2 + j] as number;
    for (const i of [0, 1]) expect(at(i, 0)).toBeGreaterThan(at(i, 1));
    for (const i of [2, 3]) expect(at(i, 1)).toBeGreaterThan(at(i, 0));
  });

  it("refuses a step that updates other than one projection (E009) at the step's name", () => {
    const r = checkSource(
      `${STD}network N {\n  population a = CubaLIF[2];\n  population b = CubaLIF[2];\n  project a -> b : Static { weight 1 exp 0; }\n  project b -> a : Static { weight 1 exp 0; }\n}\n` +
        "run N on loihi { dt = 1 ms; steps 10; host learn count_delta { updates (a -> b), (b -> a); reads b.spikes; param eta = 1; } }\n",
    );
    const e = r.diagnostics.find((d) => d.code === "E009");
    expect(e?.message).toBe(
      "host routine `count_delta` updates exactly 1 projection(s), this step names 2",
    );
    expect(e?.severity).toBe("error");
    // At the step's routine name (line 9: two import lines, the network, then the run).
    expect(`${e?.span.line}:${e?.span.col}`).toBe("9:50");
  });
});
