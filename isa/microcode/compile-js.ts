// Emulator fast path: turns one validated microcode program into one JS function built from
// the table rows' `js` snippets, so a profile's program runs without per-instruction dispatch.
// It must produce exactly the interpreter's results (test/isa/microcode/compile-js.test.ts
// checks this on random programs); it must not add semantics of its own.

import { type Instruction, type ProgramLimits, validateProgram } from "./codec.ts";
import { MicrocodeFault } from "./interpreter.ts";
import { REG_Q, REG_VMAX, REG_VMIN, REG_ZERO } from "./operands.ts";
import { type JsNames, MICRO_OP_BY_MNEMONIC } from "./table.ts";

/** Slots of the `out` array a compiled program writes (Float64Array of length OUT_LENGTH). */
export const OUT_SPIKED = 0; // 1 if the compartment spiked this step, else 0
export const OUT_PAYLOAD = 1; // unsigned payload (1 for binary spikes), 0 without spike
export const OUT_CYCLES = 2; // cycles of the nominal clock, executed path
export const OUT_ENERGY_PJ = 3; // energy in pJ (estimate), executed path
export const OUT_Y_MASK = 4; // bit 2: y2 written, bit 3: y3 written
export const OUT_Y2 = 5; // value written to y2 (0..127) if bit 2 of the mask is set
export const OUT_Y3 = 6; // value written to y3 (0..127) if bit 3 of the mask is set
export const OUT_LENGTH = 7;

/**
 * A compiled program. Runs one compartment for one step: reads and writes its state registers
 * at st[base .. base + stateRegisters), reads q, constants K, VMIN, VMAX, and writes results to
 * `out` (slots above). Throws MicrocodeFault like the interpreter.
 */
export type CompiledMicrocode = (
  st: Int32Array,
  base: number,
  q: number,
  K: Int32Array,
  VMIN: number,
  VMAX: number,
  out: Float64Array,
) => void;

export interface CompileOptions extends ProgramLimits {
  /** Graded payload width; larger payloads saturate. Default 24. */
  payloadBits?: number;
}

const REG_JS = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t0", "t1", "t2", "t3"];

/** JS source of the function body (exported for inspection and snapshot tests). */
export function microcodeToJs(prog: readonly Instruction[], opts: CompileOptions = {}): string {
  const bits = opts.payloadBits ?? 24;
  const maxPayload = bits >= 31 ? 0x7fffffff : 2 ** bits - 1;
  const usedRegs = new Set<number>();
  const usedK = new Set<number>();
  for (const ins of prog) {
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op)!;
    row.operands.forEach((f, i) => {
      if (f.kind === "dst" || f.kind === "src") usedRegs.add(ins.args[i]!);
      if (f.kind === "k") usedK.add(ins.args[i]!);
    });
  }
  const names: JsNames = {
    reg: (i) =>
      i === REG_Q
        ? "q"
        : i === REG_VMIN
          ? "VMIN"
          : i === REG_VMAX
            ? "VMAX"
            : i === REG_ZERO
              ? "0"
              : REG_JS[i]!,
    k: (i) => `k${i}`,
    jump: (t) => `{ pc = ${t}; continue run; }`,
    halt: () => "break run;",
    fault: (msg) => `throw new MicrocodeFault(${msg}, pc);`,
    maxPayload: String(maxPayload),
  };
  // Inputs are int32 on the chip; coerce once so a caller's stray double cannot leak in.
  const lines: string[] = ["q |= 0; VMIN |= 0; VMAX |= 0;"];
  for (let i = 0; i < 8; i++) if (usedRegs.has(i)) lines.push(`let s${i} = st[base + ${i}] | 0;`);
  for (let i = 8; i < 12; i++) if (usedRegs.has(i)) lines.push(`let ${REG_JS[i]} = 0;`);
  for (const k of [...usedK].sort((a, b) => a - b)) lines.push(`const k${k} = K[${k}] | 0;`);
  lines.push("let spiked = 0, payload = 0, cyc = 0, en = 0, y2 = 0, y3 = 0, yMask = 0, pc = 0;");
  lines.push("run: for (;;) {", "switch (pc) {");
  prog.forEach((ins, pc) => {
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op)!;
    // pc is kept current only where a fault can name it; costs are charged before the effect,
    // exactly as the interpreter's wrapper does.
    const setPc = ins.op === "spikep" ? `pc = ${pc}; ` : "";
    lines.push(
      `case ${pc}: cyc += ${row.cycles}; en += ${row.energyPj}; ${setPc}${row.js(ins.args, names, pc)}`,
    );
  });
  lines.push("}", "break;", "}");
  for (let i = 0; i < 8; i++) if (usedRegs.has(i)) lines.push(`st[base + ${i}] = s${i};`);
  lines.push(
    "out[0] = spiked; out[1] = payload; out[2] = cyc; out[3] = en; out[4] = yMask; out[5] = y2; out[6] = y3;",
  );
  return lines.join("\n");
}

/** Validate and compile a program into one JS function (see CompiledMicrocode). */
export function compileMicrocode(
  code: Uint32Array | readonly Instruction[],
  opts: CompileOptions = {},
): CompiledMicrocode {
  const prog = code instanceof Uint32Array ? validateProgram(code, opts) : code;
  const body = microcodeToJs(prog, opts);
  const factory = new Function(
    "MicrocodeFault",
    `return function microcode(st, base, q, K, VMIN, VMAX, out) {\n${body}\n};`,
  ) as (f: typeof MicrocodeFault) => CompiledMicrocode;
  return factory(MicrocodeFault);
}
