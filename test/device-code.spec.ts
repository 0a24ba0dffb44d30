import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { Sandbox } from '../ets/sandbox';
import { root } from './helpers/addon';

// test/fixtures/devicecode: our own DevEco module, written the way the seed and
// the docs write device code (snapshot taken inside its scopes, no status
// checks on the restore path, Node-API calls while VM scopes are open and in
// a JSVM callback). Built with hvigorw, run through require('libdevicecode.so')
// in the app sandbox.
describe('device-written code runs unchanged (a DevEco module built with hvigorw)', function () {
  this.timeout(300000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-devicecode-'));
    fs.cpSync(path.join(root, 'test', 'fixtures', 'devicecode'), path.join(dir, 'project'), { recursive: true });
    const build = spawnSync(process.execPath, [path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js'), 'assembleHap'],
      { cwd: path.join(dir, 'project'), encoding: 'utf8' });
    assert.strictEqual(build.status, 0, build.stdout + build.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const flags of [[], ['--stress-incremental-marking']]) {
    it(`snapshot with scopes open, restored unchecked: a real blob and "Hello world!"${flags.length ? ' (' + flags[0] + ')' : ''}`, () => {
      const box = new Sandbox(path.join(dir, 'sandbox'), 'com.example.devicecode');
      const run = spawnSync(process.execPath, [...flags, '-r', path.join(root, 'ets', 'register.js'), '-e',
        "const m = require('libdevicecode.so'); const out = [];" +
        'for (let i = 0; i < 3; i++) out.push(m.runSnapshotFlow()); console.log(JSON.stringify(out));'],
      { cwd: path.join(dir, 'project'), env: box.env(), encoding: 'utf8' });
      assert.strictEqual(run.status, 0, run.stderr);
      for (const [written, read, answer, seen] of JSON.parse(run.stdout)) {
        assert.ok(written > 100000, `a real blob (${written} bytes)`);
        assert.strictEqual(read, written, 'the file read back is the blob written');
        assert.strictEqual(answer, 'Hello world!');
        assert.deepStrictEqual(seen, ['greet called'], 'Node-API inside the JSVM callback');
      }
      const file = box.resolve('/data/storage/el2/base/files/devicecode.bin');
      assert.ok(fs.statSync(file).size > 100000, 'the blob is in the sandbox');
      assert.match(run.stderr, /I A03200\/DEVICECODE: devicecode read blobSize = : \d{6,}/);
      assert.match(run.stderr, /I A03200\/DEVICECODE: devicecode answer\(\) = Hello world!/);
    });
  }
});
