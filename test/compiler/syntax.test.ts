// Syntax stage: all syntax errors of a file in one run, exact messages and positions, spans of
// AST nodes, and the lexer's soft keywords.
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../compiler/diagnostics/index.ts";
import { parse } from "../../compiler/syntax/index.ts";

describe("syntax errors", () => {
  it("gives a misspelt keyword one error, with the keyword it resembles", () => {
    const src = [
      "snn 1;",
      "network N {",
      "  population a = CubaLIF[4];",
      "  projectx a -> a : Static { connect all_to_all; weight 10; }",
      "  project a -> a : Static;",
      "  probe a.spikes;",
      "}",
      'dataset d = csv "x.csv" { label = 64; };',
      "network M { population s = SpikeSource[64] from dataset d encodex rate(max = 1); }",
      "run N on loihi { steps 10; }",
    ].join("\n");
    const r = parse("typo.snn", src);
    expect(
      r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message} / ${d.hint}`),
    ).toEqual([
      "4:3 unexpected `projectx`, expected `}` / did you mean `project`?",
      "9:59 unexpected `encodex`, expected `encode` / ",
    ]);
  });

  it("reports every syntax error of a file in one run", () => {
    const src = [
      "snn 1;",
      "neuron A {",
      "  param x : u12 = ;",
      "  state v : s24 = 0",
      "  update { v = v + ; }",
      "}",
      "network N {",
      "  population a = CubaLIF[10];",
      "  project a -> : Static;",
      "}",
      "@",
      "garbage here;",
      "run N on loihi { dt = 1 ms }",
    ].join("\n");
    const r = parse("bad.snn", src);
    expect(r.ast).toBeUndefined();
    const got = [...r.diagnostics]
      .sort((a, b) => a.span.offset - b.span.offset)
      .map((d) => `${d.code} ${d.span.line}:${d.span.col} ${d.message}`);
    expect(got).toEqual([
      "S001 3:19 unexpected `;`, expected an expression",
      "S001 5:3 unexpected `update`, expected `;`",
      "S001 5:20 unexpected `;`, expected an expression",
      "S001 9:16 unexpected `:`, expected a name",
      "S002 11:1 unknown character `@`",
      "S001 12:1 unexpected `garbage`, expected a declaration (import, const, neuron, synapse, network, dataset or run)",
      "S001 13:28 unexpected `}`, expected `;`",
    ]);
  });

  it("reads a file that starts with a UTF-8 byte-order mark, columns unchanged after it", () => {
    const r = parse("bom.snn", "\uFEFFsnn 1;\nneuron A { state v : s24 = ; }");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col}`)).toEqual([
      "S001 2:28",
    ]);
    expect(parse("bom.snn", "\uFEFFsnn 1;").diagnostics).toEqual([]);
  });

  it("shows a NUL or escape character as U+XXXX and as its picture in the source line", () => {
    const src = "snn 1;\nconst a = 1\u0000;\n";
    const r = parse("nul.snn", src);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["unknown character `U+0000`"]);
    const text = renderDiagnostics(r.diagnostics, { sources: () => src });
    expect(text).toContain("2 | const a = 1\u2400;");
    expect(text).toContain("  |            ^ not part of the language");
    expect(text).not.toContain("\u0000");
  });

  it("reports an unterminated string", () => {
    const r = parse("s.snn", 'import "std/neurons.snn { CubaLIF };');
    expect(r.diagnostics[0]?.code).toBe("S003");
    expect(r.diagnostics[0]?.span.col).toBe(8);
  });

  it("points at end of file for a missing closing brace", () => {
    const r = parse("e.snn", "network N {\n  population a = CubaLIF[2];\n");
    const d = r.diagnostics.find((x) => x.code === "S001")!;
    expect(d.message).toBe("unexpected end of file, expected `}`");
    expect(d.span.line).toBe(3);
  });
});

describe("AST", () => {
  it("keeps spans on nodes and reads soft keywords as names", () => {
    const src = "network N {\n  population pre = CubaLIF[2, 3] { tau_v = 20 ms; };\n}\n";
    const r = parse("a.snn", src);
    expect(r.diagnostics).toEqual([]);
    const net = r.ast!.items[0]!;
    expect(net.kind).toBe("network");
    if (net.kind !== "network") return;
    const pop = net.items[0]!;
    expect(pop.kind).toBe("population");
    if (pop.kind !== "population") return;
    expect(pop.name.name).toBe("pre");
    expect(pop.name.span).toMatchObject({ line: 2, col: 14, endCol: 17, length: 3 });
    expect(pop.shape.length).toBe(2);
    expect(pop.params[0]!.value).toMatchObject({
      kind: "number",
      value: 20,
      unit: "ms",
      text: "20 ms",
    });
  });

  it("parses precedence: shifts below sums, power right-associative, unary minus in exponents", () => {
    const r = parse("p.snn", "const a = 1 + 2 << 3;\nconst b = 2^-5;\nconst c = 2^3^2;\n");
    const [a, b, c] = r.ast!.items as {
      kind: "const";
      value: { kind: string; op?: string; right?: { kind: string; op?: string } };
    }[];
    expect(a!.value.op).toBe("<<");
    expect(b!.value.op).toBe("^");
    expect(b!.value.right?.kind).toBe("unary");
    expect(c!.value.right?.op).toBe("^");
  });
});

describe("chevrotain loading", () => {
  it("loads the package's single-file bundle, not its module tree (CLI start, docs/benchmarks.md)", async () => {
    const { chevrotainLoadedFrom } = await import("../../compiler/syntax/chevrotain.ts");
    expect(chevrotainLoadedFrom).toBe("bundle");
  });
});
