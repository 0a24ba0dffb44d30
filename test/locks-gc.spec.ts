import assert from 'assert';

import { addon, expectOutcome, Report, Status } from './helpers/addon';

const run = (name: string, ...args: unknown[]): Report => (addon as any)[name](...args);

describe('multi-thread locking (AcquireLock / ReleaseLock / IsLocked)', function () {
  this.timeout(60000);

  it('two threads take turns on one VM: every increment counted, IsLocked answers for the asking thread', () => {
    const rounds = 20;
    const increments = 1000;
    const r = run('lockTurns', rounds, increments);
    assert.strictEqual(r.failure, '');
    assert.strictEqual(r.roundsOk, 2 * rounds);
    assert.strictEqual(r.count, String(2 * rounds * increments));
    assert.strictEqual(r.lockedBefore, 0);
    assert.strictEqual(r.unlockedInside, 0);
    assert.strictEqual(r.lockedAfter, 0);
    expectOutcome(r.acquireHere, Status.OK);
    expectOutcome(r.releaseHere, Status.OK);
    assert.strictEqual(r.destroyEnv, Status.OK);
    assert.strictEqual(r.destroyVM, Status.OK);
  });

  it('another thread waits for the holder to release; a thread not holding the VM cannot release it or destroy it', () => {
    const r = run('lockHolders');
    assert.strictEqual(r.holderAcquire, Status.OK);
    assert.strictEqual(r.holderLocked, true);
    expectOutcome(r.isLockedHere, Status.OK);
    assert.strictEqual(r.hereLocked, false);
    expectOutcome(r.destroyWhileHeld, Status.GENERIC_FAILURE, /OH_JSVM_AcquireLock.*release it/);
    expectOutcome(r.releaseNotHeld, Status.GENERIC_FAILURE, /does not hold the VM's lock/);
    assert.strictEqual(r.holderRelease, Status.OK);
    assert.strictEqual(r.waiterAcquire, Status.OK);
    assert.strictEqual(r.waiterRelease, Status.OK);
    assert.strictEqual(r.waiterAfterHolder, true);
    assert.strictEqual(r.destroyEnv, Status.OK);
    assert.strictEqual(r.destroyVM, Status.OK);
  });

  it('nesting, order and bad input', () => {
    const r = run('lockMisuse');
    expectOutcome(r.isLockedNullEnv, Status.INVALID_ARG, /env is NULL/);
    expectOutcome(r.isLockedNullResult, Status.INVALID_ARG, /isLocked is NULL/);
    expectOutcome(r.acquireNullEnv, Status.INVALID_ARG, /env is NULL/);
    expectOutcome(r.releaseNullEnv, Status.INVALID_ARG, /env is NULL/);
    expectOutcome(r.isLockedIdle, Status.OK);
    assert.strictEqual(r.idleLocked, false);
    expectOutcome(r.releaseWithoutAcquire, Status.GENERIC_FAILURE, /call OH_JSVM_AcquireLock first/);
    // Nested acquires do not deadlock; the first release gives the VM back.
    expectOutcome(r.acquire1, Status.OK);
    expectOutcome(r.acquire2, Status.OK);
    expectOutcome(r.release1, Status.OK);
    assert.strictEqual(r.lockedAfterRelease1, false);
    expectOutcome(r.release2, Status.GENERIC_FAILURE, /does not hold/);
    // After AcquireLock a handle scope is enough (the VM is entered).
    expectOutcome(r.handleScopeAfterAcquire, Status.OK);
    assert.strictEqual(r.evalAfterAcquire, '42');
    expectOutcome(r.releaseWithHandleScope, Status.GENERIC_FAILURE, /still open/);
    expectOutcome(r.releaseAfterHandleScope, Status.OK);
    expectOutcome(r.releaseWithVmScope, Status.GENERIC_FAILURE, /still open/);
    expectOutcome(r.releaseInOrder, Status.OK);
    // Acquired inside a VM scope: released before that scope closes.
    assert.strictEqual(r.lockedInVmScope, true);
    expectOutcome(r.acquireInVmScope, Status.OK);
    expectOutcome(r.closeVmScopeFirst, Status.HANDLE_SCOPE_MISMATCH, /OH_JSVM_ReleaseLock first/);
    expectOutcome(r.releaseInVmScope, Status.OK);
    expectOutcome(r.closeVmScopeAfter, Status.OK);
    for (const name of ['isLockedDestroyedEnv', 'acquireDestroyedEnv', 'releaseDestroyedEnv']) {
      expectOutcome(r[name], Status.INVALID_ARG, /unknown or destroyed env/);
    }
    expectOutcome(r.destroyVM, Status.OK);
  });
});

describe('GC handlers (AddHandlerForGC / RemoveHandlerForGC)', function () {
  this.timeout(60000);
  const JSVM_GC_TYPE_SCAVENGE = 1;
  const JSVM_GC_TYPE_MARK_SWEEP_COMPACT = 4;
  const JSVM_GC_CALLBACK_FORCED = 2;

  it('prologue and epilogue handlers run in pairs, filtered by GC type, with their data; removal stops them', () => {
    const r = run('gcHandlers');
    for (const name of ['addBefore', 'addAfter', 'addOtherData', 'addScavengeOnly', 'addThrowing']) {
      expectOutcome(r[name], Status.OK);
    }
    expectOutcome(r.addTwice, Status.INVALID_ARG, /already registered/);
    assert.strictEqual(r.fullGc, 'done');
    assert.ok(r.fullBefore >= 1, `before: ${r.fullBefore}`);
    assert.strictEqual(r.fullBefore, r.fullAfter);
    assert.ok((r.fullTypes & JSVM_GC_TYPE_MARK_SWEEP_COMPACT) !== 0, `types ${r.fullTypes}`);
    assert.strictEqual(r.fullFlags, JSVM_GC_CALLBACK_FORCED);
    assert.ok(r.fullOtherData >= 1);
    assert.strictEqual(r.fullScavengeOnly, 0, 'a scavenge-only handler ran for a full GC');
    expectOutcome(r.removeThrowing, Status.OK);
    assert.strictEqual(r.minorGc, 'done');
    assert.ok(r.minorScavengeOnly >= 1, 'the scavenge-only handler did not run for a scavenge');
    assert.strictEqual(r.minorScavengeTypes, JSVM_GC_TYPE_SCAVENGE);
    assert.strictEqual(r.dataOk, true);
    // Handlers cannot change registrations while a GC runs.
    assert.strictEqual(r.addInside, Status.GENERIC_FAILURE);
    assert.strictEqual(r.removeInside, Status.GENERIC_FAILURE);
    expectOutcome(r.removeChanger, Status.OK);
    expectOutcome(r.removeBefore, Status.OK);
    expectOutcome(r.removeAfter, Status.OK);
    expectOutcome(r.removeAgain, Status.INVALID_ARG, /no such handler/);
    expectOutcome(r.removeOtherTrigger, Status.INVALID_ARG, /no such handler/);
    expectOutcome(r.removeNeverAdded, Status.INVALID_ARG, /no such handler/);
    assert.strictEqual(r.removedStill, true);
    assert.strictEqual(r.otherDataStillCounts, true);
    assert.strictEqual(r.pressureCounts, true);
  });

  it('bad input and a destroyed VM: INVALID_ARG; handlers left registered go with the VM', () => {
    const r = run('gcHandlers');
    expectOutcome(r.nullVm, Status.INVALID_ARG, /vm is NULL/);
    expectOutcome(r.nullHandler, Status.INVALID_ARG, /handler is NULL/);
    expectOutcome(r.badTrigger, Status.INVALID_ARG, /triggerTime/);
    expectOutcome(r.zeroType, Status.INVALID_ARG, /gcType/);
    expectOutcome(r.unknownType, Status.INVALID_ARG, /gcType/);
    expectOutcome(r.removeNullVm, Status.INVALID_ARG, /vm is NULL/);
    expectOutcome(r.removeNullHandler, Status.INVALID_ARG, /handler is NULL/);
    expectOutcome(r.removeBadTrigger, Status.INVALID_ARG, /triggerTime/);
    assert.strictEqual(r.destroy, Status.OK);
    expectOutcome(r.addDestroyedVm, Status.INVALID_ARG, /unknown or destroyed vm/);
    expectOutcome(r.removeDestroyedVm, Status.INVALID_ARG, /unknown or destroyed vm/);
  });

  it('registered with no scope of the VM open on the thread', () => {
    const r = run('gcHandlersNoScope');
    expectOutcome(r.add, Status.OK);
    assert.ok(r.after >= 1);
    expectOutcome(r.remove, Status.OK);
    assert.strictEqual(r.destroy, Status.OK);
  });
});

describe('heap threshold callback (SetHeapThresholdCallback / ClearHeapThresholdCallback)', function () {
  this.timeout(60000);

  it('called around each GC that finds the heap at or over the threshold, with its threshold and data; not after Clear', () => {
    const r = run('heapThreshold');
    expectOutcome(r.set, Status.OK);
    expectOutcome(r.setAgain, Status.INVALID_ARG, /already set/);
    expectOutcome(r.setOther, Status.INVALID_ARG, /already set/);
    assert.strictEqual(r.smallHeapGc, 'done');
    assert.strictEqual(r.callsUnder, 0);
    assert.strictEqual(r.allocate, 'done');
    assert.strictEqual(r.usedOverThreshold, true);
    assert.ok(r.callsOver >= 1, `calls when over: ${r.callsOver}`);
    assert.strictEqual(r.thresholdSeen, true);
    assert.strictEqual(r.vmOk, true);
    // The docs: still over after it returned, it is called again at the next GC.
    assert.ok(r.callsStillOverAdded >= 2, `two GCs while over: ${r.callsStillOverAdded} more calls`);
    assert.strictEqual(r.usedUnderAgain, true);
    assert.strictEqual(r.callsWhileUnder, 0);
    assert.strictEqual(r.allocateAgain, 'done');
    assert.strictEqual(r.calledAgainOver, true);
    expectOutcome(r.clearMismatchThreshold, Status.INVALID_ARG, /another threshold, callback or data/);
    expectOutcome(r.clearMismatchCallback, Status.INVALID_ARG, /another threshold, callback or data/);
    expectOutcome(r.clearMismatchData, Status.INVALID_ARG, /another threshold, callback or data/);
    expectOutcome(r.clear, Status.OK);
    expectOutcome(r.clearAgain, Status.INVALID_ARG, /no heap threshold callback is set/);
    assert.strictEqual(r.callsAfterClear, r.callsBeforeClear);
  });

  it('may clear itself from inside; bad input and a destroyed VM: INVALID_ARG', () => {
    const r = run('heapThreshold');
    expectOutcome(r.setOnce, Status.OK);
    assert.strictEqual(r.onceCalls, 1);
    assert.strictEqual(r.onceClear, Status.OK);
    assert.strictEqual(r.onceCallsLater, 1);
    expectOutcome(r.onceClearLater, Status.INVALID_ARG, /no heap threshold callback is set/);
  });

  it('may clear itself and set another from inside; checked before a GC too; the threshold within heapSizeLimit', () => {
    const r = run('heapThreshold');
    expectOutcome(r.setFirst, Status.OK);
    assert.strictEqual(r.firstCalls, 1);
    assert.strictEqual(r.firstClear, Status.OK);
    assert.strictEqual(r.replaceInside, Status.OK);
    assert.strictEqual(r.secondCalled, true);
    expectOutcome(r.clearSecond, Status.OK);
    expectOutcome(r.setWhileOver, Status.OK);
    assert.strictEqual(r.overBeforeGc, true);
    assert.strictEqual(r.underAfterGc, true);
    assert.strictEqual(r.calledBeforeGc, true, 'the check before the GC that freed the heap');
    expectOutcome(r.setOverLimit, Status.INVALID_ARG, /over the VM's heap size limit/);
    expectOutcome(r.setMax, Status.INVALID_ARG, /over the VM's heap size limit/);
    expectOutcome(r.setAtLimit, Status.OK);
    expectOutcome(r.clearAtLimit, Status.OK);
    expectOutcome(r.setNullVm, Status.INVALID_ARG, /vm is NULL/);
    expectOutcome(r.setNullCallback, Status.INVALID_ARG, /callback is NULL/);
    expectOutcome(r.setZero, Status.INVALID_ARG, /threshold is 0/);
    expectOutcome(r.clearNullVm, Status.INVALID_ARG, /vm is NULL/);
    expectOutcome(r.clearNullCallback, Status.INVALID_ARG, /callback is NULL/);
    expectOutcome(r.setLeft, Status.OK);
    assert.strictEqual(r.destroy, Status.OK);
    expectOutcome(r.setDestroyedVm, Status.INVALID_ARG, /unknown or destroyed vm/);
    expectOutcome(r.clearDestroyedVm, Status.INVALID_ARG, /unknown or destroyed vm/);
  });
});
