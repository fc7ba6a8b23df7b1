// `snn compile` and `snn inspect` in-process: tables on stdout, diagnostics on stderr, exit
// codes (1 program errors, 2 usage), and isa's message for a damaged image.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCompile } from "../../cli/commands/compile.ts";
import { runInspect } from "../../cli/commands/inspect.ts";
import type { UserError } from "../../cli/exit.ts";
import { type CoreImage, decodeImage, encodeImage } from "../../isa/index.ts";

const dir = mkdtempSync(join(tmpdir(), "snn-be-"));
const prog = join(dir, "golden.snn");
writeFileSync(
  prog,
  `snn 1;
import "std/neurons.snn" { CubaLIF };
import "std/synapses.snn" { Static };
network Golden {
  population src = SpikeSource[1] at steps [1];
  population raw = CubaLIF[1] { decay_u = 410; decay_v = 205; vth_mant = 100; };
  project src -> raw : Static { connect all_to_all; weight 100 exp 0; }
}
run Golden on loihi { dt = 1 ms; steps = 5; seed 1; }
`,
);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => out.push(String(s)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((s) => err.push(String(s)) > 0);
  return { out: () => out.join(""), err: () => err.join("") };
}
afterEach(() => vi.restoreAllMocks());

describe("snn compile / inspect", () => {
  it("compiles, prints utilization and quantization, writes the report", () => {
    const io = capture();
    const img = join(dir, "golden.img");
    const report = join(dir, "golden.json");
    expect(runCompile(prog, { output: img, report })).toBe(0);
    expect(io.out()).toMatch(
      /│ 0 +│ 0:0,0 │ raw\[0\.\.1\) +│ 1 \/ 1024 +│ 1 \/ 4096 +│ 0 \/ 4096 +│ 64 \/ 1048576/,
    );
    expect(io.out()).toMatch(/src->raw +│ 1 +│ mixed +│ 0 +│ 128 +│ 0 +│ 0 /);
    expect(io.err()).toMatch(/1 core\(s\) on 1 chip\(s\), 1 neurons, 1 synapses/);
    const json = JSON.parse(readFileSync(report, "utf8"));
    expect(json.cores[0].utilization.compartments).toEqual([1, 1024]);
    expect(json.quantization.projections[0].lsb).toBe(128);
    // The longest neuron program of the core against the profile's limit, the last column.
    const words = decodeImage(readFileSync(img)).cores[0]!.neuronProfiles[0]!.code.length;
    expect(words).toBeGreaterThan(0);
    expect(io.out()).toMatch(/│ pre traces │ microcode words │/);
    expect(io.out()).toMatch(new RegExp(`│ 0 / 3 +│ ${words} / 64 +│`));
  });

  it("inspect shows the microcode and constants", () => {
    const io = capture();
    expect(runInspect(join(dir, "golden.img"), {})).toBe(0);
    expect(io.out()).toContain("k = [410, 205, 6400, 0, 0]");
    // The profile's length in words, as the compile table's microcode column counts it.
    const words = decodeImage(readFileSync(join(dir, "golden.img"))).cores[0]!.neuronProfiles[0]!
      .code.length;
    expect(io.out()).toMatch(new RegExp(`: 1 compartment\\(s\\), ${words} word\\(s\\), k = `));
    expect(io.out()).toContain("decay  s0, s0, k0, 1");
    expect(io.out()).toContain("1 input axon(s), 1 synapse(s)");
  });

  it("--json prints machine-readable reports", () => {
    const io = capture();
    expect(runCompile(prog, { output: join(dir, "golden2.img"), json: true })).toBe(0);
    const rep = JSON.parse(io.out());
    expect(rep.cores).toHaveLength(1);
    expect(rep.synapses).toBe(1);
    const io2 = capture();
    expect(runInspect(join(dir, "golden2.img"), { json: true, core: "0" })).toBe(0);
    const ins = JSON.parse(io2.out());
    expect(ins.cores[0].neuronProfiles[0].constants).toEqual([410, 205, 6400, 0, 0]);
    expect(ins.problems).toEqual([]);
  });

  it("a truncated image gets isa's message", () => {
    const bytes = readFileSync(join(dir, "golden.img"));
    const bad = join(dir, "bad.img");
    writeFileSync(bad, bytes.subarray(0, 40));
    expect(() => runInspect(bad, {})).toThrow(/truncated chip image/);
  });

  it("shows an image whose microcode does not decode, with a warning instead of a crash", () => {
    const img = decodeImage(readFileSync(join(dir, "golden.img")));
    (img.cores[0] as CoreImage).neuronProfiles[0]!.code[0] = 0xffffffff;
    const bad = join(dir, "badcode.img");
    writeFileSync(bad, encodeImage(img));
    const io = capture();
    expect(runInspect(bad, {})).toBe(1);
    expect(io.err()).toContain("code: word 0xffffffff: unassigned opcode 63");
    expect(io.out()).toContain("; cannot disassemble: word 0xffffffff: unassigned opcode 63");
  });

  it("shows an image with a damaged register count without listing 2^31 registers", () => {
    const img = decodeImage(readFileSync(join(dir, "golden.img")));
    (img.cores[0] as CoreImage).stateRegisters = 2 ** 31 - 1;
    const bad = join(dir, "badregs.img");
    writeFileSync(bad, encodeImage(img));
    const io = capture();
    expect(runInspect(bad, { json: true })).toBe(1);
    expect(io.err()).toContain("cores[0].stateRegisters: 2147483647 outside 1..");
    expect(JSON.parse(io.out()).cores[0].neuronProfiles[0].persistent).toEqual([]);
  });

  it("usage errors exit 2, program errors exit 1 with the rendered diagnostic", () => {
    try {
      runCompile(prog, { profile: "nope" });
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).exitCode).toBe(2);
      expect((e as UserError).message).toBe("unknown profile 'nope' (known: loihi, loihi2)");
    }
    // Refused before compiling, not written into an image that every reader would refuse.
    const img = join(dir, "cost.img");
    expect(() => runCompile(prog, { output: img, costProfile: "nope" })).toThrow(
      "unknown cost profile 'nope' (known: davies2018, sanafe)",
    );
    expect(existsSync(img)).toBe(false);
    const broken = join(dir, "broken.snn");
    writeFileSync(
      broken,
      readFileSync(prog, "utf8").replace(
        "SpikeSource[1] at steps [1]",
        "SpikeSource[5000] at steps [1]",
      ),
    );
    const io = capture();
    expect(runCompile(broken, { output: join(dir, "broken.img") })).toBe(1);
    expect(io.err()).toContain("error[B005]: input axons does not fit on core 0: 5000 / 4096");
  });
});
