// `snn check`: exit codes (0 clean, 1 errors, 2 usage), text diagnostics on stderr, JSON on
// stdout with --json.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const snn = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(root, "cli/main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });

describe("snn check", () => {
  const dir = mkdtempSync(join(tmpdir(), "snn-check-"));
  const bad = join(dir, "bad.snn");
  writeFileSync(
    bad,
    'import "std/neurons.snn" { CubaLIF };\nnetwork N { population a = CubaLIF[4] { tau_v = 20; }; }\nrun N on loihi { dt = 1 ms; steps 5; }\n',
  );

  it("exits 0 on a clean program", () => {
    const r = snn("check", "programs/stdp/pair.snn");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("programs/stdp/pair.snn: ok");
  });

  it("exits 1 and renders errors on stderr", () => {
    const r = snn("check", bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[U001]: `tau_v` needs a unit of time");
    expect(r.stderr).toContain("2 | network N { population a = CubaLIF[4] { tau_v = 20; }; }");
    expect(r.stderr).toContain("= help: write e.g. `20 ms`");
  });

  it("prints JSON on stdout with --json", () => {
    const r = snn("check", "--json", bad);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as {
      files: { ok: boolean; diagnostics: { code: string; line: number; col: number }[] }[];
    };
    expect(j.files[0]!.ok).toBe(false);
    expect(j.files[0]!.diagnostics[0]).toMatchObject({
      code: "U001",
      line: 2,
      col: 49,
      length: 2,
      label: "missing unit",
    });
  });

  it("exits 2 on a usage error", () => {
    expect(snn("check").status).toBe(2);
  });
});
