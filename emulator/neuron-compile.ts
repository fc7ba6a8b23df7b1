// Compiles one compartment profile's microcode into ONE specialised JS function (a NeuronKernel)
// that loops over that profile's compartments on typed arrays. Every instruction's semantics is
// the isa table's `js` snippet and every cost is the table's cycles/energy: this file only
// arranges snippets (registers as locals, forward branches as labelled blocks, cost charged
// once per basic block). It must not define what any instruction does.
import { decodeProgram } from "../isa/microcode/codec.ts";
import { REG_Q, REG_VMAX, REG_VMIN, REG_ZERO } from "../isa/microcode/operands.ts";
import { type JsNames, MICRO_OP_BY_MNEMONIC, type MicroOpDef } from "../isa/microcode/table.ts";
import type { NeuronKernel } from "./kernel.ts";

interface Decoded {
  row: MicroOpDef;
  args: number[];
}

/** Absolute branch targets of instruction `pc` (empty for non-branches). */
function targetsOf(ins: Decoded, pc: number): number[] {
  const out: number[] = [];
  ins.row.operands.forEach((f, i) => {
    if (f.kind === "target") out.push(pc + 1 + (ins.args[i] as number));
  });
  return out;
}

/** Registers read or written by a program (so only those become locals). */
function registersUsed(prog: Decoded[]): { read: Set<number>; written: Set<number> } {
  const read = new Set<number>();
  const written = new Set<number>();
  for (const ins of prog) {
    ins.row.operands.forEach((f, i) => {
      const v = ins.args[i] as number;
      if (f.kind === "dst") written.add(v);
      if (f.kind === "src") read.add(v);
    });
  }
  return { read, written };
}

/** The JS source of the kernel body, exported so tests and docs can show what was generated. */
export function generateKernelSource(code: Uint32Array, payloadBits: number): string {
  const prog: Decoded[] = decodeProgram(code).map((ins) => {
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op);
    if (!row) throw new Error(`unknown microcode op '${ins.op}'`);
    return { row, args: ins.args };
  });
  const { read, written } = registersUsed(prog);
  // Basic blocks: leaders are pc 0, every branch target and every instruction after a control
  // transfer. All targets are forward, so a block ending at target T can open at pc 0: the
  // labelled blocks `L_T: { ... }` all share their start and nest, and `break L_T` is the jump.
  const targets = new Set<number>();
  const leaders = new Set<number>([0]);
  prog.forEach((ins, pc) => {
    const ts = targetsOf(ins, pc);
    for (const t of ts) {
      targets.add(t);
      leaders.add(t);
    }
    if (ts.length > 0 || ins.row.mnemonic === "end") leaders.add(pc + 1);
  });
  const names: JsNames = {
    reg: (i) => {
      if (i === REG_ZERO) return "0";
      if (i === REG_Q) return "q";
      if (i === REG_VMIN) return "VMIN";
      if (i === REG_VMAX) return "VMAX";
      return i < 8 ? `s${i}` : `t${i - 8}`;
    },
    k: (i) => `k${i}`,
    jump: (t) => `break L${t};`,
    halt: () => "break P;",
    fault: (msg) => `fault(c, ${msg});`,
    maxPayload: String(payloadBits > 0 ? 2 ** payloadBits - 1 : 1),
  };
  const sortedTargets = [...targets].sort((a, b) => b - a);
  const lines: string[] = [];
  lines.push("P: {");
  for (const t of sortedTargets) lines.push(`L${t}: {`);
  // Each basic block counts its executions in an integer local; its cycles and energy (the sum
  // of its rows' table figures) are multiplied in once per kernel call.
  const blocks: { cycles: number; energyPj: number }[] = [];
  prog.forEach((ins, pc) => {
    if (targets.has(pc)) lines.push(`} // L${pc}`);
    if (leaders.has(pc)) {
      lines.push(`n${blocks.length}++;`);
      blocks.push({ cycles: 0, energyPj: 0 });
    }
    const b = blocks[blocks.length - 1] as { cycles: number; energyPj: number };
    b.cycles += ins.row.cycles;
    b.energyPj += ins.row.energyPj;
    lines.push(ins.row.js(ins.args, names, pc));
  });
  lines.push("} // P");
  const locals: string[] = [];
  for (let i = 0; i < 8; i++) {
    if (read.has(i) || written.has(i)) locals.push(`let s${i} = state[b + ${i}];`);
  }
  for (let i = 0; i < 4; i++)
    if (read.has(8 + i) || written.has(8 + i)) locals.push(`let t${i} = 0;`);
  const writeBack: string[] = [];
  for (let i = 0; i < 8; i++) if (written.has(i)) writeBack.push(`state[b + ${i}] = s${i};`);
  const consts = Array.from(
    { length: 16 },
    (_, i) => `const k${i} = k.length > ${i} ? k[${i}] : 0;`,
  );
  return [
    ...consts,
    `let nsp = 0${blocks.map((_, i) => `, n${i} = 0`).join("")};`,
    "for (let j = 0; j < count; j++) {",
    "const c = idx[j];",
    "const b = c * nsr;",
    "const q = ring[rowBase + c];",
    "ring[rowBase + c] = 0;",
    ...locals,
    "let spiked = 0, payload = 0, y2 = 0, y3 = 0, yMask = 0;",
    ...lines,
    ...writeBack,
    "if (spiked !== 0) { if (payload < 0) fault(c, 'negative spike payload ' + payload); spikes[nSpikes] = c; payloads[nSpikes] = payload; nSpikes++; nsp++; }",
    "if (yMask !== 0) { if (yMask & 4) post[2 * c] = y2; if (yMask & 8) post[2 * c + 1] = y3; }",
    "}",
    `acc[0] += ${blocks.map((b, i) => `n${i} * ${b.cycles}`).join(" + ") || "0"};`,
    `acc[1] += ${blocks.map((b, i) => `n${i} * ${b.energyPj}`).join(" + ") || "0"};`,
    "acc[2] += nsp;",
    "return nSpikes;",
  ].join("\n");
}

/** Builds the kernel function for one program (cached by the caller per profile). */
export function compileNeuronKernel(code: Uint32Array, payloadBits: number): NeuronKernel {
  const body = generateKernelSource(code, payloadBits);
  // new Function: the program's semantics come from the table's snippets, specialised once.
  return new Function(
    "idx",
    "count",
    "state",
    "nsr",
    "ring",
    "rowBase",
    "k",
    "VMIN",
    "VMAX",
    "spikes",
    "payloads",
    "nSpikes",
    "post",
    "acc",
    "fault",
    // Named in profiles and stack traces (a generated function is otherwise "anonymous").
    `${body}\n//# sourceURL=snn-neuron-kernel.js`,
  ) as NeuronKernel;
}
