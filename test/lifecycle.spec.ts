import assert from 'assert';
import { spawnSync } from 'child_process';

import { addon, addonPath, expectOutcome, sanitizerEnv, Status } from './helpers/addon';

describe('lifecycle: Init, VMs, envs and their scopes', () => {
  it('OH_JSVM_Init succeeded once when the addon loaded', () => {
    expectOutcome(addon.initResult(), Status.OK);
  });

  it('a second OH_JSVM_Init fails with GENERIC_FAILURE and says why', () => {
    expectOutcome(addon.initAgain(), Status.GENERIC_FAILURE, /already called/);
  });

  it('reports the engine, its version, the API version and the cache tag', () => {
    const info = addon.vmInfo();
    assert.strictEqual(info.status, Status.OK);
    assert.strictEqual(info.engine, 'v8');
    assert.strictEqual(info.version, process.versions.v8);
    assert.strictEqual(info.apiVersion, 1);  // what current devices answer (README)
    assert.ok(info.cachedDataVersionTag > 0);
    assert.strictEqual(info.nullResult, Status.INVALID_ARG);
    assert.strictEqual(info.getVersion, Status.OK);
    assert.strictEqual(info.version8, 9);  // GetVersion answers 9 as current devices do; JSVM_VERSION stays 8 (README)
    assert.strictEqual(info.getVM, Status.OK);
    assert.strictEqual(info.sameVM, true);
    assert.strictEqual(info.getVMNullEnv, Status.INVALID_ARG);
    assert.strictEqual(info.getVMNullResult, Status.INVALID_ARG);
    assert.strictEqual(info.getVersionNullResult, Status.INVALID_ARG);
    assert.strictEqual(info.getVersionNullEnv, Status.INVALID_ARG);
  });

  describe('bad input never crashes and is explained', () => {
    const r = addon.lifecycleBadInput();
    const cases: Array<[string, Status, RegExp?]> = [
      ['createVMNullResult', Status.INVALID_ARG, /result/],
      ['createVMInitialAboveMax', Status.INVALID_ARG, /initialOldGenerationSize/],
      ['destroyVMNull', Status.INVALID_ARG],
      ['openVMScopeNullVM', Status.INVALID_ARG],
      ['createVM', Status.OK],
      ['openVMScopeNullResult', Status.INVALID_ARG],
      ['closeVMScopeNotOpen', Status.GENERIC_FAILURE, /no scope/],
      ['createEnvNullVM', Status.INVALID_ARG],
      ['createEnvNullResult', Status.INVALID_ARG],
      ['createEnvCountWithoutProperties', Status.INVALID_ARG, /properties is NULL/],
      ['createEnvFromSnapshotPlainVM', Status.GENERIC_FAILURE, /not created from a snapshot/],
      ['createEnvOutsideScope', Status.OK],
      ['valueWithoutVMScope', Status.GENERIC_FAILURE, /OH_JSVM_OpenVMScope/],
      // The device's OpenHandleScope / OpenEnvScope enter the VM themselves when no VM scope has: so do
      // we, until the scope closes (more in scope-tolerance.spec.ts).
      ['handleScopeWithoutVMScope', Status.OK],
      ['valueInImplicitHandleScope', Status.OK],
      ['closeImplicitHandleScope', Status.OK],
      ['valueAfterImplicitHandleScope', Status.GENERIC_FAILURE, /OH_JSVM_OpenVMScope/],
      ['envScopeWithoutVMScope', Status.OK],
      ['valueInImplicitVMEntry', Status.OK],
      ['closeImplicitEnvScope', Status.OK],
      ['valueAfterImplicitEntryClosed', Status.GENERIC_FAILURE, /OH_JSVM_OpenVMScope/],
      ['openVMScope', Status.OK],
      ['valueWithoutHandleScope', Status.GENERIC_FAILURE, /no handle scope/],
      ['openEnvScopeNullEnv', Status.INVALID_ARG, /env is NULL/],
      ['openEnvScopeNullResult', Status.INVALID_ARG],
      ['openEnvScope', Status.OK],
      ['closeEnvScopeNull', Status.INVALID_ARG],
      ['closeEnvScopeWrong', Status.HANDLE_SCOPE_MISMATCH, /not an open env scope/],
      ['getInstanceDataNull', Status.INVALID_ARG],
      ['setInstanceDataNullEnv', Status.INVALID_ARG, /env is NULL/],
      ['getLastErrorInfoNullResult', Status.INVALID_ARG],
      ['getLastErrorInfoNullBoth', Status.INVALID_ARG],
      ['closeEnvScope', Status.OK],
      ['destroyEnvNull', Status.INVALID_ARG],
      ['destroyEnv', Status.OK],
      ['closeVMScope', Status.OK],
      ['destroyVM', Status.OK],
    ];
    for (const [name, status, message] of cases) {
      it(`${name} → ${Status[status]}`, () => expectOutcome(r[name], status, message));
    }
    it('a value made in the env scope that entered the VM itself reads back', () => {
      assert.strictEqual(r.valueInImplicitVMEntryRead, 7);
    });
  });

  it('CreateEnv defines methods, accessors and values with their attributes', () => {
    const r = addon.envProperties();
    assert.strictEqual(r.create, Status.OK);
    const observed = JSON.parse(r.observed);
    assert.deepStrictEqual(observed, [
      'Hello world!', // method
      5, // method with arguments
      7, // setter then getter, both native
      7, // getter-only accessor
      'TypeError', // writing a getter-only accessor in strict mode
      42, // value
      'TypeError', // JSVM_DEFAULT values are read-only
      'answer:wfalse:efalse:cfalse',
      'greeting:wtrue:etrue:ctrue',
      'hello:wtrue:efalse:ctrue', // JSVM_DEFAULT_METHOD
      '2|object|described', // named by a JSVM_Value; argc, this and data reach the callback
      'hello', // functions carry their names
      'undefined/9', // setter-only accessor: reads give undefined, writes reach the native setter
      'reset',
      'counter,greeting', // only enumerable properties are listed
    ]);
    assert.strictEqual(r.nativeCounter, 7, 'the setter stored the value natively');
    expectOutcome(r.nameless, Status.NAME_EXPECTED, /neither utf8name nor name/);
    expectOutcome(r.empty, Status.OK);  // a name-only descriptor defines undefined, as on the device
    expectOutcome(r.numberName, Status.NAME_EXPECTED);
    expectOutcome(r.nullCallback, Status.INVALID_ARG);
  });

  it('instance data: the latest is returned and finalized once at DestroyEnv, with a usable env', () => {
    const r = addon.instanceData();
    assert.strictEqual(r.getEmpty, Status.OK);
    assert.strictEqual(r.emptyIsNull, true);
    assert.strictEqual(r.setFirst, Status.OK);
    assert.strictEqual(r.setSecond, Status.OK);
    assert.strictEqual(r.gotSecond, true);
    assert.strictEqual(r.callsBeforeDestroy, 0);
    assert.strictEqual(r.firstCalls, 0, 'replaced data is not finalized (Node-API contract)');
    assert.strictEqual(r.secondCalls, 1);
    assert.strictEqual(r.secondData, true);
    assert.strictEqual(r.envUsableInFinalizer, true);
  });

  it("a native function outliving its env throws instead of using the destroyed env", () => {
    const r = addon.orphanFunction();
    for (const step of ['createB', 'openB', 'share', 'destroyB']) assert.strictEqual(r[step], Status.OK, step);
    expectOutcome(r.createOwn, Status.OK);
    expectOutcome(r.setOwn, Status.OK);
    assert.strictEqual(r.whileAlive, 'Hello world! / Hello world!');
    assert.strictEqual(r.afterDestroy, 'Error: native callback called outside of a JSVM environment');
    assert.strictEqual(r.ownStillWorks, 'Hello world!');
    assert.strictEqual(r.againAfterOwn, 'native callback called outside of a JSVM environment');
  });

  describe('handle scopes', () => {
    const r = addon.handleScopes();
    it('closing the outer scope first closes the inner one too; each closes once', () => {
      expectOutcome(r.openNullEnv, Status.INVALID_ARG);
      expectOutcome(r.openNullResult, Status.INVALID_ARG);
      expectOutcome(r.closeNull, Status.INVALID_ARG);
      expectOutcome(r.openOuter, Status.OK);
      expectOutcome(r.openInner, Status.OK);
      expectOutcome(r.closeOuterFirst, Status.OK);  // as the device lets it through
      expectOutcome(r.closeInner, Status.OK);  // it was closed with the outer one
      expectOutcome(r.closeInnerAgain, Status.HANDLE_SCOPE_MISMATCH, /not an open handle scope/);
      expectOutcome(r.closeOuter, Status.HANDLE_SCOPE_MISMATCH, /not an open handle scope/);
    });
    it('scopes opened and closed in a loop keep 100,000 values usable', () => {
      assert.strictEqual(r.sum, 100000);
    });
    it('an escapable scope lets exactly one value out', () => {
      expectOutcome(r.openEscapableNullResult, Status.INVALID_ARG);
      expectOutcome(r.openEscapable, Status.OK);
      expectOutcome(r.escapeNullValue, Status.INVALID_ARG);
      expectOutcome(r.escapeNullResult, Status.INVALID_ARG);
      expectOutcome(r.escape, Status.OK);
      expectOutcome(r.escapeTwice, Status.ESCAPE_CALLED_TWICE);
      expectOutcome(r.closeEscapableAsPlain, Status.HANDLE_SCOPE_MISMATCH);
      expectOutcome(r.closeEscapable, Status.OK);
      expectOutcome(r.closeEscapableNull, Status.INVALID_ARG);
      assert.strictEqual(r.escapedValue, 'kept alive');
    });
  });
});

// A VM the program never destroys is torn down by the runtime's exit hook on
// every Node line: the process ends with its own status, not a V8 abort.
describe('lifecycle: VMs left alive at process exit', () => {
  function exitWith(body: string) {
    const code = `const addon = require(${JSON.stringify(addonPath)});
      const vm = addon.sharedVmCreate();
      if (addon.sharedVmEval(vm, 'globalThis.x = 41; ++x') !== '42') throw new Error('the VM did not run');
      addon.sharedVmCreate();
      ${body}`;
    return spawnSync(process.execPath, ['-e', code], {
      env: { ...process.env, ...sanitizerEnv() }, encoding: 'utf8', timeout: 60000,
    });
  }

  it('the process ends normally (status 0) with two VMs and their envs alive', () => {
    const run = exitWith('');
    assert.strictEqual(run.signal, null, run.stderr);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Fatal|abort|Check failed/i);
  });

  it('process.exit(7) with live VMs ends with status 7', () => {
    const run = exitWith('process.exit(7);');
    assert.strictEqual(run.signal, null, run.stderr);
    assert.strictEqual(run.status, 7, run.stderr);
    assert.doesNotMatch(run.stderr, /Fatal|abort|Check failed/i);
  });

  it('an uncaught exception with live VMs ends with status 1 and the error, not an abort', () => {
    const run = exitWith("throw new Error('left them alive');");
    assert.strictEqual(run.signal, null, run.stderr);
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /left them alive/);
    assert.doesNotMatch(run.stderr, /Fatal|Check failed/i);
  });
});
