// Public surface of the learning-rule microcode. It must not add behaviour; it re-exports.

export { assembleRule } from "./asm.ts";
export {
  type Dependency,
  decodeRule,
  disassembleRule,
  encodeRule,
  type Factor,
  type LearningRule,
  LearningRuleError,
  MAX_FACTORS,
  type ProductTerm,
} from "./codec.ts";
export {
  ACC_MAX,
  ACC_MIN,
  evalLearningRule,
  LEARN_FRAC,
  type LearnResult,
  type SynapseContext,
  TRACE_MAX,
  updateTrace,
  W9_MAX,
  W9_MIN,
  type WeightLimits,
  weightLimits,
} from "./eval.ts";
export {
  checkLearnLayout,
  DEPENDENCIES,
  type DependencyKind,
  FACTOR_KINDS,
  FACTOR_WORDS,
  type FactorKind,
  findLearnOverlaps,
  LEARN_WORDS,
  type LearnField,
  type LearnTarget,
  type LearnVariable,
  type LearnWordDef,
  learnFieldMask,
  TARGETS,
  TERM_WORD,
  VARIABLES,
} from "./table.ts";
