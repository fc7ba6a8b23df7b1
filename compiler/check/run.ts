// Elaborates the `run` section into the experiment: profile, dt, seed, presentation of a data
// set, phases with learn flags and source gating, epochs, row split, readout and declared host
// learning steps. It does not schedule anything; the emulator's driver does.
import {
  BUILTIN_HOST_ROUTINES,
  HOST_ROUTINE_UPDATES,
  STRUCTURAL_HOST_PARAMS,
} from "../../isa/host-routines.ts";
import { MAX_SEED } from "../../isa/image.ts";
import type * as A from "../ast/types.ts";
import { suggestHint } from "../diagnostics/index.ts";
import type {
  CheckedExperiment,
  CheckedPhase,
  CheckedProjection,
  HostLearning,
} from "./checked.ts";
import type { CheckContext } from "./context.ts";
import { sourceText } from "./dynamics.ts";
import { checkedInt, intOf, type NetScope, netConst, unknownPopulation } from "./network.ts";
import { DIMLESS, dimEq, evalConst, formatQuantity, TIME } from "./units.ts";

const SETTINGS = ["dt", "seed", "epochs", "steps"];
const READOUTS = { argmax_spikes: "argmax_spikes", argmax_v: "argmax_v" } as const;

/** Read `dt` and `seed` before the network is elaborated (both are needed there). */
export function runBasics(
  run: A.RunDecl | undefined,
  file: string,
  cx: { sink: CheckContext["sink"]; constEnv: (f: string) => ReturnType<CheckContext["constEnv"]> },
): { dtSeconds: number; seed: number } {
  let dtSeconds = 1e-3;
  let seed = 0;
  for (const it of run?.items ?? []) {
    if (it.kind !== "setting") continue;
    if (it.name.name === "dt") {
      const q = evalConst(it.value, cx.constEnv(file), cx.sink);
      if (!q) continue;
      if (!dimEq(q.dim, TIME)) {
        if (dimEq(q.dim, DIMLESS))
          cx.sink.report("U001", it.value.span, { name: "dt", dim: "time", example: "1 ms" });
        else
          cx.sink.report("U002", it.value.span, {
            expected: "time",
            found: formatQuantity(q),
            hint: "",
          });
        continue;
      }
      if (q.value <= 0) {
        cx.sink.report("R005", it.value.span, { what: "dt", value: formatQuantity(q) });
        continue;
      }
      dtSeconds = q.value;
    } else if (it.name.name === "seed") {
      const q = evalConst(it.value, cx.constEnv(file), cx.sink);
      const v = q
        ? checkedInt(cx.sink, it.value.span, q, "seed", { min: 0, max: MAX_SEED })
        : undefined;
      if (v !== undefined) seed = v;
    }
  }
  return { dtSeconds, seed };
}

export function elaborateRun(
  cx: CheckContext,
  ns: NetScope,
  run: A.RunDecl,
  projections: CheckedProjection[],
  declared: Set<string>,
  seed: number,
  /** Every declared projection, elaborated or not, by `pre->post`. */
  declaredEnds: ReadonlyMap<string, string>,
): CheckedExperiment | undefined {
  const sink = cx.sink;
  let steps: number | undefined;
  let epochs = 1;
  let presentation: CheckedExperiment["presentation"];
  let phases: CheckedPhase[] = [];
  let readout: CheckedExperiment["readout"];
  const hostLearning: HostLearning[] = [];
  const rows: Record<string, [number, number]> = {};
  const learnIn: A.Ident[] = [];
  let badSetting = false;
  const checkPops = (ids: A.Ident[]) =>
    ids.filter((id) => {
      if (ns.pops.has(id.name)) return true;
      unknownPopulation(cx, ns, id);
      return false;
    });
  for (const it of run.items) {
    switch (it.kind) {
      case "setting": {
        const n = it.name.name;
        if (!SETTINGS.includes(n)) {
          badSetting = true;
          sink.report("N006", it.name.span, {
            name: n,
            what: "a run",
            hint: suggestHint(n, SETTINGS, `settings are ${SETTINGS.join(", ")}`),
          });
        } else if (n === "epochs") {
          epochs = intOf(cx, ns, it.value, "epochs", { min: 1 }) ?? epochs;
        } else if (n === "steps") {
          steps = intOf(cx, ns, it.value, "steps", { min: 1, steps: true });
          // An invalid value is already reported; the run does not also lack a duration.
          if (steps === undefined) badSetting = true;
        }
        break;
      }
      case "present": {
        // A `present` that fails below gives its own error; the run does not also lack a duration.
        badSetting = true;
        const pop = ns.pops.get(it.source.name);
        const n = intOf(cx, ns, it.steps, "steps per sample", { min: 1, steps: true });
        if (!pop) {
          unknownPopulation(cx, ns, it.source);
          break;
        }
        if (pop.source?.kind !== "dataset") {
          sink.report("E001", it.source.span, {
            what: `\`${it.source.name}\` is not a data-set source`,
            hint: "present a `SpikeSource[n] from dataset NAME ...` population",
          });
          break;
        }
        if (n !== undefined)
          presentation = {
            source: pop.name,
            dataset: pop.source.dataset,
            stepsPerSample: n,
            epochs: 1,
            span: it.span,
          };
        break;
      }
      case "phases":
        for (const ph of it.phases) {
          const n = intOf(cx, ns, ph.steps, "phase steps", { min: 1, steps: true });
          if (n === undefined) continue;
          if (phases.some((p) => p.name === ph.name.name)) {
            sink.report("N002", ph.name.span, { name: ph.name.name, first: "this phases block" });
            continue;
          }
          // `learn w1, hid;` names projections by label or id, or populations: a population
          // enables learning on every projection into it (learn-enable per population).
          const only: string[] = [];
          for (const id of ph.learnOnly ?? []) {
            if (declared.has(id.name)) only.push(id.name);
            else if (ns.pops.has(id.name)) {
              only.push(
                ...projections.filter((p) => p.post.population === id.name).map((p) => p.id),
              );
            } else {
              unknownPopulation(cx, ns, id, { what: "projection or population", names: declared });
            }
          }
          phases.push({
            name: ph.name.name,
            steps: n,
            learn: ph.learn,
            ...(ph.learnOnly ? { learnProjections: [...new Set(only)] } : {}),
            enable: checkPops(ph.enable).map((x) => x.name),
            disable: checkPops(ph.disable).map((x) => x.name),
            span: ph.span,
          });
        }
        break;
      case "learnIn":
        learnIn.push(...it.phases);
        break;
      case "rows": {
        const lo = intOf(cx, ns, it.lo, "row", { min: 0 });
        const hi = intOf(cx, ns, it.hi, "row", { min: 0 });
        if (lo !== undefined && hi !== undefined) rows[it.which.name] = [lo, hi];
        break;
      }
      case "readout": {
        if (!ns.pops.has(it.pop.name)) {
          unknownPopulation(cx, ns, it.pop);
          break;
        }
        const m = READOUTS[it.method.name as keyof typeof READOUTS];
        if (!m) {
          sink.report("N001", it.method.span, {
            what: "readout",
            name: it.method.name,
            hint: suggestHint(it.method.name, Object.keys(READOUTS)),
          });
          break;
        }
        readout = {
          population: it.pop.name,
          method: m,
          ...(it.phase ? { phase: it.phase.name } : {}),
          span: it.span,
        };
        break;
      }
      case "hostLearn": {
        const updates: string[] = [];
        for (const u of it.updates) {
          const p = projections.find(
            (x) => x.pre.population === u.pre.name && x.post.population === u.post.name,
          );
          if (!p) {
            // A declared projection that failed to elaborate has its own error already.
            if (!declaredEnds.has(`${u.pre.name}->${u.post.name}`))
              sink.report("N001", u.span, {
                what: "projection",
                name: `${u.pre.name} -> ${u.post.name}`,
                hint: "",
              });
            continue;
          }
          updates.push(p.id);
        }
        const every = it.every ? intOf(cx, ns, it.every, "host learning interval", { min: 1 }) : 1;
        const params: Record<string, number> = {};
        const builtin = BUILTIN_HOST_ROUTINES[it.name.name];
        if (!builtin) {
          const names = Object.keys(BUILTIN_HOST_ROUTINES);
          sink.report("E007", it.name.span, {
            name: it.name.name,
            builtins: names.join(", "),
            hint: suggestHint(
              it.name.name,
              names,
              "the image runs only where a routine of that name is registered (registerHostRoutine)",
            ),
          });
        }
        for (const f of it.params ?? []) {
          const structural = STRUCTURAL_HOST_PARAMS.includes(f.name.name);
          if (structural || (builtin && !builtin.includes(f.name.name))) {
            sink.report("E008", f.name.span, {
              routine: it.name.name,
              name: f.name.name,
              hint:
                structural || !builtin
                  ? `\`${f.name.name}\` is set by the host step's own clauses (updates, reads, every)`
                  : suggestHint(f.name.name, builtin, `it takes ${builtin.join(", ")}`),
            });
            continue;
          }
          const q = evalConst(f.value, netConst(cx, ns), sink);
          if (!q) continue;
          if (!dimEq(q.dim, DIMLESS)) {
            sink.report("U002", f.value.span, {
              expected: "a plain number",
              found: formatQuantity(q),
              hint: "",
            });
            continue;
          }
          params[f.name.name] = q.value;
        }
        hostLearning.push({
          name: it.name.name,
          updates,
          reads: it.reads.map(sourceText),
          everySamples: every ?? 1,
          ...(it.params ? { params } : {}),
          span: it.span,
        });
        const want = HOST_ROUTINE_UPDATES[it.name.name];
        if (want !== undefined && it.updates.length !== want)
          sink.report("E009", it.name.span, {
            routine: it.name.name,
            want,
            n: it.updates.length,
          });
        if (updates.length > 0)
          sink.report("E004", it.name.span, { name: it.name.name, n: updates.length });
        break;
      }
      default:
        break;
    }
  }
  for (const id of learnIn) {
    const ph = phases.find((p) => p.name === id.name);
    if (!ph)
      sink.report("E003", id.span, {
        name: id.name,
        hint: suggestHint(
          id.name,
          phases.map((p) => p.name),
        ),
      });
    else ph.learn = true;
  }
  if (readout?.phase && !phases.some((p) => p.name === readout?.phase)) {
    sink.report("E003", readout.span, {
      name: readout.phase,
      hint: suggestHint(
        readout.phase,
        phases.map((p) => p.name),
      ),
    });
  }
  if (presentation) {
    presentation.epochs = epochs;
    const ds = cx.datasets[presentation.dataset];
    for (const [which, r] of Object.entries(rows)) {
      if (which !== "train" && which !== "test") continue;
      if (ds?.rows !== undefined && (r[0] > r[1] || r[1] >= ds.rows)) {
        const item = run.items.find((x) => x.kind === "rows" && x.which.name === which)!;
        sink.report("Z008", item.span, { lo: r[0], hi: r[1], rows: ds.rows, name: ds.name });
      }
      presentation[which] = r;
    }
    const sum = phases.reduce((s, p) => s + p.steps, 0);
    if (phases.length === 0) {
      phases = [
        {
          name: "all",
          steps: presentation.stepsPerSample,
          learn: true,
          enable: [],
          disable: [],
          span: presentation.span,
        },
      ];
    } else if (sum !== presentation.stepsPerSample) {
      sink.report("E002", run.items.find((x) => x.kind === "phases")!.span, {
        sum,
        steps: presentation.stepsPerSample,
      });
    }
  } else if (steps === undefined) {
    // A misspelt setting, a bad `steps` value or a failed `present` (already reported) is the
    // likely cause; do not report twice.
    if (badSetting) return undefined;
    sink.report("E001", run.span, {
      what: `run of \`${run.network.name}\` has no duration`,
      hint: "add `steps N;` or `present SOURCE for N steps each;`",
    });
    return undefined;
  } else if (phases.length === 0) {
    phases = [{ name: "all", steps, learn: true, enable: [], disable: [], span: run.span }];
  } else {
    const sum = phases.reduce((s, p) => s + p.steps, 0);
    if (sum !== steps)
      sink.report("E002", run.items.find((x) => x.kind === "phases")!.span, { sum, steps });
  }
  return {
    network: run.network.name,
    profile: run.profile.name,
    dtMs: cx.dtSeconds * 1e3,
    seed,
    ...(steps !== undefined ? { steps } : {}),
    ...(presentation ? { presentation } : {}),
    phases,
    ...(readout ? { readout } : {}),
    hostLearning,
    span: run.span,
  };
}
