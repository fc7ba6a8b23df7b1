// Reads untrusted JSON from a run directory or a compile report field by field, so a malformed
// file is rejected with the file name, the field path and what was expected ("stats.json:
// cores[2].phases.deliver.cycles must be a number, found string"), never with a stack trace.
// It checks shapes only; it knows nothing about what the numbers mean.
import { readFileSync } from "node:fs";
import { UserError } from "../exit.ts";

/** A JSON value at a known path inside a named file. */
export class Field {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(expected: string): never {
    const found =
      this.value === undefined
        ? "nothing (missing)"
        : this.value === null
          ? "null"
          : Array.isArray(this.value)
            ? "an array"
            : typeof this.value;
    throw new UserError(
      `${this.file}: ${this.path || "top level"} must be ${expected}, found ${found}`,
    );
  }

  /** Rejects a well-formed value that is out of range: "FILE: PATH WHY". */
  reject(why: string): never {
    throw new UserError(`${this.file}: ${this.path || "top level"} ${why}`);
  }

  private child(key: string | number, value: unknown): Field {
    const p =
      typeof key === "number" ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new Field(this.file, p, value);
  }

  /** The object field `key` (missing fields are checked by the accessor used next). */
  get(key: string): Field {
    return this.child(key, this.obj()[key]);
  }

  has(key: string): boolean {
    const v = this.obj()[key];
    return v !== undefined && v !== null;
  }

  obj(): Record<string, unknown> {
    if (typeof this.value !== "object" || this.value === null || Array.isArray(this.value)) {
      this.fail("an object");
    }
    return this.value as Record<string, unknown>;
  }

  items(): Field[] {
    if (!Array.isArray(this.value)) this.fail("an array");
    return (this.value as unknown[]).map((v, i) => this.child(i, v));
  }

  entries(): [string, Field][] {
    return Object.keys(this.obj()).map((k) => [k, this.get(k)]);
  }

  num(): number {
    if (typeof this.value !== "number" || !Number.isFinite(this.value))
      this.fail("a finite number");
    return this.value as number;
  }

  int(): number {
    const n = this.num();
    if (!Number.isSafeInteger(n)) this.fail("an integer");
    return n;
  }

  str(): string {
    if (typeof this.value !== "string") this.fail("a string");
    return this.value as string;
  }

  /** A number array (JSON list) as Float64Array. */
  numbers(): Float64Array {
    if (!Array.isArray(this.value)) this.fail("an array of numbers");
    const a = this.value as unknown[];
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== "number" || !Number.isFinite(v)) this.child(i, v).fail("a finite number");
      out[i] = v as number;
    }
    return out;
  }

  /** An array of integers in the 32-bit range (neuron indices, core ids, coordinates): a larger
   *  value is refused, not wrapped. */
  ints(): Int32Array {
    const f = this.integers();
    for (let i = 0; i < f.length; i++) {
      const v = f[i] as number;
      if (v < -0x80000000 || v > 0x7fffffff)
        this.reject(`[${i}] = ${v} is outside the 32-bit range of this field`);
    }
    return Int32Array.from(f);
  }

  /** An array of exact integers (|v| <= 2^53), e.g. step numbers, which can pass 2^31. */
  integers(): Float64Array {
    const f = this.numbers();
    for (let i = 0; i < f.length; i++) {
      if (!Number.isSafeInteger(f[i])) this.child(i, f[i]).fail("an integer");
    }
    return f;
  }

  /** [used, max] pair of non-negative numbers. */
  pair(): [number, number] {
    const it = this.items();
    if (it.length !== 2) this.fail("a [used, max] pair");
    return [(it[0] as Field).num(), (it[1] as Field).num()];
  }
}

/** Parses `text` as JSON, naming `file` when it is not JSON. */
export function parseJson(file: string, text: string): Field {
  try {
    return new Field(file, "", JSON.parse(text));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UserError(`${file}: not valid JSON (${why})`);
  }
}

/** Reads and parses JSON file `path`; unreadable or malformed files name the path. */
export function readJsonFile(path: string): Field {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError(`${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseJson(path, text);
}
