import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addon, childReport, expectOutcome, Report, root, runInChild, Status } from './helpers/addon';

const BIGINT_EXPECTED = 17 as Status;

// Where the OpenHarmony device answers a call sequence with a status, we answer
// the same; where its docs are silent, as Node-API. README, "Statuses aligned
// with the device", gives the source of each.
describe('statuses aligned with the device', function () {
  this.timeout(60000);
  const run = (name: string): Report => (addon as any)[name]();

  it('CreateTypedarray / CreateDataview over a value that is not an ArrayBuffer: INVALID_ARG', () => {
    const r = run('statusArrayBufferViews');
    for (const name of ['typedOverObject', 'typedOverNumber', 'typedOverTypedArray', 'viewOverObject',
      'viewOverTypedArray']) {
      expectOutcome(r[name], Status.INVALID_ARG, /not an ArrayBuffer/);
    }
    expectOutcome(r.typedOverBuffer, Status.OK);
    expectOutcome(r.viewOverBuffer, Status.OK);
  });

  it('GetArraybufferInfo of a value that is not an ArrayBuffer: INVALID_ARG (docs list only INVALID_ARG; Node-API agrees)', () => {
    const r = run('statusArrayBufferViews');
    expectOutcome(r.infoOfTypedArray, Status.INVALID_ARG, /not an ArrayBuffer/);
    expectOutcome(r.infoOfObject, Status.INVALID_ARG, /not an ArrayBuffer/);
    expectOutcome(r.infoOfBuffer, Status.OK);
  });

  it('CoerceToObject(undefined / null): OBJECT_EXPECTED with the TypeError left pending', () => {
    const r = run('statusCoercions');
    for (const name of ['objectOfUndefined', 'objectOfNull']) {
      expectOutcome(r[name], Status.OBJECT_EXPECTED);
      assert.strictEqual(r[`${name}Pending`], true, `${name}: no exception pending`);
      assert.match(r[`${name}Exception`], /^TypeError: /);
    }
    expectOutcome(r.objectOfString, Status.OK);
    assert.strictEqual(r.objectOfStringPending, false);
  });

  it('CoerceToBigInt("abc"): BIGINT_EXPECTED, with the SyntaxError left pending (docs: BIGINT_EXPECTED; Node-API leaves coercion throws pending)', () => {
    const r = run('statusCoercions');
    expectOutcome(r.bigintOfAbc, BIGINT_EXPECTED);
    assert.strictEqual(r.bigintOfAbcPending, true);
    assert.match(r.bigintOfAbcException, /^SyntaxError: /);
    expectOutcome(r.bigintOfUndefined, BIGINT_EXPECTED);
    assert.match(r.bigintOfUndefinedException, /^TypeError: /);
    expectOutcome(r.bigintOf42, Status.OK);
    assert.strictEqual(r.bigintOf42Value, '42');
  });

  it('CreateRegExp with a bad pattern: GENERIC_FAILURE, with the SyntaxError left pending (docs: the call may throw)', () => {
    const r = run('statusCompileFailures');
    expectOutcome(r.regexpBadPattern, Status.GENERIC_FAILURE, /invalid regular expression/);
    assert.strictEqual(r.regexpBadPatternPending, true);
    assert.match(r.regexpBadPatternException, /^SyntaxError: Invalid regular expression/);
    expectOutcome(r.regexpGood, Status.OK);
    assert.strictEqual(r.regexpGoodPending, false);
  });

  it('CreateFunctionWithScript with a syntax error: GENERIC_FAILURE, with the SyntaxError left pending (as Node-API leaves compile errors)', () => {
    const r = run('statusCompileFailures');
    expectOutcome(r.functionSyntaxError, Status.GENERIC_FAILURE, /does not compile/);
    assert.strictEqual(r.functionSyntaxErrorPending, true);
    assert.match(r.functionSyntaxErrorException, /^SyntaxError: /);
    expectOutcome(r.functionGood, Status.OK);
  });

  it('DefineProperties with a descriptor that has only a name: OK, the property defined as undefined', () => {
    const r = run('statusNameOnlyDescriptor');
    expectOutcome(r.define, Status.OK);
    assert.strictEqual(r.bare, 'true undefined false', 'a data property, value undefined, attributes as given');
    assert.strictEqual(r.bareWritable, 'undefined true true');
  });

  it('CreateFunction with a NULL callback: OK; calling the function returns undefined', () => {
    const r = run('statusNullCallbacks');
    expectOutcome(r.createNullCb, Status.OK);
    expectOutcome(r.createEmptyCb, Status.OK);
    expectOutcome(r.callNullCb, Status.OK);
    assert.strictEqual(r.callNullCbResult, 'undefined');
    assert.strictEqual(r.fromJs, 'function undefined undefined nothing true 7');
  });

  it('Wrap with a NULL native object: OK; Unwrap gives NULL; RemoveWrap works', () => {
    const r = run('statusWrapNull');
    expectOutcome(r.wrap, Status.OK);
    expectOutcome(r.unwrap, Status.OK);
    assert.strictEqual(r.unwrapIsNull, true);
    expectOutcome(r.wrapAgain, Status.INVALID_ARG, /already wrapped/);
    expectOutcome(r.removeWrap, Status.OK);
    assert.strictEqual(r.removedIsNull, true);
    expectOutcome(r.unwrapAfterRemove, Status.INVALID_ARG, /not wrapped/);
  });

  it('SetPrivate / GetPrivate / DeletePrivate with a Symbol or string key: INVALID_ARG, no visible property', () => {
    const r = run('statusPrivateKeys');
    for (const name of ['setSymbol', 'setString', 'getSymbol', 'getString', 'deleteSymbol', 'deleteString']) {
      expectOutcome(r[name], Status.INVALID_ARG, /not a private key/);
    }
    assert.strictEqual(r.visibleKeys, '0');
    expectOutcome(r.setPrivate, Status.OK);
    expectOutcome(r.getPrivate, Status.OK);
    assert.strictEqual(r.privateValue, '5');
    expectOutcome(r.deletePrivate, Status.OK);
    assert.strictEqual(r.visibleKeysAfter, '0');
  });

  it('DefineClassWithOptions with a parentClass not made by DefineClass: INVALID_ARG', () => {
    const r = run('statusParentClasses');
    for (const name of ['plainFunction', 'jsClass', 'object', 'number']) {
      expectOutcome(r[name], Status.INVALID_ARG, /not made by OH_JSVM_DefineClass/);
    }
    expectOutcome(r.nativeParent, Status.OK);
    assert.strictEqual(r.inherits, 'true');
  });

  it('CreateArrayBufferFromExternalMemory: NULL with length 0 is an empty ArrayBuffer; data not 8-byte aligned is INVALID_ARG', () => {
    const r = run('statusExternalMemory');
    expectOutcome(r.nullEmpty, Status.OK);
    assert.strictEqual(r.nullEmptyIsBuffer, true);
    assert.strictEqual(r.nullEmptyLength, 0);
    expectOutcome(r.nullWithLength, Status.INVALID_ARG, /externalData is NULL/);
    expectOutcome(r.offBy1, Status.INVALID_ARG, /8-byte aligned/);
    expectOutcome(r.offBy4, Status.INVALID_ARG, /8-byte aligned/);
    expectOutcome(r.offBy8, Status.OK);
  });

  it('SetElement when a setter throws: PENDING_EXCEPTION, the setter\'s error pending', () => {
    const r = run('statusThrowingSetter');
    expectOutcome(r.setElement, Status.PENDING_EXCEPTION);
    assert.strictEqual(r.setElementPending, true);
    assert.strictEqual(r.setElementException, 'RangeError: no element 3');
  });

  it('CreateVM with a young generation of 1 byte, or a NULL blob of size 1: OK, a working VM (in a child: V8 used to crash)', () => {
    const r = childReport(runInChild('statusCreateVmOptions()'));
    for (const name of ['initialYoung1', 'maxYoung1', 'bothYoung1', 'nullBlobSize1']) {
      expectOutcome(r[name], Status.OK);
      assert.strictEqual(r[`${name}Eval`], '100001', `${name}: the VM runs JS that fills its young generation`);
    }
    expectOutcome(r.createInitialYoung1, Status.OK);
    expectOutcome(r.createNullBlobSize1, Status.OK);
  });

  it('GetVMInfo gives apiVersion 1 and GetVersion 9, as current devices answer', () => {
    const r = run('statusVersions');
    expectOutcome(r.vmInfo, Status.OK);
    assert.strictEqual(r.apiVersion, 1);
    expectOutcome(r.getVersion, Status.OK);
    assert.strictEqual(r.version, 9);
  });

  it('calls the docs answer PENDING_EXCEPTION for refuse while an exception is pending, as Node-API\'s do', () => {
    const r = run('statusWhilePending');
    const names = ['coerceToBool', 'strictEquals', 'getDateValue', 'createFunction', 'wrap', 'unwrap', 'removeWrap',
      'objectGetPrototypeOf', 'getArrayLength'];
    for (const name of names) expectOutcome(r[`${name}Pending`], Status.PENDING_EXCEPTION);
    assert.strictEqual(r.stillPending, 'pending', 'the exception stays pending through the refused calls');
    for (const name of names) expectOutcome(r[name], Status.OK);
    assert.strictEqual(r.arrayLength, 3);
  });

  it('ObjectFreeze / ObjectSeal of a primitive: OK, as Object.freeze (docs list only OK / GENERIC_FAILURE); null: OBJECT_EXPECTED', () => {
    const r = run('statusPrimitivesAndWords');
    expectOutcome(r.freezeNumber, Status.OK);
    expectOutcome(r.sealString, Status.OK);
    expectOutcome(r.freezeNull, Status.OBJECT_EXPECTED);
    expectOutcome(r.sealUndefined, Status.OBJECT_EXPECTED);
  });

  it('ObjectGetPrototypeOf(5) is Number.prototype, as Object.getPrototypeOf (docs list no OBJECT_EXPECTED); null: OBJECT_EXPECTED', () => {
    const r = run('statusPrimitivesAndWords');
    expectOutcome(r.prototypeOfNumber, Status.OK);
    assert.strictEqual(r.prototypeOfNumberIsNumberPrototype, true);
    expectOutcome(r.prototypeOfNull, Status.OBJECT_EXPECTED);
  });

  it('GetValueBigintWords: signBit and words both NULL give the count; one of them NULL is INVALID_ARG (Node-API docs)', () => {
    const r = run('statusPrimitivesAndWords');
    expectOutcome(r.wordsBothNull, Status.OK);
    assert.strictEqual(r.wordCount, 2);
    expectOutcome(r.wordsNullSignGiven, Status.INVALID_ARG, /words is NULL/);
    expectOutcome(r.signNullWordsGiven, Status.INVALID_ARG, /signBit is NULL/);
  });

  it('DefineClass / DefineClassWithOptions with a NULL utf8name: INVALID_ARG (docs: a NULL pointer argument)', () => {
    const r = run('statusClassNullName');
    expectOutcome(r.defineClass, Status.INVALID_ARG, /utf8name is NULL/);
    expectOutcome(r.defineClassWithOptions, Status.INVALID_ARG, /utf8name is NULL/);
  });
});

// Device modules' napi_* calls bind to node's own exports; our native_api.h
// renames napi_call_function to libace_napi.z.so's version. A module built
// with hvigorw against our headers shows that the rename reaches device code.
describe('libace_napi.z.so: napi_call_function as on the device', function () {
  this.timeout(300000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-napi-status-'));
    const files: Record<string, string> = {
      'build-profile.json5': '{ app: { products: [{ name: "default" }] }, modules: [{ name: "probe", srcPath: "./probe" }] }',
      'AppScope/app.json5': '{ "app": { "bundleName": "com.example.probe" } }',
      'probe/build-profile.json5':
        '{ "buildOption": { "externalNativeOptions": { "path": "./src/main/cpp/CMakeLists.txt" } } }',
      'probe/src/main/cpp/CMakeLists.txt': `cmake_minimum_required(VERSION 3.5.0)
project(probe)
add_library(probe SHARED probe.cpp)
target_link_libraries(probe PUBLIC libace_napi.z.so)
`,
      'probe/src/main/cpp/probe.cpp': `#include "napi/native_api.h"
// callWithNullThis(f): calls f with a NULL receiver; returns [status, typeof this inside f]
static napi_value CallWithNullThis(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value fn = nullptr, result = nullptr, out, status, seen;
    napi_get_cb_info(env, info, &argc, &fn, nullptr, nullptr);
    napi_status s = napi_call_function(env, nullptr, fn, 0, nullptr, &result);
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) { napi_value e; napi_get_and_clear_last_exception(env, &e); }
    napi_create_array(env, &out);
    napi_create_int32(env, s, &status);
    if (result == nullptr) napi_get_null(env, &result);
    napi_set_element(env, out, 0, status);
    napi_set_element(env, out, 1, result);
    return out;
}
EXTERN_C_START
static napi_value Init(napi_env env, napi_value exports) {
    napi_property_descriptor desc[] = {{"callWithNullThis", nullptr, CallWithNullThis, nullptr, nullptr, nullptr,
                                        napi_default, nullptr}};
    napi_define_properties(env, exports, 1, desc);
    return exports;
}
EXTERN_C_END
static napi_module probeModule = {1, 0, nullptr, Init, "probe", nullptr, {0}};
extern "C" __attribute__((constructor)) void RegisterProbeModule(void) { napi_module_register(&probeModule); }
`,
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const build = spawnSync(process.execPath, [path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js'), 'assembleHap'],
      { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(build.status, 0, build.stdout + build.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('napi_call_function with a NULL receiver: napi_ok, the function called with an undefined this', () => {
    const probe = spawnSync(process.execPath, ['-r', path.join(root, 'ets', 'register.js'), '-e',
      "const p = require('libprobe.so'); " +
      "console.log(JSON.stringify(p.callWithNullThis(function () { 'use strict'; return typeof this; })))"],
    { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(probe.status, 0, probe.stderr);
    assert.deepStrictEqual(JSON.parse(probe.stdout), [0, 'undefined'], 'Node itself answers napi_invalid_arg (1)');
  });
});
