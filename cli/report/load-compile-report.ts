// Reads the compiler's report (`snn compile --report FILE.json`, compiler/encode/report.ts)
// into the report's CompileReport: headline facts, per-core utilization with the population
// slices each core holds, and the quantization tables. Malformed files are rejected with the
// file and field at fault. It reads one file and draws nothing.
import { existsSync } from "node:fs";
import { UserError } from "../exit.ts";
import { fmtNum } from "./html-util.ts";
import { type Field, readJsonFile } from "./json-check.ts";
import type { CompileReport } from "./run-data.ts";

/** Titles of the compile report's quantization tables (other keys keep their own name). */
const QUANT_TITLES: Record<string, string> = {
  projections: "Weights per projection",
  registers: "Derived registers",
};

/** Reads a compile report (`snn compile --report FILE.json`, compiler/encode/report.ts). */
export function loadCompileReport(path: string): CompileReport {
  if (!existsSync(path)) throw new UserError(`${path}: no such compile report`);
  const f = readJsonFile(path);
  const facts: [string, string][] = [];
  for (const k of ["name", "profile", "chips", "neurons", "synapses"]) {
    if (!f.has(k)) continue;
    const v = f.get(k).value;
    if (typeof v === "string" || typeof v === "number")
      facts.push([k, typeof v === "number" ? fmtNum(v) : v]);
  }
  if (f.has("placement"))
    facts.push(["placement passes", String(f.get("placement").get("passes").int())]);
  const cores = f.has("cores")
    ? f
        .get("cores")
        .items()
        .map((c) => {
          const utilization: Record<string, [number, number]> = {};
          for (const [k, v] of c.get("utilization").entries()) utilization[k] = v.pair();
          const core = c.has("index") ? c.get("index").int() : c.get("core").int();
          const holds = c.has("holds")
            ? c
                .get("holds")
                .items()
                .map((h) => h.str())
            : [];
          return { core, holds, utilization };
        })
    : [];
  const quantization: CompileReport["quantization"] = [];
  if (f.has("quantization")) {
    const q = f.get("quantization");
    if (Array.isArray(q.value))
      quantization.push({ title: "Quantization", rows: q.items().map(flatRow) });
    else {
      for (const [k, v] of q.entries()) {
        quantization.push({ title: QUANT_TITLES[k] ?? k, rows: v.items().map(flatRow) });
      }
    }
  }
  return { facts, cores, quantization };
}

/** A table row: scalars as they are; a nested object (e.g. a register's physical inputs) as
 *  one "k=v, k=v" cell; arrays as JSON text. */
function flatRow(f: Field): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of f.entries()) {
    const x = v.value;
    if (typeof x === "number" || typeof x === "string") out[k] = x;
    else if (typeof x === "boolean") out[k] = String(x);
    else if (Array.isArray(x)) out[k] = JSON.stringify(x);
    else if (x !== null && typeof x === "object") {
      out[k] = Object.entries(x as Record<string, unknown>)
        .map(([a, b]) => `${a}=${typeof b === "object" ? JSON.stringify(b) : String(b)}`)
        .join(", ");
    }
  }
  return out;
}
