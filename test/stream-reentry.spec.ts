// The output streams of the developer tools calling back into the API while
// the call feeding them runs (scenarios: test/addon/stream_reentry.cc). The
// call's own isolate entry and V8 handle scope lie between the stream and
// what was open before: closing those scopes from the stream made V8 abort
// later ("Escape value set twice"), DestroyVM closed the caller's scopes and
// then failed, and a VM scope or lock left by the stream of a call that had
// entered the VM itself outlived its lock ("Entering the V8 API without proper
// locking in place"). Each runs in a child process.
import assert from 'assert';

import { childReport, expectOutcome, runInChild, Status } from './helpers/addon';

const STREAM = /output stream/;

describe('developer-tool output streams re-entering the API', function () {
  this.timeout(120000);
  const inChild = (tool: string, what: string, snapshotting = false, bare = false) =>
    childReport(runInChild(`streamReentry(${JSON.stringify(tool)}, ${JSON.stringify(what)}, ${snapshotting}, ${bare})`,
                           { timeout: 60000 }));

  // The caller's scopes are intact after the call: it runs JS, closes them and
  // destroys the VM.
  const expectIntact = (r: Record<string, any>) => {
    assert.strictEqual(r.after, '200003');
    for (const name of ['closeHandleScope', 'closeEnvScope', 'destroyEnv', 'closeVMScope', 'destroyVM']) {
      expectOutcome(r[name], Status.OK);
    }
  };

  for (const tool of ['heap', 'raw', 'cpu']) {
    describe(tool === 'cpu' ? 'StopCpuProfiler' : tool === 'heap' ? 'TakeHeapSnapshot' : 'TakeRawHeapSnapshot', () => {
      it('closing the handle scope opened before the call: HANDLE_SCOPE_MISMATCH, no V8 abort after', () => {
        const r = inChild(tool, 'closeHandleScope');
        expectOutcome(r.call, Status.OK);
        expectOutcome(r.inner, Status.HANDLE_SCOPE_MISMATCH, /opened outside the output stream/);
        expectIntact(r);
      });

      it('closing the env scope or the VM scope opened before the call: HANDLE_SCOPE_MISMATCH', () => {
        for (const what of ['closeEnvScope', 'closeVMScope']) {
          const r = inChild(tool, what);
          expectOutcome(r.inner, Status.HANDLE_SCOPE_MISMATCH, /outside the output stream/);
          expectIntact(r);
        }
      });

      it('DestroyVM: GENERIC_FAILURE, the caller\'s scopes untouched (it used to close them, then fail)', () => {
        const r = inChild(tool, 'destroyVM');
        expectOutcome(r.inner, Status.GENERIC_FAILURE, STREAM);
        expectIntact(r);
      });

      it('nothing open before the call: OpenVMScope / AcquireLock refused (they would outlive its lock)', () => {
        for (const what of ['openVMScope', 'acquireLock']) {
          const r = inChild(tool, what, false, true);
          expectOutcome(r.inner, Status.GENERIC_FAILURE, /entered the VM itself/);
          assert.strictEqual(r.lockedAfter, false);
          assert.strictEqual(r.after, '200003');
          expectOutcome(r.destroyVM, Status.OK);
        }
      });

      it('a VM scope or lock opened by the stream inside the caller\'s VM scope: OK, as from a callback', () => {
        const open = inChild(tool, 'openVMScope');
        expectOutcome(open.inner, Status.OK);
        expectOutcome(open.closeInnerVMScope, Status.OK);
        expectIntact(open);
        const lock = inChild(tool, 'acquireLock');
        expectOutcome(lock.inner, Status.OK);
        expectOutcome(lock.destroyVM, Status.OK);
      });

      it('scopes of its own, left open: closed as the call returns; JS runs in them', () => {
        for (const bare of [false, true]) {
          const r = inChild(tool, 'scopesLeftOpen', false, bare);
          expectOutcome(r.inner, Status.OK);
          assert.strictEqual(r.inner.message, '3');
          assert.strictEqual(r.after, '200003');
          expectOutcome(r.destroyVM, Status.OK);
          if (!bare) expectIntact(r);
        }
      });
    });
  }

  it('CreateSnapshot from the stream of a heap snapshot: GENERIC_FAILURE, the caller\'s scopes left open', () => {
    const r = inChild('heap', 'createSnapshot', true);
    expectOutcome(r.inner, Status.GENERIC_FAILURE, STREAM);
    for (const name of ['closeHandleScope', 'closeEnvScope', 'destroyEnv', 'closeVMScope', 'destroyVM']) {
      expectOutcome(r[name], Status.OK);
    }
  });

  it('JS, another heap snapshot, another profiler stopped from a stream: OK', () => {
    for (const [tool, what] of [['cpu', 'eval'], ['heap', 'eval'], ['cpu', 'heapSnapshot'], ['heap', 'heapSnapshot'],
                                ['cpu', 'stopOther'], ['cpu', 'startProfiler']]) {
      const r = inChild(tool, what);
      if (what === 'eval') assert.strictEqual(r.inner.message, '100000'); else expectOutcome(r.inner, Status.OK);
      expectIntact(r);
    }
  });

  it('TraceStop\'s stream (no VM frame) may destroy the VM', () => {
    const r = inChild('trace', 'destroyVM');
    expectOutcome(r.inner, Status.OK);
  });
});
