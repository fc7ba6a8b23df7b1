// Static sign analysis of neuron microcode: proves that every graded spike (`spikep`) sends a
// non-negative payload (chip.md section 5: spikes are unsigned), or names the instruction that
// might not. Conservative: a register is "non-negative" only when every path that reaches the
// instruction makes it so without a possible 32-bit wrap. It never runs the program.
import type { Instruction } from "../isa/microcode/codec.ts";
import { REG_VMAX, REG_VMIN, REG_ZERO } from "../isa/microcode/operands.ts";
import { MICRO_OP_BY_MNEMONIC } from "../isa/microcode/table.ts";

/** pcs of `spikep` instructions whose payload register is not proven non-negative. */
export function unprovenPayloads(
  prog: Instruction[],
  constants: Int32Array,
  vmin: number,
  vmax: number,
): { pc: number; reg: number }[] {
  const k = (i: number) => (i < constants.length ? (constants[i] as number) : 0);
  // Bit i set: register i is known >= 0. t0..t3 and z start at 0; q and state are unknown.
  let init = (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << REG_ZERO);
  if (vmin >= 0) init |= 1 << REG_VMIN;
  if (vmax >= 0) init |= 1 << REG_VMAX;
  const ALL = 0xffff;
  const inState = new Array<number>(prog.length + 1).fill(ALL);
  const reached = new Array<boolean>(prog.length + 1).fill(false);
  inState[0] = init;
  reached[0] = true;
  const bad: { pc: number; reg: number }[] = [];
  prog.forEach((ins, pc) => {
    if (!reached[pc]) return;
    let s = inState[pc] as number;
    const a = ins.args;
    const nn = (r: number) => ((s >> r) & 1) === 1;
    const set = (d: number, v: boolean) => {
      s = v ? s | (1 << d) : s & ~(1 << d);
    };
    const flow = (to: number, st: number) => {
      inState[to] = reached[to] ? (inState[to] as number) & st : st;
      reached[to] = true;
    };
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op);
    let fallsThrough = true;
    switch (ins.op) {
      case "mov":
        set(a[0] as number, nn(a[1] as number));
        break;
      case "movk":
        set(a[0] as number, k(a[1] as number) >= 0);
        break;
      case "movi":
        set(a[0] as number, (a[1] as number) >= 0);
        break;
      case "max":
        set(a[0] as number, nn(a[1] as number) || nn(a[2] as number));
        break;
      case "min":
        set(a[0] as number, nn(a[1] as number) && nn(a[2] as number));
        break;
      case "clampk":
        set(a[0] as number, k(a[2] as number) >= 0 && k(a[2] as number) <= k(a[3] as number));
        break;
      case "clampv":
        set(a[0] as number, vmin >= 0);
        break;
      case "decay":
        // sign(a) * ((|a| * (4096 - off - K)) >> 12) keeps a's sign only for a factor in
        // 0..4096 (a negative one flips it, a larger one can wrap).
        set(
          a[0] as number,
          nn(a[1] as number) &&
            k(a[2] as number) >= 0 &&
            k(a[2] as number) <= 4096 - (a[3] as number),
        );
        break;
      case "sar":
        set(a[0] as number, nn(a[1] as number));
        break;
      case "spikep":
        if (!nn(a[0] as number)) bad.push({ pc, reg: a[0] as number });
        break;
      case "jmp":
        flow(pc + 1 + (a[0] as number), s);
        fallsThrough = false;
        break;
      case "end":
        fallsThrough = false;
        break;
      default:
        if (row?.operands[0]?.kind === "dst") set(a[0] as number, false);
        if (row && ins.op.startsWith("b") && row.operands.some((f) => f.kind === "target")) {
          flow(pc + 1 + (a[2] as number), s);
        }
    }
    if (fallsThrough) flow(pc + 1, s);
  });
  return bad;
}
