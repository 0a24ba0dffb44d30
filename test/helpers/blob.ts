// Our reading of the snapshot blob format (README "Snapshot blob format"),
// independent of the runtime's code: a bitwise CRC32C, field offsets, and the
// tags computed with Node's crypto from the key file (README "Trust model").
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

const POLY = 0x82f63b78;

/** CRC32C (Castagnoli), one bit at a time: slow and obviously right. */
export function crc32c(bytes: Uint8Array, seed = 0): number {
  let crc = ~seed >>> 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ POLY : crc >>> 1;
  }
  return ~crc >>> 0;
}

export const FORMAT_VERSION = 2;
/** The fixed part of the header; the reference table follows it. */
export const FIXED_HEADER_SIZE = 160;

export const OFFSET = {
  version: 8,
  headerSize: 12,
  v8Version: 16,
  fingerprint: 48,
  contextCount: 56,
  referenceCount: 60,
  payloadLength: 64,
  headerCrc: 72,
  reserved: 76,
  nonce: 80,
  laneTags: 96,
  headerTag: 128,
  references: 160,
} as const;

export interface BlobHeader {
  magic: string;
  formatVersion: number;
  headerSize: number;
  v8Version: string;
  fingerprint: bigint;
  contextCount: number;
  referenceCount: number;
  payloadLength: number;
  headerCrc: number;
  nonce: Buffer;
  laneTags: [Buffer, Buffer];
  headerTag: Buffer;
  references: string[];
}

export function readHeader(blob: Buffer): BlobHeader {
  const version = blob.subarray(16, 48);
  const end = version.indexOf(0);
  const headerSize = blob.readUInt32LE(OFFSET.headerSize);
  const referenceCount = blob.readUInt32LE(OFFSET.referenceCount);
  const references: string[] = [];
  for (let at = OFFSET.references, i = 0; i < referenceCount; i++) {
    const length = blob.readUInt16LE(at);
    references.push(blob.subarray(at + 2, at + 2 + length).toString('utf8'));
    at += 2 + length;
  }
  return {
    magic: blob.subarray(0, 8).toString('latin1'),
    formatVersion: blob.readUInt32LE(OFFSET.version),
    headerSize,
    v8Version: version.subarray(0, end < 0 ? 32 : end).toString('latin1'),
    fingerprint: blob.readBigUInt64LE(OFFSET.fingerprint),
    contextCount: blob.readUInt32LE(OFFSET.contextCount),
    referenceCount,
    payloadLength: Number(blob.readBigUInt64LE(OFFSET.payloadLength)),
    headerCrc: blob.readUInt32LE(OFFSET.headerCrc),
    nonce: Buffer.from(blob.subarray(OFFSET.nonce, OFFSET.nonce + 16)),
    laneTags: [Buffer.from(blob.subarray(96, 112)), Buffer.from(blob.subarray(112, 128))],
    headerTag: Buffer.from(blob.subarray(OFFSET.headerTag, OFFSET.headerTag + 32)),
    references,
  };
}

/** Where V8's bytes start. */
export const payloadOffset = (blob: Buffer): number => blob.readUInt32LE(OFFSET.headerSize);

/** The header's bytes as its size field says (kept within the blob and the fixed part, for edited headers). */
const headerOf = (blob: Buffer): Buffer =>
  Buffer.from(blob.subarray(0, Math.min(Math.max(payloadOffset(blob), FIXED_HEADER_SIZE), blob.length)));

/** The header checksum: the header with its own four bytes and the header tag zero. */
export function headerCrc(blob: Buffer): number {
  const header = headerOf(blob);
  header.fill(0, OFFSET.headerCrc, OFFSET.headerCrc + 4);
  header.fill(0, OFFSET.headerTag, OFFSET.headerTag + 32);
  return crc32c(header);
}

/** The key file the runtime uses in a process with this environment. */
export function keyPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JSVM_SNAPSHOT_KEY_FILE) return env.JSVM_SNAPSHOT_KEY_FILE;
  const xdg = env.XDG_CONFIG_HOME;
  const config = xdg && xdg.startsWith('/') ? xdg : path.join(env.HOME ?? '', '.config');
  return path.join(config, 'jsvm-desktop', 'snapshot.key');
}

export const readKey = (env: NodeJS.ProcessEnv = process.env): Buffer => fs.readFileSync(keyPath(env));

/** Lane 1 of a payload of `length` bytes starts here. */
export const laneSplit = (length: number): number => Math.floor(length / 2 / 64) * 64;

/**
 * The two payload tags: ChaCha20-Poly1305 tags over each lane as associated data, under the blob's key
 * (derived with `label`: snapshot payloads have theirs, code caches and wasm caches others).
 */
export function laneTags(payload: Buffer, nonce: Buffer, key: Buffer,
  label = 'jsvm-desktop snapshot payload key v2'): [Buffer, Buffer] {
  const blobKey = crypto
    .createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(label, 'latin1'), nonce]))
    .digest();
  const split = laneSplit(payload.length);
  const tag = (lane: number, bytes: Buffer) => {
    const iv = Buffer.alloc(12);
    iv.writeUInt32LE(lane, 0);
    const cipher = crypto.createCipheriv('chacha20-poly1305', blobKey, iv, { authTagLength: 16 });
    cipher.setAAD(bytes, { plaintextLength: 0 });
    cipher.final();
    return cipher.getAuthTag();
  };
  return [tag(0, payload.subarray(0, split)), tag(1, payload.subarray(split))];
}

/** HMAC-SHA256 of the header with the tag's own bytes zero. */
export function headerTag(blob: Buffer, key: Buffer): Buffer {
  const header = headerOf(blob);
  header.fill(0, OFFSET.headerTag, OFFSET.headerTag + 32);
  return crypto.createHmac('sha256', key).update(header).digest();
}

/**
 * A copy of `blob` with its header checksum made right again; given a key,
 * also its tags: the payload's (for the payload as it now is) and the header's.
 */
export function reseal(blob: Buffer, key?: Buffer): Buffer {
  const copy = Buffer.from(blob);
  if (key) {
    const nonce = copy.subarray(OFFSET.nonce, OFFSET.nonce + 16);
    const [lane0, lane1] = laneTags(copy.subarray(payloadOffset(copy)), nonce, key);
    lane0.copy(copy, OFFSET.laneTags);
    lane1.copy(copy, OFFSET.laneTags + 16);
  }
  copy.writeUInt32LE(headerCrc(copy), OFFSET.headerCrc);
  if (key) headerTag(copy, key).copy(copy, OFFSET.headerTag);
  return copy;
}

/** `blob` with its reference table replaced by `names` (header size and count follow; nothing resealed). */
export function withReferences(blob: Buffer, names: string[]): Buffer {
  const table = Buffer.concat(
    names.map((name) => {
      const bytes = Buffer.from(name, 'utf8');
      const length = Buffer.alloc(2);
      length.writeUInt16LE(bytes.length);
      return Buffer.concat([length, bytes]);
    }),
  );
  const headerSize = Math.ceil((FIXED_HEADER_SIZE + table.length) / 16) * 16;
  const header = Buffer.alloc(headerSize);
  blob.copy(header, 0, 0, FIXED_HEADER_SIZE);
  table.copy(header, FIXED_HEADER_SIZE);
  header.writeUInt32LE(headerSize, OFFSET.headerSize);
  header.writeUInt32LE(names.length, OFFSET.referenceCount);
  return Buffer.concat([header, blob.subarray(payloadOffset(blob))]);
}
