// Writes a value as JSON to a file in pieces. JSON.stringify builds the whole text as one
// string, and V8 refuses strings longer than about 512 MB: the per-step series of a run of ten
// million steps (steps.json) exceeded it, and the run directory was lost after a 22-minute run.
// This writer emits the same text as JSON.stringify(value, plain) (typed arrays as number
// arrays) but never holds more than about a megabyte of it. Numeric arrays, the bulk of a run
// directory, are written in joined blocks.
import { closeSync, openSync, writeSync } from "node:fs";

const FLUSH_AT = 1 << 20;
const BLOCK = 1 << 14;

/** Writes `value` as JSON followed by a newline to `path` (created or truncated). */
export function writeJsonFile(path: string, value: unknown): void {
  const fd = openSync(path, "w");
  try {
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      if (parts.length > 0) writeSync(fd, parts.join(""));
      parts = [];
      size = 0;
    };
    const out = (s: string) => {
      parts.push(s);
      size += s.length;
      if (size >= FLUSH_AT) flush();
    };
    const array = (a: ArrayLike<unknown>) => {
      out("[");
      for (let start = 0; start < a.length; start += BLOCK) {
        const end = Math.min(a.length, start + BLOCK);
        if (start > 0) out(",");
        // A block of finite numbers is joined at once (String(x) is JSON's number text for a
        // finite x); anything else goes element by element.
        let numeric = true;
        for (let i = start; i < end && numeric; i++) {
          const x = a[i];
          numeric = typeof x === "number" && Number.isFinite(x);
        }
        if (numeric) {
          out(Array.prototype.slice.call(a, start, end).join(","));
          continue;
        }
        for (let i = start; i < end; i++) {
          if (i > start) out(",");
          emit(a[i]);
        }
      }
      out("]");
    };
    const emit = (v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        array(v as unknown as ArrayLike<unknown>);
        return;
      }
      if (Array.isArray(v)) {
        array(v);
        return;
      }
      if (
        v !== null &&
        typeof v === "object" &&
        typeof (v as { toJSON?: unknown }).toJSON !== "function"
      ) {
        out("{");
        let first = true;
        for (const [k, x] of Object.entries(v)) {
          // Object members that JSON.stringify leaves out.
          if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
          out(`${first ? "" : ","}${JSON.stringify(k)}:`);
          first = false;
          emit(x);
        }
        out("}");
        return;
      }
      // In an array, undefined, functions and symbols have no JSON and are written as null, as
      // JSON.stringify does (object members of those kinds were skipped above).
      out(JSON.stringify(v) ?? "null");
    };
    emit(value);
    out("\n");
    flush();
  } finally {
    closeSync(fd);
  }
}
