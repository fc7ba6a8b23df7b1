// Generator of docs/isa.md from the tables (microcode, learning words, profiles, costs,
// PRNG). Pure: returns the Markdown text; isa/gen-docs.ts writes it and
// test/isa/docs.test.ts fails when the committed file differs. It must not restate any
// figure by hand: every number below is read from the tables or measured by running them.

import { barrierCost, COST_TABLES, type CostFigure, NOMINAL_CLOCK_GHZ } from "./costs.ts";
import { LEARN_WORDS, type LearnWordDef } from "./learning/table.ts";
import { disassemble } from "./microcode/asm.ts";
import { runMicrocode } from "./microcode/interpreter.ts";
import { OPERAND_KINDS, REGISTER_NAMES } from "./microcode/operands.ts";
import { CUBA_LIF, cubaLifConstants } from "./microcode/std-programs.ts";
import { MICRO_OPS, type MicroOpDef, OPCODE_SHIFT } from "./microcode/table.ts";
import { PROFILES } from "./profiles.ts";

const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const esc = (s: string) => s.replace(/\|/g, "\\|");

function layout(
  fields: { name: string; lsb: number; width: number }[],
  fixedTop: string,
  fixedBits: number,
): string {
  const parts = [fixedTop];
  let next = 31 - fixedBits;
  for (const f of [...fields].sort((a, b) => b.lsb - a.lsb)) {
    const hi = f.lsb + f.width - 1;
    if (hi < next) parts.push(`0[${next}:${hi + 1}]`);
    parts.push(`${f.name}[${hi}${f.width > 1 ? `:${f.lsb}` : ""}]`);
    next = f.lsb - 1;
  }
  if (next >= 0) parts.push(`0[${next}:0]`);
  return parts.join(" ");
}

function microRow(op: MicroOpDef): string {
  const fields = op.operands.map((f) => ({
    name: f.name,
    lsb: f.lsb,
    width: OPERAND_KINDS[f.kind].width,
  }));
  const ops = op.operands.map((f) => `${f.name}:${f.kind}`).join(", ");
  const enc = layout(fields, `op=${op.opcode}[31:26]`, 6);
  return row([
    `\`${op.mnemonic}\``,
    ops || "-",
    `\`${enc}\``,
    esc(op.semantics),
    op.cycles,
    op.energyPj,
    op.costClass,
  ]);
}

function learnRow(d: LearnWordDef): string {
  const top = d.name === "term" ? "01[31:30]" : `10[31:30] kind=${(d.match >>> 28) & 3}[29:28]`;
  const enc = layout(d.fields, top, d.name === "term" ? 2 : 4);
  const fields = d.fields.map((f) => `${f.name}: ${f.min}..${f.max} (${f.doc})`).join("; ");
  return row([d.name, `\`${enc}\``, esc(fields), esc(d.semantics)]);
}

function cubaPaths(): string[] {
  const k = cubaLifConstants({ decayU: 4095, decayV: 4095, vthMant: 10, refract: 2 });
  const st = new Int32Array(3);
  const go = (q: number) =>
    runMicrocode(CUBA_LIF, { state: st, q, constants: k, vmin: -(2 ** 23) + 1, vmax: 2 ** 23 - 1 });
  const idle = go(0);
  const fire = go(10_000);
  const refr = go(0);
  return [
    row(["path", "instructions", "cycles", "ns", "energy pJ"]),
    row(["---", "---", "---", "---", "---"]),
    ...[
      ["inactive (no spike)", idle],
      ["active (spike)", fire],
      ["refractory", refr],
    ].map(([name, r]) => {
      const x = r as ReturnType<typeof runMicrocode>;
      return row([name as string, x.executed, x.cycles, x.cycles / NOMINAL_CLOCK_GHZ, x.energyPj]);
    }),
  ];
}

function costRows(): string[] {
  const out: string[] = [];
  for (const t of Object.values(COST_TABLES)) {
    out.push(
      `### Cost table \`${t.name}\``,
      "",
      t.description,
      "",
      `Compartment updates are priced by: **${t.neuronModel}**.`,
      "",
    );
    out.push(
      row(["operation", "energy pJ", "time ns", "cycles", "label", "source"]),
      row(["---", "---", "---", "---", "---", "---"]),
    );
    for (const [k, v] of Object.entries(t)) {
      if (typeof v !== "object") continue;
      const f = v as CostFigure;
      out.push(row([k, f.energyPj, f.timeNs, f.cycles, f.label, esc(f.source)]));
    }
    const b = [1, 2, 4, 8, 16, 32, 64].map((n) => `${n}: ${barrierCost(t, n).cycles}`).join(", ");
    out.push(
      "",
      `Barrier cycles by tile count (linear between 1 and 32 tiles, extrapolated beyond): ${b}.`,
      "",
    );
  }
  return out;
}

function profileRows(): string[] {
  const ps = Object.values(PROFILES);
  const keys = Object.keys(ps[0]!).filter(
    (k) => !["name", "description", "sources", "bits", "board", "mesh"].includes(k),
  );
  const out = [
    row(["limit", ...ps.map((p) => `\`${p.name}\``)]),
    row(["---", ...ps.map(() => "---")]),
  ];
  out.push(row(["mesh (tiles, x by y)", ...ps.map((p) => `${p.mesh.width} x ${p.mesh.height}`)]));
  out.push(
    row(["board: max chips, layout", ...ps.map((p) => `${p.board.maxChips}, ${p.board.layout}`)]),
  );
  for (const k of keys)
    out.push(row([k, ...ps.map((p) => String((p as unknown as Record<string, unknown>)[k]))]));
  for (const k of Object.keys(ps[0]!.bits)) {
    out.push(row([`bits.${k}`, ...ps.map((p) => String(p.bits[k as keyof typeof p.bits]))]));
  }
  out.push("");
  for (const p of ps) {
    out.push(`Sources for \`${p.name}\` (${p.description}):`, "");
    for (const [k, v] of Object.entries(p.sources)) out.push(`- **${k}**: ${v}`);
    out.push(`- **board**: ${p.board.source}`, "");
  }
  return out;
}

/** The full text of docs/isa.md. */
export function generateIsaDoc(): string {
  const lines = [
    "# The chip ISA and its data (generated)",
    "",
    "<!-- Generated by `npx tsx isa/gen-docs.ts` from the tables in isa/. Do not edit by hand:",
    "     test/isa/docs.test.ts fails when this file differs from the generator output. -->",
    "",
    "Everything on this page is read from the tables in `isa/` (the microcode and learning",
    "tables, the chip profiles, the cost tables) or measured by running them. Energy and time",
    "figures are **estimates** (published pre-silicon or model-fitted figures), never",
    "measurements of this toolchain.",
    "",
    "## 1. Neuron microcode",
    "",
    "One program per compartment profile, executed once per compartment per step, straight-line",
    "with forward branches only (a backward branch cannot be encoded: branch fields hold an",
    "unsigned forward skip, target = pc + 1 + skip). Words are 32 bits; bits [31:26] hold the",
    `opcode (opcode 0 is unassigned, so an erased word never decodes); every bit not owned by`,
    `an operand field must be 0. The decoder rejects anything else.`,
    "",
    "### Registers (4-bit register field)",
    "",
    row(["index", "name", "meaning"]),
    row(["---", "---", "---"]),
    ...REGISTER_NAMES.map((n, i) =>
      row([
        i,
        `\`${n}\``,
        i < 8
          ? "state register: persistent per compartment, signed 32-bit"
          : i < 12
            ? "temporary: signed 32-bit, 0 at program start"
            : n === "q"
              ? "read-only: this step's dendritic input (raw int32 accumulator)"
              : n === "z"
                ? "read-only zero"
                : `read-only core register ${n.toUpperCase()}`,
      ]),
    ),
    "",
    "### Operand kinds",
    "",
    row(["kind", "field bits", "range", "meaning"]),
    row(["---", "---", "---", "---"]),
    ...Object.entries(OPERAND_KINDS).map(([k, v]) =>
      row([`\`${k}\``, v.width, `${v.min}..${v.max}`, v.doc]),
    ),
    "",
    "### Instructions",
    "",
    `Cycles are of the nominal ${NOMINAL_CLOCK_GHZ} GHz core clock (ours, 0.1 ns). Energies are`,
    "estimates calibrated so the standard CUBA LIF program's paths equal Davies 2018's neuron",
    "update figures (inactive 52 pJ / 5.3 ns, active 81 pJ / 8.4 ns). Branches cost the same",
    "taken or not.",
    "",
    row(["mnemonic", "operands", "encoding", "semantics", "cycles", "pJ", "class"]),
    row(["---", "---", "---", "---", "---", "---", "---"]),
    ...MICRO_OPS.map(microRow),
    "",
    `Opcode field: bits [31:${OPCODE_SHIFT}].`,
    "",
    "### Standard program: CUBA LIF (chip.md section 3)",
    "",
    "Constants: k0 = decay_u, k1 = decay_v, k2 = vth_mant << 6, k3 = bias_mant << bias_exp,",
    "k4 = refract - 1. State: s0 = u, s1 = v, s2 = refractory counter.",
    "",
    "```",
    disassemble(CUBA_LIF, { addresses: true }).trimEnd(),
    "```",
    "",
    "Measured path costs (running the program in the reference interpreter):",
    "",
    ...cubaPaths(),
    "",
    "## 2. Learning microcode",
    "",
    "A rule is a list of product terms `target += m * 2^e * D * F1 * F2 * F3` (targets dw, dd,",
    "dt). Each term is one header word followed by its 0..3 factor words. Factors read only",
    "what exists at the synapse: pre traces x1, x2 of its input axon, post traces y1, y2, y3 of",
    "its compartment, its own w, d, t, and constants.",
    "",
    row(["word", "encoding", "fields", "semantics"]),
    row(["---", "---", "---", "---"]),
    ...LEARN_WORDS.map(learnRow),
    "",
    "Evaluation (isa/learning/eval.ts, after nengo-loihi's learning emulation): the accumulator",
    "is 16-bit signed with 7 fractional bits (LEARN_FRAC = 7). A term whose dependency held adds",
    "m * prod(F) * 2^(e + 7), an exact integer since e >= -7; each term and each running sum",
    "saturate to -32768..32767. Then w' = stochastic_round(((w << 7) + acc_dw) / 2^(7 + s)) * 2^s",
    "with s = log2 of the synapse format's weight step, clipped to the format's range; d and t",
    "add stochastic_round(acc / 2^7), clipped to 0..maxDelay and 9-bit signed. One PRNG draw per",
    "target the rule has terms for, in order dw, dd, dt.",
    "",
    "Traces (unsigned 7-bit): trace' = min(127, stochastic_round(trace * (4096 - decay) / 4096)",
    "+ impulse * spikes), with 12 random bits per update.",
    "",
    "## 3. On-chip PRNG",
    "",
    "xorshift32 (13, 17, 5), 32-bit state, one generator per core and per use (learning, trace,",
    "noise, source). State = fmix32(fmix32(seed) ^ fmix32(core * 0x9E3779B9 + stream)), 0",
    "replaced by 0x6D2B79F5. An n-bit draw is the top n bits of the next state. Stochastic",
    "rounding of v / 2^f: floor, plus 1 iff (v mod 2^f) > an f-bit draw; one draw every time.",
    "",
    "## 4. Chip profiles",
    "",
    ...profileRows(),
    "## 5. Cost tables",
    "",
    ...costRows(),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
