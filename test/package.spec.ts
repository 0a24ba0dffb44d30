import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { root } from './helpers/addon';
import { napiRegistration, writeProject } from './helpers/deveco';

// The tool as a package for any DevEco project (README, "Use it in your own
// project"): packed with npm pack, installed from the tarball into an empty
// project, which then builds with `npx hvigorw` and runs its mocha suite with
// `--require jsvm-desktop/register` (loader, sandbox, HiLog per test, crash
// isolation). Needs the npm registry (or its cache) for mocha.
describe('jsvm-desktop as a package in an empty DevEco project', function () {
  this.timeout(900000);
  let dir: string;
  let project: string;

  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  // The user's shell, not ours: a build directory chosen for this checkout
  // (JSVM_BUILD_DIR, set by npm run test:asan) must not leak into the
  // installed package's own build.
  const userEnv: NodeJS.ProcessEnv = { ...process.env };
  delete userEnv.JSVM_BUILD_DIR;
  delete userEnv.JSVM_SANITIZE;
  const sh = (command: string, args: string[], cwd = project, env: NodeJS.ProcessEnv = userEnv) =>
    spawnSync(command, args, { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-package-'));
    project = path.join(dir, 'my-app');
    fs.mkdirSync(project);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('npm pack makes a tarball with the compiled ets/ modules and no build output', () => {
    const pack = sh('npm', ['pack', '--pack-destination', dir, '--json'], root);
    assert.strictEqual(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = info.files.map((f) => f.path);
    for (const wanted of ['register.js', 'dist/ets/hilog.js', 'dist/ets/sandbox.js', 'dist/ets/loader.js',
      'dist/ets/hilog.d.ts', 'ets/hilog.ts', 'hvigor-shim/bin/hvigorw.js', 'scripts/mocha-isolated.js', 'CMakeLists.txt']) {
      assert.ok(files.includes(wanted), `${wanted} is in the tarball`);
    }
    assert.ok(!files.some((f) => f.startsWith('build/') || f.startsWith('node_modules/')), 'no build output');
    fs.renameSync(path.join(dir, info.filename), path.join(dir, 'jsvm-desktop.tgz'));
  });

  it('installs into an empty project: npx hvigorw builds its module, npx mocha runs its suite with real native code', () => {
    write('package.json', JSON.stringify({ name: 'my-app', version: '1.0.0', private: true }));
    writeProject(project, { module: 'entry', bundleName: 'com.example.myapp', source: `#include <cstdio>
#include "napi/native_api.h"
#include "hilog/log.h"

// save(text): writes text to the app's files dir, as on the device; returns its length.
static napi_value Save(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
    char text[64] = {0};
    size_t length = 0;
    napi_get_value_string_utf8(env, argv[0], text, sizeof(text), &length);
    FILE* file = std::fopen("/data/storage/el2/base/files/note.txt", "w");
    if (file == nullptr) {
        OH_LOG_Print(LOG_APP, LOG_ERROR, 0x1234, "myapp", "cannot open the note");
        return nullptr;
    }
    std::fputs(text, file);
    std::fclose(file);
    OH_LOG_Print(LOG_APP, LOG_INFO, 0x1234, "myapp", "saved %{public}zu bytes", length);
    napi_value result;
    napi_create_uint32(env, static_cast<uint32_t>(length), &result);
    return result;
}

${napiRegistration('entry', { save: 'Save' })}` });
    write('.mocharc.json', JSON.stringify({ require: ['jsvm-desktop/register'], spec: ['test/**/*.spec.js'] }));
    write('test/note.spec.js', `const assert = require('assert');
const fs = require('fs');
const entry = require('libentry.so');
const { hilogSink, flushHilog } = require('jsvm-desktop/ets/hilog');
const { defaultSandbox } = require('jsvm-desktop/ets/sandbox');

describe('my app', () => {
  it('saves a note in its sandbox', () => {
    const lines = hilogSink.filter({ tag: 'myapp' });
    assert.strictEqual(entry.save('hello'), 5);
    flushHilog();
    assert.match(lines.lines[0], /I A01234\\/myapp: saved 5 bytes/);
    const host = defaultSandbox().resolve('/data/storage/el2/base/files/note.txt');
    assert.strictEqual(fs.readFileSync(host, 'utf8'), 'hello');
  });
});
`);
    // The project has its own TypeScript before it adds jsvm-desktop.
    const own = sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', 'typescript@~5.9.3']);
    assert.strictEqual(own.status, 0, own.stdout + own.stderr);
    const install = sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', path.join(dir, 'jsvm-desktop.tgz'), 'mocha@11']);
    assert.strictEqual(install.status, 0, install.stdout + install.stderr);
    // jsvm-desktop's ArkTS parser (a TypeScript fork with the same tsc command) does not take over npx tsc.
    const tsc = sh('npx', ['tsc', '-v']);
    assert.match(tsc.stdout, /^Version 5\.9\./, tsc.stdout + tsc.stderr);
    const build = sh('npx', ['hvigorw', 'assembleHap']);
    assert.strictEqual(build.status, 0, build.stdout + build.stderr);
    assert.match(build.stdout, /BUILD SUCCESSFUL/);
    const test = sh('npx', ['mocha'], project, { ...userEnv, JSVM_HILOG: '' });
    assert.strictEqual(test.status, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /✔ saves a note in its sandbox/);
    assert.match(test.stdout, /1 passing/);
    assert.strictEqual(fs.readFileSync(path.join(project, '.sandbox', 'app', 'el2', '100', 'base', 'com.example.myapp',
      'files', 'note.txt'), 'utf8'), 'hello', 'the bundle name of the project');
  });

  it('npx hvigorw onDeviceTest runs its Hypium suite (.ets) with the real native module', () => {
    write('entry/src/ohosTest/ets/test/Note.test.ets', `import { describe, it, expect } from '@ohos/hypium';
import entry from 'libentry.so';

export default function noteTest() {
  describe('NoteSuite', () => {
    it('savesFiveBytes', 0, () => {
      expect(entry.save('hello')).assertEqual(5);
    });
    it('failsOnPurpose', 0, () => {
      expect(entry.save('abc')).assertEqual(4);
    });
  });
}
`);
    write('entry/src/ohosTest/ets/test/List.test.ets', `import noteTest from './Note.test';

export default function testsuite() {
  noteTest();
}
`);
    const run = sh('npx', ['hvigorw', 'onDeviceTest']);
    assert.strictEqual(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /Tests run: 2, Failure: 1, Error: 0, Pass: 1, Ignore: 0/);
    assert.match(run.stdout, /^1 passed, 1 failed$/m);
  });

  it('a native crash in that suite is reported with the test, and the run goes on', () => {
    write('entry/src/main/cpp/napi_init.cpp', fs.readFileSync(path.join(project, 'entry/src/main/cpp/napi_init.cpp'), 'utf8')
      .replace('std::fputs(text, file);', 'if (length == 4) { int* p = nullptr; *p = 1; }\n    std::fputs(text, file);'));
    write('test/crash.spec.js', `const entry = require('libentry.so');
describe('crashing', () => {
  it('saves four bytes', () => entry.save('four'));
});
`);
    write('test/z-after.spec.js', "describe('after', () => { it('still runs', () => {}); });\n");
    const test = sh('npx', ['mocha'], project, { ...userEnv, JSVM_HILOG: '' });
    assert.strictEqual(test.status, 1, test.stdout + test.stderr);
    assert.match(test.stderr, /rebuilding module entry/, 'the edited source was rebuilt first');
    assert.match(test.stdout, /CRASH: SIGSEGV in test "crashing saves four bytes" of test\/crash\.spec\.js/);
    assert.match(test.stdout, /Save\(napi_env__\*, napi_callback_info__\*\) at \S*entry\/src\/main\/cpp\/napi_init\.cpp:\d+/);
    assert.match(test.stdout, /✔ still runs/);
    assert.match(test.stdout, /\n {2}2 passing\n {2}1 failing\n$/);
  });
});
