// Persistent state registers (`state n : s24 = 0 persistent;`): the host's reset between samples
// restores every other register to its initial value but keeps these, on both chip models; the
// image marks them per neuron profile, `snn inspect` lists them, and the validator refuses a
// mask that names registers the core does not have.
import { describe, expect, it } from "vitest";
import { inspectText } from "../../cli/commands/inspect.ts";
import { compileFile } from "../../compiler/index.ts";
import { createEmulator, type ModelName } from "../../emulator/index.ts";
import type { ChipImage } from "../../isa/image.ts";
import { LOIHI, validateImage } from "../../isa/index.ts";
import { loaderFor, MAIN } from "../compiler/helpers.ts";

const SAMPLE = 5;
const DATA = "/virtual/d.csv";

// A counter that adds 1 in every step its input spikes (the input spikes every step): `kept`
// is persistent, `lost` is not.
const PROGRAM = `snn 1;
import "std/synapses.snn" { Exc };
neuron Counter {
  state v : s24 = 0;
  state kept : s24 = 0 persistent;
  state lost : s24 = 0;
  update {
    v = wrap(q, 24);
    let g = clamp(v >> 6, 0, 1);
    kept = min(kept + g, 1000000);
    lost = min(lost + g, 1000000);
  }
  spike when v >= 1 << 22;
  reset v to 0;
}
dataset d = csv "${DATA}" { rows = 4; columns = 2; label = 1; classes = 2; };
network N {
  population inp = SpikeSource[1] from dataset d encode bernoulli(max = 1) seed 1;
  population c = Counter[1];
  project inp -> c : Exc { connect all_to_all; weight 1 exp 0; }
  probe c.{v, kept, lost} every 1 step;
}
run N on loihi {
  dt = 1 ms;
  seed 1;
  present inp for ${SAMPLE} steps each;
  epochs = 1;
  train rows 0..3;
  test rows 0..1;
  readout c argmax_spikes;
}
`;

function compile(src = PROGRAM): ChipImage {
  const r = compileFile(MAIN, loaderFor({ [MAIN]: src, [DATA]: "1,0\n1,1\n1,0\n1,1\n" }));
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.message)).toEqual([]);
  return r.image!;
}

/** Per step, the counter's registers [kept, lost]. */
function counts(img: ChipImage, model: ModelName): [number, number][] {
  const r = createEmulator(img, { model }).run();
  const p = r.sampled.find((s) => s.what === "state");
  if (!p) throw new Error("no state probe");
  const col = (name: string) => p.columns.indexOf(`neuron 0 ${name}`);
  const [k, l] = [col("s1"), col("s2")];
  expect(k).toBeGreaterThanOrEqual(0);
  return Array.from(p.steps, (_, i) => [p.values[i * p.width + k]!, p.values[i * p.width + l]!]);
}

describe("persistent state registers", () => {
  const img = compile();

  it("are marked in the image per neuron profile", () => {
    const core = img.cores[0]!;
    const prof = core.neuronProfiles[core.profileOf[0]!]!;
    expect(prof.persistent).toBe(0b010);
    expect(validateImage(img, LOIHI)).toEqual([]);
    expect(inspectText(img)).toContain("persistent s1");
  });

  for (const model of ["bit-exact", "reference"] as const) {
    it(`keep counting across the between-sample reset (${model} model)`, () => {
      const c = counts(img, model);
      // 6 samples (4 training rows, 2 test rows) of 5 steps.
      expect(c).toHaveLength(6 * SAMPLE);
      // The input spikes every step and arrives a step later: the counters start at step 2.
      const lastOfSample = (s: number) => c[(s + 1) * SAMPLE - 1]!;
      expect(lastOfSample(0)).toEqual([SAMPLE - 1, SAMPLE - 1]);
      // The reset clears the input ring and the first step of a sample is silent again, so
      // each sample adds SAMPLE - 1 to the persistent count; the other count restarts at 0.
      for (let s = 1; s < 6; s++) {
        expect(lastOfSample(s)).toEqual([(s + 1) * (SAMPLE - 1), SAMPLE - 1]);
      }
      expect(c[SAMPLE]![1]).toBe(0);
    });
  }

  it("reset with the other registers when not declared persistent", () => {
    const plain = compile(PROGRAM.replace("= 0 persistent;", "= 0;"));
    expect(plain.cores[0]!.neuronProfiles[0]!.persistent).toBeUndefined();
    const c = counts(plain, "bit-exact");
    expect(c[2 * SAMPLE - 1]).toEqual([SAMPLE - 1, SAMPLE - 1]);
  });

  it("are refused by the validator when the mask names a missing register", () => {
    const bad = compile();
    const core = bad.cores[0]!;
    core.neuronProfiles[0]!.persistent = 1 << core.stateRegisters;
    const problems = validateImage(bad, LOIHI).map((x) => `${x.path}: ${x.message}`);
    expect(problems.join("\n")).toMatch(/persistent: mask \d+ names registers beyond/);
  });
});
