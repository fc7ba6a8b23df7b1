// Standard library of neuron microcode programs (ours), starting with the CUBA LIF compartment
// of chip.md section 3, which must execute bit-exactly as that section says. It must not
// choose parameters for a program (the compiler does); it only fixes the program text and the
// layout of its constant pool.

import { assemble } from "./asm.ts";

/** Constant pool layout of the CUBA LIF program. */
export const CUBA_K = {
  /** k0: decay_u, 12-bit register 0..4095 (offset 1: 4095 means u = q). */
  decayU: 0,
  /** k1: decay_v, 12-bit register 0..4095 (0 means no leak). */
  decayV: 1,
  /** k2: vth = vth_mant << 6, vth_mant 0..2^17-1. */
  vth: 2,
  /** k3: bias = bias_mant << bias_exp, bias_mant 13-bit signed, bias_exp 0..7. */
  bias: 3,
  /** k4: refract - 1, refract 1..63. */
  refractM1: 4,
} as const;

/** State register layout of the CUBA LIF program: s0 = u, s1 = v, s2 = refractory counter. */
export const CUBA_STATE = { u: 0, v: 1, ref: 2 } as const;
export const CUBA_STATE_REGISTERS = 3;

/** CUBA LIF, chip.md section 3, one step of one compartment. */
export const CUBA_LIF_SOURCE = `; CUBA LIF (chip.md section 3). s0 = u, s1 = v, s2 = refractory counter.
; k0 = decay_u, k1 = decay_v, k2 = vth_mant << 6, k3 = bias_mant << bias_exp, k4 = refract - 1
        wrap   t0, q, 22        ; q wraps to 21 bits + sign
        decay  s0, s0, k0, 1    ; u = decayInt(u, decay_u, 1) ...
        add    s0, s0, t0       ; ... + q
        wrap   s0, s0, 24       ; u wraps to 23 bits + sign
        addk   t1, s0, k3       ; u2 = u + bias
        wrap   t1, t1, 24       ; u2 wraps to 23 bits + sign
        decay  s1, s1, k1, 0    ; v = decayInt(v, decay_v, 0) ...
        add    s1, s1, t1       ; ... + u2
        clampv s1, s1           ; clamped to [vmin, vmax] of the core
        beq    s2, z, live      ; not refractory -> threshold test
        movi   s1, 0            ; refractory: v held at 0 ...
        movi   t3, -1
        add    s2, s2, t3       ; ... ref = ref - 1 (u keeps integrating above)
        end
live:   movk   t2, k2
        ble    s1, t2, done     ; strict comparison: spike only if v > vth
        spike
        movi   s1, 0            ; v resets to 0
        movk   s2, k4           ; ref = refract - 1
done:   end
`;

export const CUBA_LIF: Uint32Array = assemble(CUBA_LIF_SOURCE);

/** Register-level parameters of one CUBA LIF compartment profile. */
export interface CubaLifParams {
  /** 12-bit decay registers 0..4095. */
  decayU: number;
  decayV: number;
  /** Threshold mantissa 0..2^17-1; vth = vthMant << 6. */
  vthMant: number;
  /** Bias mantissa, 13-bit signed (-4096..4095), and exponent 0..7. Default 0, 0. */
  biasMant?: number;
  biasExp?: number;
  /** Refractory period in steps, 1..63. Default 1 (no refractory hold). */
  refract?: number;
}

function check(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`CUBA LIF parameter ${name} = ${v} out of range ${lo}..${hi}`);
  }
}

/** Build the constant pool of a CUBA LIF profile; throws RangeError naming a bad field. */
export function cubaLifConstants(p: CubaLifParams): Int32Array {
  const biasMant = p.biasMant ?? 0;
  const biasExp = p.biasExp ?? 0;
  const refract = p.refract ?? 1;
  check("decayU", p.decayU, 0, 4095);
  check("decayV", p.decayV, 0, 4095);
  check("vthMant", p.vthMant, 0, 2 ** 17 - 1);
  check("biasMant", biasMant, -4096, 4095);
  check("biasExp", biasExp, 0, 7);
  check("refract", refract, 1, 63);
  return Int32Array.from([p.decayU, p.decayV, p.vthMant << 6, biasMant << biasExp, refract - 1]);
}

/** vmin/vmax of a core from its limit registers (chip.md section 3):
 *  vmin = -(2^negVmLimit) + 1, vmax = 2^(9 + 2*posVmLimit) - 1 (largest 2^23 - 1). */
export function voltageLimits(
  negVmLimit: number,
  posVmLimit: number,
): { vmin: number; vmax: number } {
  check("negVmLimit", negVmLimit, 0, 23);
  check("posVmLimit", posVmLimit, 0, 7);
  return { vmin: -(2 ** negVmLimit) + 1, vmax: 2 ** (9 + 2 * posVmLimit) - 1 };
}
