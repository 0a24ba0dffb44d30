import assert from 'assert';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { root } from './helpers/addon';

const hvigorw = path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js');
const abi = process.arch === 'arm64' ? 'arm64-v8a' : 'x86_64';
const hasClang15 = spawnSync('clang++-15', ['--version']).status === 0;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

interface ProjectOptions {
  source: string;
  nativeOptions?: Record<string, unknown>;  // externalNativeOptions besides path
  moduleProfileExtra?: string;               // more fields of the module's build-profile.json5
  cmakeExtra?: string;                       // lines added to the module's CMakeLists.txt
  extraSources?: Record<string, string>;
  links?: string;
}

/** A throwaway DevEco project with one native module, "calc". */
function makeProject(dir: string, options: ProjectOptions): void {
  fs.rmSync(dir, { recursive: true, force: true });
  write(path.join(dir, 'build-profile.json5'), `{
    app: { products: [{ name: "default" }], buildModeSet: [{ name: "debug" }, { name: "release" }] },
    // a comment, as JSON5 allows
    modules: [{ name: "calc", srcPath: "./calc", targets: [{ name: "default" }] }],
  }`);
  write(path.join(dir, 'AppScope', 'app.json5'), '{ "app": { "bundleName": "com.example.calc" } }');
  const native = { path: './src/main/cpp/CMakeLists.txt', ...(options.nativeOptions || {}) };
  write(path.join(dir, 'calc', 'build-profile.json5'), `{
    "apiType": "stageMode",
    "buildOption": { "externalNativeOptions": ${JSON.stringify(native)} },
    ${options.moduleProfileExtra || ''}
  }`);
  const sources = ['napi_init.cpp', ...Object.keys(options.extraSources || {})];
  write(path.join(dir, 'calc', 'src', 'main', 'cpp', 'CMakeLists.txt'), `cmake_minimum_required(VERSION 3.5.0)
project(calc)
${options.cmakeExtra || ''}
add_library(calc SHARED ${sources.join(' ')})
target_link_libraries(calc PUBLIC ${options.links || 'libace_napi.z.so libhilog_ndk.z.so'})
`);
  write(path.join(dir, 'calc', 'src', 'main', 'cpp', 'napi_init.cpp'), options.source);
  for (const [name, text] of Object.entries(options.extraSources || {})) {
    write(path.join(dir, 'calc', 'src', 'main', 'cpp', name), text);
  }
}

const REGISTER = `
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
${REGISTER}`;

// Written as the JSVM docs write device code: designated initialisers out of
// declaration order, and only <fstream> included for std::vector and memset
// (libc++ includes them through it; libstdc++ does not).
const DOCS_STYLE_SOURCE = `#include <fstream>
#include "napi/native_api.h"
#include "ark_runtime/jsvm.h"

static JSVM_Value Twice(JSVM_Env env, JSVM_CallbackInfo info) {
    size_t argc = 1;
    JSVM_Value argv[1] = {nullptr};
    OH_JSVM_GetCbInfo(env, info, &argc, argv, nullptr, nullptr);
    int32_t x = 0;
    OH_JSVM_GetValueInt32(env, argv[0], &x);
    JSVM_Value result;
    OH_JSVM_CreateInt32(env, x * 2, &result);
    return result;
}
static JSVM_CallbackStruct param[] = {
    {.data = nullptr, .callback = Twice},
};
static JSVM_CallbackStruct *method = param;
static JSVM_PropertyDescriptor descriptor[] = {
    {"twice", nullptr, method++, nullptr, nullptr, nullptr, JSVM_DEFAULT},
};

static napi_value Add(napi_env env, napi_callback_info info) {
    std::vector<char> scratch(8);
    memset(scratch.data(), 0, scratch.size());
    JSVM_InitOptions initOptions;
    memset(&initOptions, 0, sizeof(initOptions));
    OH_JSVM_Init(&initOptions);
    JSVM_VM vm;
    OH_JSVM_CreateVM(nullptr, &vm);
    JSVM_VMScope vmScope;
    OH_JSVM_OpenVMScope(vm, &vmScope);
    JSVM_Env jsvmEnv;
    OH_JSVM_CreateEnv(vm, sizeof(descriptor) / sizeof(descriptor[0]), descriptor, &jsvmEnv);
    JSVM_EnvScope envScope;
    OH_JSVM_OpenEnvScope(jsvmEnv, &envScope);
    JSVM_Value code, value;
    JSVM_Script script;
    OH_JSVM_CreateStringUtf8(jsvmEnv, "twice(20) + 2", JSVM_AUTO_LENGTH, &code);
    OH_JSVM_CompileScript(jsvmEnv, code, nullptr, 0, true, nullptr, &script);
    OH_JSVM_RunScript(jsvmEnv, script, &value);
    int32_t answer = 0;
    OH_JSVM_GetValueInt32(jsvmEnv, value, &answer);
    OH_JSVM_CloseEnvScope(jsvmEnv, envScope);
    OH_JSVM_DestroyEnv(jsvmEnv);
    OH_JSVM_CloseVMScope(vm, vmScope);
    OH_JSVM_DestroyVM(vm);
    napi_value result;
    napi_create_int32(env, answer, &result);
    return result;
}
${REGISTER}`;

function hvigor(dir: string, args: string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [hvigorw, ...args], { cwd: dir, encoding: 'utf8', env });
}

function runAdd(dir: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['-r', path.join(root, 'ets', 'register.js'), '-e',
    "const calc = require('libcalc.so'); console.log(calc.add(2, 3))"], { cwd: dir, encoding: 'utf8' });
}

function compileCommands(dir: string): Array<{ file: string; command: string; directory: string }> {
  return JSON.parse(fs.readFileSync(path.join(dir, 'compile_commands.json'), 'utf8'));
}

describe('hvigorw', function () {
  this.timeout(300000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-deveco-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const library = () => path.join(dir, 'calc', 'build', 'default', 'intermediates', 'libs', 'default', abi, 'libcalc.so');

  describe('a project of its own', () => {
    it('builds from the project root with the module\'s unmodified CMakeLists, one line per task', () => {
      makeProject(dir, { source: GOOD_SOURCE });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.ok(fs.existsSync(library()), 'lib<name>.so at build/default/intermediates/libs/default/<abi>');
      for (const lib of ['libjsvm.so', 'libhilog_ndk.z.so', 'libace_napi.z.so']) {
        assert.ok(fs.existsSync(path.join(path.dirname(library()), lib)), `${lib} beside it`);
      }
      assert.match(run.stdout, /^> hvigor Finished :calc:default@BuildNativeWithCmake\.\.\. after \d+(\.\d)? s$/m);
      assert.match(run.stdout, /^BUILD SUCCESSFUL in \d+ s$/m);
      assert.doesNotMatch(run.stdout + run.stderr, /INFO|cmake-js|Building CXX/);
    });

    it('built again with nothing changed: still the same few lines', () => {
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.ok(run.stdout.trim().split('\n').length <= 3, run.stdout);
    });

    it('the library loads through the lib<name>.so import hook and works', () => {
      const run = runAdd(dir);
      assert.strictEqual(run.status, 0, run.stderr);
      assert.strictEqual(run.stdout.trim(), '5');
      assert.match(run.stderr, / I A00001\/calc: add 5\.000000\n/);
    });

    it('--info shows what CMake and the compiler print', () => {
      fs.utimesSync(path.join(dir, 'calc', 'src', 'main', 'cpp', 'napi_init.cpp'), new Date(), new Date());
      const run = hvigor(dir, ['--info', 'assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /napi_init\.cpp/);
    });

    it('compile_commands.json at the project root lists every source, with absolute paths and the flags used', () => {
      makeProject(dir, { source: GOOD_SOURCE, nativeOptions: { cppFlags: '-DCALC_FLAG=7' },
        extraSources: { 'extra.cpp': 'int calc_extra() { return 1; }\n' } });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      const entries = compileCommands(dir);
      const files = entries.map((entry) => entry.file).sort();
      assert.deepStrictEqual(files, [path.join(dir, 'calc', 'src', 'main', 'cpp', 'extra.cpp'),
        path.join(dir, 'calc', 'src', 'main', 'cpp', 'napi_init.cpp')]);
      for (const entry of entries) {
        assert.ok(path.isAbsolute(entry.directory), entry.directory);
        assert.match(entry.command, /-DCALC_FLAG=7/);
        assert.match(entry.command, new RegExp(`-I${path.join(root, 'cpp', 'include')}`));
      }
    });

    it('a compile error prints the compiler\'s message and BUILD FAILED, exit 1', () => {
      makeProject(dir, { source: GOOD_SOURCE.replace('napi_value sum;', 'napi_value sum = undeclared_identifier;') });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /napi_init\.cpp:\d+:\d+: error: .*undeclared_identifier/);
      assert.match(run.stderr, /^> hvigor ERROR: Failed :calc:default@BuildNativeWithCmake/m);
      assert.match(run.stderr, /^BUILD FAILED in \d+ s$/m);
      assert.doesNotMatch(run.stdout + run.stderr, /BUILD SUCCESSFUL|OMG/);
    });

    it('hvigorw clean removes what it built, compile_commands.json too', () => {
      makeProject(dir, { source: GOOD_SOURCE });
      assert.strictEqual(hvigor(dir, ['assembleHap']).status, 0);
      const run = hvigor(dir, ['clean']);
      assert.strictEqual(run.status, 0, run.stderr);
      assert.ok(!fs.existsSync(library()));
      assert.ok(!fs.existsSync(path.join(dir, 'compile_commands.json')));
      assert.match(run.stdout, /^BUILD SUCCESSFUL in \d+ s$/m);
    });

    it('refuses a folder that is not a DevEco project', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-empty-'));
      const run = hvigor(empty, ['assembleHap']);
      fs.rmSync(empty, { recursive: true });
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /no build-profile\.json5/);
    });
  });

  describe('the NDK\'s compiler', () => {
    before(function () {
      if (!hasClang15) this.skip();  // .ci/run installs clang-15; the README lists it
    });

    it('a module written as the JSVM docs write it (out-of-order designators, <fstream> only) builds and runs', () => {
      makeProject(dir, { source: DOCS_STYLE_SOURCE, links: 'libace_napi.z.so libjsvm.so' });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.strictEqual(run.stderr, '', 'no fallback warning with clang 15 and libc++ 15 installed');
      assert.match(run.stdout, /clang\+\+-15/);
      const add = spawnSync(process.execPath, ['-r', path.join(root, 'ets', 'register.js'), '-e',
        "console.log(require('libcalc.so').add())"], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(add.status, 0, add.stderr);
      assert.strictEqual(add.stdout.trim(), '42');
      const commands = compileCommands(dir);
      assert.match(commands[0].command, /^\S*clang\+\+-15 .*-stdlib=libc\+\+/);
      const ldd = spawnSync('ldd', [library()], { encoding: 'utf8' });
      assert.match(ldd.stdout, /libc\+\+\.so\.1/, 'linked with libc++, as the NDK\'s c++_shared');
    });

    it('a C++ exception thrown by a libc++ module\'s JSVM callback reaches JS as an Error with its message', () => {
      const source = DOCS_STYLE_SOURCE
        .replace('#include <fstream>', '#include <fstream>\n#include <stdexcept>')
        .replace('    OH_JSVM_GetValueInt32(env, argv[0], &x);', '    OH_JSVM_GetValueInt32(env, argv[0], &x);\n' +
          '    if (x < 0) throw std::runtime_error("negative input from libc++");')
        .replace('"twice(20) + 2"', '"try { twice(-1); -1 } catch (e) { e.message.includes(\'negative input from libc++\') ? 42 : -2 }"');
      makeProject(dir, { source, links: 'libace_napi.z.so libjsvm.so' });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      const add = spawnSync(process.execPath, ['-r', path.join(root, 'ets', 'register.js'), '-e',
        "console.log(require('libcalc.so').add())"], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(add.status, 0, add.stderr);
      assert.strictEqual(add.stdout.trim(), '42', 'the JS Error carries what() of the libc++ exception');
    });

    it('g++ (HVIGORW_COMPILER=g++) says once what will not compile, and the docs-style module fails as it would', () => {
      const run = hvigor(dir, ['assembleHap'], { ...process.env, HVIGORW_COMPILER: 'g++' });
      assert.strictEqual(run.status, 1, run.stdout + run.stderr);
      assert.strictEqual(run.stderr.split('the OpenHarmony NDK compiles with clang 15').length - 1, 1, run.stderr);
      assert.match(run.stderr, /designated initialisers out of declaration order/);
      assert.match(run.stderr, /apt-get install clang-15 libc\+\+-15-dev libc\+\+abi-15-dev/);
      assert.match(run.stderr, /BUILD FAILED/);
    });

    it('with g++ a module that needs neither builds and works', () => {
      makeProject(dir, { source: GOOD_SOURCE });
      const run = hvigor(dir, ['assembleHap'], { ...process.env, HVIGORW_COMPILER: 'g++' });
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stderr, /building with g\+\+/);
      assert.strictEqual(runAdd(dir).stdout.trim(), '5');
    });
  });

  describe('build-profile.json5 options', () => {
    const guarded = GOOD_SOURCE.replace('#include "hilog/log.h"', `#include "hilog/log.h"
#ifndef CALC_FLAG
#error "cppFlags did not reach the compiler"
#endif`);

    it('cppFlags reach the compiler; flags it does not know are dropped with a note', () => {
      makeProject(dir, { source: guarded, nativeOptions: { cppFlags: '-DCALC_FLAG=1 -Wno-such-warning-at-all -fno-such-feature' } });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stderr, /-fno-such-feature dropped: .* does not accept it/);
      assert.doesNotMatch(compileCommands(dir)[0].command, /no-such-feature/);
    });

    it('without the define, the #error stops the build', () => {
      makeProject(dir, { source: guarded });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /cppFlags did not reach the compiler/);
    });

    it('arguments reach CMake', () => {
      const cmakeExtra = 'if(NOT CALC_ARG EQUAL 1)\n  message(FATAL_ERROR "arguments did not reach CMake")\nendif()';
      makeProject(dir, { source: GOOD_SOURCE, cmakeExtra, nativeOptions: { arguments: '-DCALC_ARG=1' } });
      assert.strictEqual(hvigor(dir, ['assembleHap']).status, 0);
      makeProject(dir, { source: GOOD_SOURCE, cmakeExtra });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /arguments did not reach CMake/);
    });

    it('abiFilters without this machine\'s ABI: nothing built, and said so', () => {
      makeProject(dir, { source: GOOD_SOURCE, nativeOptions: { abiFilters: ['arm64-v8a'] } });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`abiFilters \\["arm64-v8a"\\] leave out ${abi}`));
      assert.ok(!fs.existsSync(library()));
    });

    it('abiFilters with it and others: this ABI is built, the others named', () => {
      makeProject(dir, { source: GOOD_SOURCE, nativeOptions: { abiFilters: ['arm64-v8a', abi] } });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`building ${abi} only .*not arm64-v8a`));
      assert.ok(fs.existsSync(library()));
    });

    it('buildOptionSet / buildModeBinder: the release build mode takes its own options', () => {
      const moduleProfileExtra = `"targets": [{ "name": "default" }],
        "buildOptionSet": [{ "name": "shipping", "externalNativeOptions": { "cppFlags": "-DCALC_FLAG=2" } }],
        "buildModeBinder": [{ "buildModeName": "release", "mappings": [{ "targetName": "default", "buildOptionName": "shipping" }] }],`;
      makeProject(dir, { source: guarded, moduleProfileExtra });
      assert.strictEqual(hvigor(dir, ['assembleHap']).status, 1, 'debug uses buildOption, without the define');
      const run = hvigor(dir, ['-p', 'buildMode=release', 'assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    });
  });

  describe('build modes', () => {
    const decodedLines = () => spawnSync('readelf', ['--debug-dump=decodedline', library()], { encoding: 'utf8' }).stdout;

    it('debug (the default for a HAP): -O0 -g, DWARF line info for the module\'s sources', () => {
      makeProject(dir, { source: GOOD_SOURCE });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(compileCommands(dir)[0].command, / -O0 -g /);
      assert.match(decodedLines(), /napi_init\.cpp\s+\d+\s+0x/);
    });

    it('release (-p buildMode=release, or assembleApp): optimised, no debug info', () => {
      for (const args of [['-p', 'buildMode=release', 'assembleHap'], ['assembleApp'], ['-p', 'debuggable=false', 'assembleHap']]) {
        makeProject(dir, { source: GOOD_SOURCE });
        const run = hvigor(dir, args);
        assert.strictEqual(run.status, 0, run.stdout + run.stderr);
        const command = compileCommands(dir)[0].command;
        assert.match(command, / -O[23] /, args.join(' '));
        assert.match(command, /-DNDEBUG/);
        assert.doesNotMatch(command, / -g /);
        assert.doesNotMatch(decodedLines(), /napi_init\.cpp/);
        assert.strictEqual(runAdd(dir).stdout.trim(), '5');
      }
    });
  });

  describe('DevEco\'s command line', () => {
    before(() => makeProject(dir, { source: GOOD_SOURCE }));

    it('hvigorw --mode module -p product=default -p module=calc@default -p buildMode=debug --no-daemon assembleHap', () => {
      const run = hvigor(dir, ['--mode', 'module', '-p', 'product=default', '-p', 'module=calc@default', '-p',
        'buildMode=debug', '--no-daemon', '--stacktrace', 'assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.ok(fs.existsSync(library()));
    });

    it('--help and -h print the usage and exit 0; --version prints the version', () => {
      for (const flag of ['--help', '-h']) {
        const run = hvigor(dir, [flag]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /usage: hvigorw/);
        assert.match(run.stdout, /-p buildMode=debug\|release/);
      }
      const version = hvigor(dir, ['--version']);
      assert.strictEqual(version.status, 0);
      assert.match(version.stdout, /^hvigorw \(jsvm-desktop \d+\.\d+\.\d+\)$/m);
    });

    it('tasks lists the tasks', () => {
      const run = hvigor(dir, ['tasks']);
      assert.strictEqual(run.status, 0, run.stderr);
      for (const task of ['assembleHap', 'assembleApp', 'clean', 'tasks']) assert.match(run.stdout, new RegExp(`^${task} `, 'm'));
    });

    it('unknown options, tasks, products, modules and build modes are refused with a message, exit 1', () => {
      const cases: Array<[string[], RegExp]> = [
        [['--frobnicate', 'assembleHap'], /unknown option --frobnicate/],
        [['assembleEverything'], /unknown task assembleEverything/],
        [['-p', 'product=nope', 'assembleHap'], /product=nope: not in build-profile\.json5 \(products: default\)/],
        [['-p', 'module=nope', 'assembleHap'], /module=nope: no such module \(modules: calc\)/],
        [['-p', 'module=calc@ohosTest', 'assembleHap'], /no such target \(targets: default\)/],
        [['-p', 'buildMode=fast', 'assembleHap'], /buildMode=fast: unknown/],
        [['-p', 'debuggable=maybe', 'assembleHap'], /expected true or false/],
        [['--mode', 'everything', 'assembleHap'], /expected module or project/],
      ];
      for (const [args, message] of cases) {
        const run = hvigor(dir, args);
        assert.strictEqual(run.status, 1, args.join(' '));
        assert.match(run.stderr, message, args.join(' '));
      }
    });

    it('a -p property the desktop does not use is named as ignored', () => {
      const run = hvigor(dir, ['-p', 'ohos-test-coverage=true', 'assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stderr, /-p ohos-test-coverage is not used by the desktop build; ignored/);
    });
  });

  // ets/freshness.ts: the loader never loads a library older than what it is built from.
  describe('never a stale library', () => {
    const source = () => path.join(dir, 'calc', 'src', 'main', 'cpp', 'napi_init.cpp');
    const later = (file: string) => {  // an edit now: after the last build started
      const when = new Date();
      fs.utimesSync(file, when, when);
    };

    before(() => {
      makeProject(dir, { source: GOOD_SOURCE });
      const run = hvigor(dir, ['assembleHap']);
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    });

    it('a fresh library loads without a build', () => {
      const run = runAdd(dir);
      assert.strictEqual(run.status, 0, run.stderr);
      assert.strictEqual(run.stdout.trim(), '5');
      assert.doesNotMatch(run.stderr, /rebuilding/);
    });

    it('an edited .cpp is rebuilt before the import loads it, and the new code runs', () => {
      fs.writeFileSync(source(), GOOD_SOURCE.replace('napi_create_double(env, a + b,', 'napi_create_double(env, a * b,'));
      later(source());
      const run = runAdd(dir);
      assert.strictEqual(run.status, 0, run.stderr);
      assert.strictEqual(run.stdout.trim(), '6', 'the multiplying build ran');
      assert.match(run.stderr, /jsvm-desktop: calc\/src\/main\/cpp\/napi_init\.cpp changed after libcalc\.so was built; rebuilding module calc \(npx hvigorw assembleHap -p module=calc\)/);
      const again = runAdd(dir);
      assert.strictEqual(again.stdout.trim(), '6');
      assert.doesNotMatch(again.stderr, /rebuilding/, 'built once, fresh since');
    });

    it('a header, the CMakeLists and the build profiles count as inputs too', () => {
      for (const file of [path.join(dir, 'calc', 'src', 'main', 'cpp', 'CMakeLists.txt'),
        path.join(dir, 'calc', 'build-profile.json5'), path.join(dir, 'build-profile.json5')]) {
        later(file);
        const run = runAdd(dir);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stderr, new RegExp(`${path.relative(dir, file).replace(/[.]/g, '\\.')} changed after libcalc\\.so was built`));
      }
      write(path.join(dir, 'calc', 'src', 'main', 'cpp', 'include', 'calc.h'), '#define CALC 1\n');
      later(path.join(dir, 'calc', 'src', 'main', 'cpp', 'include', 'calc.h'));
      assert.match(runAdd(dir).stderr, /include\/calc\.h changed after libcalc\.so was built; rebuilding/);
    });

    it('JSVM_NO_REBUILD=1: a stale library is refused with the command to run', () => {
      later(source());
      const run = spawnSync(process.execPath, ['-r', path.join(root, 'ets', 'register.js'), '-e',
        "require('libcalc.so')"], { cwd: dir, encoding: 'utf8', env: { ...process.env, JSVM_NO_REBUILD: '1' } });
      assert.notStrictEqual(run.status, 0);
      assert.match(run.stderr, /libcalc\.so is stale \(calc\/src\/main\/cpp\/napi_init\.cpp changed after libcalc\.so was built\): run npx hvigorw assembleHap -p module=calc in /);
    });

    it('an edit that does not compile: the import fails with the compiler\'s message, not the old code', () => {
      fs.writeFileSync(source(), GOOD_SOURCE.replace('napi_value sum;', 'napi_value sum = not_declared_here;'));
      later(source());
      const run = runAdd(dir);
      assert.notStrictEqual(run.status, 0);
      assert.strictEqual(run.stdout.trim(), '', 'the old library did not run');
      assert.match(run.stderr, /libcalc\.so is stale .* and rebuilding it failed/);
      assert.match(run.stderr, /not_declared_here/);
    });
  });
});
