// Our reading of the snapshot blob format (README "Snapshot blob format"),
// independent of the runtime's code: a bitwise CRC32C and field offsets.

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

export const HEADER_SIZE = 96;

export interface BlobHeader {
  magic: string;
  formatVersion: number;
  headerSize: number;
  v8Version: string;
  fingerprint: bigint;
  contextCount: number;
  payloadLength: number;
  payloadCrc: number;
  headerCrc: number;
}

export function readHeader(blob: Buffer): BlobHeader {
  const version = blob.subarray(16, 48);
  const end = version.indexOf(0);
  return {
    magic: blob.subarray(0, 8).toString('latin1'),
    formatVersion: blob.readUInt32LE(8),
    headerSize: blob.readUInt32LE(12),
    v8Version: version.subarray(0, end < 0 ? 32 : end).toString('latin1'),
    fingerprint: blob.readBigUInt64LE(48),
    contextCount: blob.readUInt32LE(56),
    payloadLength: Number(blob.readBigUInt64LE(64)),
    payloadCrc: blob.readUInt32LE(72),
    headerCrc: blob.readUInt32LE(76),
  };
}

/** The header checksum: all header bytes except its own four. */
export function headerCrc(blob: Buffer): number {
  return crc32c(blob.subarray(80, HEADER_SIZE), crc32c(blob.subarray(0, 76)));
}

/** A copy of `blob` with its header checksum made right again. */
export function resealHeader(blob: Buffer): Buffer {
  const copy = Buffer.from(blob);
  copy.writeUInt32LE(headerCrc(copy), 76);
  return copy;
}
