// Public surface of the neuron microcode: the instruction table and everything derived from
// it. It must not add behaviour; it only re-exports.

export { assemble, assembleInstructions, type DisassembleOptions, disassemble } from "./asm.ts";
export {
  checkTableLayout,
  decodeInstruction,
  decodeProgram,
  encodeInstruction,
  encodeProgram,
  findEncodingOverlaps,
  type Instruction,
  MicrocodeError,
  maskMatch,
  type ProgramLimits,
  validateProgram,
} from "./codec.ts";
export {
  type CompiledMicrocode,
  type CompileOptions,
  compileMicrocode,
  microcodeToJs,
  OUT_CYCLES,
  OUT_ENERGY_PJ,
  OUT_LENGTH,
  OUT_PAYLOAD,
  OUT_SPIKED,
  OUT_Y2,
  OUT_Y3,
  OUT_Y_MASK,
} from "./compile-js.ts";
export {
  type MicrocodeContext,
  MicrocodeFault,
  type MicrocodeResult,
  type MicrocodeStepLog,
  runMicrocode,
} from "./interpreter.ts";
export {
  MAX_CONSTANTS,
  MAX_STATE_REGISTERS,
  OPERAND_KINDS,
  type OperandKind,
  REGISTER_NAMES,
} from "./operands.ts";
export {
  CUBA_K,
  CUBA_LIF,
  CUBA_LIF_SOURCE,
  CUBA_STATE,
  CUBA_STATE_REGISTERS,
  type CubaLifParams,
  cubaLifConstants,
  voltageLimits,
} from "./std-programs.ts";
export {
  decayInt32,
  type JsNames,
  MICRO_OP_BY_MNEMONIC,
  MICRO_OP_BY_OPCODE,
  MICRO_OPS,
  type MicroMachine,
  type MicroOpDef,
  wrapInt,
} from "./table.ts";
