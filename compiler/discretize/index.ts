// Discretize stage: choose each projection's weight_exp and round its weights to the chip's
// signed 8-bit mantissas (value added to q = w << (6 + weight_exp), chip.md section 4), and
// report what rounding cost: the weight LSB, saturations, nonzero weights flushed to zero (an
// error at the projection unless the program allows it). It never places or encodes anything.
import { backendDiagnostic } from "../backend-diagnostics.ts";
import type { QuantizationRecord } from "../check/checked.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import type { NetProjection, NetworkIR } from "../lower/index.ts";

/** A projection's weights as the chip stores them. */
export interface DiscreteWeights {
  /** Mantissa per synapse (Int16, same order as the projection's synapses). Mixed mode keeps
   *  only even values (the LSB is lost to the sign), so |w| <= 254; exc 0..255; inh -255..0. */
  mant: Int16Array;
  /** weight_exp in [-6, 7] (the compiler never picks -7: 6 + exp < 0 would drop mantissa
   *  bits on the shift instead of scaling). */
  weightExp: number;
  signMode: "excitatory" | "inhibitory" | "mixed";
  /** Mantissa bits including sign in mixed mode (8 on loihi). */
  weightBits: number;
}

/** Per-projection quantization summary for the compile report. */
export interface WeightQuantization {
  id: string;
  synapses: number;
  signMode: string;
  weightExp: number;
  /** Smallest nonzero step of the weight in q register units (2^(6+exp), doubled in mixed). */
  lsb: number;
  saturated: number;
  flushed: number;
  /** Largest |chip value - exact value| over the synapses, in q register units. */
  maxAbsError: number;
  /** Whether flushing to zero was allowed by the program. */
  flushAllowed: boolean;
}

export interface DiscretizeResult {
  weights: DiscreteWeights[];
  summary: WeightQuantization[];
  /** The front end's records plus one per constant-weight projection. */
  quantization: QuantizationRecord[];
  diagnostics: Diagnostic[];
}

export interface DiscretizeLimits {
  weightExpMin: number;
  weightExpMax: number;
  weightBits: number;
}

/** Largest mantissa magnitude per sign mode. */
function maxMantissa(signMode: DiscreteWeights["signMode"], bits: number): number {
  const full = 2 ** bits - 1;
  return signMode === "mixed" ? full - 1 : full;
}

/** Pick the finest exponent at which the largest weight does not saturate. */
export function chooseWeightExp(maxAbs: number, maxMant: number, lim: DiscretizeLimits): number {
  const lo = Math.max(lim.weightExpMin, -6);
  if (maxAbs === 0) return Math.max(lo, Math.min(0, lim.weightExpMax));
  const e = Math.ceil(Math.log2(maxAbs / maxMant)) - 6;
  // Guard against log2 rounding: step until it fits or hits a bound.
  let exp = Math.min(Math.max(e, lo), lim.weightExpMax);
  while (exp > lo && maxMant * 2 ** (5 + exp) >= maxAbs) exp--;
  while (exp < lim.weightExpMax && maxMant * 2 ** (6 + exp) < maxAbs) exp++;
  return exp;
}

function discretizeOne(
  p: NetProjection,
  lim: DiscretizeLimits,
): { w: DiscreteWeights; q: WeightQuantization } {
  const spec = p.weightSpec;
  const signMode = spec.signMode;
  const bits = Math.min(spec.bits || lim.weightBits, lim.weightBits);
  const maxMant = maxMantissa(signMode, bits);
  let maxAbs = 0;
  for (let k = 0; k < p.count; k++) maxAbs = Math.max(maxAbs, Math.abs(p.weight[k]!));
  const weightExp =
    spec.exp !== undefined
      ? Math.min(Math.max(spec.exp, lim.weightExpMin), lim.weightExpMax)
      : chooseWeightExp(maxAbs, maxMant, lim);
  const unit = 2 ** (6 + weightExp);
  const step = signMode === "mixed" ? 2 : 1;
  const lo = signMode === "excitatory" ? 0 : -maxMant;
  const hi = signMode === "inhibitory" ? 0 : maxMant;
  const mant = new Int16Array(p.count);
  let saturated = 0;
  let flushed = 0;
  let maxAbsError = 0;
  for (let k = 0; k < p.count; k++) {
    const x = p.weight[k]!;
    const r = x / (unit * step);
    // Round half away from zero, symmetric for both signs.
    let m = Math.sign(r) * Math.floor(Math.abs(r) + 0.5) * step;
    if (m > hi) {
      m = hi;
      saturated++;
    } else if (m < lo) {
      m = lo;
      saturated++;
    }
    if (m === 0 && x !== 0 && Math.abs(x) < unit * step) flushed++;
    mant[k] = m;
    maxAbsError = Math.max(maxAbsError, Math.abs(m * unit - x));
  }
  return {
    w: { mant, weightExp, signMode, weightBits: bits },
    q: {
      id: p.id,
      synapses: p.count,
      signMode,
      weightExp,
      lsb: unit * step,
      saturated,
      flushed,
      maxAbsError,
      flushAllowed: spec.allowFlushToZero,
    },
  };
}

export function discretize(ir: NetworkIR, lim: DiscretizeLimits): DiscretizeResult {
  const diagnostics: Diagnostic[] = [];
  const weights: DiscreteWeights[] = [];
  const summary: WeightQuantization[] = [];
  const quantization: QuantizationRecord[] = [...ir.quantization];
  for (const p of ir.projections) {
    const { w, q } = discretizeOne(p, lim);
    weights.push(w);
    summary.push(q);
    const args = { id: p.id, exp: w.weightExp, lsb: q.lsb };
    if (q.flushed > 0 && !p.weightSpec.allowFlushToZero) {
      diagnostics.push(backendDiagnostic("B003", p.weightSpec.span, { ...args, n: q.flushed }));
    }
    if (q.saturated > 0) {
      const limit =
        w.signMode === "inhibitory" ? "-255..0" : w.signMode === "mixed" ? "+-254" : "0..255";
      diagnostics.push(
        backendDiagnostic("B004", p.weightSpec.span, { ...args, n: q.saturated, limit }),
      );
    }
    if (p.weightSpec.gen.kind === "constant" && p.count > 0) {
      const exact = p.weight[0]!;
      const value = w.mant[0]! * 2 ** (6 + w.weightExp);
      quantization.push({
        what: `weight of ${p.id}`,
        exact,
        value,
        error: value - exact,
        relError: exact === 0 ? 0 : Math.abs(value - exact) / Math.abs(exact),
        from: {
          mantissa: String(w.mant[0]),
          weight_exp: String(w.weightExp),
          ...(p.weightSpec.unit ? { unit: p.weightSpec.unit } : {}),
        },
        span: p.weightSpec.span,
      });
    }
  }
  return { weights, summary, quantization, diagnostics };
}
