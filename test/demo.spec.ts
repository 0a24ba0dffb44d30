import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
// Type-checked against entry/src/main/cpp/types/libentry/Index.d.ts (tsconfig paths),
// resolved at run time to the library hvigorw built (ets/register.js in .mocharc).
import napitest from 'libentry.so';

import { Sandbox } from '../ets/sandbox';
import { root } from './helpers/addon';

describe('the seed demo, end to end', function () {
  this.timeout(120000);

  it('`import napitest from \'libentry.so\'` resolves to the built module', () => {
    assert.strictEqual(typeof napitest.runTest, 'function');
  });

  it('runTest() snapshots, writes the blob to the sandbox, restores it and logs its size', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-demo-'));
    const box = new Sandbox(path.join(dir, 'sandbox'), 'com.example.jsvm');
    // A process of its own: the demo calls OH_JSVM_Init, and its native file
    // APIs must go through the preloaded sandbox.
    const run = spawnSync(process.execPath, ['-e', `
      require(${JSON.stringify(path.join(root, 'ets', 'register.js'))});
      const sinon = require('sinon');
      const { hilogSink, parseHilogLine } = require(${JSON.stringify(path.join(root, 'ets', 'hilog.ts'))});
      const write = sinon.spy(hilogSink, 'write');
      require('libentry.so').runTest();
      const lines = write.getCalls().map((call) => call.args[0]);
      console.log(JSON.stringify(lines.map(parseHilogLine)));`], { cwd: root, env: box.env(), encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    const lines: Array<{ level: string; tag: string; message: string }> = JSON.parse(run.stdout);
    const sizeLine = lines.find((line) => line.message.startsWith('Test JSVM RunVMSnapshot read file blobSize = : '));
    assert.ok(sizeLine, 'the spy on the sink saw the blobSize line');
    assert.strictEqual(sizeLine!.tag, 'JSVM');
    const size = Number(sizeLine!.message.split(': ').pop());
    const file = box.resolve('/data/storage/el2/base/files/test_blob.bin');
    assert.strictEqual(file, path.join(dir, 'sandbox', 'app', 'el2', '100', 'base', 'com.example.jsvm', 'files',
      'test_blob.bin'));
    assert.strictEqual(fs.statSync(file).size, size, 'the sandbox file has exactly the logged size');
    assert.ok(lines.some((line) => line.message === 'Test JSVM RunVMSnapshot createHelloString() = Hello world!'));
    assert.deepStrictEqual(lines.filter((line) => line.level === 'E' || line.level === 'F'), []);
    assert.ok(!fs.existsSync('/data/storage'), "the host's /data/storage does not exist");
    fs.rmSync(dir, { recursive: true });
  });

  it('npm start fails when the demo cannot write its blob (sandbox root not writable)', () => {
    const run = spawnSync('npm', ['start', '--silent'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, JSVM_SANDBOX_ROOT: '/proc/jsvm-not-writable' },
    });
    assert.strictEqual(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, / E A03200\/JSVM: Test JSVM CreateVMSnapshot could not write/);
    assert.match(run.stderr, /demo failed: .*error line/);
  });

  it('npm start runs the demo and exits 0', () => {
    const run = spawnSync('npm', ['start', '--silent'], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /I A03200\/JSVM: Test JSVM RunVMSnapshot read file blobSize = : \d+/);
    assert.match(run.stdout, /sandbox file: \/data\/storage\/el2\/base\/files\/test_blob\.bin -> .*\.sandbox\/app\/el2\/100\/base\/com\.example\.jsvm\/files\/test_blob\.bin \(\d+ bytes\)/);
    assert.match(run.stdout, /demo passed/);
  });

  it('the seed flow, three times, under --stress-incremental-marking: a real blob and "Hello world!" each time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-demo-stress-'));
    const box = new Sandbox(path.join(dir, 'sandbox'), 'com.example.jsvm');
    const run = spawnSync(process.execPath, ['--stress-incremental-marking', '-e', `
      require(${JSON.stringify(path.join(root, 'ets', 'register.js'))});
      const demo = require('libentry.so');
      for (let i = 0; i < 3; i++) demo.runTest();`], { cwd: root, env: box.env(), encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    const sizes = [...run.stderr.matchAll(/Test JSVM RunVMSnapshot read file blobSize = : (\d+)/g)].map((m) => Number(m[1]));
    assert.strictEqual(sizes.length, 3, run.stderr);
    for (const size of sizes) assert.ok(size > 100000, `a real blob (${size} bytes)`);
    assert.strictEqual(run.stderr.split('createHelloString() = Hello world!').length - 1, 3, run.stderr);
    fs.rmSync(dir, { recursive: true });
  });
});
