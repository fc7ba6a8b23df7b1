// The network IR: the checked program with every projection expanded into explicit synapse
// lists held in typed arrays (no object per synapse), ready for discretization and placement.
// This file only declares types; it must not compute anything.

import type {
  CheckedDataset,
  CheckedExperiment,
  CheckedNeuronModel,
  CheckedProbe,
  CheckedRule,
  QuantizationRecord,
  ResolvedParam,
  SourceSpec,
  Span,
  WeightSpec,
} from "../check/checked.ts";

/** A population after lowering: a block of global neuron ids [offset, offset + size). */
export interface NetPopulation {
  name: string;
  /** Index in NetworkIR.populations. */
  index: number;
  size: number;
  shape: number[];
  /** First global neuron id (ids are dense over all populations, sources included). */
  offset: number;
  /** Host spike source (no compartments) when set. */
  source?: SourceSpec;
  /** Neuron model name (absent for sources). */
  model?: string;
  /** Resolved register parameters (absent for sources). */
  params?: Record<string, ResolvedParam>;
  span: Span;
}

/** One projection's synapses, entry k = synapse pre[k] -> post[k] (population-local indices). */
export interface NetProjection {
  id: string;
  /** Index in NetworkIR.projections. */
  index: number;
  prePop: number;
  postPop: number;
  /** Post-side input port ("q" for the dendritic input). */
  port: string;
  /** Number of synapses. */
  count: number;
  /** Pre neuron index within the pre population (Int32, length count). */
  pre: Int32Array;
  /** Post neuron index within the post population (Int32, length count). */
  post: Int32Array;
  /** Weight in q register units (the value to add to the accumulator), before rounding. */
  weight: Float64Array;
  /** Delay in steps, 0..maxDelay (Uint8, length count). */
  delay: Uint8Array;
  weightSpec: WeightSpec;
  /** Initial tag of every synapse (9-bit signed; the synapse type's `tag` init, else 0). */
  tagInit: number;
  /** Learning rule name or null for a static projection. */
  rule: string | null;
  tiedGroup: string | null;
  learnEnabled: boolean;
  span: Span;
}

export interface NetworkIR {
  name: string;
  file: string;
  profile: string;
  populations: NetPopulation[];
  projections: NetProjection[];
  neuronModels: Record<string, CheckedNeuronModel>;
  rules: Record<string, CheckedRule>;
  datasets: Record<string, CheckedDataset>;
  probes: CheckedProbe[];
  experiment?: CheckedExperiment;
  /** Core voltage limits the front end checked against (one pair per core). */
  vmin: number;
  vmax: number;
  /** Total global neuron ids (sum of population sizes). */
  neurons: number;
  /** The front end's quantization records, carried to the report. */
  quantization: QuantizationRecord[];
}
