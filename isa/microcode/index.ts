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
  OUT_Y_MASK,
  OUT_Y2,
  OUT_Y3,
} from "./compile-js.ts";
export {
  type MicrocodeContext,
  MicrocodeFault,
  type MicrocodeResult,
  type MicrocodeStepLog,
  runMicrocode,
} from "./interpreter.ts";
export {
  formatOperand,
  isWritable,
  MAX_CONSTANTS,
  MAX_STATE_REGISTERS,
  OPERAND_KINDS,
  type OperandKind,
  type OperandKindInfo,
  REG_Q,
  REG_VMAX,
  REG_VMIN,
  REG_ZERO,
  REGISTER_NAMES,
  registerIndex,
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
  clampInt,
  decayInt32,
  type JsNames,
  MICRO_OP_BY_MNEMONIC,
  MICRO_OP_BY_OPCODE,
  MICRO_OPS,
  type MicroMachine,
  type MicroOpDef,
  OPCODE_BITS,
  OPCODE_SHIFT,
  type OperandField,
  wrapInt,
} from "./table.ts";
