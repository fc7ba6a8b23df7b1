// `snn compile prog.snn -o prog.img [--profile loihi|loihi2] [--report FILE.json]`: compile a
// program to a chip image. Prints the per-core utilization table and the quantization summary
// on stdout; diagnostics and progress go to stderr. Exit 1 on program errors, 2 on usage.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import Table from "cli-table3";
import type { Command } from "commander";
import pc from "picocolors";
import { diagnosticsToJson, renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { type CompileReport, compileFile } from "../../compiler/index.ts";
import { COST_TABLES, encodeImage, PROFILES } from "../../isa/index.ts";
import { addConstOption, parseConsts } from "../const-option.ts";
import { EXIT_OK, EXIT_PROGRAM_ERROR, EXIT_USAGE, UserError } from "../exit.ts";

function load(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

const RESOURCES: [string, string][] = [
  ["compartments", "compartments"],
  ["inputAxons", "input axons"],
  ["outputAxons", "output axons"],
  ["synapseMemoryBits", "synapse bits"],
  ["neuronProfiles", "profiles"],
  ["synapseFormats", "formats"],
  ["preTraceConfigs", "pre traces"],
  ["microcodeWords", "microcode words"],
];

/** The per-core utilization table (all cores up to `limit`, then a count of the rest). */
export function utilizationTable(r: CompileReport, limit = 64): string {
  const t = new Table({
    head: ["core", "tile", "holds", ...RESOURCES.map(([, h]) => h)],
    style: { head: [], border: [] },
  });
  for (const c of r.cores.slice(0, limit)) {
    t.push([
      String(c.index),
      `${c.chip}:${c.tile[0]},${c.tile[1]}`,
      c.holds.join(" "),
      ...RESOURCES.map(([k]) => {
        const u = c.utilization[k];
        return u ? `${u[0]} / ${u[1]}` : "-";
      }),
    ]);
  }
  const more =
    r.cores.length > limit ? `... ${r.cores.length - limit} more cores (see --report)\n` : "";
  return `${t.toString()}\n${more}`;
}

/** Weight quantization per projection and every derived register with its error. */
export function quantizationTables(r: CompileReport): string {
  const w = new Table({
    head: [
      "projection",
      "synapses",
      "sign",
      "weight_exp",
      "LSB",
      "saturated",
      "flushed",
      "max |err|",
    ],
    style: { head: [], border: [] },
  });
  for (const q of r.quantization.projections) {
    w.push([
      q.id,
      String(q.synapses),
      q.signMode,
      String(q.weightExp),
      String(q.lsb),
      String(q.saturated),
      `${q.flushed}${q.flushed > 0 && q.flushAllowed ? " (allowed)" : ""}`,
      String(Number(q.maxAbsError.toPrecision(4))),
    ]);
  }
  let out = `weights (q register units):\n${w.toString()}\n`;
  if (r.quantization.registers.length > 0) {
    const g = new Table({
      head: ["register", "value", "exact", "error", "rel. error", "from", "at"],
      style: { head: [], border: [] },
    });
    for (const q of r.quantization.registers) {
      g.push([
        q.what,
        String(q.value),
        String(Number(q.exact.toPrecision(6))),
        String(Number(q.error.toPrecision(4))),
        `${(q.relError * 100).toFixed(3)}%`,
        Object.entries(q.from)
          .map(([k, v]) => `${k}=${v}`)
          .join(", "),
        q.at,
      ]);
    }
    out += `derived registers:\n${g.toString()}\n`;
  }
  return out;
}

export interface CompileCliOptions {
  output?: string;
  profile?: string;
  report?: string;
  costProfile?: string;
  maxChips?: string;
  json?: boolean;
  /** `--const NAME=VALUE`, repeatable (cli/const-option.ts). */
  const?: string[];
}

export function runCompile(file: string, opts: CompileCliOptions): number {
  if (opts.profile !== undefined && !PROFILES[opts.profile]) {
    throw new UserError(
      `unknown profile '${opts.profile}' (known: ${Object.keys(PROFILES).join(", ")})`,
      EXIT_USAGE,
    );
  }
  // An unknown cost table used to be written into the image, which every reader then refused.
  if (opts.costProfile !== undefined && !Object.hasOwn(COST_TABLES, opts.costProfile)) {
    throw new UserError(
      `unknown cost profile '${opts.costProfile}' (known: ${Object.keys(COST_TABLES).join(", ")})`,
      EXIT_USAGE,
    );
  }
  let maxChips: number | undefined;
  if (opts.maxChips !== undefined) {
    maxChips = Number(opts.maxChips);
    if (!Number.isInteger(maxChips) || maxChips < 1)
      throw new UserError(
        `--max-chips must be a positive integer, got '${opts.maxChips}'`,
        EXIT_USAGE,
      );
  }
  const consts = parseConsts(opts.const);
  const path = resolve(file);
  const out = opts.output ?? file.replace(/\.snn$/, "") + ".img";
  const r = compileFile(path, load, {
    ...(consts.length > 0 ? { consts } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.costProfile ? { costProfile: opts.costProfile } : {}),
    ...(maxChips ? { maxChips } : {}),
  });
  const rel = (p: string) =>
    p.startsWith(`${process.cwd()}/`) ? p.slice(process.cwd().length + 1) : p;
  const diags = r.diagnostics.map((d) => ({ ...d, span: { ...d.span, file: rel(d.span.file) } }));
  const text = renderDiagnostics(diags, {
    sources: (f) => r.sources?.get(resolve(f)) ?? r.sources?.get(f) ?? load(resolve(f)),
    ...(process.stderr.isTTY
      ? {
          color: (s: string, t: string) =>
            s === "error" ? pc.bold(pc.red(t)) : pc.bold(pc.yellow(t)),
        }
      : {}),
  });
  if (text) process.stderr.write(text);
  if (opts.report) {
    const json = { ...r.report, diagnostics: diagnosticsToJson(diags) };
    try {
      writeFileSync(opts.report, `${JSON.stringify(json, null, 2)}\n`);
    } catch (e) {
      throw new UserError(`${opts.report}: cannot write the report (${(e as Error).message})`);
    }
  }
  if (!r.image) return EXIT_PROGRAM_ERROR;
  try {
    writeFileSync(out, encodeImage(r.image));
  } catch (e) {
    throw new UserError(`${out}: cannot write the image (${(e as Error).message})`);
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(r.report, null, 2)}\n`);
  else {
    process.stdout.write(utilizationTable(r.report));
    process.stdout.write(quantizationTables(r.report));
  }
  const rep = r.report;
  if (rep.traffic && !opts.json) {
    const t = rep.traffic;
    process.stdout.write(
      `traffic: ${t.routes} routes from compartments, ${t.hops} tile hops (mean ${(t.hops / Math.max(1, t.routes)).toFixed(2)}; ${t.hopsIndexOrder} with cores in index order), ${t.hostRoutes} host routes\n`,
    );
  }
  process.stderr.write(
    `${rel(out)}: ${rep.cores.length} core(s) on ${rep.chips} chip(s), ${rep.neurons} neurons, ${rep.synapses} synapses, ${rep.timesMs.total ?? 0} ms\n`,
  );
  return EXIT_OK;
}

export function register(program: Command): void {
  const cmd = program
    .command("compile")
    .description(
      "compile a .snn program to a chip image; print per-core utilization and quantization",
    )
    .argument("<file>", ".snn program")
    .option("-o, --output <file>", "image to write (default: FILE with .img)")
    .option(
      "--profile <name>",
      `chip profile (${Object.keys(PROFILES).join(", ")}); default: the run section's`,
    )
    .option("--report <file>", "write the utilization and quantization report as JSON")
    .option("--cost-profile <name>", "cost table the image names (davies2018, sanafe)")
    .option("--max-chips <n>", "largest board to place on")
    .option("--json", "print the report as JSON on stdout instead of tables");
  addConstOption(cmd).action((file: string, opts: CompileCliOptions) => {
    process.exitCode = runCompile(file, opts);
  });
}
