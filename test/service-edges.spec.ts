// Runtime services on inputs and call sequences that crashed, hung or left a
// VM that could not be destroyed (scenarios: test/addon/service_edges.cc).
// Each runs in a child process: a regression fails here instead of ending mocha.
import assert from 'assert';

import { childReport, expectOutcome, runInChild, Status } from './helpers/addon';

describe('runtime services: crashes, hangs and stuck locks', function () {
  this.timeout(120000);
  const inChild = (call: string) => childReport(runInChild(call, { timeout: 60000 }));

  for (const how of ['compile', 'background']) {
    it(`a cache of another script of the same length is rejected (${how}): V8 aborted on its inner functions`, () => {
      const r = inChild(`sameLengthInnerFunctions(${JSON.stringify(how)})`);
      assert.strictEqual(r.sameLength, true);
      expectOutcome(r.compile, Status.OK);
      assert.strictEqual(r.rejected, true);
      assert.strictEqual(r.run, 'B:function');
      assert.strictEqual(r.inner, '1', 'the inner functions of the text given');
    });
  }

  it('CompileWasmModule in a VM made for snapshotting, and lengths past V8\'s limit: a status, no crash', () => {
    const r = inChild('wasmOutOfReach()');
    assert.strictEqual(r.typeofInSnapshotVM, 'undefined', 'V8 leaves WebAssembly out of a snapshotting context');
    expectOutcome(r.snapshotVM, Status.GENERIC_FAILURE, /not available in a VM made for snapshotting/);
    expectOutcome(r.snapshotVMWithCache, Status.GENERIC_FAILURE, /not available in a VM made for snapshotting/);
    expectOutcome(r.plain, Status.OK);
    for (const name of ['wrappedLength', 'hugeLength', 'overLimit']) {
      expectOutcome(r[name], Status.INVALID_ARG, /over V8's limit for a module/);
    }
  });

  it('ReleaseDeserializeResult from a finalizer V8 runs in a GC: refused while the worker runs, no hang', () => {
    const r = inChild('releaseDeserializeInGC()');
    expectOutcome(r.make, Status.OK);
    assert.strictEqual(r.copied, false, 'an external string V8 frees in a GC');
    assert.strictEqual(r.gc, 'done');
    assert.strictEqual(r.calls, 1);
    assert.strictEqual(r.start, Status.OK);
    if (r.releaseInGC === Status.OK) {
      assert.strictEqual(r.releaseAfter, undefined);  // the worker had finished: released at once
    } else {
      assert.strictEqual(r.releaseInGC, Status.GENERIC_FAILURE);
      expectOutcome(r.releaseAfter, Status.OK);
    }
    expectOutcome(r.destroy, Status.OK);
  });

  it('a lock held through a destroyed env: ReleaseLock cannot name it; DestroyVM on the holding thread releases it', () => {
    const r = inChild("locksLeftHeld('destroyEnv')");
    expectOutcome(r.acquire, Status.OK);
    expectOutcome(r.destroyEnv, Status.OK);
    expectOutcome(r.release, Status.INVALID_ARG, /unknown or destroyed env/);
    expectOutcome(r.destroyVM, Status.OK);
    assert.strictEqual(r.nodeIsolateCurrent, true, "Node's isolate is current again");
  });

  it('a lock taken in a native callback and kept: DestroyVM releases it with the scopes left open', () => {
    const r = inChild("locksLeftHeld('inCallback')");
    assert.strictEqual(r.eval, 'returned');
    assert.strictEqual(r.acquire, Status.OK);
    expectOutcome(r.release, Status.GENERIC_FAILURE, /still open/);
    expectOutcome(r.destroyVM, Status.OK);
    assert.strictEqual(r.nodeIsolateCurrent, true);
  });

  it('a lock taken inside a VM scope, another VM scope opened after it: DestroyVM leaves them in reverse order', () => {
    const r = inChild("locksLeftHeld('insideVMScope')");
    expectOutcome(r.acquire, Status.OK);
    expectOutcome(r.destroyVM, Status.OK);
    assert.strictEqual(r.nodeIsolateCurrent, true);
    assert.strictEqual(r.laterVMs, '42 '.repeat(8), 'VMs made after it, used with env scopes alone');
    assert.strictEqual(r.nodeIsolateCurrentAtEnd, true);
  });

  for (const what of ['destroyVM', 'closeScope']) {
    it(`an OOM handler told of the heap limit that ${what === 'destroyVM' ? 'destroys the VM' : 'closes the handle scope'}: the call it came in answers, no crash`, () => {
      const r = inChild(`handlerActsOnHeapLimit(${JSON.stringify(what)})`);
      expectOutcome(r.run, Status.GENERIC_FAILURE, /heap limit/);
      assert.strictEqual(r.calls, 1);
      assert.strictEqual(r.action, Status.OK);
      if (what === 'destroyVM') {
        expectOutcome(r.next, Status.GENERIC_FAILURE, /destroyed by the OOM \(or fatal-error\) handler/);
      } else {
        expectOutcome(r.next, Status.OK);  // in the env scope's own handle scope
        assert.strictEqual(r.nextEval, 'still usable');
        expectOutcome(r.destroy, Status.OK);
      }
    });
  }

  it('AcquireLock from a finalizer DestroyVM runs: refused (V8 aborted disposing an entered isolate)', () => {
    const r = inChild("locksLeftHeld('atTeardown')");
    expectOutcome(r.wrap, Status.OK);
    expectOutcome(r.destroyVM, Status.OK);
    assert.strictEqual(r.acquireAtTeardown, Status.GENERIC_FAILURE);
    assert.match(r.acquireAtTeardownMessage, /being destroyed/);
    assert.strictEqual(r.nodeIsolateCurrent, true);
  });

  it('the lock calls on a serialised env: refused, reported to the calling thread', () => {
    const r = inChild('lockOnSerialisedEnv()');
    expectOutcome(r.snapshot, Status.OK);
    for (const name of ['isLocked', 'acquire', 'release']) {
      expectOutcome(r[name], Status.GENERIC_FAILURE, /serialised by OH_JSVM_CreateSnapshot/);
    }
  });

  it('script origin offsets: INT32_MAX is INVALID_ARG (it showed as -2147483648), below it OK', () => {
    const r = inChild('originOffsets()');
    expectOutcome(r.maxLine, Status.INVALID_ARG);
    expectOutcome(r.maxColumn, Status.INVALID_ARG);
    expectOutcome(r.belowMaxLine, Status.OK);
    expectOutcome(r.belowMaxColumn, Status.OK);
    assert.doesNotMatch(r.stack, /-2147483648/);
  });
});
