// The run directory's JSON writer writes in pieces (a run of millions of steps has per-step
// series longer than the longest string V8 builds) and must produce exactly JSON.stringify's
// text: checked on random nested values with typed arrays, non-finite numbers, undefined members
// and arrays longer than its block and flush sizes.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeJsonFile } from "../../cli/json-stream.ts";

const dir = mkdtempSync(join(tmpdir(), "snn-json-"));
const plain = (_k: string, v: unknown) =>
  ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
const expected = (v: unknown) => `${JSON.stringify(v, plain)}\n`;
const written = (v: unknown) => {
  const f = join(dir, "v.json");
  writeJsonFile(f, v);
  return readFileSync(f, "utf8");
};

describe("writeJsonFile", () => {
  it("writes what JSON.stringify writes, for random values", () => {
    const leaf = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string({ unit: "grapheme" }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.float64Array({ maxLength: 20 }),
      fc.int32Array({ maxLength: 20 }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 5 }),
        fc.dictionary(fc.string(), tie("node"), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        if (v === undefined) return; // JSON.stringify gives no text at all; not a file content
        expect(written(v)).toBe(expected(v));
      }),
      { numRuns: 300 },
    );
  });
  it("writes arrays longer than its block and flush sizes, with non-finite values inside", () => {
    const n = 300_000;
    const f = Float64Array.from({ length: n }, (_, i) => (i % 7) * 0.1 - i);
    f[70_000] = Number.NaN;
    f[200_001] = Number.POSITIVE_INFINITY;
    const mixed: unknown[] = Array.from({ length: 40_000 }, (_, i) => (i % 3 === 0 ? `s${i}` : i));
    mixed[39_999] = undefined;
    const v = { steps: n, series: { a: f, b: new Uint32Array(n).fill(7) }, mixed, skip: undefined };
    expect(written(v)).toBe(expected(v));
  });
});
