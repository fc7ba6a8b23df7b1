// `snn inspect prog.img [--core N] [--json]`: show what an image holds: per-core utilization,
// disassembled neuron and learning microcode, axon and route tables. A truncated, corrupted or
// wrong-version image gets isa's message (exit 1), never a stack trace.
import { readFileSync } from "node:fs";
import Table from "cli-table3";
import type { Command } from "commander";
import {
  type ChipImage,
  type CoreImage,
  decodeImage,
  disassemble,
  disassembleRule,
  ImageFormatError,
  LearningRuleError,
  MicrocodeError,
  PROFILES,
  validateImage,
} from "../../isa/index.ts";
import { EXIT_OK, EXIT_PROGRAM_ERROR, EXIT_USAGE, UserError } from "../exit.ts";

/** The disassembly of `words`, or why it has none: a damaged image is still shown (its
 *  problems are listed as warnings), not ended by the decoder's exception. */
function listing(words: Uint32Array, dis: (w: Uint32Array) => string): string {
  try {
    return dis(words);
  } catch (e) {
    if (e instanceof MicrocodeError || e instanceof LearningRuleError)
      return `; cannot disassemble: ${e.message}\n`;
    throw e;
  }
}

function coreInfo(c: CoreImage) {
  const dests = new Map<number, number>();
  for (const d of c.routeCore) dests.set(d, (dests.get(d) ?? 0) + 1);
  return {
    index: c.index,
    chip: c.chip,
    tile: [c.tileX, c.tileY],
    compartments: c.compartments,
    utilization: c.utilization,
    vmin: c.vmin,
    vmax: c.vmax,
    neuronProfiles: c.neuronProfiles.map((p) => ({
      name: p.name,
      compartments: c.profileOf.filter((x) => x === c.neuronProfiles.indexOf(p)).length,
      constants: Array.from(p.constants),
      // State registers (s0, s1, ...) kept by the between-sample reset.
      // A mask of 32 bits: a damaged stateRegisters (2^31) must not become a 2^31-entry list.
      persistent: Array.from({ length: Math.min(c.stateRegisters, 32) }, (_, r) => r).filter(
        (r) => ((p.persistent ?? 0) >> r) & 1,
      ),
      words: p.code.length,
      code: listing(p.code, (w) => disassemble(w)),
    })),
    synapseFormats: c.synapseFormats.slice(1),
    synapses: c.synTarget.length,
    inputAxons: c.inputAxons,
    routes: {
      total: c.routeCore.length,
      byCore: Object.fromEntries([...dests].sort((a, b) => a[0] - b[0])),
    },
    learning: c.learning
      ? {
          epoch: c.learning.epoch,
          preTrace: c.learning.preTrace,
          postTrace: c.learning.postTrace,
          rules: c.learning.rules.map((r) => listing(r, disassembleRule)),
        }
      : null,
  };
}

/** The text `snn inspect` prints for `cores` of `img`. */
export function inspectText(img: ChipImage, cores: CoreImage[] = img.cores): string {
  const out: string[] = [];
  out.push(
    `${img.name}: profile ${img.profile}, cost table ${img.costProfile}, ${img.chips} chip(s), ${img.cores.length} core(s), ${img.sources.length} host source(s)`,
  );
  const t = new Table({
    head: [
      "core",
      "tile",
      "compartments",
      "input axons",
      "output axons",
      "synapse bits",
      "profiles",
      "formats",
    ],
    style: { head: [], border: [] },
  });
  for (const c of cores) {
    const u = (k: string) =>
      c.utilization[k] ? `${c.utilization[k]![0]} / ${c.utilization[k]![1]}` : "-";
    t.push([
      String(c.index),
      `${c.chip}:${c.tileX},${c.tileY}`,
      u("compartments"),
      u("inputAxons"),
      u("outputAxons"),
      u("synapseMemoryBits"),
      u("neuronProfiles"),
      u("synapseFormats"),
    ]);
  }
  out.push(t.toString());
  for (const c of cores) {
    const info = coreInfo(c);
    out.push(
      `\ncore ${c.index} (chip ${c.chip}, tile ${c.tileX},${c.tileY}): vmin ${c.vmin}, vmax ${c.vmax}`,
    );
    for (const p of info.neuronProfiles) {
      out.push(
        `  profile ${p.name}: ${p.compartments} compartment(s), ${p.words} word(s), k = [${p.constants.join(", ")}]` +
          (p.persistent.length ? `, persistent ${p.persistent.map((r) => `s${r}`).join(" ")}` : ""),
      );
      out.push(p.code.trimEnd().replace(/^/gm, "    "));
    }
    info.synapseFormats.forEach((f, i) => {
      out.push(
        `  format ${i + 1}: ${f.signMode} ${f.weightBits}-bit, weight_exp ${f.weightExp}, delay ${f.delayBits} bits, tag ${f.tagBits} bits, ${f.sparse ? "sparse" : "dense"}, rule ${f.rule}`,
      );
    });
    out.push(`  ${info.inputAxons} input axon(s), ${info.synapses} synapse(s)`);
    const by = Object.entries(info.routes.byCore).map(([k, v]) => `core ${k}: ${v}`);
    out.push(
      `  ${info.routes.total} route(s)${by.length ? ` -> ${by.slice(0, 16).join(", ")}${by.length > 16 ? ", ..." : ""}` : ""}`,
    );
    if (info.learning) {
      out.push(
        `  learning: epoch ${info.learning.epoch}, ${info.learning.preTrace.length} pre-trace config(s)`,
      );
      info.learning.rules.forEach((r, i) => {
        out.push(
          `    rule ${i}:${r ? `\n${r.trimEnd().replace(/^/gm, "      ")}` : " (no terms)"}`,
        );
      });
    }
  }
  return `${out.join("\n")}\n`;
}

export function runInspect(file: string, opts: { core?: string; json?: boolean }): number {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new UserError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let img: ChipImage;
  try {
    img = decodeImage(bytes);
  } catch (e) {
    if (e instanceof ImageFormatError) throw new UserError(`${file}: ${e.message}`);
    // Anything else is a bug of the decoder, reported as one (see loadImageForRun).
    throw e;
  }
  let cores = img.cores;
  if (opts.core !== undefined) {
    const n = Number(opts.core);
    if (!Number.isInteger(n))
      throw new UserError(`--core must be an integer, got '${opts.core}'`, EXIT_USAGE);
    cores = img.cores.filter((c) => c.index === n);
    if (cores.length === 0) {
      throw new UserError(
        `${file} has no core ${n} (cores: ${img.cores
          .map((c) => c.index)
          .slice(0, 20)
          .join(", ")}${img.cores.length > 20 ? ", ..." : ""})`,
      );
    }
  }
  const profile = PROFILES[img.profile];
  const problems = profile
    ? validateImage(img, profile)
    : [{ path: "profile", message: `unknown profile '${img.profile}'` }];
  for (const p of problems) process.stderr.write(`warning: ${file}: ${p.path}: ${p.message}\n`);
  if (opts.json) {
    const json = {
      name: img.name,
      profile: img.profile,
      costProfile: img.costProfile,
      chips: img.chips,
      cores: cores.map(coreInfo),
      sources: img.sources.map((s) => ({
        name: s.name,
        channels: s.channels,
        kind: s.kind.type,
        routes: s.routeCore.length,
      })),
      problems,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else process.stdout.write(inspectText(img, cores));
  return problems.length > 0 ? EXIT_PROGRAM_ERROR : EXIT_OK;
}

export function register(program: Command): void {
  program
    .command("inspect")
    .description("show a chip image's cores, utilization, disassembled microcode and routes")
    .argument("<image>", ".img file written by snn compile")
    .option("--core <n>", "show only this core (global index)")
    .option("--json", "print as JSON")
    .action((file: string, opts: { core?: string; json?: boolean }) => {
      process.exitCode = runInspect(file, opts);
    });
}
