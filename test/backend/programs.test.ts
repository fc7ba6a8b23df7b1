// Every program in programs/ compiles (libraries without a `run` section are skipped), every
// core is within every limit, and the disassembly of each program's neuron and learning
// microcode is snapshotted (a change in code generation shows up as a reviewed diff).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/index.ts";
import { disassemble, disassembleRule, encodeImage } from "../../isa/index.ts";
import { programFiles } from "../program-files.ts";
import { diskLoader, rendered } from "./helpers.ts";

const ROOT = join(import.meta.dirname, "../../programs");

const programs = programFiles(ROOT).filter((f) => /^run\s/m.test(readFileSync(f, "utf8")));

describe("programs/", () => {
  it("has runnable programs to compile", () => {
    expect(programs.length).toBeGreaterThan(0);
  });
  it("skips scratch copies (_*.snn) in every folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "snn-programs-"));
    try {
      mkdirSync(join(dir, "sub"));
      for (const f of ["a.snn", "_a.snn", "sub/b.snn", "sub/_b.snn", "sub/c.txt"])
        writeFileSync(join(dir, f), "snn 1;\n");
      expect(programFiles(dir).map((f) => relative(dir, f))).toEqual([
        "a.snn",
        join("sub", "b.snn"),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  for (const file of programs) {
    const name = relative(ROOT, file);
    it(`${name} compiles within every per-core limit`, () => {
      const r = compileFile(file, diskLoader());
      expect(rendered(r)).not.toMatch(/^error/m);
      const img = r.image!;
      expect(img.cores.length).toBeGreaterThan(0);
      for (const c of img.cores) {
        for (const [res, [used, max]] of Object.entries(c.utilization)) {
          expect(used, `core ${c.index} ${res}`).toBeLessThanOrEqual(max);
        }
        expect(c.utilization.compartments![0]).toBe(c.compartments);
      }
      // Determinism: a second compile gives the same bytes.
      const again = compileFile(file, diskLoader()).image!;
      expect(Buffer.from(encodeImage(again)).equals(Buffer.from(encodeImage(img)))).toBe(true);
      const seen = new Set<string>();
      const parts: string[] = [];
      for (const c of img.cores) {
        for (const p of c.neuronProfiles) {
          const key = `${p.name} ${Array.from(p.constants).join(",")}`;
          if (seen.has(key)) continue;
          seen.add(key);
          parts.push(
            `; profile ${p.name}, k = [${Array.from(p.constants).join(", ")}]\n${disassemble(p.code)}`,
          );
        }
        c.learning?.rules.forEach((w, i) => {
          const text = disassembleRule(w);
          const key = `rule ${text}`;
          if (seen.has(key)) return;
          seen.add(key);
          parts.push(`; learning rule ${i} (core ${c.index})\n${text || "(no terms)\n"}`);
        });
      }
      expect(parts.join("\n")).toMatchSnapshot();
    });
  }
});
