import assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { root } from './helpers/addon';
import { napiRegistration, writeFiles, writeProject } from './helpers/deveco';

// Watch modes rerun in a fresh process, so an edited C++ source is rebuilt and
// its new library loaded (mocha's own --watch keeps the first library loaded).
const SOURCE = (op: string) => `#include "napi/native_api.h"
static napi_value Calc(napi_env env, napi_callback_info info) {
    size_t argc = 2;
    napi_value args[2];
    napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
    double a = 0, b = 0;
    napi_get_value_double(env, args[0], &a);
    napi_get_value_double(env, args[1], &b);
    napi_value result;
    napi_create_double(env, a ${op} b, &result);
    return result;
}
${napiRegistration('entry', { calc: 'Calc' })}`;

function makeProject(dir: string): void {
  writeProject(dir, { module: 'entry', bundleName: 'com.example.watch', source: SOURCE('+'), links: 'libace_napi.z.so' });
  writeFiles(dir, { 'test/calc.spec.js': `const entry = require('libentry.so');
describe('calc', () => { it('prints calc(2, 3)', () => console.log('calc(2, 3) = ' + entry.calc(2, 3))); });
`,
  'entry/src/ohosTest/ets/test/Calc.test.ets': `import { describe, it, expect } from '@ohos/hypium';
import entry from 'libentry.so';
export default function calcTest() {
  describe('CalcSuite', () => {
    it('isFive', 0, () => {
      expect(entry.calc(2, 3)).assertEqual(5);
    });
  });
}
`,
  'entry/src/ohosTest/ets/test/List.test.ets': `import calcTest from './Calc.test';
export default function testsuite() {
  calcTest();
}
` });
}

/** Collects a watching child's output; `until(pattern, n)` waits for the n-th match. */
class Watched {
  out = '';
  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk) => { this.out += chunk; });
    child.stderr!.on('data', (chunk) => { this.out += chunk; });
  }

  async until(pattern: RegExp, count: number, timeoutMs = 120000): Promise<void> {
    const started = Date.now();
    const global = new RegExp(pattern.source, 'g');
    while ((this.out.match(global) ?? []).length < count) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern} x${count}:\n${this.out}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  stop(): void {
    try {
      process.kill(-this.child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

describe('watch modes rerun in a fresh process after a C++ edit', function () {
  this.timeout(300000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-watch-'));
    makeProject(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const edit = (op: string) => fs.writeFileSync(path.join(dir, 'entry/src/main/cpp/napi_init.cpp'), SOURCE(op));

  it('jsvm-mocha --watch: the edited library is rebuilt by the loader and the new code runs', async () => {
    edit('+');
    const watched = new Watched(spawn(process.execPath, [path.join(root, 'scripts', 'mocha-isolated.js'), '--no-config',
      '-r', path.join(root, 'ets', 'register.js'), '--watch', 'test/calc.spec.js'], { cwd: dir, detached: true }));
    try {
      await watched.until(/jsvm-mocha --watch: exit 0; watching/, 1);
      assert.match(watched.out, /calc\(2, 3\) = 5/);
      edit('*');
      await watched.until(/jsvm-mocha --watch: exit 0; watching/, 2);
      assert.match(watched.out, /napi_init\.cpp changed/);
      assert.match(watched.out, /rebuilding module entry/);
      assert.match(watched.out, /calc\(2, 3\) = 6/);
    } finally {
      watched.stop();
    }
  });

  it('hvigorw onDeviceTest --watch: rebuilds and reruns the Hypium suite after the edit', async () => {
    edit('+');
    const watched = new Watched(spawn(process.execPath, [path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js'),
      'onDeviceTest', '--watch'], { cwd: dir, detached: true }));
    try {
      await watched.until(/hvigorw --watch: exit \d+; watching/, 1);
      assert.match(watched.out, /^1 passed, 0 failed$/m);
      edit('-');
      await watched.until(/hvigorw --watch: exit \d+; watching/, 2);
      assert.match(watched.out, /hvigorw --watch: \S*napi_init\.cpp changed/);
      assert.match(watched.out, /^0 passed, 1 failed$/m, 'calc(2, 3) is now -1: the new library ran');
    } finally {
      watched.stop();
    }
  });
});
