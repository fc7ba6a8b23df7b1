// Hand-built checked programs for back-end tests, shaped exactly as the front end elaborates
// them (compiler/check/neuron.ts), so back-end stages can be tested without the parser.
import type {
  CheckedNeuronModel,
  CheckedPopulation,
  CheckedProgram,
  CheckedProjection,
  ConnectorSpec,
  DynExpr,
  ResolvedParam,
  SourceSpec,
  Span,
  WeightSpec,
} from "../../compiler/check/checked.ts";

export const SPAN = (line = 1, col = 1, len = 1): Span => ({
  file: "test.snn",
  line,
  col,
  endLine: line,
  endCol: col + len,
  offset: 0,
  length: len,
});

const S = SPAN();
const st = (name: string): DynExpr => ({ op: "state", name, span: S });
const pa = (name: string): DynExpr => ({ op: "param", name, span: S });
const c = (value: number): DynExpr => ({ op: "const", value, span: S });

/** The standard CUBA LIF of chip.md section 3 as the front end elaborates it. */
export function cubaLifModel(isCubaLif = true): CheckedNeuronModel {
  const param = (name: string, value: number, min: number, max: number): ResolvedParam => ({
    name,
    value,
    min,
    max,
    origin: "default",
    span: S,
  });
  const u: DynExpr = {
    op: "wrap",
    bits: 24,
    span: S,
    a: {
      op: "add",
      span: S,
      a: { op: "decay", a: st("u"), decay: pa("decay_u"), offset: 1, span: S },
      b: { op: "wrap", a: { op: "input", name: "q", span: S }, bits: 22, span: S },
    },
  };
  const u2: DynExpr = {
    op: "wrap",
    bits: 24,
    span: S,
    a: {
      op: "add",
      a: st("u"),
      b: { op: "shl", a: pa("bias_mant"), by: pa("bias_exp"), span: S },
      span: S,
    },
  };
  const v: DynExpr = {
    op: "clamp",
    span: S,
    lo: { op: "vmin", span: S },
    hi: { op: "vmax", span: S },
    a: {
      op: "add",
      a: { op: "decay", a: st("v"), decay: pa("decay_v"), offset: 0, span: S },
      b: u2,
      span: S,
    },
  };
  const cond = {
    op: "cmp" as const,
    cmp: ">" as const,
    a: st("v"),
    b: { op: "shl" as const, a: pa("vth_mant"), by: c(6), span: S },
    span: S,
  };
  return {
    name: "CubaLIF",
    lineage: ["CubaLIF"],
    state: [
      { name: "u", bits: 24, signed: true, init: 0, persistent: false, span: S },
      { name: "v", bits: 24, signed: true, init: 0, persistent: false, span: S },
      { name: "ref", bits: 6, signed: false, init: 0, persistent: false, span: S },
    ],
    params: [
      param("decay_u", 410, 0, 4095),
      param("decay_v", 205, 0, 4095),
      param("vth_mant", 100, 0, 2 ** 17 - 1),
      param("bias_mant", 0, -4096, 4095),
      param("bias_exp", 0, 0, 7),
      param("refract", 1, 1, 63),
    ],
    inputs: [],
    program: [
      { op: "set", name: "u", value: u, span: S },
      { op: "set", name: "v", value: v, span: S },
      {
        op: "if",
        cond: { op: "cmp", cmp: ">", a: st("ref"), b: c(0), span: S },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
        then: [
          { op: "set", name: "v", value: c(0), span: S },
          { op: "set", name: "ref", value: { op: "sub", a: st("ref"), b: c(1), span: S }, span: S },
        ],
        else: [
          {
            op: "if",
            cond,
            // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
            then: [
              { op: "spike", span: S },
              { op: "set", name: "v", value: c(0), span: S },
              {
                op: "set",
                name: "ref",
                value: { op: "sub", a: pa("refract"), b: c(1), span: S },
                span: S,
              },
            ],
            else: [],
            span: S,
          },
        ],
        span: S,
      },
    ],
    spike: { cond, span: S },
    reset: { target: "v", mode: "to", value: c(0), span: S },
    floor: null,
    refractory: {
      counter: "ref",
      period: pa("refract"),
      hold: { target: "v", value: c(0) },
      span: S,
    },
    graded: false,
    exports: [],
    weightUnits: {},
    isCubaLif,
    span: S,
  };
}

/** Resolved parameters of a CUBA LIF population. */
export function cubaParams(
  over: Partial<Record<string, number>> = {},
): Record<string, ResolvedParam> {
  const out: Record<string, ResolvedParam> = {};
  for (const p of cubaLifModel().params) {
    out[p.name] = {
      ...p,
      value: over[p.name] ?? p.value,
      origin: over[p.name] === undefined ? "default" : "set",
    };
  }
  return out;
}

export function lifPop(
  name: string,
  size: number,
  over: Partial<Record<string, number>> = {},
  span = S,
): CheckedPopulation {
  return { name, size, shape: [size], model: "CubaLIF", params: cubaParams(over), span };
}

export function sourcePop(
  name: string,
  size: number,
  source: SourceSpec,
  span = S,
): CheckedPopulation {
  return { name, size, shape: [size], source, span };
}

export function weight(value: number, over: Partial<WeightSpec> = {}): WeightSpec {
  return {
    gen: { kind: "constant", value },
    scale: 1,
    unit: "",
    signMode: "mixed",
    bits: 8,
    allowFlushToZero: false,
    span: S,
    ...over,
  };
}

export function project(
  pre: CheckedPopulation,
  post: CheckedPopulation,
  connector: ConnectorSpec,
  w: WeightSpec,
  over: Partial<CheckedProjection> = {},
): CheckedProjection {
  const slice = (p: CheckedPopulation) => ({
    population: p.name,
    ranges: [[0, p.size]] as [number, number][],
    size: p.size,
    port: "q",
    span: S,
  });
  return {
    id: `${pre.name}->${post.name}`,
    pre: slice(pre),
    post: slice(post),
    synapse: "Static",
    connector: { ...connector, span: S },
    weight: w,
    delay: { steps: 0, mode: "axonal", span: S },
    rule: null,
    tiedGroup: null,
    learnEnabled: true,
    span: S,
    ...over,
  };
}

export function program(
  populations: CheckedPopulation[],
  projections: CheckedProjection[],
  extra: Partial<CheckedProgram> = {},
): CheckedProgram {
  return {
    file: "test.snn",
    neuronModels: { CubaLIF: cubaLifModel() },
    synapses: {},
    rules: {},
    datasets: {},
    populations,
    projections,
    probes: [],
    experiment: {
      network: "Test",
      profile: "loihi",
      dtMs: 1,
      seed: 1,
      steps: 10,
      phases: [],
      hostLearning: [],
      span: S,
    },
    profile: {
      name: "loihi",
      maxDelay: 7,
      gradedSpikeBits: 0,
      vmin: -(2 ** 23) + 1,
      vmax: 2 ** 23 - 1,
    },
    quantization: [],
    ...extra,
  };
}
