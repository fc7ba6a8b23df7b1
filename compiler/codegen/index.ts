// Codegen stage: one compartment profile (microcode + constant pool + initial state) per
// distinct (neuron model, parameter values), and the learning configuration of each plastic
// rule. The standard CUBA LIF uses isa's CUBA_LIF program (whose cost paths are calibrated to
// Davies 2018); every other model is compiled from its dynamics IR. It must not place or
// encode cores.
import {
  assemble,
  CUBA_LIF,
  CUBA_STATE,
  cubaLifConstants,
  MicrocodeError,
  validateProgram,
} from "../../isa/index.ts";
import type { ChipProfile } from "../../isa/profiles.ts";
import { backendDiagnostic } from "../backend-diagnostics.ts";
import type { CheckedNeuronModel, DynCond, DynExpr, ResolvedParam } from "../check/checked.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import type { NetworkIR } from "../lower/index.ts";
import { type RuleCode, RuleError, ruleCode } from "./learning.ts";
import { CodegenError, neuronAssembly } from "./neuron.ts";

export { EMPTY_RULE, type RuleCode, ruleCode } from "./learning.ts";
export { CodegenError, neuronAssembly } from "./neuron.ts";

/** The code of one compartment profile. */
export interface NeuronProfileCode {
  /** Stable key: model name and parameter values. */
  key: string;
  name: string;
  model: string;
  code: Uint32Array;
  constants: Int32Array;
  /** Initial value of each state register (length = stateRegisters of the model). */
  initialState: Int32Array;
  /** Bit r set: state register r is `persistent` (kept by the between-sample reset). */
  persistentMask: number;
  /** Key of the threshold this profile compares against (threshold-profile accounting). */
  thresholdKey: string;
  /** True when the standard CUBA LIF program is used. */
  standard: boolean;
}

export interface CodegenResult {
  /** Per population index: its profile (undefined for spike sources). */
  profileOf: (NeuronProfileCode | undefined)[];
  profiles: NeuronProfileCode[];
  /** State registers each core stores (max over the models used). */
  stateRegisters: number;
  /** Learning rules used by plastic projections, by rule name. */
  rules: Record<string, RuleCode>;
  diagnostics: Diagnostic[];
}

const val = (params: Record<string, ResolvedParam>, n: string): number | undefined =>
  params[n]?.value;

/** Constant pool of the standard CUBA LIF if the model is it and its parameters are known. */
function standardCuba(
  model: CheckedNeuronModel,
  params: Record<string, ResolvedParam>,
): Int32Array | null {
  // Exports and input ports add statements the fixed program does not have.
  if (!model.isCubaLif || model.exports.length > 0 || model.inputs.length > 0) return null;
  if (model.program.some((st) => st.op === "export")) return null;
  const s = model.state.map((x) => x.name);
  if (s.length !== 3 || s[CUBA_STATE.u] !== "u" || s[CUBA_STATE.v] !== "v") return null;
  if (model.refractory && model.refractory.counter !== s[CUBA_STATE.ref]) return null;
  const decayU = val(params, "decay_u");
  const decayV = val(params, "decay_v");
  const vthMant = val(params, "vth_mant");
  if (decayU === undefined || decayV === undefined || vthMant === undefined) return null;
  try {
    return cubaLifConstants({
      decayU,
      decayV,
      vthMant,
      biasMant: val(params, "bias_mant") ?? 0,
      biasExp: val(params, "bias_exp") ?? 0,
      refract: val(params, "refract") ?? 1,
    });
  } catch {
    return null;
  }
}

function paramsIn(e: DynExpr | DynCond, out: Set<string>): void {
  const x = e as unknown as Record<string, unknown> & { op: string; name?: string };
  if (x.op === "param" && x.name) out.add(x.name);
  for (const k of ["a", "b", "by", "decay", "lo", "hi"]) {
    const c = x[k];
    if (c && typeof c === "object") paramsIn(c as DynExpr, out);
  }
}

export function codegen(ir: NetworkIR, profile: ChipProfile): CodegenResult {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, NeuronProfileCode>();
  const profiles: NeuronProfileCode[] = [];
  let stateRegisters = 0;
  const profileOf = ir.populations.map((pop) => {
    if (pop.source || !pop.model) return undefined;
    const model = ir.neuronModels[pop.model];
    if (!model) {
      diagnostics.push(
        backendDiagnostic("B006", pop.span, { model: pop.model, why: "model not found", hint: "" }),
      );
      return undefined;
    }
    const params = pop.params ?? {};
    const values = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]!.value}`);
    const key = `${model.name}(${values.join(",")})`;
    const known = byKey.get(key);
    if (known) return known;
    const thr = new Set<string>();
    paramsIn(model.spike.cond, thr);
    const thresholdKey = [...thr]
      .sort()
      .map((k) => `${k}=${params[k]?.value}`)
      .join(",");
    const initialState = Int32Array.from(model.state.map((s) => s.init));
    const persistentMask = model.state.reduce((m, s, r) => (s.persistent ? m | (1 << r) : m), 0);
    stateRegisters = Math.max(stateRegisters, model.state.length);
    let code: Uint32Array;
    let constants: Int32Array;
    const std = standardCuba(model, params);
    try {
      if (std) {
        code = CUBA_LIF;
        constants = std;
      } else {
        const asm = neuronAssembly(model, params, {
          stateRegisters: profile.maxStateRegisters,
          constants: profile.maxConstants,
          graded: profile.payloadBits > 0,
        });
        code = assemble(asm.text);
        constants = asm.constants;
      }
      validateProgram(code, {
        stateRegisters: profile.maxStateRegisters,
        constants: constants.length,
        graded: profile.payloadBits > 0,
        maxWords: profile.maxProgramWords,
      });
    } catch (e) {
      if (e instanceof CodegenError) {
        diagnostics.push(
          backendDiagnostic("B006", e.span, { model: model.name, why: e.message, hint: e.hint }),
        );
        return undefined;
      }
      if (e instanceof MicrocodeError) {
        diagnostics.push(
          backendDiagnostic("B006", model.span, {
            model: model.name,
            why: e.message,
            hint: "simplify the dynamics",
          }),
        );
        return undefined;
      }
      throw e;
    }
    const pc: NeuronProfileCode = {
      key,
      name: `${model.name}#${profiles.length}`,
      model: model.name,
      code,
      constants,
      initialState,
      persistentMask,
      thresholdKey: `${model.name}:${thresholdKey}`,
      standard: std !== null,
    };
    byKey.set(key, pc);
    profiles.push(pc);
    return pc;
  });
  const rules: Record<string, RuleCode> = {};
  for (const p of ir.projections) {
    if (!p.rule || rules[p.rule]) continue;
    const r = ir.rules[p.rule];
    if (!r) {
      diagnostics.push(
        backendDiagnostic("B008", p.span, {
          what: `learning rule \`${p.rule}\` (not found)`,
          profile: profile.name,
          hint: "",
        }),
      );
      continue;
    }
    try {
      rules[p.rule] = ruleCode(r, profile.maxLearningTerms);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      diagnostics.push(
        backendDiagnostic("B011", e.span, {
          rule: r.name,
          why: e.message,
          hint: "rewrite the term within the engine's limits",
        }),
      );
    }
  }
  return { profileOf, profiles, stateRegisters, rules, diagnostics };
}
