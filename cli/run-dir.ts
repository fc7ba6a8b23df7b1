// Writes an emulator RunResult as a run directory (layout in docs/run-output.md), read later by
// the report generator (cli/report/load-run-dir.ts). The only writer of run results: the
// emulator itself never writes files. Everything is JSON; typed arrays become number arrays.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "../emulator/index.ts";
import { writeJsonFile } from "./json-stream.ts";

/** Run directory layout version, in meta.json. */
export const RUN_DIR_FORMAT = "snn-run-1";

/** A population or projection name as a file name: anything but [A-Za-z0-9_.-] becomes '_'. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/** JSON of `value` (typed arrays as number arrays), written in pieces: a run of millions of
 *  steps has per-step series longer than the longest string the engine can build. */
function json(path: string, value: unknown): void {
  writeJsonFile(path, value);
}

/** Writes `r` into `dir` (created if missing); returns the files written, relative to dir.
 *  `extraMeta` adds fields to meta.json (the CLI records `--holdout` there). */
export function writeRunDir(
  r: RunResult,
  dir: string,
  extraMeta: Record<string, unknown> = {},
): string[] {
  const written: string[] = [];
  const put = (rel: string, value: unknown) => {
    json(join(dir, rel), value);
    written.push(rel);
  };
  const folder = (name: string) => mkdirSync(join(dir, name), { recursive: true });
  mkdirSync(dir, { recursive: true });
  put("meta.json", {
    format: RUN_DIR_FORMAT,
    program: r.name,
    ...r.meta,
    energyKind: "estimate",
    energyNote: `energies are estimates from cost profile ${r.meta.costProfile}`,
    ...extraMeta,
  });
  put("stats.json", r.stats);
  // The results a learning run exists for first, the bulky per-step series last: a problem with
  // the largest file (a full disk) must not cost the predictions and weights.
  if (r.predictions.length > 0) put("predictions.json", r.predictions);
  if (r.evaluation) put("evaluation.json", r.evaluation);
  if (r.spikes.length > 0) folder("spikes");
  for (const s of r.spikes) put(join("spikes", `${fileSafe(s.population)}.json`), s);
  const traces = r.sampled.filter((s) => s.what !== "weights");
  const weights = r.sampled.filter((s) => s.what === "weights");
  if (traces.length > 0) folder("traces");
  for (const t of traces) {
    const { name, ...rest } = t;
    put(join("traces", `${fileSafe(name)}-${t.what}.json`), { population: name, ...rest });
  }
  if (weights.length > 0) folder("weights");
  for (const w of weights) {
    const { name, what: _w, neurons: _n, ...rest } = w;
    put(join("weights", `${fileSafe(name)}.json`), { projection: name, ...rest });
  }
  if (r.links) put("links.json", r.links);
  const { every, ...arrays } = r.series;
  put("steps.json", {
    steps: r.stats.steps,
    every,
    rows: arrays.chipCycles.length,
    cores: r.stats.cores.map((c) => c.core),
    ...arrays,
  });
  return written;
}
