import assert from 'assert';
import { spawnSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addon, addonPath, expectOutcome, Status } from './helpers/addon';
import {
  FIXED_HEADER_SIZE,
  OFFSET,
  payloadOffset,
  readHeader,
  readKey,
  reseal,
  withReferences,
} from './helpers/blob';

const UNAUTHENTICATED = /made with another key \(another user or machine\): its header's authentication tag does not match/;
const PAYLOAD_CHANGED = /its payload's authentication tag does not match/;

// Every case runs in this test process: a blob V8 would abort on must come
// back as JSVM_INVALID_ARG with a reason, and the process must go on.
describe('bad snapshot blobs are refused before V8 sees them', () => {
  let blob: Buffer;
  let H: number;
  before(() => {
    const r = addon.makeSnapshot(["globalThis.answer = 42; 'ready'"]);
    expectOutcome(r.create, Status.OK);
    blob = r.blob!;
    H = payloadOffset(blob);
  });

  const refused = (bytes: Buffer | null, reason: RegExp) =>
    expectOutcome(addon.createVmFromBlob(bytes), Status.INVALID_ARG, reason);

  it('an empty blob', () => {
    refused(Buffer.alloc(0), /empty/);
    // NULL data with a size is no snapshot: a plain VM, as on the device (device-status.spec.ts).
    expectOutcome(addon.createVmFromBlob(null), Status.OK);
  });

  it('truncated blobs, at every kind of cut', () => {
    for (const length of [1, 8, 50, FIXED_HEADER_SIZE - 1]) refused(blob.subarray(0, length), /truncated.*160-byte header/);
    for (const length of [FIXED_HEADER_SIZE, H - 1]) refused(blob.subarray(0, length), /truncated.*shorter than its \d+-byte header/);
    for (const length of [H, H + 1, H + 1000, blob.length >> 1, blob.length - 1]) {
      refused(blob.subarray(0, length), /truncated: \d+ of \d+ payload bytes present/);
    }
  });

  it('extra bytes after the payload', () => {
    refused(Buffer.concat([blob, Buffer.from([0])]), /unexpected bytes/);
  });

  it('a flipped bit in every header byte', () => {
    for (let i = 0; i < H; i++) {
      const copy = Buffer.from(blob);
      copy[i] ^= 1 << (i % 8);
      let reason = /header is corrupted \(checksum mismatch\)/;
      if (i < 8) reason = /bad magic/;
      else if (i < 12) reason = /unsupported blob format version/;
      else if (i < 16) reason = /header size \d+ is out of range|shorter than its|header is corrupted/;
      else if (i >= OFFSET.headerTag && i < OFFSET.headerTag + 32) reason = UNAUTHENTICATED;
      refused(copy, reason);
    }
  });

  it('a flipped bit anywhere in the payload, with or without the header checksum recomputed', () => {
    const positions = [H, H + 1, blob.length - 1];
    for (let k = 1; k <= 200; k++) positions.push(H + Math.floor(((blob.length - H) * k) / 201));
    for (const position of positions) {
      const copy = Buffer.from(blob);
      copy[position] ^= 1 << (position % 8);
      refused(copy, PAYLOAD_CHANGED);
      refused(reseal(copy), PAYLOAD_CHANGED);
    }
  });

  it('random bytes, with and without our magic and version', () => {
    for (let round = 0; round < 5; round++) {
      const random = crypto.randomBytes(blob.length);
      refused(random, /bad magic/);
      blob.copy(random, 0, 0, 8);
      refused(random, /unsupported blob format version/);
      blob.copy(random, 0, 0, 16);
      refused(random, /header is corrupted/);
    }
  });

  it('V8\'s own bytes without our header', () => {
    refused(blob.subarray(H), /bad magic/);
  });

  it('a header edited with its checksum recomputed but without the key is unauthenticated; with the key it reaches the next check', () => {
    const key = readKey();
    const edit = (change: (copy: Buffer) => void) => {
      const copy = Buffer.from(blob);
      change(copy);
      return copy;
    };
    const otherV8 = edit((copy) => {
      copy.fill(0, 16, 48);
      copy.write('10.2.154.26-node.26', 16, 'latin1');
    });
    refused(reseal(otherV8), UNAUTHENTICATED);
    refused(reseal(otherV8, key), new RegExp(`another V8 version \\(10\\.2\\.154\\.26-node\\.26; this runtime runs ${
      process.versions.v8.replace(/\./g, '\\.')}\\)`));

    const longer = edit((copy) => copy.writeBigUInt64LE(BigInt(blob.length), OFFSET.payloadLength));
    refused(reseal(longer), UNAUTHENTICATED);
    refused(reseal(longer, key), /truncated/);

    const tags = edit((copy) => copy.fill(7, OFFSET.laneTags, OFFSET.laneTags + 32));
    refused(reseal(tags), UNAUTHENTICATED);
    refused(reseal(tags, crypto.randomBytes(32)), UNAUTHENTICATED);

    // Every tag recomputed, under a key that is not this user's.
    const payload = edit((copy) => (copy[H + 100] ^= 4));
    refused(reseal(payload, crypto.randomBytes(32)), UNAUTHENTICATED);
  });

  it('a forged reference table: unauthenticated without the key; with it, refused naming the first differing entry', () => {
    const key = readKey();
    const names = readHeader(blob).references;
    const swapped = withReferences(blob, [names[0], names[2], names[1], ...names.slice(3)]);
    refused(reseal(swapped), UNAUTHENTICATED);
    refused(
      reseal(swapped, key),
      /different external reference table.*: entry 1 is jsvm_test\.node:_ZN7harness4kAddE\+0 in the blob but jsvm_test\.node:_ZN7harness6kHelloE\+0 in this process/,
    );
    const renamed = withReferences(blob, names.map((name) => name.replace('jsvm_test.node', 'libentry.so')));
    refused(reseal(renamed, key), /entry 1 is libentry\.so:_ZN7harness6kHelloE\+0 in the blob but jsvm_test\.node:/);
    const longer = withReferences(blob, [...names, 'libentry.so:_ZL5hello+0']);
    refused(reseal(longer, key), /the blob has 10 entries, this process 9 \(entry 9 is libentry\.so:_ZL5hello\+0 in the blob only\)/);
    const shorter = withReferences(blob, names.slice(0, 8));
    refused(reseal(shorter, key), /the blob has 8 entries, this process 9 \(entry 8 is jsvm_test\.node:_ZN7harness11kCounterSetE\+0 in this process only\)/);
  });

  it('blobs of other format versions', () => {
    for (const version of [1, 3, 0xffffffff]) {
      const copy = Buffer.from(blob);
      copy.writeUInt32LE(version, OFFSET.version);
      refused(reseal(copy, readKey()), new RegExp(`unsupported blob format version ${version} \\(this runtime reads 2`));
    }
  });

  it('a blob made with a different external reference table (another process)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-blob-'));
    const file = path.join(dir, 'other-table.bin');
    const run = spawnSync(process.execPath, ['-e', `
      const addon = require(${JSON.stringify(addonPath)});
      const r = addon.makeSnapshot(["globalThis.answer = 42; 'ready'"]);
      require('fs').writeFileSync(${JSON.stringify(file)}, r.blob);
      console.log(addon.restore(r.blob, 0, 'answer').result);`], {
      env: { ...process.env, JSVM_TEST_EXTRA_REFERENCE: '1' },
      encoding: 'utf8',
    });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout.trim(), '42', 'the blob is good for its own table');
    refused(
      fs.readFileSync(file),
      /different external reference table.*the blob has 10 entries, this process 9 \(entry 9 is jsvm_test\.node:_ZN7harness13kUnregisteredE\+0 in the blob only\)/,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('the caller may overwrite and free its blob once CreateVM returns', () => {
    // In a child process: if the VM still read the caller's bytes, V8 would abort.
    const run = spawnSync(process.execPath, ['-e', `
      const addon = require(${JSON.stringify(addonPath)});
      const big = "globalThis.table = Array.from({ length: 50000 }, (_, i) => 'row' + i);";
      const r = addon.makeSnapshot([big + " globalThis.answer = 42; 'ready'"]);
      console.log(JSON.stringify(addon.restoreAfterCallerFrees(r.blob, 'answer + table.length')));`], {
      encoding: 'utf8',
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout);
    assert.strictEqual(r.createVM.status, Status.OK);
    assert.deepStrictEqual(r.results, ['50042', '50042', '50042']);
    assert.strictEqual(r.destroyVM, Status.OK);
  });

  it('jsvm_desktop.h: JSVM_Desktop_ValidateSnapshotBlob checks without a VM; payload offset; reference table', () => {
    const r = addon.desktopExtensions(blob);
    expectOutcome(r.good, Status.OK);
    assert.strictEqual(r.goodReason, '', 'the reason buffer is emptied for a good blob');
    expectOutcome(r.flipped, Status.INVALID_ARG, /invalid snapshot blob: the blob was changed after it was made/);
    assert.strictEqual(
      r.flippedReason,
      "the blob was changed after it was made, or made with another key (another user or machine): its payload's authentication tag does not match",
    );
    assert.strictEqual(r.flippedTinyReason, Status.INVALID_ARG);
    assert.strictEqual(r.tinyReason, 'the blo', 'cut to the buffer, NUL included');
    assert.strictEqual(r.tinyTerminated, true);
    expectOutcome(r.noReasonBuffer, Status.INVALID_ARG, PAYLOAD_CHANGED);
    expectOutcome(r.nullBlob, Status.INVALID_ARG, /empty/);
    assert.strictEqual(r.nullBlobReason, 'the blob is empty');
    expectOutcome(r.truncated, Status.INVALID_ARG, /truncated/);
    assert.strictEqual(r.payloadOffset, H, 'JSVM_Desktop_SnapshotPayloadOffset');
    assert.strictEqual(r.payloadOffsetOfFlipped, H, 'the header alone decides the offset');
    assert.strictEqual(r.payloadOffsetOfNull, 0);
    assert.ok(r.tableEntries >= 2, 'the runtime entries and the user\'s');
    assert.strictEqual(r.tableHasUserCallback, true);
  });

  it('after all of that, a good blob still restores in this process', () => {
    assert.strictEqual(addon.restore(blob, 0, 'answer + 1').result, '43');
  });
});
