// E (dictionary learning): programs/slca/dictionary.snn shortened to 150 training digits and a
// learning-off pass over 40 test digits. The local rule on the chip must cut the reconstruction
// error well below the same program with learning off (the random starting dictionary), the
// tie must keep the four copies of Phi equal bit for bit, and the atoms must stay near the norm
// the rule's balance of Hebbian and decay terms sets (no column normalisation anywhere). The
// written-out atom at code_smooth 0 must be the CubaLIF atom it replaced, spike for spike.
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../emulator/index.ts";
import type { ChipImage } from "../../isa/image.ts";
import { lastSamples, scoreSlca } from "../../programs/slca/measure.ts";
import { compileProgram } from "./run-program.ts";

const SHORT: [string, string][] = [
  ["train rows 0..1347;", "train rows 0..149;"],
  ["epochs = 6;", "epochs = 1;"],
  ["test rows 0..1796;", "test rows 1348..1387;"],
];
const TEST = 40;

function run(edits: [string | RegExp, string][]) {
  const img = compileProgram("slca/dictionary.snn", [...SHORT, ...edits]);
  const emu = createEmulator(img);
  const r = emu.run();
  const test = (name: string) => {
    const s = r.spikes.find((x) => x.population === name);
    if (!s) throw new Error(`no spikes of ${name}`);
    return lastSamples(s, r.meta.steps, TEST);
  };
  return { img, emu, r, atoms: test("atoms"), rp: test("rp"), rn: test("rn") };
}

/** Projection `id` as a 64 x 100 matrix [pixel][atom] read from the chip. */
function matrixOf(
  run: { img: ChipImage; emu: ReturnType<typeof createEmulator> },
  id: string,
): Float64Array {
  const p = run.img.projections.find((x) => x.id === id);
  if (!p) throw new Error(`no projection ${id}`);
  const out = new Float64Array(6400);
  const atomsArePost = p.post === "atoms";
  for (let k = 0; k < p.slot.length; k++) {
    const pixel = atomsArePost ? p.preIndex[k] : p.postIndex[k];
    const atom = atomsArePost ? p.postIndex[k] : p.preIndex[k];
    out[(pixel as number) * 100 + (atom as number)] = run.emu.chip.readWeight(
      p.core[k] as number,
      p.slot[k] as number,
    );
  }
  return out;
}

describe("slca/dictionary.snn (150 training digits)", () => {
  const learned = run([]);
  const frozen = run([["learn 50 { learn; }", "learn 50;"]]);
  const dict = (m: Float64Array) => ({
    rows: 64,
    cols: 100,
    data: Float64Array.from(m, (v) => v / 256),
  });

  it("learns: the code's reconstruction error falls well below the random dictionary's", () => {
    const a = scoreSlca(
      learned.atoms,
      learned.rp,
      learned.rn,
      TEST,
      dict(matrixOf(learned, "up_p")),
    );
    const b = scoreSlca(frozen.atoms, frozen.rp, frozen.rn, TEST, dict(matrixOf(frozen, "up_p")));
    expect(b.nmseCode).toBeGreaterThan(0.2);
    expect(a.nmseCode).toBeLessThan(0.6 * b.nmseCode);
    // The chip's own residual neurons agree with the reconstruction from the learned Phi.
    expect(Math.abs(a.nmseResidual - a.nmseCode)).toBeLessThan(0.15 * a.nmseCode);
  });

  it("keeps the four copies of Phi equal (negated and transposed) bit for bit", () => {
    const up = matrixOf(learned, "up_p");
    expect(matrixOf(learned, "up_n")).toEqual(up.map((v) => 0 - v));
    expect(matrixOf(learned, "down_n")).toEqual(up);
    expect(matrixOf(learned, "down_p")).toEqual(up.map((v) => 0 - v));
    expect(learned.r.stats.totals.tiedWrites).toBeGreaterThan(0);
    expect(frozen.r.stats.totals.tiedWrites).toBe(0);
    expect(matrixOf(frozen, "up_p")).not.toEqual(up);
  });

  it("code_smooth 0 is the atom as CubaLIF, spike for spike; a running mean changes what is learned", () => {
    // The atom before it was written out: CubaLIF (with its refractory register) reset by
    // subtraction, exporting from u + bias directly.
    const asCubaLif = run([
      [
        /neuron LearningAtom \{[\s\S]*?\n\}\n/,
        `neuron LearningAtom extends CubaLIF {
  reset v subtract vth_mant << 6;
  floor v at -(vth_mant << 6);
  export factor a8 = clamp((u + (bias_mant << bias_exp)) >> 14, 0, 127);
  export factor a2 = clamp((u + (bias_mant << bias_exp) + (1 << 15)) >> 16, 0, 127);
}
`,
      ],
      [
        'import "std/neurons.snn" { SubtractIF };',
        'import "std/neurons.snn" { CubaLIF, SubtractIF };',
      ],
      ["{ smooth = code_smooth; ", "{ "],
    ]);
    expect(asCubaLif.atoms).toEqual(learned.atoms);
    expect(asCubaLif.rp).toEqual(learned.rp);
    expect(matrixOf(asCubaLif, "up_p")).toEqual(matrixOf(learned, "up_p"));
    const smoothed = run([["const code_smooth = 0;", "const code_smooth = 4;"]]);
    expect(matrixOf(smoothed, "up_p")).not.toEqual(matrixOf(learned, "up_p"));
  });
});
