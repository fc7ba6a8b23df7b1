// Floating-point reading of a neuron microcode program, for the reference model: the same
// program text, executed on doubles with no wraps and no truncation (decays multiply by the
// exact factor (4096 - off - K) / 4096; shifts scale by powers of two). Clamps, compares,
// branches and spikes mean what they mean on the chip. It never charges cycles or energy.
import { decodeProgram, type Instruction } from "../../isa/microcode/codec.ts";
import { REG_Q, REG_VMAX, REG_VMIN, REG_ZERO } from "../../isa/microcode/operands.ts";

export interface FloatStepResult {
  spiked: boolean;
  payload: number;
  /** y2/y3 written by `trace` (NaN when not written). */
  y2: number;
  y3: number;
}

export type FloatProgram = (
  regs: Float64Array,
  base: number,
  q: number,
  k: Int32Array,
  vmin: number,
  vmax: number,
) => FloatStepResult;

function read(
  regs: Float64Array,
  base: number,
  t: Float64Array,
  q: number,
  vmin: number,
  vmax: number,
  r: number,
): number {
  if (r < 8) return regs[base + r] as number;
  if (r < 12) return t[r - 8] as number;
  if (r === REG_Q) return q;
  if (r === REG_VMIN) return vmin;
  if (r === REG_VMAX) return vmax;
  if (r === REG_ZERO) return 0;
  return 0;
}

/** Prepares a float interpreter for one program (decoded once). */
export function floatProgram(code: Uint32Array): FloatProgram {
  const prog: Instruction[] = decodeProgram(code);
  const t = new Float64Array(4);
  return (regs, base, q, k, vmin, vmax) => {
    t.fill(0);
    const res: FloatStepResult = { spiked: false, payload: 0, y2: Number.NaN, y3: Number.NaN };
    const R = (r: number) => read(regs, base, t, q, vmin, vmax, r);
    const K = (i: number) => (i < k.length ? (k[i] as number) : 0);
    const W = (r: number, v: number) => {
      if (r < 8) regs[base + r] = v;
      else t[r - 8] = v;
    };
    let pc = 0;
    for (;;) {
      const ins = prog[pc];
      if (!ins) return res;
      const a = ins.args as number[];
      let next = pc + 1;
      switch (ins.op) {
        case "mov":
          W(a[0]!, R(a[1]!));
          break;
        case "movk":
          W(a[0]!, K(a[1]!));
          break;
        case "movi":
          W(a[0]!, a[1]!);
          break;
        case "add":
          W(a[0]!, R(a[1]!) + R(a[2]!));
          break;
        case "sub":
          W(a[0]!, R(a[1]!) - R(a[2]!));
          break;
        case "addk":
          W(a[0]!, R(a[1]!) + K(a[2]!));
          break;
        case "shl":
          W(a[0]!, R(a[1]!) * 2 ** a[2]!);
          break;
        case "sar":
          W(a[0]!, R(a[1]!) / 2 ** a[2]!);
          break;
        case "mulk":
          W(a[0]!, R(a[1]!) * K(a[2]!));
          break;
        case "decay":
          W(a[0]!, (R(a[1]!) * (4096 - a[3]! - K(a[2]!))) / 4096);
          break;
        case "wrap":
          W(a[0]!, R(a[1]!));
          break;
        case "clampv":
          W(a[0]!, Math.min(Math.max(R(a[1]!), vmin), vmax));
          break;
        case "clampk":
          W(a[0]!, Math.min(Math.max(R(a[1]!), K(a[2]!)), K(a[3]!)));
          break;
        case "min":
          W(a[0]!, Math.min(R(a[1]!), R(a[2]!)));
          break;
        case "max":
          W(a[0]!, Math.max(R(a[1]!), R(a[2]!)));
          break;
        case "beq":
        case "bne":
        case "blt":
        case "ble":
        case "bgt":
        case "bge": {
          const x = R(a[0]!);
          const y = R(a[1]!);
          const c = ins.op.slice(1);
          const taken =
            c === "eq"
              ? x === y
              : c === "ne"
                ? x !== y
                : c === "lt"
                  ? x < y
                  : c === "le"
                    ? x <= y
                    : c === "gt"
                      ? x > y
                      : x >= y;
          if (taken) next = pc + 1 + a[2]!;
          break;
        }
        case "jmp":
          next = pc + 1 + a[0]!;
          break;
        case "spike":
          res.spiked = true;
          res.payload = 1;
          break;
        case "spikep": {
          const x = R(a[0]!);
          if (x < 0) throw new Error(`negative spike payload ${x} at pc ${pc} (spikep)`);
          res.spiked = true;
          res.payload = x;
          break;
        }
        case "trace": {
          const v = Math.min(Math.max(R(a[1]!), 0), 127);
          if (a[0] === 2) res.y2 = v;
          else res.y3 = v;
          break;
        }
        case "end":
          return res;
        default:
          throw new Error(`reference model: no float reading of microcode op '${ins.op}'`);
      }
      pc = next;
    }
  };
}
