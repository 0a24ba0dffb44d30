import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addon, addonPath, expectOutcome, Status } from './helpers/addon';
import {
  crc32c,
  FIXED_HEADER_SIZE,
  headerCrc,
  headerTag,
  laneSplit,
  laneTags,
  payloadOffset,
  readHeader,
  readKey,
} from './helpers/blob';

// Env 0 gets native functions from the harness (hello, add, counter, nativeHello).
const ENV0 = `
  globalThis.counter0 = 41;
  function inc() { return ++counter0; }
  globalThis.getSecret = (() => { const hidden = 'closure kept'; return () => hidden; })();
  globalThis.name0 = 'env0';
  'ready'`;
const ENV1 = `
  globalThis.name1 = 'env1';
  class Point { constructor(x, y) { this.x = x; this.y = y; } norm() { return Math.hypot(this.x, this.y); } }
  globalThis.p = new Point(3, 4);
  'ready'`;
const ENV2 = `
  globalThis.name2 = 'env2';
  globalThis.squares = Array.from({ length: 1000 }, (_, i) => i * i);
  globalThis.map = new Map([[1, 'one'], [2, 'two']]);
  'ready'`;

const WHO = "[typeof name0, typeof name1, typeof name2].join(',')";

function snapshot(scripts: string[]): Buffer {
  const r = addon.makeSnapshot(scripts);
  expectOutcome(r.create, Status.OK);
  assert.ok(r.blob && r.blob.length > FIXED_HEADER_SIZE);
  return r.blob!;
}

/** Runs a child node process that loads the addon with `env` and evaluates `code`. */
function child(code: string, env: Record<string, string>): string {
  const run = spawnSync(process.execPath, ['-e', `const addon = require(${JSON.stringify(addonPath)});\n${code}`], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  assert.strictEqual(run.status, 0, run.stderr);
  return run.stdout.trim();
}

describe('snapshots', () => {
  describe('one environment', () => {
    let blob: Buffer;
    before(() => {
      const r = addon.makeSnapshot([ENV0]);
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.setup, 'ready;');
      // After CreateSnapshot the VM only allows DestroyVM.
      expectOutcome(r.createEnvAfter, Status.GENERIC_FAILURE, /only OH_JSVM_DestroyVM/);
      expectOutcome(r.useEnvAfter, Status.GENERIC_FAILURE, /serialised/);
      expectOutcome(r.snapshotAgain, Status.GENERIC_FAILURE, /already taken/);
      assert.strictEqual(r.destroyVM, Status.OK);
      blob = r.blob!;
    });

    it('restores globals, closures and native callbacks', () => {
      const r = addon.restore(blob, 0, `[inc(), inc(), getSecret(), name0, hello(), nativeHello(), add(1, 2),
        (counter = 5, counter)].join()`);
      expectOutcome(r.createVM, Status.OK);
      expectOutcome(r.createEnv!, Status.OK);
      assert.strictEqual(r.result, '42,43,closure kept,env0,Hello world!,Hello world!,3,5');
      assert.strictEqual(r.destroyVM, Status.OK);
    });

    it('each restore starts from the snapshot state', () => {
      assert.strictEqual(addon.restore(blob, 0, 'inc()').result, '42');
      assert.strictEqual(addon.restore(blob, 0, 'inc()').result, '42');
    });

    it('a plain CreateEnv on a restored VM gives a clean global', () => {
      const r = addon.restore(blob, -1, "[typeof inc, typeof hello, typeof name0, typeof Math].join()");
      expectOutcome(r.createEnv!, Status.OK);
      assert.strictEqual(r.result, 'undefined,undefined,undefined,object');
    });

    it('an index past the last environment is GENERIC_FAILURE', () => {
      expectOutcome(addon.restore(blob, 1, '1').createEnv!, Status.GENERIC_FAILURE, /out of range.*holds 1/);
      expectOutcome(addon.restore(blob, 1000, '1').createEnv!, Status.GENERIC_FAILURE, /out of range/);
    });

    it('survives a trip through a real file', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-blob-'));
      const file = path.join(dir, 'test_blob.bin');
      fs.writeFileSync(file, blob);
      const read = fs.readFileSync(file);
      assert.strictEqual(read.length, blob.length);
      assert.strictEqual(addon.restore(read, 0, 'inc() + hello()').result, '42Hello world!');
      fs.rmSync(dir, { recursive: true });
    });
  });

  describe('three environments', () => {
    let blob: Buffer;
    before(() => {
      blob = snapshot([ENV0, ENV1, ENV2]);
    });

    it('keeps each environment at its index with its own globals', () => {
      assert.strictEqual(addon.restore(blob, 0, WHO).result, 'string,undefined,undefined');
      assert.strictEqual(addon.restore(blob, 1, WHO).result, 'undefined,string,undefined');
      assert.strictEqual(addon.restore(blob, 2, WHO).result, 'undefined,undefined,string');
    });

    it('restores classes, instances, arrays and maps', () => {
      assert.strictEqual(addon.restore(blob, 1, 'p.norm() + (p instanceof Point ? "!" : "?")').result, '5!');
      assert.strictEqual(addon.restore(blob, 2, "squares[999] + ',' + map.get(2)").result, '998001,two');
    });

    it('serves several VMs alive at once from the same bytes', () => {
      const results = addon.restoreMany(blob, 4, 3,
        "typeof inc === 'function' ? inc() : typeof p === 'object' ? p.norm() : squares.length");
      assert.deepStrictEqual(results, Array(4).fill(['42', '5', '1000']).flat());
    });

    it('states its environment count in the header', () => {
      assert.strictEqual(readHeader(blob).contextCount, 3);
      expectOutcome(addon.restore(blob, 3, '1').createEnv!, Status.GENERIC_FAILURE, /holds 3/);
    });
  });

  // V8's rule for contexts that may be serialised (README, "Snapshots"). V8
  // 11.3 (Node 20) leaves Atomics out too, V8 13 (Node 24) does not.
  it('a snapshotting VM\'s envs lack WebAssembly and SharedArrayBuffer; restored and fresh envs have them', () => {
    const probe = '[typeof WebAssembly, typeof SharedArrayBuffer].join()';
    const made = addon.makeSnapshot([`globalThis.seen = ${probe}; seen`]);
    expectOutcome(made.create, Status.OK);
    assert.strictEqual(made.setup, 'undefined,undefined;');
    const restored = addon.restore(made.blob!, 0, `${probe} + ',' + typeof Atomics + ' / ' + seen`);
    assert.strictEqual(restored.result, 'object,function,object / undefined,undefined');
    assert.strictEqual(addon.restore(made.blob!, -1, `${probe} + ',' + typeof Atomics`).result, 'object,function,object');
  });

  it('keeps one-character names and strings intact (Node shares V8\'s read-only heap)', () => {
    const blob = snapshot([`
      globalThis.all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
      globalThis.byChar = {}; for (const c of all) byChar[c] = c;
      var a = 1, b = 2; function f(x) { return x + ','; }
      'ready'`]);
    const r = addon.restore(blob, 0, `[all.every((c, i) => c.length === 1 && c.charCodeAt(0) === i),
      Object.keys(byChar).length, all.every((c) => byChar[c] === c), a + b, f('z')].join(' ')`);
    assert.strictEqual(r.result, 'true 256 true 3 z,');
  });

  it('restores in another process (ASLR-independent references)', function () {
    const blob = snapshot([ENV0]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-blob-'));
    const file = path.join(dir, 'blob.bin');
    fs.writeFileSync(file, blob);
    const out = child(`console.log(addon.restore(require('fs').readFileSync(${JSON.stringify(file)}), 0,
      'inc() + hello() + getSecret()').result)`, {});
    assert.strictEqual(out, '42Hello world!closure kept');
    fs.rmSync(dir, { recursive: true });
  });

  it('keeps JSVM classes; releases references and deferreds of the serialised env', () => {
    const r = addon.snapshotWithHandles();
    expectOutcome(r.create, Status.OK);
    expectOutcome(r.refAfter, Status.GENERIC_FAILURE, /serialised/);
    expectOutcome(r.deleteRefAfter, Status.OK);
    assert.strictEqual(addon.restore(r.blob, 0, "[typeof Snap, new Snap() instanceof Snap, pending instanceof Promise].join()")
      .result, 'function,true,true');
  });

  it('refuses an env holding externals (native pointers have no name in a snapshot)', () => {
    const r = addon.snapshotWithHandles(true);
    expectOutcome(r.create, Status.GENERIC_FAILURE, /externals/);
    assert.strictEqual(r.blob, undefined);
  });

  describe('misuse', () => {
    it('refuses a callback struct missing from externalReferences instead of aborting', () => {
      const r = addon.makeSnapshot([ENV0], true);
      expectOutcome(r.create, Status.GENERIC_FAILURE, /not in the externalReferences/);
    });

    const r = addon.snapshotMisuse();
    const cases: Array<[string, Status, RegExp?]> = [
      ['plainVM', Status.GENERIC_FAILURE, /isForSnapshotting/],
      ['nullVM', Status.INVALID_ARG],
      ['nullBlob', Status.INVALID_ARG],
      ['nullSize', Status.INVALID_ARG],
      ['nullContexts', Status.INVALID_ARG, /contexts is NULL/],
      ['foreignEnv', Status.INVALID_ARG, /not an environment of this VM/],
      ['nullEnvInList', Status.INVALID_ARG, /not an environment of this VM/],
      // The device snapshots with the env scope open (issue: device code runs unchanged).
      ['withEnvScopeOpen', Status.OK],
      ['withoutVMScope', Status.GENERIC_FAILURE, /already taken/],
    ];
    for (const [name, status, message] of cases) {
      it(`${name} → ${Status[status]}`, () => expectOutcome(r[name], status, message));
    }
    it('the blob taken without a VM scope is whole', () => {
      assert.ok((r as any).blobSize > FIXED_HEADER_SIZE);
    });
  });

  describe('blob format', () => {
    let blob: Buffer;
    before(() => {
      blob = snapshot([ENV0]);
    });

    it('has our header in front of V8\'s bytes, with the reference table it was made with', () => {
      const h = readHeader(blob);
      assert.strictEqual(h.magic, 'JSVMSNAP');
      assert.strictEqual(h.formatVersion, 2);
      assert.strictEqual(h.v8Version, process.versions.v8);
      assert.notStrictEqual(h.fingerprint, 0n);
      assert.strictEqual(h.contextCount, 1);
      assert.deepStrictEqual(h.references, [
        'jsvm:NativeCallbackTrampoline',
        ...['6kHello', '4kAdd', '10kThrowType', '9kThrowCpp', '9kDescribe', '8kCallArg', '11kCounterGet', '11kCounterSet'].map(
          (name) => `jsvm_test.node:_ZN7harness${name}E+0`,
        ),
      ]);
      assert.strictEqual(h.referenceCount, 9);
      const tableEnd = FIXED_HEADER_SIZE + h.references.reduce((n, name) => n + 2 + Buffer.byteLength(name), 0);
      assert.strictEqual(h.headerSize, Math.ceil(tableEnd / 16) * 16, 'padded to 16 bytes');
      assert.ok(blob.subarray(tableEnd, h.headerSize).every((b) => b === 0), 'padding');
      assert.strictEqual(h.payloadLength, blob.length - h.headerSize);
      assert.strictEqual(blob.readUInt32LE(76), 0, 'reserved');
    });

    it('authenticates header and payload with the user key, as Node\'s crypto computes the tags', () => {
      assert.strictEqual(crc32c(Buffer.from('123456789')), 0xe3069283, 'CRC32C check value');
      const h = readHeader(blob);
      const key = readKey();
      assert.strictEqual(key.length, 32);
      assert.strictEqual(h.headerCrc, headerCrc(blob));
      assert.deepStrictEqual(laneTags(blob.subarray(payloadOffset(blob)), h.nonce, key), h.laneTags);
      assert.deepStrictEqual(headerTag(blob, key), h.headerTag);
    });

    it('tags a large payload (two threads) the same way; every blob has its own nonce', () => {
      const big = snapshot(["globalThis.rows = Array.from({ length: 100000 }, (_, i) => 'row' + i); 'ready'"]);
      const h = readHeader(big);
      assert.ok(h.payloadLength > 2 << 20, `${h.payloadLength} bytes`);
      assert.strictEqual(laneSplit(h.payloadLength) % 64, 0);
      assert.deepStrictEqual(laneTags(big.subarray(payloadOffset(big)), h.nonce, readKey()), h.laneTags);
      assert.notDeepStrictEqual(h.nonce, readHeader(blob).nonce);
      assert.notDeepStrictEqual(readHeader(snapshot([ENV0])).nonce, readHeader(blob).nonce);
    });

    it('carries the same external-reference fingerprint from every process with the same table', () => {
      const other = child(`const r = addon.makeSnapshot(["1"]); console.log(r.blob.readBigUInt64LE(48).toString())`, {});
      assert.strictEqual(other, readHeader(blob).fingerprint.toString());
    });
  });
});
