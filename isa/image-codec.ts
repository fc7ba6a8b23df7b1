// Chip image file format: encodeImage / decodeImage between a ChipImage and bytes.
// Layout (little-endian), docs/image-format.md describes it field by field:
//   0  4  magic "SNNI"
//   4  2  format version (IMAGE_FORMAT_VERSION)
//   6  1  profile name length n (1..32)
//   7  1  reserved, 0
//   8  4  payload length in bytes
//  12  4  CRC-32 (IEEE, zlib) of everything after the header (name + payload)
//  16  n  profile name, ASCII (so a reader can refuse an image before decoding it)
//  16+n .. payload: msgpack map of the image (typed arrays as {dtype, shape, bytes})
// Decoding never lets a raw exception escape: any bad input becomes an ImageFormatError with a
// user-facing message. It must not check chip limits (validateImage does).

import { crc32 } from "node:zlib";
import { Packr } from "msgpackr";
import { COST_TABLES } from "./costs.ts";
import type { ChipImage } from "./image.ts";
import { DTYPES, dtypeOf, IMAGE_SCHEMA, type Schema } from "./image-schema.ts";
import { PROFILES } from "./profiles.ts";

export const IMAGE_MAGIC = "SNNI";
export const IMAGE_FORMAT_VERSION = 2;
export const IMAGE_HEADER_BYTES = 16;

/** Any reason an image cannot be read or written. `message` is meant for the user. */
export class ImageFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageFormatError";
  }
}

const packr = new Packr({
  useRecords: false,
  mapsAsObjects: true,
  moreTypes: false,
  bundleStrings: false,
});
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const fail = (path: string, msg: string): never => {
  throw new ImageFormatError(`bad chip image: ${path}: ${msg}`);
};
const kindOf = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "array" : v instanceof Uint8Array ? "bytes" : typeof v;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** Image value -> plain msgpack value, checking it against the schema on the way. */
function toPlain(v: unknown, s: Schema, path: string, parent?: Record<string, unknown>): unknown {
  switch (s.t) {
    case "str":
      return typeof v === "string" ? v : fail(path, `expected a string, got ${kindOf(v)}`);
    case "num":
      return typeof v === "number" && Number.isFinite(v)
        ? v
        : fail(path, `expected a finite number, got ${kindOf(v)}`);
    case "int":
      return Number.isSafeInteger(v) ? v : fail(path, `expected an integer, got ${String(v)}`);
    case "bool":
      return typeof v === "boolean" ? v : fail(path, `expected a boolean, got ${kindOf(v)}`);
    case "scalar":
      return typeof v === "string" || (typeof v === "number" && Number.isFinite(v))
        ? v
        : fail(path, `expected a number or string, got ${kindOf(v)}`);
    case "enum":
      return typeof v === "string" && s.values.includes(v)
        ? v
        : fail(path, `expected one of ${s.values.join(", ")}`);
    case "ta": {
      const dt = dtypeOf(v);
      if (dt !== s.dtype)
        fail(path, `expected ${s.dtype} array (${DTYPES[s.dtype].name}), got ${dt ?? kindOf(v)}`);
      const a = v as InstanceType<(typeof DTYPES)[typeof s.dtype]>;
      const cols = s.cols && parent ? parent[s.cols] : undefined;
      const shape =
        typeof cols === "number" && cols > 0 && a.length % cols === 0
          ? [a.length / cols, cols]
          : [a.length];
      const bytes = new Uint8Array(a.byteLength);
      if (LITTLE_ENDIAN) bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      else writeLE(a, bytes);
      return { dtype: s.dtype, shape, bytes };
    }
    case "arr":
      if (!Array.isArray(v)) return fail(path, `expected an array, got ${kindOf(v)}`);
      return v.map((x, i) => toPlain(x, s.of, `${path}[${i}]`));
    case "tuple":
      if (!Array.isArray(v) || v.length !== s.of.length)
        return fail(path, `expected ${s.of.length} elements`);
      return v.map((x, i) => toPlain(x, s.of[i]!, `${path}[${i}]`));
    case "nullable":
      return v === null ? null : toPlain(v, s.of, path);
    case "record": {
      if (!isPlainObject(v)) return fail(path, `expected an object, got ${kindOf(v)}`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = toPlain(x, s.of, `${path}.${k}`);
      return out;
    }
    case "obj": {
      if (!isPlainObject(v)) return fail(path, `expected an object, got ${kindOf(v)}`);
      const out: Record<string, unknown> = {};
      for (const [k, fs] of Object.entries(s.fields)) {
        if (v[k] === undefined) {
          if (s.optional?.includes(k)) continue;
          fail(`${path}.${k}`, "missing");
        }
        out[k] = toPlain(v[k], fs, `${path}.${k}`, v);
      }
      return out;
    }
    case "union": {
      if (!isPlainObject(v)) return fail(path, `expected an object, got ${kindOf(v)}`);
      const tag = v[s.tag];
      const fields = typeof tag === "string" ? s.variants[tag] : undefined;
      if (!fields)
        return fail(`${path}.${s.tag}`, `expected one of ${Object.keys(s.variants).join(", ")}`);
      const out = toPlain(v, { t: "obj", fields }, path) as Record<string, unknown>;
      return { [s.tag]: tag, ...out };
    }
  }
}

function writeLE(a: ArrayLike<number> & { BYTES_PER_ELEMENT: number }, out: Uint8Array): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const n = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (n === 1) dv.setUint8(i, x & 0xff);
    else if (n === 2) dv.setUint16(2 * i, x & 0xffff, true);
    else dv.setUint32(4 * i, x >>> 0, true);
  }
}

/** Plain decoded msgpack value -> image value, checking presence and dtype of every field. */
function fromPlain(v: unknown, s: Schema, path: string): unknown {
  switch (s.t) {
    case "ta": {
      if (!isPlainObject(v))
        return fail(path, `expected a typed array record {dtype, shape, bytes}, got ${kindOf(v)}`);
      if (v.dtype !== s.dtype)
        return fail(path, `expected dtype ${s.dtype}, got ${String(v.dtype)}`);
      const bytes = v.bytes;
      if (!(bytes instanceof Uint8Array))
        return fail(`${path}.bytes`, `expected binary data, got ${kindOf(bytes)}`);
      const shape = v.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        return fail(`${path}.shape`, "expected an array of non-negative integers");
      }
      const ctor = DTYPES[s.dtype];
      const count = shape.reduce((p: number, d: number) => p * d, 1);
      if (count * ctor.BYTES_PER_ELEMENT !== bytes.length) {
        return fail(
          path,
          `shape [${shape.join(", ")}] needs ${count * ctor.BYTES_PER_ELEMENT} bytes, found ${bytes.length}`,
        );
      }
      const copy = new Uint8Array(bytes); // aligned, owned copy
      if (LITTLE_ENDIAN) return new ctor(copy.buffer, 0, count);
      const out = new ctor(count);
      const dv = new DataView(copy.buffer);
      for (let i = 0; i < count; i++) {
        const n = ctor.BYTES_PER_ELEMENT;
        out[i] =
          n === 1
            ? dv.getUint8(i)
            : n === 2
              ? dv.getUint16(2 * i, true)
              : dv.getUint32(4 * i, true);
      }
      return out;
    }
    case "arr":
      if (!Array.isArray(v)) return fail(path, `expected an array, got ${kindOf(v)}`);
      return v.map((x, i) => fromPlain(x, s.of, `${path}[${i}]`));
    case "tuple":
      if (!Array.isArray(v) || v.length !== s.of.length)
        return fail(path, `expected ${s.of.length} elements`);
      return v.map((x, i) => fromPlain(x, s.of[i]!, `${path}[${i}]`));
    case "nullable":
      return v === null ? null : fromPlain(v, s.of, path);
    case "record": {
      if (!isPlainObject(v)) return fail(path, `expected an object, got ${kindOf(v)}`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === "__proto__") return fail(path, "forbidden key __proto__");
        out[k] = fromPlain(x, s.of, `${path}.${k}`);
      }
      return out;
    }
    case "obj": {
      if (!isPlainObject(v)) return fail(path, `expected an object, got ${kindOf(v)}`);
      const out: Record<string, unknown> = {};
      for (const [k, fs] of Object.entries(s.fields)) {
        if (!Object.hasOwn(v, k) || v[k] === undefined) {
          if (s.optional?.includes(k)) continue;
          return fail(`${path}.${k}`, "missing");
        }
        out[k] = fromPlain(v[k], fs, `${path}.${k}`);
      }
      return out;
    }
    case "union": {
      if (!isPlainObject(v)) return fail(path, `expected an object, got ${kindOf(v)}`);
      const tag = v[s.tag];
      const fields =
        typeof tag === "string" && Object.hasOwn(s.variants, tag) ? s.variants[tag] : undefined;
      if (!fields)
        return fail(`${path}.${s.tag}`, `expected one of ${Object.keys(s.variants).join(", ")}`);
      return { [s.tag]: tag, ...(fromPlain(v, { t: "obj", fields }, path) as object) };
    }
    default:
      // Scalars are checked by the same rules on both sides.
      return toPlain(v, s, path);
  }
}

/** Serialise an image. Throws ImageFormatError naming the field if the value does not match
 *  image.ts (wrong dtype, missing field), so nothing malformed is ever written. */
export function encodeImage(img: ChipImage): Uint8Array {
  const plain = toPlain(img, IMAGE_SCHEMA, "image");
  if (!/^[\x21-\x7e]{1,32}$/.test(img.profile)) {
    throw new ImageFormatError(
      `bad chip image: image.profile: '${img.profile}' is not 1..32 printable ASCII characters`,
    );
  }
  const name = new TextEncoder().encode(img.profile);
  const payload = packr.pack(plain);
  const out = new Uint8Array(IMAGE_HEADER_BYTES + name.length + payload.length);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(IMAGE_MAGIC), 0);
  dv.setUint16(4, IMAGE_FORMAT_VERSION, true);
  dv.setUint8(6, name.length);
  dv.setUint8(7, 0);
  dv.setUint32(8, payload.length, true);
  out.set(name, IMAGE_HEADER_BYTES);
  out.set(payload, IMAGE_HEADER_BYTES + name.length);
  dv.setUint32(12, crc32(out.subarray(IMAGE_HEADER_BYTES)) >>> 0, true);
  return out;
}

/** What the header says, checked: version, profile name (known), the msgpack payload. */
export interface ImageHeader {
  version: number;
  profile: string;
  payload: Uint8Array;
}

/** Read and check the container without decoding the payload (truncation, magic, version,
 *  checksum, known profile). Throws ImageFormatError. */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (!(bytes instanceof Uint8Array))
    throw new ImageFormatError("not a chip image: expected bytes");
  if (bytes.length < IMAGE_HEADER_BYTES) {
    throw new ImageFormatError(
      `truncated chip image: ${bytes.length} bytes, the header alone is ${IMAGE_HEADER_BYTES}`,
    );
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== IMAGE_MAGIC)
    throw new ImageFormatError(`not a chip image: magic is '${magic}', expected '${IMAGE_MAGIC}'`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint16(4, true);
  if (version !== IMAGE_FORMAT_VERSION) {
    throw new ImageFormatError(
      `chip image format version ${version} is not supported (this toolchain reads version ${IMAGE_FORMAT_VERSION}); recompile the program`,
    );
  }
  const nameLen = dv.getUint8(6);
  if (dv.getUint8(7) !== 0)
    throw new ImageFormatError("corrupted chip image: reserved header byte is not zero");
  if (nameLen < 1 || nameLen > 32)
    throw new ImageFormatError(
      `corrupted chip image: profile name length ${nameLen} outside 1..32`,
    );
  const len = dv.getUint32(8, true);
  const want = IMAGE_HEADER_BYTES + nameLen + len;
  if (want > bytes.length) {
    throw new ImageFormatError(
      `truncated chip image: header says ${want} bytes, file has ${bytes.length}`,
    );
  }
  if (want < bytes.length) {
    throw new ImageFormatError(
      `corrupted chip image: ${bytes.length - want} unexpected bytes after the payload`,
    );
  }
  const stored = dv.getUint32(12, true);
  const computed = crc32(bytes.subarray(IMAGE_HEADER_BYTES)) >>> 0;
  if (stored !== computed) {
    throw new ImageFormatError(
      `corrupted chip image: checksum mismatch (stored 0x${stored.toString(16).padStart(8, "0")}, computed 0x${computed.toString(16).padStart(8, "0")})`,
    );
  }
  const profile = String.fromCharCode(
    ...bytes.subarray(IMAGE_HEADER_BYTES, IMAGE_HEADER_BYTES + nameLen),
  );
  if (!Object.hasOwn(PROFILES, profile)) {
    throw new ImageFormatError(
      `chip image targets unknown profile '${profile}' (known: ${Object.keys(PROFILES).join(", ")})`,
    );
  }
  return { version, profile, payload: bytes.subarray(IMAGE_HEADER_BYTES + nameLen) };
}

/** Read an image. Throws ImageFormatError (and nothing else) for a truncated, corrupted,
 *  wrong-version, unknown-profile or malformed image. Does not check chip limits: call
 *  validateImage with the profile afterwards. */
export function decodeImage(bytes: Uint8Array): ChipImage {
  const { profile, payload } = readImageHeader(bytes);
  let plain: unknown;
  try {
    plain = packr.unpack(payload);
  } catch (e) {
    throw new ImageFormatError(
      `corrupted chip image: payload is not valid msgpack (${(e as Error).message})`,
    );
  }
  let img: ChipImage;
  try {
    img = fromPlain(plain, IMAGE_SCHEMA, "image") as ChipImage;
  } catch (e) {
    if (e instanceof ImageFormatError) throw e;
    throw new ImageFormatError(`bad chip image: ${(e as Error).message}`);
  }
  if (img.profile !== profile) {
    throw new ImageFormatError(
      `corrupted chip image: header names profile '${profile}', payload '${img.profile}'`,
    );
  }
  if (!Object.hasOwn(COST_TABLES, img.costProfile)) {
    throw new ImageFormatError(
      `chip image names unknown cost table '${img.costProfile}' (known: ${Object.keys(COST_TABLES).join(", ")})`,
    );
  }
  return img;
}
