// Weight generators: fill a projection's weights (q register units, real-valued, not yet
// rounded) from its WeightSpec, per synapse, deterministic per seed. Rounding to the chip's
// mantissa + exponent is the discretize stage's job, not this one's.
import type { WeightSpec } from "../check/checked.ts";
import type { CsvTable } from "./csv.ts";
import { evalIndexExpr } from "./index-expr.ts";
import { SALT, stream } from "./rng.ts";

export type WeightResult = { ok: true; weight: Float64Array } | { ok: false; message: string };

/** Register units per generated unit: `scale`, except chip mantissas written with `exp`, whose
 *  value added to q is mant << (6 + exp) (chip.md section 4). */
export function registerScale(spec: WeightSpec): number {
  if (spec.unit === "mant") return 2 ** (6 + (spec.exp ?? 0));
  return spec.scale;
}

export function generateWeights(
  spec: WeightSpec,
  i: Int32Array,
  j: Int32Array,
  matrix: CsvTable | null,
): WeightResult {
  const n = i.length;
  const w = new Float64Array(n);
  const s = registerScale(spec);
  const g = spec.gen;
  switch (g.kind) {
    case "constant":
      w.fill(g.value * s);
      break;
    case "uniform": {
      const rng = stream(g.seed, SALT.weight);
      if (spec.unit === "mant") {
        // Mantissas are integers: a random mantissa is drawn on the integer grid, so a draw
        // is never a "nonzero weight flushed to zero" (only a physical value can be).
        const lo = Math.ceil(g.lo);
        const span = Math.floor(g.hi) - lo + 1;
        for (let k = 0; k < n; k++) w[k] = (lo + rng.int(span)) * s;
      } else for (let k = 0; k < n; k++) w[k] = (g.lo + (g.hi - g.lo) * rng.float()) * s;
      break;
    }
    case "normal": {
      const rng = stream(g.seed, SALT.weight);
      const round = spec.unit === "mant" ? Math.round : (x: number) => x;
      for (let k = 0; k < n; k++) w[k] = round(g.mean + g.sd * rng.normal()) * s;
      break;
    }
    case "expr":
      for (let k = 0; k < n; k++) w[k] = evalIndexExpr(g.expr, i[k]!, j[k]!) * s;
      break;
    case "file": {
      if (!matrix) return { ok: false, message: `weight matrix '${g.dataset}' is not available` };
      for (let k = 0; k < n; k++) {
        const r = i[k]!;
        const c = j[k]!;
        if (r >= matrix.rows || c >= matrix.cols) {
          return {
            ok: false,
            message: `weight matrix '${g.dataset}' is ${matrix.rows} x ${matrix.cols}, synapse (${r}, ${c}) is outside it`,
          };
        }
        w[k] = matrix.values[r * matrix.cols + c]! * s;
      }
      break;
    }
  }
  return { ok: true, weight: w };
}
