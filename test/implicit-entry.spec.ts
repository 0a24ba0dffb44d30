// A scope that entered its VM itself (env or handle scope opened with no VM
// scope open, as the device lets it) holds the thread's outermost v8::Locker of
// the VM. A VM scope or the lock taken after it, while that scope closed first
// (directly, by DestroyEnv, or by the outermost CloseVMScope, which closed every
// scope), were left without the VM's lock: the next call aborted in V8
// ("Entering the V8 API without proper locking in place"). Scenarios:
// ImplicitEntryClosedFirst in test/addon/stream_reentry.cc; each runs in a
// child process.
import assert from 'assert';

import { childReport, expectOutcome, runInChild, Status } from './helpers/addon';

describe('a scope that entered its VM itself, with a VM scope or the lock taken after it', function () {
  this.timeout(120000);
  const inChild = (outer: string, inner: string, next: string) =>
    childReport(runInChild(`implicitEntryClosedFirst(${JSON.stringify(outer)}, ${JSON.stringify(inner)}, ${JSON.stringify(next)})`,
                           { timeout: 60000 }));

  for (const outer of ['envScope', 'handleScope']) {
    for (const inner of ['vmScope', 'lock']) {
      const innerName = inner === 'vmScope' ? 'a VM scope' : 'the lock';
      it(`${outer === 'envScope' ? 'an env scope' : 'a handle scope'} closed before ${innerName}: HANDLE_SCOPE_MISMATCH; the VM stays locked and runs`, () => {
        const r = inChild(outer, inner, 'closeOuter');
        expectOutcome(r.openOuter, Status.OK);
        expectOutcome(r.openInner, Status.OK);
        expectOutcome(r.closeOuter, Status.HANDLE_SCOPE_MISMATCH,
                      inner === 'vmScope' ? /close that VM scope/ : /release the lock/);
        assert.strictEqual(r.lockedAfter, true);
        assert.strictEqual(r.eval, '200000');
        expectOutcome(r.closeInnerAfter, Status.OK);
        expectOutcome(r.closeOuterAfter, Status.OK);
        expectOutcome(r.destroyEnv, Status.OK);
        expectOutcome(r.destroyVM, Status.OK);
      });

      it(`${innerName} closed first, the ${outer === 'envScope' ? 'env' : 'handle'} scope after: OK${inner === 'vmScope' ? ' (the outermost CloseVMScope leaves the scope opened before it)' : ''}`, () => {
        const r = inChild(outer, inner, 'closeInner');
        expectOutcome(r.closeInner, Status.OK);
        assert.strictEqual(r.lockedAfter, true, 'the outer scope still holds the VM');
        assert.strictEqual(r.eval, '200000');
        expectOutcome(r.closeOuterAfter, Status.OK);
        expectOutcome(r.destroyEnv, Status.OK);
        expectOutcome(r.destroyVM, Status.OK);
      });
    }
    it(`DestroyVM with ${outer === 'envScope' ? 'an env scope' : 'a handle scope'} and a VM scope or the lock taken after it open: OK, all closed`, () => {
      for (const inner of ['vmScope', 'lock']) {
        const r = inChild(outer, inner, 'destroyVM');
        expectOutcome(r.destroyVMFirst, Status.OK);
        assert.strictEqual(r.nodeRuns, true);
        // Each: opened OK, locked, the result, closed OK, unlocked, env and VM destroyed OK.
        assert.strictEqual(r.laterVMs, '0L1000000-00;'.repeat(8), `${inner}: new VMs entered by an env scope alone`);
      }
    });

    it(`CreateSnapshot with ${outer === 'envScope' ? 'an env scope' : 'a handle scope'} and a VM scope or the lock taken after it open: HANDLE_SCOPE_MISMATCH; after closing that, OK`, () => {
      for (const inner of ['vmScope', 'lock']) {
        const r = inChild(outer, inner, 'createSnapshot');
        expectOutcome(r.snapshotFirst, Status.HANDLE_SCOPE_MISMATCH,
                      inner === 'vmScope' ? /close that VM scope/ : /release the lock/);
        assert.strictEqual(r.lockedAfter, true, `${inner}: the VM stays locked`);
        expectOutcome(r.closeInnerAfter, Status.OK);
        expectOutcome(r.snapshot, Status.OK);
        expectOutcome(r.closeOuterAfter, Status.OK);
        expectOutcome(r.destroyVM, Status.OK);
      }
    });

    it(`DestroyEnv with ${outer === 'envScope' ? 'its env scope' : 'a handle scope'} open before a VM scope: no abort`, () => {
      const r = inChild(outer, 'vmScope', 'destroyEnv');
      if (outer === 'envScope') {
        expectOutcome(r.destroyEnvFirst, Status.HANDLE_SCOPE_MISMATCH, /close that VM scope/);
        assert.strictEqual(r.eval, '200000');
        expectOutcome(r.destroyEnv, Status.OK);
      } else {
        expectOutcome(r.destroyEnvFirst, Status.OK);  // it closes env scopes only
        expectOutcome(r.closeInnerAfter, Status.OK);
      }
      expectOutcome(r.destroyVM, Status.OK);
    });
  }
});
