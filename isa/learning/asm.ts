// Text form of learning rules, the inverse of disassembleRule: one term per line,
//   dw += -3 * 2^-2 * x0 * y1 * (w - 4) * sgn(t + 1) * 5
// i.e. target += m * 2^e [* x0 | y0 | u<k>] [* factor]..., factors being a variable, (var +/- C),
// sgn(var +/- C) or an integer constant. Comments start with `;` or `#`. Handy for tests and
// for reading rules back; it must not evaluate anything.

import {
  type Dependency,
  type Factor,
  type LearningRule,
  LearningRuleError,
  type ProductTerm,
} from "./codec.ts";
import { type LearnTarget, type LearnVariable, TARGETS, VARIABLES } from "./table.ts";

const isVar = (s: string): s is LearnVariable => (VARIABLES as readonly string[]).includes(s);

function parseFactor(text: string, where: string): Factor {
  const t = text.replace(/\s+/g, "");
  if (isVar(t)) return { kind: "var", v: t };
  if (/^[-+]?\d+$/.test(t)) return { kind: "const", c: Number(t) };
  const m = /^(sgn)?\(([a-z0-9]+)([-+]\d+)\)$/.exec(t);
  if (m && isVar(m[2]!))
    return { kind: m[1] ? "sgn" : "addc", v: m[2] as LearnVariable, c: Number(m[3]) };
  throw new LearningRuleError(
    `${where}: '${text.trim()}' is not a factor (x1 x2 y1 y2 y3 w d t, (var + C), sgn(var + C), or an integer)`,
  );
}

/** Split on `*` at parenthesis depth 0. */
function splitProduct(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "*" && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim());
}

/** Parse rule text; throws LearningRuleError naming the line. Ranges are checked by
 *  encodeRule (call it to get words). */
export function assembleRule(text: string): LearningRule {
  const terms: ProductTerm[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/[;#].*$/, "").trim();
    if (line === "") return;
    const where = `line ${i + 1}`;
    const m = /^(\w+)\s*\+=\s*(.+)$/.exec(line);
    if (!m) throw new LearningRuleError(`${where}: expected 'target += m * 2^e * ...'`);
    const target = m[1]!;
    if (!(TARGETS as readonly string[]).includes(target)) {
      throw new LearningRuleError(
        `${where}: target '${target}' is not one of ${TARGETS.join(", ")}`,
      );
    }
    const parts = splitProduct(m[2]!);
    const mant = parts[0] ?? "";
    const exp = /^2\^([-+]?\d+)$/.exec(parts[1] ?? "");
    if (!/^[-+]?\d+$/.test(mant) || !exp) {
      throw new LearningRuleError(
        `${where}: a term starts with 'm * 2^e' (integers), got '${parts.slice(0, 2).join(" * ")}'`,
      );
    }
    let rest = parts.slice(2);
    let dep: Dependency = { kind: "none" };
    const d = rest[0];
    if (d === "x0" || d === "y0") dep = { kind: d };
    else if (d !== undefined && /^u\d+$/.test(d)) dep = { kind: "u", k: Number(d.slice(1)) };
    if (dep.kind !== "none") rest = rest.slice(1);
    terms.push({
      target: target as LearnTarget,
      dep,
      m: Number(mant),
      e: Number(exp[1]),
      factors: rest.map((f) => parseFactor(f, where)),
    });
  });
  return { terms };
}
