// Public surface of isa/: the chip contract as data (image types, microcode, profiles, costs,
// learning microcode, PRNG, synapse memory accounting, image codec). It must not add
// behaviour; it only re-exports, so consumers import from one place.

export * from "./costs.ts";
export type * from "./image.ts";
export * from "./image-codec.ts";
export { DTYPES, type Dtype, dtypeOf, IMAGE_SCHEMA } from "./image-schema.ts";
export * from "./learning/index.ts";
export * from "./microcode/index.ts";
export * from "./prng.ts";
export * from "./profiles.ts";
export * from "./synapse-memory.ts";
export * from "./validate-image.ts";
