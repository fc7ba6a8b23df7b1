// Checkpoint bytes: the full run state (chip, sources, probes, series, driver counters) as
// msgpack with every typed array stored as {dtype, shape, bytes}, so other languages can read
// it and a resumed run is bit-identical. The state is packed into a payload inside an envelope
// {format, crc32, payload}, so a truncated or damaged file is refused before any of it is
// used. It encodes and decodes; it never touches files.
import { crc32 } from "node:zlib";
import { Packr } from "msgpackr";

/** A checkpoint that cannot be resumed: not one, damaged, or of another run. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

const packr = new Packr({ useRecords: false });

const DTYPES = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;
type DType = keyof typeof DTYPES;
type AnyTyped = InstanceType<(typeof DTYPES)[DType]>;

function dtypeOf(a: ArrayBufferView): DType | null {
  for (const [k, ctor] of Object.entries(DTYPES)) if (a instanceof ctor) return k as DType;
  return null;
}

/** Typed arrays -> {dtype, shape, bytes}, recursively; everything else unchanged. */
export function toPortable(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) {
    const dt = dtypeOf(v);
    if (!dt) throw new Error("checkpoint: unsupported typed array");
    const a = v as AnyTyped;
    return {
      dtype: dt,
      shape: [a.length],
      bytes: new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)),
    };
  }
  if (Array.isArray(v)) return v.map(toPortable);
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toPortable(x);
    return o;
  }
  return v;
}

export function fromPortable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromPortable);
  if (v && typeof v === "object" && !ArrayBuffer.isView(v)) {
    const o = v as Record<string, unknown>;
    if (
      typeof o.dtype === "string" &&
      Array.isArray(o.shape) &&
      o.bytes instanceof Uint8Array &&
      o.dtype in DTYPES
    ) {
      const ctor = DTYPES[o.dtype as DType];
      const b = o.bytes;
      const copy = new Uint8Array(b.byteLength);
      copy.set(b);
      return new ctor(copy.buffer);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = fromPortable(x);
    return out;
  }
  return v;
}

export const CHECKPOINT_FORMAT = "snn-checkpoint-2";

export function encodeCheckpoint(state: Record<string, unknown>): Uint8Array {
  const payload = packr.pack(toPortable(state));
  return packr.pack({ format: CHECKPOINT_FORMAT, crc32: crc32(payload) >>> 0, payload });
}

export function decodeCheckpoint(bytes: Uint8Array): Record<string, unknown> {
  let env: unknown;
  try {
    env = packr.unpack(bytes);
  } catch (e) {
    throw new CheckpointError(`not a checkpoint (msgpack decode failed: ${(e as Error).message})`);
  }
  const o = (env && typeof env === "object" ? env : {}) as Record<string, unknown>;
  if (o.format !== CHECKPOINT_FORMAT)
    throw new CheckpointError(`not a checkpoint of format ${CHECKPOINT_FORMAT}`);
  const payload = o.payload;
  if (!(payload instanceof Uint8Array) || crc32(payload) >>> 0 !== o.crc32)
    throw new CheckpointError("damaged checkpoint: its checksum does not match its contents");
  // The payload is what encodeCheckpoint packed (the checksum holds), so it is trusted from here.
  return fromPortable(packr.unpack(payload)) as Record<string, unknown>;
}
