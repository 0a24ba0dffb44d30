// The fuzzer's blob mutations, driven by a seeded generator so that a run can
// be reproduced from its seed. Each kind returns the bytes to try; none of them
// knows the user key, except that genuine blobs were sealed with it.
import { FIXED_HEADER_SIZE, OFFSET, payloadOffset, readHeader, reseal, withReferences } from '../helpers/blob';

/** mulberry32: small, fast, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Blobs {
  /** Made in this process: restore here, run hello() as hello. */
  genuine: Buffer[];
  /** Made with this key by processes with other reference tables ([add, hello, …], a renamed library). */
  foreign: Buffer[];
}

type Mutation = (blobs: Blobs, random: () => number) => Buffer;

export function mutations(): Record<string, Mutation> {
  const int = (random: () => number, n: number) => Math.floor(random() * n);
  const pick = <T>(random: () => number, list: T[]): T => list[int(random, list.length)];
  const randomBytes = (random: () => number, n: number) => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = int(random, 256);
    return out;
  };
  const flip = (random: () => number, blob: Buffer, from: number, to: number) => {
    const copy = Buffer.from(blob);
    for (let k = 1 + int(random, 4); k > 0; k--) copy[from + int(random, to - from)] ^= 1 << int(random, 8);
    return copy;
  };
  const any = (b: Blobs, random: () => number) => pick(random, [...b.genuine, ...b.foreign]);
  // Header fields an attacker would edit, with the values they would try.
  const fieldEdits: Array<(copy: Buffer, random: () => number) => void> = [
    (c, r) => c.writeUInt32LE(r() < 0.5 ? int(r, 64) * 16 : int(r, 2 ** 32), OFFSET.headerSize),
    (c, r) => c.writeUInt32LE(int(r, 1 << 20), OFFSET.contextCount),
    (c, r) => c.writeBigUInt64LE(BigInt(int(r, c.length * 2)), OFFSET.payloadLength),
    (c, r) => c.writeUInt32LE(int(r, 64), OFFSET.referenceCount),
    (c, r) => c.writeBigUInt64LE(BigInt(int(r, 2 ** 32)), OFFSET.fingerprint),
    (c, r) => randomBytes(r, 16).copy(c, OFFSET.nonce),
    (c, r) => randomBytes(r, 32).copy(c, OFFSET.laneTags),
    (c, r) => randomBytes(r, 32).copy(c, OFFSET.headerTag),
    (c, r) => c.write(pick(r, ['11.3.244.9-node.9', '10.2.154.26-node.26', '']).padEnd(32, '\0'), OFFSET.v8Version, 'latin1'),
    (c, r) => (c[FIXED_HEADER_SIZE + int(r, payloadOffset(c) - FIXED_HEADER_SIZE)] ^= 1 << int(r, 8)),
  ];
  return {
    truncate: (b, r) => {
      const blob = any(b, r);
      return blob.subarray(0, int(r, blob.length));
    },
    'flip-header': (b, r) => {
      const blob = any(b, r);
      return flip(r, blob, 0, payloadOffset(blob));
    },
    'flip-payload': (b, r) => {
      const blob = any(b, r);
      return flip(r, blob, payloadOffset(blob), blob.length);
    },
    random: (b, r) => {
      const blob = any(b, r);
      const bytes = randomBytes(r, int(r, 4096));
      // Often with our magic, version and a plausible header size, to get past the first checks.
      if (bytes.length >= 16 && r() < 0.7) blob.copy(bytes, 0, 0, r() < 0.5 ? 12 : 16);
      return bytes;
    },
    splice: (b, r) => {
      const all = [...b.genuine, ...b.foreign];
      const first = int(r, all.length);
      const one = all[first];
      const two = all[(first + 1 + int(r, all.length - 1)) % all.length];
      if (r() < 0.5) return Buffer.concat([one.subarray(0, payloadOffset(one)), two.subarray(payloadOffset(two))]);
      return Buffer.concat([one.subarray(0, int(r, one.length)), two.subarray(int(r, two.length))]);
    },
    'header-edit-resealed': (b, r) => {
      const copy = Buffer.from(any(b, r));
      pick(r, fieldEdits)(copy, r);
      return reseal(copy);
    },
    'corrupt-payload-resealed': (b, r) => {
      const blob = any(b, r);
      return reseal(flip(r, blob, payloadOffset(blob), blob.length));
    },
    'sealed-with-other-key': (b, r) => {
      const blob = any(b, r);
      const copy = r() < 0.5 ? flip(r, blob, FIXED_HEADER_SIZE, blob.length) : Buffer.from(blob);
      if (r() < 0.5) pick(r, fieldEdits)(copy, r);
      return reseal(copy, randomBytes(r, 32));
    },
    'forged-reference-table': (b, r) => {
      const forged = withReferences(pick(r, b.foreign), readHeader(b.genuine[0]).references);
      return reseal(forged, r() < 0.5 ? undefined : randomBytes(r, 32));
    },
    'foreign-table': (b, r) => pick(r, b.foreign),
    genuine: (b, r) => pick(r, b.genuine),
  };
}
