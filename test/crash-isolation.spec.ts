import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addonPath, root, sanitizersLeaveSignals } from './helpers/addon';
import { napiRegistration, writeProject } from './helpers/deveco';

// scripts/mocha-isolated.js (npm test; `npx jsvm-mocha` in a user's project)
// runs mocha in a child process; a native crash is reported with the test that
// was running, the native stack and the last HiLog lines, and the run goes on
// with the next spec file.
const runner = path.join(root, 'scripts', 'mocha-isolated.js');
const fixtures = path.join(root, 'test', 'fixtures', 'crash');

const asanLeavesSignals = sanitizersLeaveSignals();

function run(files: string[], env: Record<string, string> = {}, cwd = fixtures) {
  const child = spawnSync(process.execPath, [runner, '--no-config', ...files], {
    cwd, encoding: 'utf8', env: { ...process.env, ...asanLeavesSignals, JSVM_TEST_ADDON: addonPath, JSVM_HILOG: 'quiet', ...env },
    timeout: 120000,
  });
  return { status: child.status, signal: child.signal, out: child.stdout, err: child.stderr };
}

describe('crash isolation (scripts/mocha-isolated.js)', function () {
  this.timeout(300000);

  it('a segfault names the test and its file, shows the native stack and the last HiLog lines, and the next file runs', () => {
    const r = run(['a.spec.js', 'b.spec.js']);
    assert.strictEqual(r.status, 1, r.out + r.err);
    assert.strictEqual(r.signal, null, 'the runner itself survives');
    assert.match(r.out, /✔ passes before the crash/);
    assert.match(r.out, /CRASH: SIGSEGV in test "first file crashes in native code" of a\.spec\.js/, r.err);
    assert.match(r.out, /native stack:\n {4}#0 harness::\(anonymous namespace\)::CrashNow\(Napi::CallbackInfo const&\)/);
    assert.match(r.out, /last HiLog lines:\n {4}\S+ \S+ +\d+ +\d+ W A00077\/crashy: about to crash: segv/);
    assert.doesNotMatch(r.out, /never runs/);
    assert.match(r.out, /second file\n +✔ runs after the crash/);
    assert.match(r.out, /failures in the runs that crashed[^\n]*\n {2}1\) first file fails before the crash\n {5}AssertionError[^\n]*a failure that must still be reported/);
    assert.match(r.out, /crashed:\n {4}SIGSEGV: first file crashes in native code \(a\.spec\.js\)/);
    assert.match(r.out, /\n {2}2 passing\n {2}2 failing\n {2}1 pending\n$/, 'the totals of the whole run come last');
  });

  it('an abort() is reported as SIGABRT with the frames that called it', () => {
    const r = run(['a.spec.js', 'b.spec.js'], { CRASH_KIND: 'abort' });
    assert.strictEqual(r.status, 1);
    assert.match(r.out, /CRASH: SIGABRT in test "first file crashes in native code"/);
    assert.match(r.out, /#\d+ \S*abort\S* at [^\n]*\n(?: {4}#\d+ [^\n]*\n)*? {4}#\d+ harness::\(anonymous namespace\)::CrashNow/);
    assert.match(r.out, /✔ runs after the crash/);
  });

  it('a crash outside any test (loading a file) is reported and every other file still runs, each alone', () => {
    const r = run(['load.spec.js', 'b.spec.js', 'a.spec.js'], { CRASH_KIND: 'abort' });
    assert.strictEqual(r.status, 1);
    assert.match(r.out, /CRASH: SIGSEGV outside a test; running each remaining spec file in a process of its own/);
    assert.match(r.out, /CRASH: SIGSEGV outside a test \(loading a spec file or in a hook\) of load\.spec\.js\n {2}native stack:/);
    assert.match(r.out, /✔ runs after the crash/);
    assert.match(r.out, /CRASH: SIGABRT in test "first file crashes in native code" of a\.spec\.js/);
    // the failing test, the crashing test and the file that crashed while loading
    assert.match(r.out, /\n {2}2 passing\n {2}3 failing\n {2}1 pending\n$/);
  });

  it('without a crash the output and status are mocha\'s own', () => {
    const r = run(['b.spec.js']);
    assert.strictEqual(r.status, 0, r.out + r.err);
    assert.match(r.out, /1 passing \(\d+ms\)\n {2}1 pending\n/);
    assert.doesNotMatch(r.out, /CRASH|crashed:/);
  });

  it('a DevEco module built by hvigorw (debug) crashing in a user\'s spec: the stack names its .cpp file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-crashy-'));
    try {
      writeProject(dir, {
        module: 'crashy',
        bundleName: 'com.example.crashy',
        source: `#include "napi/native_api.h"
#include "hilog/log.h"

static void Store(int* where, int value) {
    *where = value;  // line 5: the null write
}

static napi_value Crash(napi_env env, napi_callback_info info) {
    OH_LOG_Print(LOG_APP, LOG_ERROR, 0x42, "crashy", "storing through %{public}s", "a null pointer");
    Store(nullptr, 1);
    return nullptr;
}
${napiRegistration('crashy', { crash: 'Crash' })}`,
        extra: {
          'test/crash.spec.js': `const crashy = require('libcrashy.so');
describe('crashy', () => {
  it('stores through null', () => crashy.crash());
});
`,
        },
      });
      const build = spawnSync(process.execPath, [path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js'), 'assembleHap'],
        { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(build.status, 0, build.stdout + build.stderr);
      const child = spawnSync(process.execPath, [runner, '--no-config', '-r', path.join(root, 'ets', 'register.js'),
        'test/crash.spec.js'], { cwd: dir, encoding: 'utf8', env: { ...process.env, JSVM_HILOG: 'quiet' } });
      assert.strictEqual(child.status, 1, child.stdout + child.stderr);
      assert.match(child.stdout, /CRASH: SIGSEGV in test "crashy stores through null" of test\/crash\.spec\.js/);
      assert.match(child.stdout, /#0 Store\(int\*, int\) at \S*crashy\/src\/main\/cpp\/napi_init\.cpp:5\n {4}#1 Crash\(napi_env__\*, napi_callback_info__\*\) at \S*napi_init\.cpp:10/);
      assert.match(child.stdout, /E A00042\/crashy: storing through a null pointer/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
