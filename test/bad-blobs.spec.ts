import assert from 'assert';
import { spawnSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addon, addonPath, expectOutcome, Status } from './helpers/addon';
import { HEADER_SIZE, resealHeader } from './helpers/blob';

// Every case runs in this test process: a blob V8 would abort on must come
// back as JSVM_INVALID_ARG with a reason, and the process must go on.
describe('bad snapshot blobs are refused before V8 sees them', () => {
  let blob: Buffer;
  before(() => {
    const r = addon.makeSnapshot(["globalThis.answer = 42; 'ready'"]);
    expectOutcome(r.create, Status.OK);
    blob = r.blob!;
  });

  const refused = (bytes: Buffer | null, reason: RegExp) =>
    expectOutcome(addon.createVmFromBlob(bytes), Status.INVALID_ARG, reason);

  it('an empty blob', () => {
    refused(Buffer.alloc(0), /empty/);
    refused(null, /empty/);
  });

  it('truncated blobs, at every kind of cut', () => {
    for (const length of [1, 8, 50, HEADER_SIZE - 1]) refused(blob.subarray(0, length), /truncated.*header/);
    for (const length of [HEADER_SIZE, HEADER_SIZE + 1, HEADER_SIZE + 1000, blob.length >> 1, blob.length - 1]) {
      refused(blob.subarray(0, length), /truncated/);
    }
  });

  it('extra bytes after the payload', () => {
    refused(Buffer.concat([blob, Buffer.from([0])]), /unexpected bytes/);
  });

  it('a flipped bit in every header byte', () => {
    for (let i = 0; i < HEADER_SIZE; i++) {
      const copy = Buffer.from(blob);
      copy[i] ^= 1 << (i % 8);
      refused(copy, i < 8 ? /bad magic/ : /header is corrupted/);
    }
  });

  it('a flipped bit anywhere in the payload', () => {
    const positions = [HEADER_SIZE, HEADER_SIZE + 1, blob.length - 1];
    for (let k = 1; k <= 200; k++) positions.push(HEADER_SIZE + Math.floor(((blob.length - HEADER_SIZE) * k) / 201));
    for (const position of positions) {
      const copy = Buffer.from(blob);
      copy[position] ^= 1 << (position % 8);
      refused(copy, /payload is corrupted/);
    }
  });

  it('random bytes, with and without our magic', () => {
    for (let round = 0; round < 5; round++) {
      const random = crypto.randomBytes(blob.length);
      refused(random, /bad magic/);
      blob.copy(random, 0, 0, 8);
      refused(random, /header is corrupted/);
    }
  });

  it('V8\'s own bytes without our header', () => {
    refused(blob.subarray(HEADER_SIZE), /bad magic/);
  });

  it('a blob from another V8 version', () => {
    const copy = Buffer.from(blob);
    copy.fill(0, 16, 48);
    copy.write('10.2.154.26-node.26', 16, 'latin1');
    refused(resealHeader(copy), /another V8 version \(10\.2\.154\.26-node\.26; this runtime runs 11\./);
  });

  it('a blob of a newer format version', () => {
    const copy = Buffer.from(blob);
    copy.writeUInt32LE(2, 8);
    refused(resealHeader(copy), /unsupported blob format version 2/);
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
    refused(fs.readFileSync(file), /different external reference table/);
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

  it('jsvm_desktop.h: JSVM_Desktop_ValidateSnapshotBlob checks without a VM; header size; reference table', () => {
    const r = addon.desktopExtensions(blob);
    expectOutcome(r.good, Status.OK);
    assert.strictEqual(r.goodReason, '', 'the reason buffer is emptied for a good blob');
    expectOutcome(r.flipped, Status.INVALID_ARG, /invalid snapshot blob: the payload is corrupted/);
    assert.strictEqual(r.flippedReason, 'the payload is corrupted (checksum mismatch)');
    assert.strictEqual(r.flippedTinyReason, Status.INVALID_ARG);
    assert.strictEqual(r.tinyReason, 'the pay', 'cut to the buffer, NUL included');
    assert.strictEqual(r.tinyTerminated, true);
    expectOutcome(r.noReasonBuffer, Status.INVALID_ARG, /payload is corrupted/);
    expectOutcome(r.nullBlob, Status.INVALID_ARG, /empty/);
    assert.strictEqual(r.nullBlobReason, 'the blob is empty');
    expectOutcome(r.truncated, Status.INVALID_ARG, /truncated/);
    assert.strictEqual(r.headerSize, HEADER_SIZE);
    assert.ok(r.tableEntries >= 2, 'the runtime entries and the user\'s');
    assert.strictEqual(r.tableHasUserCallback, true);
  });

  it('after all of that, a good blob still restores in this process', () => {
    assert.strictEqual(addon.restore(blob, 0, 'answer + 1').result, '43');
  });
});
