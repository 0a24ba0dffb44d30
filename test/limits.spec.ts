import assert from 'assert';

import { childReport, expectOutcome, Report, runInChild, Status } from './helpers/addon';

// Each scenario runs in a child process: the failures these specs guard
// against are V8 aborts and crashes, which would end mocha itself.
describe('limits: sizes V8 aborts on, user code that throws, the JS heap limit', function () {
  this.timeout(60000);

  describe('sizes are checked before V8 sees them', () => {
    let r: Report;
    before(() => {
      r = childReport(runInChild('sizeLimits()'));
    });

    it('CreateArrayWithLength: 2^30 makes an array of that length; 2^32 is INVALID_ARG', () => {
      expectOutcome(r.array2to30, Status.OK);
      expectOutcome(r.array2to30Length, Status.OK);
      assert.strictEqual(r.length2to30, 2 ** 30);
      expectOutcome(r.arrayPastUint32, Status.INVALID_ARG, /larger than a JS array can be/);
    });

    it('CreateArrayBufferFromBackingStoreData: sizes of 2^53 and more are INVALID_ARG, the memory untouched', () => {
      expectOutcome(r.allocateStore, Status.OK);
      for (const name of ['storeBoth2to54', 'storeBoth2to53', 'storeSizeMax']) {
        expectOutcome(r[name], Status.INVALID_ARG, /larger than an ArrayBuffer can be/);
      }
      expectOutcome(r.storeSmall, Status.OK);
      assert.strictEqual(r.storeSmallLength, 16);
    });

    it('CreateArrayBufferFromExternalMemory: a byteLength of 2^53 or more is INVALID_ARG; its finalizer never runs', () => {
      expectOutcome(r.external2to53, Status.INVALID_ARG, /byteLength is larger than an ArrayBuffer can be/);
      expectOutcome(r.externalSizeMax, Status.INVALID_ARG, /byteLength is larger than an ArrayBuffer can be/);
      assert.strictEqual(r.refusedFinalized, 0, 'the finalizer of a refused buffer ran');
    });

    // V8 11 caps a typed array at 2^32 elements; V8 12 and later (the device's
    // 13.2 too) at 2^53 - 1 bytes, so the same calls succeed there.
    const v8Major = Number(process.versions.v8.split('.')[0]);
    it(`CreateTypedarray: more than 2^32 elements over a buffer big enough is ${v8Major >= 12 ? 'accepted (V8 12+)' :
      'a pending RangeError (V8 11)'}; past the buffer's end always a RangeError`, () => {
      expectOutcome(r.externalClaim2to33, Status.OK);
      for (const name of ['int8Past2to32', 'int16Past2to32']) {
        if (v8Major >= 12) {
          expectOutcome(r[name], Status.OK);
        } else {
          expectOutcome(r[name], Status.PENDING_EXCEPTION);
          assert.strictEqual(r[`${name}Exception`], 'RangeError: Invalid typed array length', name);
        }
      }
      expectOutcome(r.uint8SizeMax, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.uint8SizeMaxException, 'RangeError: Invalid typed array length');
      assert.strictEqual(r.memoryUntouched, true, 'the memory behind the huge sizes was written');
    });

    it('the VM goes on and is destroyed cleanly', () => {
      assert.strictEqual(r.stillUsable, '4');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  describe('C++ exceptions thrown by user code', () => {
    let r: Report;
    let stderr: string;
    before(() => {
      const run = runInChild('throwingUserCode()');
      r = childReport(run);
      stderr = run.stderr;
    });

    it('a property handler that throws: a JS Error naming the property handler', () => {
      expectOutcome(r.defineClass, Status.OK);
      assert.strictEqual(r.handlerThrew, 'Error: property handler threw a C++ exception: handler boom');
    });

    it('finalizers that throw during a GC from MemoryPressureNotification: OK, and the VM goes on', () => {
      for (const step of ['addFinalizer', 'wrap', 'externalString', 'externalBuffer', 'critical', 'lowMemory']) {
        expectOutcome(r[step], Status.OK);
      }
      assert.strictEqual(r.runsAfterCritical, 'still running');
      assert.strictEqual(r.runsAfterLowMemory, '10,20');
      assert.strictEqual(r.finalizerRunsBeforeDestroy, 1, 'LOW_MEMORY collected the finalized object');
      assert.strictEqual(r.wrapRunsBeforeDestroy, 1, 'LOW_MEMORY collected the wrapped object');
    });

    it('an instance-data finalizer that throws at DestroyEnv: OK, and another env of the VM still runs', () => {
      for (const step of ['createOther', 'createDoomed', 'setInstanceData', 'destroyDoomed', 'openOther',
        'destroyOther']) {
        expectOutcome(r[step], Status.OK);
      }
      assert.strictEqual(r.otherRuns, 'other object');
      assert.strictEqual(r.sessionRuns, 'session 42');
    });

    it('DestroyEnv / DestroyVM complete; every finalizer ran exactly once', () => {
      expectOutcome(r.destroy, Status.OK);
      for (const name of ['finalizerRuns', 'wrapRuns', 'stringRuns', 'bufferRuns', 'instanceRuns']) {
        assert.strictEqual(r[name], 1, name);
      }
    });

    it('each exception is reported through HiLog and dropped', () => {
      for (const [who, what] of [
        ['a finalizer', 'finalizer boom'],
        ['a finalizer', 'wrap boom'],
        ["an external string's finalizer", 'external string boom'],
        ["an external ArrayBuffer's finalizer", 'external buffer boom'],
        ['the instance-data finalizer (OH_JSVM_SetInstanceData)', 'instance data boom'],
      ]) {
        assert.ok(stderr.includes(`${who} threw a C++ exception, which was ignored: ${what}`),
          `no HiLog line for "${what}":\n${stderr}`);
      }
    });
  });

  it('without maxOldGenerationSize, the docs\' OOM loop (arrays of 0xffffff kept) stops at V8\'s default limit with a status naming it', function () {
    this.timeout(120000);
    const r = childReport(runInChild('heapLimitDefault()'));
    expectOutcome(r.refused, Status.GENERIC_FAILURE, /heap limit \(V8's default, [1-9][0-9]{8,} bytes: no maxOldGenerationSize was set\)/);
    assert.ok(r.arrays > 1 && r.arrays < 1000, `${r.arrays} arrays`);
    expectOutcome(r.closeScope, Status.OK);
    assert.strictEqual(r.runAfter, '6');
    expectOutcome(r.destroy, Status.OK);
  });

  describe('the heap limit (maxOldGenerationSize 32 MB) reached from native code and from JS', () => {
    const limitMb = 32;
    // V8's heap stays within 2 x limit + 64 MB (vm/heap_limit.h); 64 MB more for the rest.
    const boundMb = 2 * limitMb + 64 + 64;
    let r: Report;
    before(() => {
      r = childReport(runInChild(`heapLimitNative(${limitMb})`));
    });

    it('a native allocation loop stops with GENERIC_FAILURE naming the heap limit', () => {
      expectOutcome(r.openScope, Status.OK);
      expectOutcome(r.refused, Status.GENERIC_FAILURE, /heap limit \(maxOldGenerationSize 33554432 bytes\)/);
      assert.ok(r.iterations > 1000 && r.iterations < 2000000, `${r.iterations} iterations`);
      expectOutcome(r.refusedAgain, Status.GENERIC_FAILURE, /heap limit/);
    });

    it(`the process grew by less than ${boundMb} MB`, () => {
      const grownMb = (r.peakKb - r.rssBeforeKb) / 1024;
      assert.ok(r.rssBeforeKb > 0 && r.peakKb > 0, 'read /proc/self/status');
      assert.ok(grownMb < boundMb, `grew by ${grownMb.toFixed(1)} MB`);
    });

    it('once the scope holding the objects is closed, the VM runs scripts again', () => {
      expectOutcome(r.closeScope, Status.OK);
      expectOutcome(r.openAfter, Status.OK);
      assert.strictEqual(r.runAfter, '6');
      expectOutcome(r.closeAfter, Status.OK);
    });

    it('a script allocating without bound: GENERIC_FAILURE naming the heap limit; the VM runs the next one', () => {
      expectOutcome(r.runUnbounded, Status.GENERIC_FAILURE, /heap limit/);
      assert.strictEqual(r.pendingAfterUnbounded, false);
      assert.strictEqual(r.runAfterUnbounded, 'small script');
    });

    it('DestroyVM completes', () => {
      expectOutcome(r.destroy, Status.OK);
    });
  });
});
