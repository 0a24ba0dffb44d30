// hvigorw onDeviceTest / test: throwaway DevEco projects whose Hypium suites run
// through the public command, with the real @ohos/hypium, native code, HiLog and
// the app sandbox.
import assert from 'assert';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { root, sanitizersLeaveSignals } from './helpers/addon';

const hvigorw = path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js');
const BUNDLE = 'com.example.hypiumdemo';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const NATIVE = `#include "napi/native_api.h"
#include "hilog/log.h"
#include <cstdio>
static napi_value Add(napi_env env, napi_callback_info info) {
    size_t argc = 2;
    napi_value args[2] = {nullptr};
    napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
    double a = 0, b = 0;
    napi_get_value_double(env, args[0], &a);
    napi_get_value_double(env, args[1], &b);
    OH_LOG_Print(LOG_APP, LOG_INFO, 0x1234, "entryNative", "add gives %{public}d", static_cast<int>(a + b));
    napi_value sum;
    napi_create_double(env, a + b, &sum);
    return sum;
}
static napi_value WriteNote(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value args[1] = {nullptr};
    napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
    char text[128] = {0};
    size_t len = 0;
    napi_get_value_string_utf8(env, args[0], text, sizeof(text), &len);
    FILE* file = fopen("/data/storage/el2/base/files/note.txt", "w");
    bool ok = file != nullptr;
    if (file) { fputs(text, file); fclose(file); }
    napi_value result;
    napi_get_boolean(env, ok, &result);
    return result;
}
static void Store(int* where, int value) {
    *where = value;
}
static napi_value Crash(napi_env env, napi_callback_info info) {
    OH_LOG_Print(LOG_APP, LOG_WARN, 0x1234, "entryNative", "storing through %{public}s", "a null pointer");
    Store(nullptr, 1);
    return nullptr;
}
EXTERN_C_START
static napi_value Init(napi_env env, napi_value exports) {
    napi_property_descriptor desc[] = {
        {"add", nullptr, Add, nullptr, nullptr, nullptr, napi_default, nullptr},
        {"writeNote", nullptr, WriteNote, nullptr, nullptr, nullptr, napi_default, nullptr},
        {"crash", nullptr, Crash, nullptr, nullptr, nullptr, napi_default, nullptr},
    };
    napi_define_properties(env, exports, 3, desc);
    return exports;
}
EXTERN_C_END
static napi_module entryModule = {1, 0, nullptr, Init, "entry", nullptr, {0}};
extern "C" __attribute__((constructor)) void RegisterEntryModule(void) { napi_module_register(&entryModule); }
`;

/** A DevEco project laid out as this repository's: AppScope, build-profile.json5, module entry/ with native code. */
function makeProject(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  write(path.join(dir, 'build-profile.json5'), `{
    app: { products: [{ name: "default" }] },
    modules: [{ name: "entry", srcPath: "./entry", targets: [{ name: "default", applyToProducts: ["default"] }] }],
  }`);
  write(path.join(dir, 'AppScope', 'app.json5'), `{ "app": { "bundleName": "${BUNDLE}", "versionCode": 1 } }`);
  write(path.join(dir, 'entry', 'build-profile.json5'), `{
    "apiType": "stageMode",
    "buildOption": { "externalNativeOptions": { "path": "./src/main/cpp/CMakeLists.txt" } },
    "targets": [{ "name": "default" }, { "name": "ohosTest" }],
  }`);
  write(path.join(dir, 'entry', 'src', 'main', 'cpp', 'CMakeLists.txt'), `cmake_minimum_required(VERSION 3.5.0)
project(entry)
add_library(entry SHARED napi_init.cpp)
target_link_libraries(entry PUBLIC libace_napi.z.so libhilog_ndk.z.so)
`);
  write(path.join(dir, 'entry', 'src', 'main', 'cpp', 'napi_init.cpp'), NATIVE);
}

/** Replaces the module's ohosTest suites: `files` maps names in ets/test/ to sources; List.test.ets imports them all. */
function setSuites(dir: string, files: Record<string, string>, where = ['src', 'ohosTest', 'ets', 'test']): void {
  const testDir = path.join(dir, 'entry', ...where);
  fs.rmSync(testDir, { recursive: true, force: true });
  const names = Object.keys(files);
  for (const name of names) write(path.join(testDir, name), files[name]);
  write(path.join(testDir, 'List.test.ets'), `${names.map((name, i) => `import suite${i} from './${name.replace(/\.ets$/, '')}';`).join('\n')}

export default function testsuite() {
${names.map((_, i) => `  suite${i}();`).join('\n')}
}
`);
}

function hvigor(dir: string, args: string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [hvigorw, ...args], { cwd: dir, encoding: 'utf8', env });
}

/** The per-test lines of a run: [status, Suite#test]. */
function testLines(run: SpawnSyncReturns<string>): Array<[string, string]> {
  return [...run.stdout.matchAll(/^ {2}(PASS|FAIL|ERROR) *(\S+) \(\d+ ms\)$/gm)].map((m) => [m[1], m[2]]);
}

/** The line of napi_init.cpp with `pattern`. */
const nativeLine = (pattern: string): number => NATIVE.split('\n').findIndex((line) => line.includes(pattern)) + 1;

const MIXED = `import { hilog } from '@kit.PerformanceAnalysisKit';
import { describe, beforeAll, beforeEach, afterEach, afterAll, it, expect, Level, Size, TestType } from '@ohos/hypium';
import testNapi from 'libentry.so';

export default function abilityTest() {
  describe('ActsAbilityTest', () => {
    const order: string[] = [];
    beforeAll(() => { order.push('beforeAll'); });
    beforeEach(() => { order.push('beforeEach'); });
    afterEach(() => { order.push('afterEach'); });
    afterAll(() => { order.push('afterAll'); console.log('hook order: ' + order.join(',')); });

    it('assertContain', 0, () => {
      hilog.info(0x0000, 'testTag', '%{public}s', 'it begin');
      expect('abc').assertContain('b');
      expect(testNapi.add(2, 3)).assertEqual(5);
    });
    it('failing', TestType.FUNCTION | Level.LEVEL1, () => {
      expect(1).assertEqual(2);
    });
    it('asyncDone', Size.MEDIUMTEST, async (done: Function) => {
      await new Promise<void>((resolve) => setTimeout(resolve, 30));
      expect(testNapi.add(1, 1)).assertEqual(2);
      done();
    });
    it('asyncFailing', TestType.PERFORMANCE | Level.LEVEL2, async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
      hilog.warn(0x0000, 'testTag', 'comparing %{public}s', 'late');
      testNapi.add(4, 4);
      expect(await Promise.resolve('late')).assertEqual('early');
    });
    it('sandboxWrite', Level.LEVEL0, () => {
      expect(testNapi.writeNote('written by the suite')).assertTrue();
    });
  });
}
`;

const ASSERTIONS = `import { describe, it, expect } from '@ohos/hypium';

class Point { constructor(public x: number) {} }

export default function assertionsTest() {
  describe('Assertions', () => {
    it('values', 0, () => {
      expect(0.1 + 0.2).assertClose(0.3, 0.0001);
      expect([1, 2, 3]).assertContain(2);
      expect('abc').assertEqual('abc');
      expect(false).assertFalse();
      expect(true).assertTrue();
      expect([1]).assertInstanceOf('Array');
      expect(3).assertLarger(2);
      expect(2).assertLess(3);
      expect(3).assertLargerOrEqual(3);
      expect(3).assertLessOrEqual(3);
      expect(null).assertNull();
      expect(undefined).assertUndefined();
      expect(NaN).assertNaN();
      expect(-Infinity).assertNegUnlimited();
      expect(Infinity).assertPosUnlimited();
      expect(() => { throw new Error('boom'); }).assertThrowError('boom');
      expect({ a: [1, { b: new Point(2) }], d: new Date(0) }).assertDeepEquals({ a: [1, { b: new Point(2) }], d: new Date(0) });
    });
    it('negated', 0, () => {
      expect(1).not().assertEqual(2);
      expect('abc').not().assertContain('z');
      expect(1).not().assertNull();
      expect({ a: 1 }).not().assertDeepEquals({ a: 2 });
      expect(1).not().assertLarger(2);
    });
    it('promises', 0, async () => {
      await expect(new Promise<void>(() => undefined)).assertPromiseIsPending();
      await expect(Promise.resolve(1)).assertPromiseIsResolved();
      await expect(Promise.resolve(7)).assertPromiseIsResolvedWith(7);
      await expect(Promise.reject('no')).assertPromiseIsRejected();
      await expect(Promise.reject('no')).assertPromiseIsRejectedWith('no');
      await expect(Promise.reject(new TypeError('bad type'))).assertPromiseIsRejectedWithError(TypeError, 'bad type');
      await expect(Promise.resolve(1)).not().assertPromiseIsRejected();
    });
    it('assertFailFails', 0, () => {
      expect().assertFail();
    });
    it('throwErrorMismatch', 0, () => {
      expect(() => { throw new Error('one'); }).assertThrowError('two');
    });
    it('deepEqualsMismatch', 0, () => {
      expect({ a: [1, 2] }).assertDeepEquals({ a: [1, 3] });
    });
    it('promiseMismatch', 0, async () => {
      await expect(Promise.resolve(1)).assertPromiseIsResolvedWith(2);
    });
    it('notMismatch', 0, () => {
      expect(1).not().assertEqual(1);
    });
  });
}
`;

describe('Hypium suites through hvigorw onDeviceTest / test', function () {
  this.timeout(300000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-hypium-'));
    makeProject(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('a suite with passing, failing and async tests', () => {
    let run: SpawnSyncReturns<string>;
    before(() => {
      setSuites(dir, { 'Ability.test.ets': MIXED });
      fs.rmSync(path.join(dir, '.sandbox'), { recursive: true, force: true });
      // A bundle name set by hand in the shell does not win over the project's.
      run = hvigor(dir, ['onDeviceTest'], { ...process.env, JSVM_BUNDLE_NAME: 'com.example.wrong', JSVM_HILOG: 'buffer' });
    });

    it('builds the native code, then prints a line per test in order', () => {
      assert.match(run.stdout, /BuildNativeWithCmake/);
      assert.deepStrictEqual(testLines(run), [
        ['PASS', 'ActsAbilityTest#assertContain'],
        ['FAIL', 'ActsAbilityTest#failing'],
        ['PASS', 'ActsAbilityTest#asyncDone'],
        ['FAIL', 'ActsAbilityTest#asyncFailing'],
        ['PASS', 'ActsAbilityTest#sandboxWrite'],
      ], run.stdout + run.stderr);
      assert.match(run.stdout, /FAIL {2}ActsAbilityTest#failing \(\d+ ms\)\n {8}expect 1 equals 2\n/);
      assert.match(run.stdout, /expect late equals early/);
    });

    it('ends with Hypium\'s totals, "N passed, F failed" alone on a line and a non-zero exit status', () => {
      assert.match(run.stdout, /^Tests run: 5, Failure: 2, Error: 0, Pass: 3, Ignore: 0$/m);
      assert.match(run.stdout, /^3 passed, 2 failed$/m);
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /> hvigor ERROR: Failed :entry:ohosTest@OnDeviceTest/);
      assert.match(run.stderr, /BUILD FAILED/);
    });

    it('runs the hooks in Hypium\'s order (Hypium 1.0.13 skips afterEach after a failed test, as on a device)', () => {
      const hooks = ['beforeAll', 'beforeEach,afterEach', 'beforeEach', 'beforeEach,afterEach', 'beforeEach',
        'beforeEach,afterEach', 'afterAll'].join(',');
      assert.match(run.stdout, new RegExp(`^hook order: ${hooks}$`, 'm'));
    });

    it('a failing test\'s report ends with the HiLog lines it logged (native and ArkTS); passing tests\' lines are not printed',
      () => {
        assert.match(run.stdout, /FAIL {2}ActsAbilityTest#asyncFailing \(\d+ ms\)\n {8}expect late equals early\n {8}HiLog lines logged during this test \(2\):\n {10}\S+ \S+ +\d+ +\d+ W A00000\/testTag: comparing late\n {10}\S+ \S+ +\d+ +\d+ I A01234\/entryNative: add gives 8\n/,
          run.stdout);
        assert.doesNotMatch(run.stdout + run.stderr, /it begin|add gives 5/);
      });

    it('JSVM_HILOG=stderr prints HiLog from native code and from ArkTS\'s hilog live; quiet drops it', () => {
      const live = hvigor(dir, ['onDeviceTest'], { ...process.env, JSVM_HILOG: 'stderr' });
      assert.match(live.stderr, / I A01234\/entryNative: add gives 5$/m);
      assert.match(live.stderr, / I A00000\/testTag: it begin$/m);
      assert.doesNotMatch(live.stdout, /HiLog lines logged during this test/);
      const quiet = hvigor(dir, ['onDeviceTest'], { ...process.env, JSVM_HILOG: 'quiet' });
      assert.doesNotMatch(quiet.stdout + quiet.stderr, /A01234|A00000|HiLog lines logged/);
      assert.match(quiet.stdout, /^3 passed, 2 failed$/m);
    });

    it('a native write to /data/storage lands in the project\'s sandbox under its bundle name', () => {
      const note = path.join(dir, '.sandbox', 'app', 'el2', '100', 'base', BUNDLE, 'files', 'note.txt');
      assert.strictEqual(fs.readFileSync(note, 'utf8'), 'written by the suite');
      assert.ok(!fs.existsSync(path.join(dir, '.sandbox', 'app', 'el2', '100', 'base', 'com.example.wrong')));
    });
  });

  it('an all-passing suite exits 0 with BUILD SUCCESSFUL', () => {
    setSuites(dir, {
      'Ok.test.ets': `import { describe, it, expect } from '@ohos/hypium';
import testNapi from 'libentry.so';
export default function okTest() {
  describe('OkTest', () => {
    it('adds', 0, () => { expect(testNapi.add(20, 22)).assertEqual(42); });
    it('asyncAdds', 0, async () => { expect(await Promise.resolve(testNapi.add(1, 2))).assertEqual(3); });
  });
}
`,
    });
    const run = hvigor(dir, ['onDeviceTest']);
    assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^Tests run: 2, Failure: 0, Error: 0, Pass: 2, Ignore: 0$/m);
    assert.match(run.stdout, /^2 passed, 0 failed$/m);
    assert.match(run.stdout, /BUILD SUCCESSFUL/);
  });

  it('every assertion Hypium documents works, .not() included; mismatches fail with Hypium\'s message', () => {
    setSuites(dir, { 'Assertions.test.ets': ASSERTIONS });
    const run = hvigor(dir, ['onDeviceTest']);
    assert.deepStrictEqual(testLines(run), [
      ['PASS', 'Assertions#values'],
      ['PASS', 'Assertions#negated'],
      ['PASS', 'Assertions#promises'],
      ['FAIL', 'Assertions#assertFailFails'],
      ['FAIL', 'Assertions#throwErrorMismatch'],
      ['FAIL', 'Assertions#deepEqualsMismatch'],
      ['FAIL', 'Assertions#promiseMismatch'],
      ['FAIL', 'Assertions#notMismatch'],
    ], run.stdout + run.stderr);
    assert.match(run.stdout, /expected throw failed , one is not two/);
    assert.match(run.stdout, /^Tests run: 8, Failure: 5, Error: 0, Pass: 3, Ignore: 0$/m);
    assert.match(run.stdout, /^3 passed, 5 failed$/m);
    assert.strictEqual(run.status, 1);
  });

  it('an exception in a test or a beforeAll hook is an Error with its .ets line; the run fails', () => {
    setSuites(dir, {
      'Broken.test.ets': `import { describe, beforeAll, it, expect } from '@ohos/hypium';
export default function brokenTest() {
  describe('HookFails', () => {
    beforeAll(() => { throw new Error('setup broke'); });
    it('one', 0, () => { expect(1).assertEqual(1); });
  });
  describe('Throws', () => {
    it('ok', 0, () => { expect(1).assertEqual(1); });
    it('throws', 0, () => { throw new TypeError('not an assertion'); });
  });
}
`,
    });
    const run = hvigor(dir, ['onDeviceTest']);
    assert.deepStrictEqual(testLines(run), [['ERROR', 'HookFails#one'], ['PASS', 'Throws#ok'], ['ERROR', 'Throws#throws']],
      run.stdout + run.stderr);
    assert.match(run.stdout, /ERROR HookFails \(a beforeAll\/afterAll hook\): setup broke, error in beforeAll function/);
    assert.match(run.stdout, /ERROR Throws#throws \(\d+ ms\)\n {8}not an assertion\n {8}at .*Broken\.test\.ets:9:\d+/);
    assert.match(run.stdout, /^Tests run: 3, Failure: 0, Error: 2, Pass: 1, Ignore: 0$/m);
    assert.match(run.stdout, /^1 passed, 2 failed$/m);
    assert.strictEqual(run.status, 1);
  });

  it('MockKit, the desktop AbilityDelegator (arguments, printSync) and @ohos.hilog work in a suite', () => {
    setSuites(dir, {
      'Extras.test.ets': `import { describe, it, expect, MockKit, when } from '@ohos/hypium';
import { abilityDelegatorRegistry } from '@kit.TestKit';
import hilog from '@ohos.hilog';
class Calc { add(a: number, b: number): number { return a + b; } }
export default function extrasTest() {
  describe('Extras', () => {
    it('mock', 0, () => {
      const kit = new MockKit();
      const calc = new Calc();
      const mocked = kit.mockFunc(calc, calc.add);
      when(mocked)(1, 2).afterReturn(42);
      expect(calc.add(1, 2)).assertEqual(42);
      kit.verify('add', [1, 2]).once();
      kit.clearAll();
    });
    it('delegator', 0, () => {
      const args = abilityDelegatorRegistry.getArguments();
      hilog.info(0x10, 'argsTag', 'bundle %{public}s secret %d', args.bundleName, 7);
      expect(args.bundleName).assertEqual('${BUNDLE}');
      abilityDelegatorRegistry.getAbilityDelegator().printSync('a line from the test');
    });
  });
}
`,
    });
    const run = hvigor(dir, ['onDeviceTest'], { ...process.env, JSVM_HILOG: 'stderr' });  // the lines live
    assert.deepStrictEqual(testLines(run), [['PASS', 'Extras#mock'], ['PASS', 'Extras#delegator']], run.stdout + run.stderr);
    assert.match(run.stdout, /^a line from the test$/m);
    assert.match(run.stderr, new RegExp(` I A00010/argsTag: bundle ${BUNDLE.replace(/\./g, '\\.')} secret <private>$`, 'm'));
    assert.strictEqual(run.status, 0);
  });

  it('data-driven suites: data.json beside List.test.ets reaches the tests (Hypium.setData)', () => {
    setSuites(dir, {
      'Data.test.ets': `import { describe, it, expect } from '@ohos/hypium';
export default function dataTest() {
  describe('DataSuite', () => {
    it('withParams', 0, (data: { x: number, y: string }) => {
      expect(data.y).assertEqual('suite');
      expect(data.x > 0).assertTrue();
    });
  });
}
`,
    });
    write(path.join(dir, 'entry', 'src', 'ohosTest', 'ets', 'test', 'data.json'), JSON.stringify({
      suites: [{ describe: ['DataSuite'], params: { y: 'suite' }, items: [{ it: 'withParams', params: [{ x: 1 }, { x: 2 }] }] }],
    }));
    const run = hvigor(dir, ['onDeviceTest']);
    assert.deepStrictEqual(testLines(run), [['PASS', 'DataSuite#withParams']], run.stdout + run.stderr);
    assert.strictEqual(run.status, 0);
  });

  it('suites that break before Hypium can report fail the run instead of passing silently', () => {
    setSuites(dir, { 'Ok.test.ets': 'export default function okTest() { throw new Error(\'registration broke\'); }\n' });
    const run = hvigor(dir, ['onDeviceTest']);
    assert.match(run.stdout, /registration broke/);
    assert.match(run.stderr, /the run ended before Hypium reported its totals/);
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /BUILD FAILED/);
  });

  describe('a native crash in a test', () => {
    const CRASHING = `import { describe, beforeAll, it, expect } from '@ohos/hypium';
import testNapi from 'libentry.so';
export default function crashTest() {
  describe('CrashTest', () => {
    it('before', 0, () => { expect(testNapi.add(1, 1)).assertEqual(2); });
    it('failsFirst', 0, () => { expect(1).assertEqual(3); });
    it('stores through null', 0, () => { testNapi.crash(); });
    it('after', 0, () => { expect(testNapi.add(2, 2)).assertEqual(4); });
  });
  describe('LaterTest', () => {
    it('stillRuns', 0, () => { expect(true).assertTrue(); });
  });
}
`;
    let run: SpawnSyncReturns<string>;
    before(() => {
      setSuites(dir, { 'Crash.test.ets': CRASHING });
      run = hvigor(dir, ['onDeviceTest'], { ...process.env, ...sanitizersLeaveSignals() });
    });

    it('names the test, shows the native stack with the .cpp file and line, and the last HiLog lines', () => {
      assert.match(run.stdout, /CRASH: SIGSEGV in test "CrashTest#stores through null"\n {2}native stack:\n/, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`#0 Store\\(int\\*, int\\) at \\S*entry/src/main/cpp/napi_init\\.cpp:${nativeLine('*where = value')}\\n` +
        ` {4}#1 Crash\\(napi_env__\\*, napi_callback_info__\\*\\) at \\S*napi_init\\.cpp:${nativeLine('Store(nullptr, 1)')}`));
      assert.match(run.stdout, /last HiLog lines:\n(?: {4}[^\n]*\n)* {4}[^\n]* W A01234\/entryNative: storing through a null pointer\n/);
    });

    it('counts it as an Error and goes on with the tests not yet run (names with spaces too); the totals cover both runs', () => {
      assert.deepStrictEqual(testLines(run), [
        ['PASS', 'CrashTest#before'],
        ['FAIL', 'CrashTest#failsFirst'],
        ['PASS', 'CrashTest#after'],
        ['PASS', 'LaterTest#stillRuns'],
      ], run.stdout);
      assert.match(run.stdout, /^ {2}ERROR CrashTest#stores through null: the test process crashed \(SIGSEGV\); going on with the tests not yet run$/m);
      assert.match(run.stdout, /^Tests run: 5, Failure: 1, Error: 1, Pass: 3, Ignore: 0$/m);
      assert.match(run.stdout, /^3 passed, 2 failed$/m);
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /> hvigor ERROR: Failed :entry:ohosTest@OnDeviceTest: tests failed; crashed the test process: CrashTest#stores through null/);
    });

    it('a crash outside a test (a beforeAll hook) is reported and ends the run with what ran so far', () => {
      setSuites(dir, {
        'Early.test.ets': `import { describe, it, expect } from '@ohos/hypium';
export default function earlyTest() {
  describe('EarlyTest', () => {
    it('passes', 0, () => { expect(1).assertEqual(1); });
  });
}
`,
        'Hook.test.ets': `import { describe, beforeAll, it, expect } from '@ohos/hypium';
import testNapi from 'libentry.so';
export default function hookTest() {
  describe('HookTest', () => {
    beforeAll(() => { testNapi.crash(); });
    it('never', 0, () => { expect(1).assertEqual(1); });
  });
}
`,
      });
      const hook = hvigor(dir, ['onDeviceTest'], { ...process.env, ...sanitizersLeaveSignals() });
      assert.match(hook.stdout, /CRASH: SIGSEGV outside a test \(loading the suites or in a beforeAll\/afterAll hook\)\n {2}native stack:/,
        hook.stdout + hook.stderr);
      assert.match(hook.stdout, /#0 Store\(int\*, int\) at \S*napi_init\.cpp:/);
      assert.deepStrictEqual(testLines(hook), [['PASS', 'EarlyTest#passes']]);
      assert.match(hook.stdout, /^Tests run: 1, Failure: 0, Error: 1, Pass: 1, Ignore: 0$/m);
      assert.match(hook.stdout, /^1 passed, 1 failed$/m);
      assert.strictEqual(hook.status, 1);
    });
  });

  describe('filters', () => {
    before(() => setSuites(dir, {
      'Ability.test.ets': MIXED,
      'Other.test.ets': `import { describe, it, expect, Level } from '@ohos/hypium';
export default function otherTest() {
  describe('OtherTest', () => {
    it('levelTwo', Level.LEVEL2, () => { expect(1).assertEqual(1); });
    it('plain', 0, () => { expect(1).assertEqual(1); });
  });
}
`,
    }));

    const cases: Array<[string, string[], string[], number]> = [
      ['-p testParam class Suite#test (DevEco\'s form, with -p module=entry@ohosTest)',
        ['-p', 'module=entry@ohosTest', '-p', 'testParam={"class":"ActsAbilityTest#assertContain,OtherTest#plain"}'],
        ['ActsAbilityTest#assertContain', 'OtherTest#plain'], 0],
      ['a whole class', ['-p', 'testParam={"class":"OtherTest"}'], ['OtherTest#levelTwo', 'OtherTest#plain'], 0],
      ['-p scope=', ['-p', 'scope=ActsAbilityTest#failing'], ['ActsAbilityTest#failing'], 1],
      ['notClass', ['-p', 'testParam={"notClass":"ActsAbilityTest"}'], ['OtherTest#levelTwo', 'OtherTest#plain'], 0],
      ['level (cases declared with 0 always run)', ['-p', 'testParam={"level":"2"}'],
        ['ActsAbilityTest#assertContain', 'ActsAbilityTest#asyncFailing', 'OtherTest#levelTwo', 'OtherTest#plain'], 1],
      ['size', ['-p', 'size=medium'],
        ['ActsAbilityTest#assertContain', 'ActsAbilityTest#asyncDone', 'OtherTest#plain'], 0],
      ['testType', ['-p', 'testType=performance'],
        ['ActsAbilityTest#assertContain', 'ActsAbilityTest#asyncFailing', 'OtherTest#plain'], 1],
    ];
    for (const [name, args, expected, status] of cases) {
      it(`${name}: only the selected tests run`, () => {
        const run = hvigor(dir, [...args, 'onDeviceTest']);
        assert.deepStrictEqual(testLines(run).map(([, test]) => test), expected, run.stdout + run.stderr);
        assert.match(run.stdout, new RegExp(`^Tests run: ${expected.length}, `, 'm'));
        assert.strictEqual(run.status, status, run.stdout + run.stderr);
      });
    }

    it('a parameter Hypium refuses is reported and fails the run', () => {
      const run = hvigor(dir, ['-p', 'level=9', 'onDeviceTest']);
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /this param level:9 is invalid/);
    });

    it('-p testParam that is not JSON is refused', () => {
      const run = hvigor(dir, ['-p', 'testParam=class:Foo', 'onDeviceTest']);
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /testParam=class:Foo: expected a JSON object/);
    });

    it('-p timeout= bounds an async test', () => {
      setSuites(dir, {
        'Slow.test.ets': `import { describe, it, expect } from '@ohos/hypium';
export default function slowTest() {
  describe('SlowTest', () => {
    it('neverEnds', 0, async (done: Function) => { /* never calls done */ });
    it('quick', 0, () => { expect(1).assertEqual(1); });
  });
}
`,
      });
      const run = hvigor(dir, ['-p', 'timeout=200', 'onDeviceTest']);
      assert.match(run.stdout, /SlowTest#neverEnds[^\n]*\n {8}execute timeout 200ms/);
      assert.match(run.stdout, /PASS {2}SlowTest#quick/);
      assert.match(run.stdout, /^1 passed, 1 failed$/m);
      assert.strictEqual(run.status, 1);
    });
  });

  it('hvigorw test runs src/test/List.test.ets', () => {
    setSuites(dir, {
      'LocalUnit.test.ets': `import { describe, it, expect } from '@ohos/hypium';
import testNapi from 'libentry.so';
export default function localUnitTest() {
  describe('localUnitTest', () => {
    it('native', 0, () => { expect(testNapi.add(1, 2)).assertEqual(3); });
  });
}
`,
    }, ['src', 'test']);
    const run = hvigor(dir, ['test']);
    assert.deepStrictEqual(testLines(run), [['PASS', 'localUnitTest#native']], run.stdout + run.stderr);
    assert.match(run.stdout, /^1 passed, 0 failed$/m);
    assert.match(run.stdout, /:entry:test@UnitTest/);
    assert.strictEqual(run.status, 0);
  });

  it('an @ohos.* module with no desktop meaning is named in a clear error', () => {
    setSuites(dir, {
      'Ui.test.ets': `import { describe, it, expect } from '@ohos/hypium';
import xyz from '@ohos.xyz';
export default function uiTest() {
  describe('UiTest', () => { it('x', 0, () => { expect(xyz).assertNull(); }); });
}
`,
    });
    const run = hvigor(dir, ['onDeviceTest']);
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /could not load entry\/src\/ohosTest\/ets\/test\/List\.test\.ets: @ohos\.xyz has no desktop stand-in/);
    assert.match(run.stderr, /imported by .*Ui\.test\.ets/);
  });

  it('a module without suites is reported, and the run fails', () => {
    fs.rmSync(path.join(dir, 'entry', 'src', 'ohosTest'), { recursive: true, force: true });
    const run = hvigor(dir, ['onDeviceTest']);
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /onDeviceTest: no module has src\/ohosTest\/ets\/test\/List\.test\.ets/);
  });
});
