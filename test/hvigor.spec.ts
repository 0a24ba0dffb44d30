import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { root } from './helpers/addon';

const hvigorw = path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js');
const abi = process.arch === 'arm64' ? 'arm64-v8a' : 'x86_64';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A throwaway DevEco project with one native module, "calc". */
function makeProject(dir: string, source: string): void {
  write(path.join(dir, 'build-profile.json5'), `{
    app: { products: [{ name: "default" }] },
    // a comment, as JSON5 allows
    modules: [{ name: "calc", srcPath: "./calc", targets: [{ name: "default" }] }],
  }`);
  write(path.join(dir, 'AppScope', 'app.json5'), '{ "app": { "bundleName": "com.example.calc" } }');
  write(path.join(dir, 'calc', 'build-profile.json5'), `{
    "apiType": "stageMode",
    "buildOption": { "externalNativeOptions": { "path": "./src/main/cpp/CMakeLists.txt" } },
  }`);
  write(path.join(dir, 'calc', 'src', 'main', 'cpp', 'CMakeLists.txt'), `cmake_minimum_required(VERSION 3.5.0)
project(calc)
add_library(calc SHARED napi_init.cpp)
target_link_libraries(calc PUBLIC libace_napi.z.so libhilog_ndk.z.so)
`);
  write(path.join(dir, 'calc', 'src', 'main', 'cpp', 'napi_init.cpp'), source);
}

const GOOD_SOURCE = `#include "napi/native_api.h"
#include "hilog/log.h"
static napi_value Add(napi_env env, napi_callback_info info) {
    size_t argc = 2;
    napi_value args[2] = {nullptr};
    napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
    double a = 0, b = 0;
    napi_get_value_double(env, args[0], &a);
    napi_get_value_double(env, args[1], &b);
    napi_value sum;
    napi_create_double(env, a + b, &sum);
    OH_LOG_Print(LOG_APP, LOG_INFO, 0x1, "calc", "add %{public}f", a + b);
    return sum;
}
EXTERN_C_START
static napi_value Init(napi_env env, napi_value exports) {
    napi_property_descriptor desc[] = {{"add", nullptr, Add, nullptr, nullptr, nullptr, napi_default, nullptr}};
    napi_define_properties(env, exports, 1, desc);
    return exports;
}
EXTERN_C_END
static napi_module calcModule = {1, 0, nullptr, Init, "calc", nullptr, {0}};
extern "C" __attribute__((constructor)) void RegisterCalcModule(void) { napi_module_register(&calcModule); }
`;

describe('hvigorw', function () {
  this.timeout(300000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-deveco-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const library = () => path.join(dir, 'calc', 'build', 'default', 'intermediates', 'libs', 'default', abi, 'libcalc.so');

  it('builds another DevEco project from its own root, with its unmodified CMakeLists', () => {
    makeProject(dir, GOOD_SOURCE);
    const run = spawnSync(process.execPath, [hvigorw, 'assembleHap'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    assert.ok(fs.existsSync(library()), 'lib<name>.so at build/default/intermediates/libs/default/<abi>');
    for (const lib of ['libjsvm.so', 'libhilog_ndk.z.so', 'libace_napi.z.so']) {
      assert.ok(fs.existsSync(path.join(path.dirname(library()), lib)), `${lib} beside it`);
    }
  });

  it('the library loads through the lib<name>.so import hook and works', () => {
    const run = spawnSync(process.execPath, ['-r', path.join(root, 'ets', 'register.js'), '-e',
      "const calc = require('libcalc.so'); console.log(calc.add(2, 3))"], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout.trim(), '5');
    assert.match(run.stderr, / I A00001\/calc: add 5\.000000\n/);
  });

  it('hvigorw clean removes what it built', () => {
    const run = spawnSync(process.execPath, [hvigorw, 'clean'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.ok(!fs.existsSync(library()));
  });

  it('a compile error shows the compiler\'s message and exits non-zero', () => {
    fs.writeFileSync(path.join(dir, 'calc', 'src', 'main', 'cpp', 'napi_init.cpp'),
      GOOD_SOURCE.replace('napi_value sum;', 'napi_value sum = undeclared_identifier;'));
    const run = spawnSync(process.execPath, [hvigorw, 'assembleHap'], { cwd: dir, encoding: 'utf8' });
    assert.notStrictEqual(run.status, 0);
    assert.match(run.stdout + run.stderr, /undeclared_identifier.*was not declared|error: .*undeclared_identifier/);
    assert.match(run.stderr, /building module calc failed/);
  });

  it('refuses a folder that is not a DevEco project', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-empty-'));
    const run = spawnSync(process.execPath, [hvigorw, 'assembleHap'], { cwd: empty, encoding: 'utf8' });
    fs.rmSync(empty, { recursive: true });
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /no build-profile\.json5/);
  });
});
