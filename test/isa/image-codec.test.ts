// Image codec: round trip of a fully populated image, refusal of truncated, corrupted,
// wrong-version and unknown-profile images with ImageFormatError, and a property test that
// mutated bytes never raise anything else.

import { crc32 } from "node:zlib";
import fc from "fast-check";
import { Packr, Unpackr } from "msgpackr";
import { describe, expect, it } from "vitest";
import {
  decodeImage,
  encodeImage,
  IMAGE_FORMAT_VERSION,
  IMAGE_HEADER_BYTES,
  ImageFormatError,
  readImageHeader,
} from "../../isa/index.ts";
import { tinyImage } from "./fixtures.ts";

const bytes = encodeImage(tinyImage());

function expectFormatError(f: () => unknown, message: string | RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ImageFormatError);
  if (typeof message === "string") expect((err as Error).message).toBe(message);
  else expect((err as Error).message).toMatch(message);
}

const NAME = 5; // "loihi"
const PAYLOAD = IMAGE_HEADER_BYTES + NAME;

/** Replace the payload and fix up length and CRC, so only the payload's content is wrong. */
function withPayload(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(PAYLOAD + payload.length);
  out.set(bytes.subarray(0, PAYLOAD));
  out.set(payload, PAYLOAD);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, payload.length, true);
  dv.setUint32(12, crc32(out.subarray(IMAGE_HEADER_BYTES)) >>> 0, true);
  return out;
}

describe("image codec", () => {
  it("round-trips every field with its element type", () => {
    const img = tinyImage();
    const back = decodeImage(encodeImage(img));
    expect(back).toEqual(img);
    expect(back.cores[0]!.synTarget).toBeInstanceOf(Uint16Array);
    expect(back.cores[0]!.synWeight).toBeInstanceOf(Int16Array);
    expect(back.cores[0]!.learning!.rules[0]).toBeInstanceOf(Uint32Array);
    expect(back.experiment.datasets[0]!.values).toBeInstanceOf(Uint16Array);
  });

  it("stores typed arrays as {dtype, shape, bytes} readable without this toolchain", () => {
    const raw = new Unpackr({ useRecords: false }).unpack(bytes.subarray(PAYLOAD)) as {
      cores: { synWeight: unknown; initialState: unknown }[];
    };
    expect(raw.cores[0]!.synWeight).toMatchObject({ dtype: "int16", shape: [5] });
    // initialState is row-major [compartments, stateRegisters]
    expect(raw.cores[0]!.initialState).toMatchObject({ dtype: "int32", shape: [4, 3] });
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("SNNI");
  });

  it("refuses to write a field of the wrong type, naming it", () => {
    const img = tinyImage();
    (img.cores[0] as unknown as { synTarget: Int32Array }).synTarget = new Int32Array(5);
    expectFormatError(
      () => encodeImage(img),
      "bad chip image: image.cores[0].synTarget: expected uint16 array (Uint16Array), got int32",
    );
    const img2 = tinyImage();
    delete (img2 as Partial<typeof img2>).probes;
    expectFormatError(() => encodeImage(img2), "bad chip image: image.probes: missing");
  });

  it("refuses truncated, corrupted, wrong-version and unknown-profile images", () => {
    expectFormatError(
      () => decodeImage(bytes.subarray(0, 10)),
      "truncated chip image: 10 bytes, the header alone is 16",
    );
    expectFormatError(
      () => decodeImage(bytes.subarray(0, bytes.length - 7)),
      `truncated chip image: header says ${bytes.length} bytes, file has ${bytes.length - 7}`,
    );
    const flipped = bytes.slice();
    flipped[100]! ^= 0x10;
    expectFormatError(
      () => decodeImage(flipped),
      /^corrupted chip image: checksum mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/,
    );
    for (const version of [1, 3]) {
      const other = bytes.slice();
      other[4] = version;
      expectFormatError(
        () => decodeImage(other),
        `chip image format version ${version} is not supported (this toolchain reads version 2); recompile the program`,
      );
    }
    expectFormatError(
      () => decodeImage(new TextEncoder().encode("hello, this is not an image")),
      "not a chip image: magic is 'hell', expected 'SNNI'",
    );
    const other = tinyImage();
    other.profile = "truenorth";
    expectFormatError(
      () => decodeImage(encodeImage(other)),
      "chip image targets unknown profile 'truenorth' (known: loihi, loihi2)",
    );
  });

  it("reports a wrong dtype inside a checksummed payload by field path", () => {
    const raw = new Unpackr({ useRecords: false }).unpack(bytes.subarray(PAYLOAD)) as {
      cores: { synDelay: { dtype: string } }[];
    };
    raw.cores[0]!.synDelay.dtype = "int8";
    const payload = new Packr({ useRecords: false }).pack(raw);
    expectFormatError(
      () => decodeImage(withPayload(payload)),
      "bad chip image: image.cores[0].synDelay: expected dtype uint8, got int8",
    );
  });

  it("names the profile in the header, and checks it against the payload", () => {
    expect(readImageHeader(bytes)).toMatchObject({
      version: IMAGE_FORMAT_VERSION,
      profile: "loihi",
    });
    // Rewrite the header name to loihi2 (same length + 1 is not possible: build by hand).
    const other = tinyImage();
    other.profile = "loihi2";
    const b2 = encodeImage(other);
    expect(readImageHeader(b2).profile).toBe("loihi2");
    const payload = bytes.subarray(PAYLOAD);
    const forged = new Uint8Array(IMAGE_HEADER_BYTES + 6 + payload.length);
    forged.set(b2.subarray(0, IMAGE_HEADER_BYTES + 6));
    forged.set(payload, IMAGE_HEADER_BYTES + 6);
    const dv = new DataView(forged.buffer);
    dv.setUint32(8, payload.length, true);
    dv.setUint32(12, crc32(forged.subarray(IMAGE_HEADER_BYTES)) >>> 0, true);
    expectFormatError(
      () => decodeImage(forged),
      "corrupted chip image: header names profile 'loihi2', payload 'loihi'",
    );
  });

  it("random payloads behind a valid header are refused with ImageFormatError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (payload) => {
        expect(() => decodeImage(withPayload(payload))).toThrow(ImageFormatError);
      }),
      { numRuns: 1000 },
    );
  });

  it("mutated or truncated bytes give a valid image or ImageFormatError, never another exception", () => {
    const mutation = fc.record({
      cut: fc.option(fc.integer({ min: 0, max: bytes.length }), { nil: undefined }),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      fixCrc: fc.boolean(),
    });
    fc.assert(
      fc.property(mutation, ({ cut, edits, fixCrc }) => {
        let b: Uint8Array = bytes.slice(0, cut ?? bytes.length);
        for (const [pos, val] of edits) if (b.length > 0) b[pos % b.length] = val;
        if (fixCrc && b.length >= PAYLOAD) b = withPayload(b.subarray(PAYLOAD));
        try {
          const img = decodeImage(b);
          expect(typeof img.profile).toBe("string");
        } catch (e) {
          expect(e).toBeInstanceOf(ImageFormatError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
