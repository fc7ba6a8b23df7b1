// The chip image's schema as data: every field of image.ts with its kind and, for typed
// arrays, its element type. The codec walks it to turn an image into plain msgpack values and
// back, checking presence and dtype of every field. It must stay in step with image.ts
// (test/isa/image-codec.test.ts round-trips a fully populated image) and docs/image-format.md.

import type { IntArray } from "./image.ts";

export const DTYPES = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
} as const;
export type Dtype = keyof typeof DTYPES;

export type Schema =
  | { t: "str" }
  | { t: "num" }
  | { t: "int" }
  | { t: "bool" }
  | { t: "enum"; values: readonly string[] }
  /** Typed array. Written 1-D, or 2-D [length / n, n] when `cols` names a sibling integer
   *  field n that divides the length (row-major, for readers in other languages). */
  | { t: "ta"; dtype: Dtype; cols?: string }
  | { t: "arr"; of: Schema }
  | { t: "tuple"; of: Schema[] }
  | { t: "obj"; fields: Record<string, Schema>; optional?: string[] }
  | { t: "nullable"; of: Schema }
  | { t: "union"; tag: string; variants: Record<string, Record<string, Schema>> }
  | { t: "record"; of: Schema }
  | { t: "scalar" };

const str: Schema = { t: "str" };
const num: Schema = { t: "num" };
const int: Schema = { t: "int" };
const bool: Schema = { t: "bool" };
const ta = (dtype: Dtype): Schema => ({ t: "ta", dtype });
const arr = (of: Schema): Schema => ({ t: "arr", of });
const obj = (fields: Record<string, Schema>, optional?: string[]): Schema =>
  optional ? { t: "obj", fields, optional } : { t: "obj", fields };
const tuple = (...of: Schema[]): Schema => ({ t: "tuple", of });

const TRACE_CONFIG = obj({ impulse: tuple(int, int, int), decay: tuple(int, int, int) });

export const CORE_SCHEMA: Schema = obj({
  index: int,
  chip: int,
  tileX: int,
  tileY: int,
  compartments: int,
  profileOf: ta("uint8"),
  neuronProfiles: arr(
    obj({ name: str, code: ta("uint32"), constants: ta("int32"), persistent: int }, ["persistent"]),
  ),
  vmin: int,
  vmax: int,
  initialState: { t: "ta", dtype: "int32", cols: "stateRegisters" },
  stateRegisters: int,
  synapseFormats: arr(
    obj({
      weightBits: int,
      weightExp: int,
      signMode: { t: "enum", values: ["mixed", "excitatory", "inhibitory"] },
      delayBits: int,
      tagBits: int,
      rule: int,
      sparse: bool,
    }),
  ),
  inputAxons: int,
  axonStart: ta("uint32"),
  synTarget: ta("uint16"),
  synWeight: ta("int16"),
  synDelay: ta("uint8"),
  synFormat: ta("uint8"),
  synTag: ta("int16"),
  outStart: ta("uint32"),
  routeCore: ta("uint32"),
  routeAxon: ta("uint32"),
  learning: {
    t: "nullable",
    of: obj({
      epoch: int,
      preTrace: arr(TRACE_CONFIG),
      axonTraceConfig: ta("uint8"),
      postTrace: arr(TRACE_CONFIG),
      rules: arr(ta("uint32")),
      learnEnable: ta("uint8"),
    }),
  },
  utilization: { t: "record", of: tuple(num, num) },
});

export const IMAGE_SCHEMA: Schema = obj({
  profile: str,
  costProfile: str,
  chips: int,
  name: str,
  cores: arr(CORE_SCHEMA),
  sources: arr(
    obj({
      name: str,
      channels: int,
      kind: {
        t: "union",
        tag: "type",
        variants: {
          steps: { channel: ta("uint32"), step: ta("uint32") },
          periodic: { period: int, start: int },
          bernoulli: { probQ16: ta("uint32"), seed: int },
          "dataset-rate": { dataset: int, maxProbQ16: int, seed: int },
          "dataset-rate-frozen": { dataset: int, maxProbQ16: int, seed: int },
          "dataset-latency": { dataset: int, window: int },
          "label-onehot": { dataset: int, period: int },
        },
      },
      phases: arr(int),
      outStart: ta("uint32"),
      routeCore: ta("uint32"),
      routeAxon: ta("uint32"),
    }),
  ),
  experiment: obj({
    dtMs: num,
    seed: int,
    steps: int,
    datasets: arr(
      obj({
        name: str,
        rows: int,
        cols: int,
        values: { t: "ta", dtype: "uint16", cols: "cols" },
        labels: ta("int32"),
        trainRows: tuple(int, int),
        testRows: tuple(int, int),
      }),
    ),
    presentation: {
      t: "nullable",
      of: obj({
        dataset: int,
        phases: arr(
          obj({ name: str, steps: int, learn: bool, learnCores: arr(int) }, ["learnCores"]),
        ),
        epochs: int,
        resetBetweenSamples: bool,
      }),
    },
    readout: {
      t: "nullable",
      of: obj({ population: str, phase: str, rule: { t: "enum", values: ["argmax-count"] } }),
    },
  }),
  probes: arr(
    obj(
      {
        population: str,
        neurons: ta("int32"),
        what: { t: "enum", values: ["spikes", "u", "v", "state", "weights"] },
        projection: str,
        every: int,
      },
      ["projection"],
    ),
  ),
  populations: arr(
    obj({
      name: str,
      size: int,
      shape: arr(int),
      core: ta("int32"),
      compartment: ta("int32"),
      isSource: bool,
    }),
  ),
  projections: arr(
    obj({
      id: str,
      pre: str,
      post: str,
      plastic: bool,
      tiedGroup: int,
      preIndex: ta("int32"),
      postIndex: ta("int32"),
      core: ta("int32"),
      slot: ta("int32"),
      weightExp: int,
    }),
  ),
  hostLearning: arr(obj({ name: str, routine: str, params: { t: "record", of: { t: "scalar" } } })),
});

/** dtype name of a typed array, or undefined for anything else. */
export function dtypeOf(a: unknown): Dtype | undefined {
  for (const [name, ctor] of Object.entries(DTYPES))
    if (a instanceof ctor && a.constructor === ctor) return name as Dtype;
  return undefined;
}

export type { IntArray };
