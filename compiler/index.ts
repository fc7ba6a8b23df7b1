// The compiler pipeline: front end (parse + check) then the back-end stages lower ->
// discretize -> codegen -> place -> route -> encode, each a pure function of plain data.
// `compileFile` is what the CLI (`snn compile`, `snn run`) calls. File reading happens only
// through the caller's `load`; nothing here prints.
import { type ChipImage, getProfile } from "../isa/index.ts";
import { buildTiedGroups, TiedGroupError } from "../isa/tied.ts";
import { backendDiagnostic, hasErrors } from "./backend-diagnostics.ts";
import type { CheckedProgram } from "./check/checked.ts";
import { codegen } from "./codegen/index.ts";
import { type Diagnostic, sortDiagnostics } from "./diagnostics/index.ts";
import { discretize } from "./discretize/index.ts";
import { encode } from "./encode/index.ts";
import { buildReport, type CompileReport } from "./encode/report.ts";
import { checkProgram, type FrontendOptions, type Loader, resolveImport } from "./frontend.ts";
import { type CsvTable, parseCsv } from "./lower/csv.ts";
import { type DataAccess, lower } from "./lower/index.ts";
import { place } from "./place/index.ts";
import { route } from "./route/index.ts";

export type { CompileReport, CoreReport } from "./encode/report.ts";

export interface CompileOptions {
  /** Chip profile name; default: the program's `run ... on <profile>`. */
  profile?: string;
  /** Cost table name (isa/costs). Default "davies2018". */
  costProfile?: string;
  /** Largest board to place on (default: the profile's board.maxChips). */
  maxChips?: number;
  /** Reads data files (CSV) by resolved path; default: none available. */
  load?: Loader;
  /** Values for top-level constants (compileFile only; FrontendOptions.consts). */
  consts?: FrontendOptions["consts"];
}

export interface CompileResult {
  image?: ChipImage;
  report: CompileReport;
  diagnostics: Diagnostic[];
  /** Source texts read by the front end (compileFile only), for rendering diagnostics. */
  sources?: Map<string, string>;
}

/** Parsed data files by data-set name or path, through the loader, cached. */
function dataAccess(program: CheckedProgram, load: Loader | undefined) {
  const cache = new Map<string, { table?: CsvTable; error?: string }>();
  const access: DataAccess = (name) => {
    const hit = cache.get(name);
    if (hit) return hit;
    const ds = program.datasets[name];
    const path = ds ? ds.resolvedPath : resolveImport(program.file, name);
    const text = load?.(path);
    let r: { table?: CsvTable; error?: string };
    if (text === undefined) r = { error: `cannot read ${path}` };
    else {
      const parsed = parseCsv(text, ds?.headerLines ?? 0);
      r = parsed.ok ? { table: parsed.table } : { error: `${path}: ${parsed.message}` };
    }
    cache.set(name, r);
    return r;
  };
  return access;
}

/** Back end: a checked program to a chip image. Never throws on bad input. */
export function compileProgram(
  checked: CheckedProgram,
  options: CompileOptions = {},
): CompileResult {
  const t0 = performance.now();
  const times: Record<string, number> = {};
  const lap = (name: string, since: number) => {
    times[name] = Math.round((performance.now() - since) * 10) / 10;
    return performance.now();
  };
  const profileName = options.profile ?? checked.experiment?.profile ?? checked.profile.name;
  const done = (
    diagnostics: Diagnostic[],
    extra: Omit<Parameters<typeof buildReport>[0], "profile" | "times"> = {},
  ) => ({
    report: buildReport({ ...extra, profile: profileName, times }),
    diagnostics: sortDiagnostics(diagnostics),
  });
  let profile: ReturnType<typeof getProfile>;
  try {
    profile = getProfile(profileName);
  } catch (e) {
    const span = checked.experiment?.span ?? checked.populations[0]?.span;
    return done(
      span
        ? [
            backendDiagnostic("B008", span, {
              what: `chip profile \`${profileName}\``,
              profile: profileName,
              hint: (e as Error).message,
            }),
          ]
        : [],
    );
  }
  const data = dataAccess(checked, options.load);
  const diagnostics: Diagnostic[] = [];
  let t = t0;
  const lo = lower(checked, data, { maxDelay: profile.maxDelay });
  diagnostics.push(...lo.diagnostics);
  t = lap("lower", t);
  if (!lo.ir || hasErrors(diagnostics)) return done(diagnostics);
  const ir = lo.ir;
  const disc = discretize(ir, {
    weightExpMin: profile.weightExpMin,
    weightExpMax: profile.weightExpMax,
    weightBits: profile.bits.weightMant,
  });
  diagnostics.push(...disc.diagnostics);
  t = lap("discretize", t);
  const cg = codegen(ir, profile);
  diagnostics.push(...cg.diagnostics);
  t = lap("codegen", t);
  if (hasErrors(diagnostics)) return done(diagnostics, { ir, disc });
  const pl = place(ir, disc.weights, cg, profile, { maxChips: options.maxChips });
  diagnostics.push(...pl.diagnostics);
  t = lap("place", t);
  if (!pl.placement || hasErrors(diagnostics)) return done(diagnostics, { ir, disc });
  const rt = route(ir, disc.weights, cg, pl.placement, profile);
  diagnostics.push(...rt.diagnostics);
  t = lap("route", t);
  if (hasErrors(diagnostics)) return done(diagnostics, { ir, disc, placement: pl.placement });
  const enc = encode({
    ir,
    weights: disc.weights,
    codegen: cg,
    placement: pl.placement,
    routing: rt,
    profile,
    costProfile: options.costProfile ?? "davies2018",
    table: (name) => data(name).table,
  });
  diagnostics.push(...enc.diagnostics);
  if (enc.image) diagnostics.push(...tiedDiagnostics(enc.image, checked));
  lap("encode", t);
  times.total = Math.round((performance.now() - t0) * 10) / 10;
  const report = done(diagnostics, {
    ir,
    disc,
    placement: pl.placement,
    routing: rt,
    image: enc.image,
  });
  return hasErrors(diagnostics)
    ? report
    : { ...report, ...(enc.image ? { image: enc.image } : {}) };
}

/** Front end then back end: `entryPath` and everything it imports or reads come from `load`. */
export function compileFile(
  entryPath: string,
  load: Loader,
  options: CompileOptions = {},
): CompileResult {
  const fe = checkProgram(entryPath, load, options.consts ? { consts: options.consts } : {});
  if (!fe.program || hasErrors(fe.diagnostics)) {
    return {
      report: buildReport({ profile: options.profile ?? "", times: {} }),
      diagnostics: fe.diagnostics,
      sources: fe.sources,
    };
  }
  const r = compileProgram(fe.program, { ...options, load: options.load ?? load });
  // An image compiled with --const values says so in its name, as --epochs and --holdout
  // variants do (emulator/variants.ts): the run table and meta.json show it, and a checkpoint
  // of it resumes only an image compiled with the same values.
  if (r.image && options.consts && options.consts.length > 0)
    r.image = {
      ...r.image,
      name: `${r.image.name} [const: ${options.consts.map(([k, v]) => `${k}=${v}`).join(", ")}]`,
    };
  return {
    ...r,
    diagnostics: sortDiagnostics([...fe.diagnostics, ...r.diagnostics]),
    sources: fe.sources,
  };
}

/** Tied groups the emulator could not keep equal (isa/tied.ts), at the copy's declaration. */
function tiedDiagnostics(image: ChipImage, checked: CheckedProgram): Diagnostic[] {
  try {
    buildTiedGroups(image);
    return [];
  } catch (e) {
    if (!(e instanceof TiedGroupError)) throw e;
    const span = (checked.projections.find((p) => p.id === e.projection) ?? checked.projections[0])
      ?.span;
    return span ? [backendDiagnostic("B012", span, { why: e.message })] : [];
  }
}
