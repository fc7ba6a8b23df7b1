// Text assembler and disassembler for neuron microcode, driven by the instruction table.
// Syntax: one instruction per line, `mnemonic op, op, ...`; `label:` before an instruction;
// comments start with `;` or `#`. Branch targets are labels (forward only) or `+skip`.
// It must not know any instruction by name: operand parsing follows the table row.

import { decodeProgram, encodeProgram, type Instruction, MicrocodeError } from "./codec.ts";
import { formatOperand, OPERAND_KINDS, registerIndex } from "./operands.ts";
import { MICRO_OP_BY_MNEMONIC } from "./table.ts";

interface Pending {
  ins: Instruction;
  line: number;
  /** Operand index holding an unresolved label, and the label. */
  label?: { index: number; name: string; col: number };
}

const err = (line: number, col: number, msg: string, pc = -1) =>
  new MicrocodeError(`line ${line} col ${col}: ${msg}`, pc);

/** Assemble text into decoded instructions; throws MicrocodeError naming line and column. */
export function assembleInstructions(text: string): Instruction[] {
  const labels = new Map<string, number>();
  const out: Pending[] = [];
  text.split(/\r?\n/).forEach((raw, li) => {
    const line = li + 1;
    let body = raw.replace(/[;#].*$/, "");
    let col = 1;
    const lm = /^\s*([A-Za-z_][\w.]*)\s*:/.exec(body);
    if (lm) {
      const name = lm[1]!;
      if (labels.has(name))
        throw err(line, body.indexOf(name) + 1, `label '${name}' defined twice`);
      labels.set(name, out.length);
      col += lm[0].length;
      body = body.slice(lm[0].length);
    }
    const trimmed = body.trim();
    if (trimmed === "") return;
    col += body.indexOf(trimmed);
    const sp = /^(\S+)\s*(.*)$/.exec(trimmed)!;
    const mnemonic = sp[1]!.toLowerCase();
    const row = MICRO_OP_BY_MNEMONIC.get(mnemonic);
    if (!row) throw err(line, col, `unknown instruction '${sp[1]}'`);
    const opsText = sp[2]!.trim();
    const parts = opsText === "" ? [] : opsText.split(",").map((s) => s.trim());
    if (parts.length !== row.operands.length) {
      const names = row.operands.map((f) => f.name).join(", ");
      throw err(
        line,
        col,
        `${mnemonic} takes ${row.operands.length} operand(s) (${names}), got ${parts.length}`,
      );
    }
    const pending: Pending = { ins: { op: mnemonic, args: [] }, line };
    row.operands.forEach((f, i) => {
      const p = parts[i]!;
      const pcol = col + sp[1]!.length + 1 + Math.max(0, sp[2]!.indexOf(p));
      const kind = OPERAND_KINDS[f.kind];
      let v: number;
      if (f.kind === "dst" || f.kind === "src") {
        v = registerIndex(p);
        if (v < 0)
          throw err(line, pcol, `'${p}' is not a register (s0..s7, t0..t3, q, vmin, vmax, z)`);
        if (f.kind === "dst" && v > kind.max) throw err(line, pcol, `${p} is read-only`);
      } else if (f.kind === "k") {
        const m = /^k(\d+)$/i.exec(p);
        if (!m) throw err(line, pcol, `'${p}' is not a constant k0..k15`);
        v = Number(m[1]);
      } else if (f.kind === "ytrace") {
        const m = /^y([23])$/i.exec(p);
        if (!m) throw err(line, pcol, `'${p}' is not a writable post trace (y2 or y3)`);
        v = Number(m[1]);
      } else if (f.kind === "target") {
        const m = /^\+(\d+)$/.exec(p);
        if (m) v = Number(m[1]);
        else if (/^[A-Za-z_][\w.]*$/.test(p)) {
          pending.label = { index: i, name: p, col: pcol };
          v = 0;
        } else throw err(line, pcol, `'${p}' is not a label or +skip`);
      } else {
        if (!/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(p)) throw err(line, pcol, `'${p}' is not an integer`);
        v = Number(p.replace(/^\+/, ""));
        if (p.startsWith("-")) v = -Number(p.slice(1));
      }
      if (v < kind.min || v > kind.max) {
        throw err(
          line,
          pcol,
          `${f.name} = ${v} out of range ${kind.min}..${kind.max} (${kind.doc})`,
        );
      }
      pending.ins.args.push(v);
    });
    out.push(pending);
  });
  return out.map((p, pc) => {
    if (p.label) {
      const target = labels.get(p.label.name);
      if (target === undefined)
        throw err(p.line, p.label.col, `undefined label '${p.label.name}'`, pc);
      if (target <= pc) {
        throw err(
          p.line,
          p.label.col,
          `backward branch to '${p.label.name}': microcode branches only forward, so every program terminates`,
          pc,
        );
      }
      const skip = target - pc - 1;
      if (skip > OPERAND_KINDS.target.max)
        throw err(p.line, p.label.col, `branch skip ${skip} too far`, pc);
      p.ins.args[p.label.index] = skip;
    }
    return p.ins;
  });
}

/** Assemble text into encoded words. */
export function assemble(text: string): Uint32Array {
  return encodeProgram(assembleInstructions(text));
}

export interface DisassembleOptions {
  /** Prefix each line with `pc: word` as a comment column. Default false. */
  addresses?: boolean;
}

/** Disassemble words (or decoded instructions) into text that `assemble` reads back to the
 *  same words. Branch targets become labels `L<pc>`. */
export function disassemble(
  code: Uint32Array | readonly Instruction[],
  opts: DisassembleOptions = {},
): string {
  const prog = code instanceof Uint32Array ? decodeProgram(code) : code;
  const words = code instanceof Uint32Array ? code : encodeProgram(prog);
  const targets = new Set<number>();
  prog.forEach((ins, pc) => {
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op)!;
    row.operands.forEach((f, i) => {
      if (f.kind === "target") targets.add(pc + 1 + ins.args[i]!);
    });
  });
  const lines: string[] = [];
  prog.forEach((ins, pc) => {
    const row = MICRO_OP_BY_MNEMONIC.get(ins.op)!;
    const ops = row.operands.map((f, i) =>
      f.kind === "target" ? `L${pc + 1 + ins.args[i]!}` : formatOperand(f.kind, ins.args[i]!),
    );
    const label = targets.has(pc) ? `L${pc}:` : "";
    const text = `${label.padEnd(6)}${ins.op.padEnd(7)}${ops.join(", ")}`.trimEnd();
    if (opts.addresses) {
      const hex = words[pc]!.toString(16).padStart(8, "0");
      lines.push(`${text.padEnd(34)}; ${String(pc).padStart(3)}: ${hex}`);
    } else lines.push(text);
  });
  return `${lines.join("\n")}\n`;
}
