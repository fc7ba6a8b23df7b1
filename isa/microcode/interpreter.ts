// Reference interpreter of neuron microcode: runs one compartment's program for one step,
// one table row at a time. It is the semantic oracle the emulator's compiled fast path
// (compile-js.ts) is tested against; it favours clarity over speed and must not be the
// emulator's inner loop.

import { type Instruction, MicrocodeError, validateProgram } from "./codec.ts";
import { REG_Q, REG_VMAX, REG_VMIN, REG_ZERO } from "./operands.ts";
import { MICRO_OP_BY_MNEMONIC, type MicroMachine } from "./table.ts";

/** A program fault at run time (e.g. a negative spike payload): the chip stops the core. */
export class MicrocodeFault extends MicrocodeError {
  constructor(message: string, pc: number) {
    super(`microcode fault: ${message}`, pc);
    this.name = "MicrocodeFault";
  }
}

export interface MicrocodeContext {
  /** State registers; the compartment's s0..s{n-1} are state[stateOffset + i]. Mutated in place
   *  (the registers are persistent per compartment). Signed 32-bit. */
  state: Int32Array;
  /** Index of s0 in `state` (compartment * stateRegisters). Default 0. */
  stateOffset?: number;
  /** State registers stored per compartment. Default min(8, state.length - stateOffset). */
  stateRegisters?: number;
  /** Dendritic input of this step (raw int32 accumulator). */
  q: number;
  /** Profile constants k0.. (signed 32-bit). */
  constants: Int32Array;
  /** Core voltage limits. */
  vmin: number;
  vmax: number;
  /** Width of graded payloads; larger payloads saturate. Default 24. */
  payloadBits?: number;
  /** Record each executed instruction (pc, mnemonic, destination value) for golden tests. */
  record?: boolean;
}

export interface MicrocodeStepLog {
  pc: number;
  op: string;
  /** Value written to the destination register, if the instruction has one. */
  wrote?: number;
  cycles: number;
  energyPj: number;
}

export interface MicrocodeResult {
  spiked: boolean;
  /** Unsigned payload of the spike (1 for `spike`), 0 when no spike. */
  payload: number;
  /** Post-trace writes (y2/y3, saturated to 0..127) in program order. */
  traceWrites: { trace: 2 | 3; value: number }[];
  /** Cycles of the nominal core clock and energy (pJ, estimate) of the executed path. */
  cycles: number;
  energyPj: number;
  /** Instructions executed. */
  executed: number;
  log?: MicrocodeStepLog[];
}

/** Run a program once for one compartment. `program` is encoded words (validated here) or an
 *  already validated instruction list. Throws MicrocodeFault on a fault, MicrocodeError on a
 *  malformed program. */
export function runMicrocode(
  program: Uint32Array | readonly Instruction[],
  ctx: MicrocodeContext,
): MicrocodeResult {
  const off = ctx.stateOffset ?? 0;
  const nState = ctx.stateRegisters ?? Math.min(8, ctx.state.length - off);
  const prog =
    program instanceof Uint32Array
      ? validateProgram(program, {
          stateRegisters: nState,
          constants: Math.max(ctx.constants.length, 0),
        })
      : program;
  const r = new Int32Array(16);
  for (let i = 0; i < nState; i++) r[i] = ctx.state[off + i]!;
  r[REG_Q] = ctx.q;
  r[REG_VMIN] = ctx.vmin;
  r[REG_VMAX] = ctx.vmax;
  r[REG_ZERO] = 0;
  const k = new Int32Array(16);
  k.set(ctx.constants.subarray(0, 16));
  const bits = ctx.payloadBits ?? 24;
  const m: MicroMachine = {
    r,
    k,
    next: -1,
    halted: false,
    spiked: false,
    payload: 0,
    traceWrites: [],
    maxPayload: bits >= 31 ? 0x7fffffff : 2 ** bits - 1,
    fault: (msg) => {
      throw new MicrocodeFault(msg, -1);
    },
  };
  const log: MicrocodeStepLog[] | undefined = ctx.record ? [] : undefined;
  let cycles = 0;
  let energyPj = 0;
  let executed = 0;
  let pc = 0;
  while (!m.halted) {
    const ins = prog[pc];
    if (!ins) throw new MicrocodeFault(`execution ran past the end of the program (pc ${pc})`, pc);
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op);
    if (!row) throw new MicrocodeError(`unknown instruction '${ins.op}'`, pc);
    // The one shared wrapper: every instruction is charged here, so no row can forget it.
    cycles += row.cycles;
    energyPj += row.energyPj;
    executed++;
    m.next = -1;
    try {
      row.exec(ins.args, m, pc);
    } catch (e) {
      if (e instanceof MicrocodeFault && e.pc === -1)
        throw new MicrocodeFault(e.message.replace(/^microcode fault: /, ""), pc);
      throw e;
    }
    if (log) {
      const hasDst = row.operands[0]?.kind === "dst";
      log.push({
        pc,
        op: ins.op,
        ...(hasDst ? { wrote: r[ins.args[0]!]! } : {}),
        cycles: row.cycles,
        energyPj: row.energyPj,
      });
    }
    pc = m.next >= 0 ? m.next : pc + 1;
  }
  for (let i = 0; i < nState; i++) ctx.state[off + i] = r[i]!;
  return {
    spiked: m.spiked,
    payload: m.spiked ? m.payload : 0,
    traceWrites: m.traceWrites,
    cycles,
    energyPj,
    executed,
    ...(log ? { log } : {}),
  };
}
