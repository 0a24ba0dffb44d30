import assert from 'assert';
import { spawnSync } from 'child_process';

import { addon, addonPath, childReport, expectOutcome, Report, runInChild, Status } from './helpers/addon';

// JSVM_PromiseRejectEvent values.
const WITH_NO_HANDLER = 1;
const ADD_HANDLER_AFTER_REJECTED = 2;
const REJECT_AFTER_RESOLVED = 3;
const RESOLVE_AFTER_RESOLVED = 4;

/** Runs a scenario expected to end its process; its stdout and stderr. */
function runDying(call: string): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const source = `require(${JSON.stringify(addonPath)}).${call}; process.stdout.write('returned\\n');`;
  const child = spawnSync(process.execPath, ['-e', source], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr };
}

describe('the VM task loop and VM handlers', function () {
  this.timeout(120000);
  const run = (name: string, ...args: unknown[]): Report => (addon as any)[name](...args);

  describe('OH_JSVM_SetMicrotaskPolicy', () => {
    let r: Report;
    before(() => {
      r = run('loopMicrotaskPolicy');
    });

    it('logs the values of the docs example (auto by default; explicit waits for the checkpoint; the docs print AUTO on the explicit lines, a slip of their text)', () => {
      assert.deepStrictEqual(r.log, [
        'Policy :JSVM_MICROTASK_AUTO, evaluateMicrotask : 1',
        'Policy :JSVM_MICROTASK_EXPLICIT, evaluateMicrotask before calling OH_JSVM_PerformMicrotaskCheckpoint: 0',
        'Policy :JSVM_MICROTASK_EXPLICIT, evaluateMicrotask after calling OH_JSVM_PerformMicrotaskCheckpoint: 1',
      ]);
      expectOutcome(r.runDefault, Status.OK);
      expectOutcome(r.setExplicit, Status.OK);
      expectOutcome(r.runExplicit, Status.OK);
      expectOutcome(r.checkpoint, Status.OK);
    });

    it('explicit: another script, a native resolve and a pump do not run reactions; the checkpoint does', () => {
      expectOutcome(r.resolveExplicit, Status.OK);
      assert.strictEqual(r.stillPendingAfterOtherCalls, true);
      assert.strictEqual(r.nativeAfterCheckpoint, true);
    });

    it('auto again: reactions run when the script returns', () => {
      expectOutcome(r.setAuto, Status.OK);
      expectOutcome(r.runAuto, Status.OK);
      assert.strictEqual(r.autoAgain, true);
    });

    it('NULL, destroyed VM, a value outside JSVM_MicrotaskPolicy: INVALID_ARG', () => {
      expectOutcome(r.nullVm, Status.INVALID_ARG);
      expectOutcome(r.destroyedVm, Status.INVALID_ARG);
      expectOutcome(r.badPolicy, Status.INVALID_ARG, /JSVM_MicrotaskPolicy/);
      expectOutcome(r.negativePolicy, Status.INVALID_ARG, /JSVM_MicrotaskPolicy/);
    });
  });

  describe('OH_JSVM_PumpMessageLoop', () => {
    it('runs the FinalizationRegistry cleanup V8 posts after a GC, only when pumped', () => {
      const r = run('loopPumpFinalization');
      assert.strictEqual(r.setup, 'ok');
      expectOutcome(r.pumpIdle, Status.OK);
      assert.strictEqual(r.pumpIdleResult, false, 'a task ran with none queued');
      expectOutcome(r.gc, Status.OK);
      assert.strictEqual(r.cleanedAfterGc, '', 'the cleanup ran before the pump');
      expectOutcome(r.pumpAfterGc, Status.OK);
      assert.strictEqual(r.pumpAfterGcResult, true);
      assert.strictEqual(r.cleanedAfterPump, 'token');
    });

    it('NULL vm, NULL result, destroyed VM: INVALID_ARG', () => {
      const r = run('loopPumpFinalization');
      expectOutcome(r.nullVm, Status.INVALID_ARG);
      expectOutcome(r.nullResult, Status.INVALID_ARG, /result/);
      expectOutcome(r.destroyedVm, Status.INVALID_ARG);
    });

    it('a delayed task (an Atomics.waitAsync timeout) runs once due, not before', () => {
      const r = run('loopPumpDelayed');
      assert.strictEqual(r.setup, 'ok');
      assert.strictEqual(r.soon, 'timed-out');
      assert.strictEqual(r.late, 'waiting');
    });

    it('the docs example: WebAssembly.instantiate settles through pumped tasks and logs what the docs say', () => {
      const r = run('loopPumpWasm');
      assert.strictEqual(r.run, 'started');
      assert.deepStrictEqual(r.logBeforePump, []);
      assert.ok(r.tasksRun > 0, 'no task ran');
      assert.deepStrictEqual(r.log, ['JSVM API TEST: Called with instance [object Object]', 'JSVM API TEST: Called Finally']);
    });
  });

  it('the docs example of use-jsvm-runtime-task.md: two VMs, native tasks, pump + checkpoint; its log', () => {
    const r = run('loopRuntimeTask');
    assert.deepStrictEqual(r.statuses, ['0', '0', '0', '0']);
    assert.deepStrictEqual(r.log, [
      'JSVM CreateJsCore START', 'JSVM CreateJsCore END', 'TEST coreId: 0',
      'JSVM EvaluateJS START', 'JSVM API TEST: hello World', 'JSVM API TEST: CreatePromise start',
      'JSVM API TEST: CreatePromise end', 'JSVM API TEST type: 4', 'JSVM API TEST: CreatePromise 0',
      'JSVM API TEST RESULT: PASS', 'JSVM EvaluateJS END', 'TEST evaluateJS: hello World',
      'JSVM CreateJsCore START', 'JSVM CreateJsCore END', 'TEST coreId: 1',
      'JSVM EvaluateJS START', 'JSVM API TEST: second hello', 'JSVM API TEST RESULT: PASS',
      'JSVM API TEST RESULT: PASS', 'JSVM API TEST: CreatePromise start', 'JSVM API TEST: CreatePromise end',
      'JSVM API TEST type: 4', 'JSVM API TEST: CreatePromise 1', 'JSVM API TEST RESULT: PASS',
      'JSVM EvaluateJS END', 'TEST evaluateJS: second hello',
      'JSVM ReleaseJsCore START', 'JSVM ReleaseJsCore END', 'JSVM ReleaseJsCore START', 'JSVM ReleaseJsCore END',
      'Test NAPI end',
    ]);
  });

  describe('OH_JSVM_SetHandlerForPromiseReject', () => {
    let r: Report;
    let stderr: string;
    before(() => {
      const child = runInChild('loopPromiseReject()');
      stderr = child.stderr;
      r = childReport(child);
    });

    it('an unhandled rejection, then the handler added later: { promise, value } with the events', () => {
      expectOutcome(r.set, Status.OK);
      assert.strictEqual(r.reject, 'rejected');
      assert.deepStrictEqual(r.afterReject, [`${WITH_NO_HANDLER} object promise 42`]);
      assert.strictEqual(r.catch, 'caught');
      assert.deepStrictEqual(r.afterCatch, [
        `${WITH_NO_HANDLER} object promise 42`,
        `${ADD_HANDLER_AFTER_REJECTED} object promise undefined`,
      ]);
    });

    it('an async function that throws, and a deferred rejected from native code', () => {
      assert.deepStrictEqual(r.asyncThrow, [`${WITH_NO_HANDLER} object promise Error: async failure`]);
      expectOutcome(r.rejectDeferred, Status.OK);
      assert.deepStrictEqual(r.nativeReject, [`${WITH_NO_HANDLER} object promise 7`]);
    });

    it('settling an already settled promise: REJECT_AFTER_RESOLVED / RESOLVE_AFTER_RESOLVED with the value', () => {
      assert.deepStrictEqual(r.settleTwice, [
        `${REJECT_AFTER_RESOLVED} object promise 2`,
        `${RESOLVE_AFTER_RESOLVED} object promise 3`,
      ]);
    });

    it('the docs example logs success', () => {
      expectOutcome(r.setDocs, Status.OK);
      assert.strictEqual(r.docsLog, 'JSVM Trigger PromiseReject: success');
    });

    it('a handler that throws a C++ exception: reported through HiLog and dropped; the script goes on', () => {
      expectOutcome(r.setThrowing, Status.OK);
      assert.strictEqual(r.rejectWithThrowing, 'went on');
      assert.ok(stderr.includes('the promise-reject handler (OH_JSVM_SetHandlerForPromiseReject) threw a C++ exception'),
        stderr);
    });

    it('NULL removes the handler', () => {
      expectOutcome(r.clear, Status.OK);
      assert.deepStrictEqual(r.afterClear, []);
    });

    it('NULL vm, destroyed VM: INVALID_ARG', () => {
      expectOutcome(r.nullVm, Status.INVALID_ARG);
      expectOutcome(r.destroyedVm, Status.INVALID_ARG);
    });
  });

  describe('OH_JSVM_SetHandlerForOOMError / OH_JSVM_SetHandlerForFatalError', () => {
    it('set, replace, clear: OK; NULL vm, destroyed VM: INVALID_ARG', () => {
      const r = run('loopErrorHandlerStatuses');
      for (const name of ['setOom', 'replaceOom', 'clearOom', 'setFatal', 'clearFatal']) expectOutcome(r[name], Status.OK);
      for (const name of ['oomNullVm', 'fatalNullVm', 'oomDestroyedVm', 'fatalDestroyedVm']) {
        expectOutcome(r[name], Status.INVALID_ARG);
      }
    });

    it('a script outgrowing maxOldGenerationSize is stopped with a status; the OOM handler hears of it once, at the next call', () => {
      const r = childReport(runInChild("loopHeapLimitNotOOM('oom')"));
      expectOutcome(r.set, Status.OK);
      expectOutcome(r.run, Status.GENERIC_FAILURE, /heap limit/);
      assert.strictEqual(r.callsAfterRun, 0, 'not from inside the run');
      assert.strictEqual(r.runAfter, 'small script', 'the process and the VM go on');
      assert.strictEqual(r.oomCalls, 1);
      assert.strictEqual(r.fatalCalls, 0);
      assert.strictEqual(r.location, "jsvm-desktop: the VM's JS heap limit");
      assert.match(r.detail, /reached its JS heap limit \(maxOldGenerationSize 16777216 bytes\)/);
      assert.strictEqual(r.isHeapOOM, true);
      assert.strictEqual(r.runAgain, 'told once');
      assert.strictEqual(r.callsAtEnd, 1, 'told once per time the limit is reached');
    });

    it('the same with only a fatal-error handler: told there, as V8 tells it of an OOM', () => {
      const r = childReport(runInChild("loopHeapLimitNotOOM('fatal')"));
      expectOutcome(r.run, Status.GENERIC_FAILURE, /heap limit/);
      assert.strictEqual(r.runAfter, 'small script');
      assert.strictEqual(r.oomCalls, 0);
      assert.strictEqual(r.fatalCalls, 1);
      assert.match(r.fatalMessage, /^Allocation failed - JavaScript heap out of memory: the VM reached its JS heap limit/);
      assert.strictEqual(r.callsAtEnd, 1);
    });

    // use-jsvm-about-exception: the handler longjmps back into the native
    // callback that filled the heap, which logs success and goes on.
    for (const kind of ['oom', 'fatal']) {
      it(`the docs' ${kind === 'oom' ? 'OOM' : 'fatal'}-error example: the handler is called, jumps back, the process goes on`, () => {
        const child = runDying(`loopDocsOOMExampleChild('${kind}')`);
        const expected = kind === 'oom'
          ? /OOM handler: location=jsvm-desktop: the VM's JS heap limit detail=the VM reached its JS heap limit \(maxOldGenerationSize 268435456 bytes\) isHeapOOM=1\n/
          : /fatal handler: location=jsvm-desktop: the VM's JS heap limit message=Allocation failed - JavaScript heap out of memory: /;
        assert.match(child.stdout, expected, child.stdout + child.stderr);
        assert.match(child.stdout, /back in the callback after \d+ arrays\n/);
        assert.doesNotMatch(child.stdout, /not told/);
        assert.match(child.stdout, /survived\nreturned\n/);
        assert.strictEqual(child.status, 0, child.stderr);
      });
    }

    it('one allocation past the headroom: the OOM handler gets location, detail, isHeapOOM; the process ends', () => {
      const child = runDying("loopOOMChild('oom')");
      assert.match(child.stdout, /before allocation\n/);
      assert.match(child.stdout, /OOM handler: location=\S.* detail=.* isHeapOOM=1\n/);
      assert.doesNotMatch(child.stdout, /survived|returned/);
      assert.ok(child.status !== 0 || child.signal !== null, 'the child exited normally');
    });

    it('OOM with the handler cleared (NULL): V8 default, no handler call', () => {
      const child = runDying("loopOOMChild('cleared')");
      assert.match(child.stdout, /before allocation\n/);
      assert.doesNotMatch(child.stdout, /OOM handler|survived|returned/);
      assert.ok(child.status !== 0 || child.signal !== null, 'the child exited normally');
    });

    it('OOM with only a fatal-error handler: V8 reports it there ("JavaScript heap out of memory")', () => {
      const child = runDying("loopOOMChild('fatal')");
      assert.match(child.stdout, /before allocation\n/);
      assert.match(child.stdout, /fatal handler: location=\S.* message=.*JavaScript heap out of memory\n/);
      assert.doesNotMatch(child.stdout, /OOM handler|survived|returned/);
      assert.ok(child.status !== 0 || child.signal !== null, 'the child exited normally');
    });

    it('a fatal error: the handler gets location and message; the process ends', () => {
      const child = runDying('loopFatalChild(true)');
      assert.match(child.stdout, /before fatal error\n/);
      assert.match(child.stdout, /fatal handler: location=v8::ToLocalChecked message=Empty MaybeLocal\.?\n/);
      assert.doesNotMatch(child.stdout, /survived|returned/);
      assert.ok(child.signal !== null || child.status !== 0, 'the child exited normally');
    });

    it('a fatal error with the handler cleared (NULL): V8 default, no handler call', () => {
      const child = runDying('loopFatalChild(false)');
      assert.match(child.stdout, /before fatal error\n/);
      assert.doesNotMatch(child.stdout, /fatal handler|survived|returned/);
      assert.match(child.stderr, /ToLocalChecked/);
      assert.ok(child.signal !== null || child.status !== 0, 'the child exited normally');
    });
  });

  describe('OH_JSVM_SetDebugOption', () => {
    it('JSVM_SCOPE_CHECK on and off (the docs example flow); bad option, NULL and destroyed env: INVALID_ARG', () => {
      const r = run('loopDebugOption');
      expectOutcome(r.enable, Status.OK);
      expectOutcome(r.isBoolean, Status.OK);
      assert.strictEqual(r.isBooleanResult, true);
      expectOutcome(r.disable, Status.OK);
      expectOutcome(r.badOption, Status.INVALID_ARG, /JSVM_DebugOption/);
      expectOutcome(r.nullEnv, Status.INVALID_ARG);
      expectOutcome(r.destroyedEnv, Status.INVALID_ARG);
    });
  });
});
