// Constant arithmetic of neuron dynamics: what the core's 32-bit microcode computes for two
// constants. The checker folds with it (so `1 << 22` may stand where a constant must) and so
// does neuron codegen (parameters are constants per population); one function keeps the two
// from disagreeing.

export type FoldOp = "add" | "sub" | "mul" | "shl" | "shr" | "min" | "max";

/**
 * `a op b` in 32-bit two's complement, as addk/subk/mulk/shl/sar/min/max compute it; null for
 * a shift amount outside 0..31, which no shift instruction encodes (codegen then reports it at
 * the shift) and which JavaScript's `<<` would silently take modulo 32.
 */
export function fold32(op: FoldOp, a: number, b: number): number | null {
  switch (op) {
    case "add":
      return (a + b) | 0;
    case "sub":
      return (a - b) | 0;
    case "mul":
      return Math.imul(a, b);
    case "shl":
    case "shr":
      if (!Number.isInteger(b) || b < 0 || b > 31) return null;
      return op === "shl" ? a << b : a >> b;
    case "min":
      return Math.min(a, b);
    case "max":
      return Math.max(a, b);
  }
}
