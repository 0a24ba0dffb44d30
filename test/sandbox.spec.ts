import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { context, Sandbox, SandboxError } from '../ets/sandbox';
import { root } from './helpers/addon';

/** Runs `code` in a child node with the native sandbox preloaded; returns its JSON output. */
function inSandbox(box: Sandbox, code: string): any {
  const run = spawnSync(process.execPath, ['-e', code], { env: box.env(), encoding: 'utf8' });
  assert.strictEqual(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe('the app sandbox', () => {
  let dir: string;
  let box: Sandbox;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-sandbox-'));
    box = new Sandbox(path.join(dir, 'root'), 'com.example.sandboxed');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const base = () => path.join(dir, 'root', 'app', 'el2', '100', 'base', 'com.example.sandboxed');

  it('maps device paths to the device\'s physical layout', () => {
    assert.strictEqual(box.resolve('/data/storage/el2/base/files/a.txt'), path.join(base(), 'files', 'a.txt'));
    assert.strictEqual(box.resolve(context.filesDir), path.join(base(), 'files'));
    assert.strictEqual(box.resolve('/data/storage/el1/base/cache/x'),
      path.join(dir, 'root', 'app', 'el1', '100', 'base', 'com.example.sandboxed', 'cache', 'x'));
    assert.strictEqual(box.resolve('/data/storage/el2/database/rdb/a.db'),
      path.join(dir, 'root', 'app', 'el2', '100', 'database', 'com.example.sandboxed', 'rdb', 'a.db'));
    assert.strictEqual(box.resolve('/data/storage/el1/bundle/entry/resources'),
      path.join(dir, 'root', 'app', 'el1', 'bundle', 'public', 'com.example.sandboxed', 'entry', 'resources'));
    assert.strictEqual(box.resolve('/data/storage/el2/base/files/./sub/../b'), path.join(base(), 'files', 'b'));
    assert.strictEqual(box.resolve('/tmp/elsewhere'), '/tmp/elsewhere', 'other paths are left alone');
  });

  it('refuses other /data paths and traversal out of the sandbox', () => {
    for (const bad of ['/data', '/data/local/tmp/x', '/data/storage', '/data/storage/el9/base/x',
      '/data/storage/el2/base/../../../../etc/passwd', '/data/storage/el2/haps/x']) {
      assert.throws(() => box.resolve(bad), (error: unknown) => error instanceof SandboxError && error.code === 'EACCES',
        bad);
    }
  });

  it('native code gets the same mapping as TypeScript', () => {
    const paths = ['/data/storage/el2/base/files/a.txt', '/data/storage/el1/base/cache/x',
      '/data/storage/el2/database/rdb/a.db', '/data/storage/el2/base/files/./sub/../b', '/tmp/elsewhere',
      '/data/local/tmp/x', '/data/storage/el2/base/../../../../etc/passwd'];
    const native = inSandbox(box, `
      require(${JSON.stringify(path.join(root, 'ets', 'register.js'))});
      const { desktopAddon } = require(${JSON.stringify(path.join(root, 'ets', 'hilog.ts'))});
      console.log(JSON.stringify(${JSON.stringify(paths)}.map((p) => desktopAddon().sandboxMap(p))));`);
    const expected = paths.map((p) => {
      try {
        return box.resolve(p);
      } catch {
        return null;
      }
    });
    assert.deepStrictEqual(native, expected);
  });

  it('plain file APIs land in the sandbox, traversal and symlink escapes get EACCES', () => {
    fs.mkdirSync(path.join(base(), 'files'), { recursive: true });
    fs.symlinkSync(dir, path.join(base(), 'files', 'escape'));
    const result = inSandbox(box, `
      const fs = require('fs');
      const outcome = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
      console.log(JSON.stringify({
        write: outcome(() => fs.writeFileSync('/data/storage/el2/base/files/hello.txt', 'hi from the app')),
        mkdir: outcome(() => fs.mkdirSync('/data/storage/el2/base/files/sub')),
        read: fs.readFileSync('/data/storage/el2/base/files/hello.txt', 'utf8'),
        traversal: outcome(() => fs.openSync('/data/storage/el2/base/files/../../../../../../etc/hostname', 'r')),
        otherData: outcome(() => fs.writeFileSync('/data/local/tmp/x', 'no')),
        symlink: outcome(() => fs.writeFileSync('/data/storage/el2/base/files/escape/outside.txt', 'no')),
        unlink: outcome(() => fs.unlinkSync('/data/storage/el2/base/files/hello.txt')),
      }));`);
    assert.deepStrictEqual(result, {
      write: 'ok', mkdir: 'ok', read: 'hi from the app', traversal: 'EACCES', otherData: 'EACCES', symlink: 'EACCES',
      unlink: 'ok',
    });
    assert.ok(fs.existsSync(path.join(base(), 'files', 'sub')));
    assert.ok(!fs.existsSync(path.join(dir, 'outside.txt')), 'nothing written through the symlink');
    for (const sub of ['files', 'cache', 'temp', 'preferences', 'haps']) {
      assert.ok(fs.existsSync(path.join(base(), sub)), `the base directory has ${sub}/ as on the device`);
    }
    assert.ok(!fs.existsSync('/data/storage'), "the host's /data/storage was never created");
  });
});
