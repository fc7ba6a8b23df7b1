// Tied projections (isa/tied.ts): copies of one matrix, each learning from its own synapse's
// traces, whose local changes are summed per element (with each copy's sign) and written to
// every copy. A small network: residual-like r and r2 (driven by the same kind of source), atoms
// driven by a teacher; `up` (r -> atoms), its negated copy `upn` (r2 -> atoms) and the
// transposed copy `down` (atoms -> r), each with the rule written for its own side.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/index.ts";
import { createEmulator, ImageRejected } from "../../emulator/index.ts";
import type { ChipImage } from "../../isa/image.ts";

const HEADER = `snn 1;
import "std/neurons.snn" { CubaLIF };
import "std/synapses.snn" { Exc };
`;

/** A Hebbian synapse with decay by the trace `side` (y1: the post side, x1: the pre side). */
function hebbian(name: string, side: "x1" | "y1", every = 25): string {
  return `synapse ${name} {
  weight w : s8 = 0;
  delay d = 0;
  pre trace x1 { impulse = 2; tau = 20 ms; }
  post trace y1 { impulse = 2; tau = 20 ms; }
  learn every ${every} steps { dw = 2^-5 * x1 * y1 - 2^-7 * ${side} * w; }
}
`;
}

function program(opts: { tied?: boolean; downWeight?: number; learnEvery?: number } = {}) {
  const tie = (label: string) => (opts.tied === false ? "" : ` tied with ${label};`);
  return `${HEADER}
${hebbian("HebUp", "y1", opts.learnEvery)}
${hebbian("HebDown", "x1", opts.learnEvery)}
network Tied {
  population src = SpikeSource[3] poisson(rate = 150 Hz) seed 9;
  population src2 = SpikeSource[3] poisson(rate = 80 Hz) seed 10;
  population teach = SpikeSource[2] poisson(rate = 120 Hz) seed 4;
  population r = CubaLIF[3] { tau_u = 2 ms; tau_v = 5 ms; vth_mant = 100; };
  population r2 = CubaLIF[3] { tau_u = 2 ms; tau_v = 5 ms; vth_mant = 100; };
  population atoms = CubaLIF[2] { tau_u = 2 ms; tau_v = 5 ms; vth_mant = 100; };

  project src -> r : Exc { connect one_to_one; weight 255 exp 2; }
  project src2 -> r2 : Exc { connect one_to_one; weight 255 exp 2; }
  project teach -> atoms : Exc { connect one_to_one; weight 255 exp 2; }
  project up: r -> atoms : HebUp { connect all_to_all; weight 20; }
  project upn: r2 -> atoms : HebUp { connect all_to_all; weight -20;${tie("up")} }
  project down: atoms -> r : HebDown { connect all_to_all; weight ${opts.downWeight ?? 20};${tie("up")} }
}

run Tied on loihi {
  dt = 1 ms;
  seed 5;
  steps 400;
}
`;
}

function compile(src: string) {
  const path = "/virtual/tied.snn";
  return compileFile(path, (p) => {
    if (p === path) return src;
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  });
}

function image(src: string): ChipImage {
  const r = compile(src);
  if (!r.image) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.image;
}

/** Weights of projection `id` as a map "pre,post" -> mantissa, read from the chip. */
function weights(
  emu: ReturnType<typeof createEmulator>,
  img: ChipImage,
  id: string,
  transpose = false,
): Map<string, number> {
  const p = img.projections.find((x) => x.id === id);
  if (!p) throw new Error(`no projection ${id}`);
  const out = new Map<string, number>();
  for (let k = 0; k < p.slot.length; k++) {
    const key = transpose
      ? `${p.postIndex[k]},${p.preIndex[k]}`
      : `${p.preIndex[k]},${p.postIndex[k]}`;
    out.set(key, emu.chip.readWeight(p.core[k] as number, p.slot[k] as number));
  }
  return out;
}

const negate = (m: Map<string, number>) => new Map([...m].map(([k, v]) => [k, 0 - v]));

/** Four sign copies of one feedback matrix joined by a chain of ties (as credit/wm.snn's B):
 *  b (ep -> hp) and bp (en -> hn) share no population and match by shape. */
const CHAIN = `${HEADER}
${hebbian("Heb", "y1")}
network Chain {
  population s1 = SpikeSource[2] poisson(rate = 150 Hz) seed 1;
  population s2 = SpikeSource[2] poisson(rate = 60 Hz) seed 2;
  population s3 = SpikeSource[3] poisson(rate = 120 Hz) seed 3;
  population s4 = SpikeSource[3] poisson(rate = 90 Hz) seed 4;
  population ep = CubaLIF[2] { tau_u = 2 ms; tau_v = 5 ms; vth_mant = 100; };
  population en = CubaLIF[2] { tau_u = 2 ms; tau_v = 5 ms; vth_mant = 100; };
  population hp = CubaLIF[3] { tau_u = 2 ms; tau_v = 5 ms; vth_mant = 100; };
  population hn = CubaLIF[3] { tau_u = 2 ms; tau_v = 5 ms; vth_mant = 100; };
  project s1 -> ep : Exc { connect one_to_one; weight 255 exp 2; }
  project s2 -> en : Exc { connect one_to_one; weight 255 exp 2; }
  project s3 -> hp : Exc { connect one_to_one; weight 255 exp 2; }
  project s4 -> hn : Exc { connect one_to_one; weight 255 exp 2; }
  project b: ep -> hp : Heb { connect all_to_all; weight 10 * i + j; }
  project bx: ep -> hn : Heb { connect all_to_all; weight -(10 * i + j); tied with b; }
  project bp: en -> hn : Heb { connect all_to_all; weight 10 * i + j; tied with bx; }
  project bpx: en -> hp : Heb { connect all_to_all; weight -(10 * i + j); tied with bp; }
}

run Chain on loihi { dt = 1 ms; seed 5; steps 300; }
`;

describe("tied projections", () => {
  it("match copies that share no population by shape (a chain of sign copies)", () => {
    const img = image(CHAIN);
    const emu = createEmulator(img, { seed: 5 });
    emu.run();
    const b = weights(emu, img, "b");
    expect([...b.values()]).not.toEqual([0, 1, 2, 10, 11, 12]);
    expect(weights(emu, img, "bp")).toEqual(b);
    expect(weights(emu, img, "bx")).toEqual(negate(b));
    expect(weights(emu, img, "bpx")).toEqual(negate(b));
  });

  it("keep every copy equal (negated, transposed) bit for bit while they learn", () => {
    const img = image(program());
    expect(img.projections.filter((p) => p.tiedGroup >= 0)).toHaveLength(3);
    const emu = createEmulator(img, { seed: 5 });
    const r = emu.run();
    const up = weights(emu, img, "up");
    expect(weights(emu, img, "upn")).toEqual(negate(up));
    expect(weights(emu, img, "down", true)).toEqual(up);
    // They learned: the weights moved away from 20, and the writes were counted.
    expect([...up.values()].some((w) => w !== 20)).toBe(true);
    expect(r.stats.totals.tiedWrites).toBeGreaterThan(0);
    expect(r.stats.totals.tiedWrites % 3).toBe(0);
  });

  it("untied, the same copies drift apart (so the tie is what keeps them equal)", () => {
    const img = image(program({ tied: false }));
    expect(img.projections.every((p) => p.tiedGroup < 0)).toBe(true);
    const emu = createEmulator(img, { seed: 5 });
    const r = emu.run();
    const up = weights(emu, img, "up");
    expect(weights(emu, img, "down", true)).not.toEqual(up);
    expect(weights(emu, img, "upn")).not.toEqual(negate(up));
    expect(r.stats.totals.tiedWrites).toBe(0);
  });

  it("apply the sum of the copies' local changes (float reference, first epoch)", () => {
    // Up to the first epoch boundary both programs see the same activity (weights change only
    // there), so each copy's local change in the untied run is what the tied group sums.
    const steps = 25;
    const run = (src: string) => {
      const img = image(src);
      const emu = createEmulator(img, { seed: 5, model: "reference" });
      emu.run(steps);
      return { emu, img };
    };
    const free = run(program({ tied: false }));
    const tied = run(program());
    const d = (m: Map<string, number>, base: number) =>
      new Map([...m].map(([k, v]) => [k, v - base]));
    const dUp = d(weights(free.emu, free.img, "up"), 20);
    const dUpn = d(weights(free.emu, free.img, "upn"), -20);
    const dDown = d(weights(free.emu, free.img, "down", true), 20);
    const got = weights(tied.emu, tied.img, "up");
    let moved = 0;
    for (const [k, v] of got) {
      const want = 20 + (dUp.get(k) as number) - (dUpn.get(k) as number) + (dDown.get(k) as number);
      expect(v).toBeCloseTo(want, 9);
      if (Math.abs((dUp.get(k) as number) - (dDown.get(k) as number)) > 1e-6) moved++;
    }
    // The copies' own changes differ (different traces on each side): the sum is not trivial.
    expect(moved).toBeGreaterThan(0);
  });

  it("refuse copies that do not start equal, at the copy's declaration (B012)", () => {
    const r = compile(program({ downWeight: 21 }));
    expect(r.image).toBeUndefined();
    const d = r.diagnostics.find((x) => (x.code as string) === "B012");
    expect(d?.message).toMatch(/tied copies cannot be kept equal: .*down.* does not start equal/);
    expect(d?.span.line).toBe(
      program()
        .split("\n")
        .findIndex((l) => l.includes("project down")) + 1,
    );
  });

  it("an image whose copies were changed after compiling is refused at load", () => {
    const img = image(program());
    const p = img.projections.find((x) => x.id === "down");
    const core = img.cores.find((c) => c.index === p?.core[0]);
    (core as ChipImage["cores"][number]).synWeight[p?.slot[0] as number] = 22;
    expect(() => createEmulator(img)).toThrow(ImageRejected);
    expect(() => createEmulator(img)).toThrow(/projection 'down'.*does not start equal/);
  });
});
