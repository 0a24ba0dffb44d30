import assert from 'assert';

import { addon, expectOutcome, Report, Status } from './helpers/addon';

// The device lets these scope sequences through; so do we, with the results
// README's "Scope tolerance" describes.
describe('scope tolerance, as on the device', () => {
  const run = (name: string): Report => (addon as any)[name]();

  it("env calls on a VM entered under another VM's scope run in their own VM", () => {
    const r = run('toleranceNotInnermost');
    assert.strictEqual(r.valueInA, '11');
    assert.strictEqual(r.evalInA, 'A42', "A's globals, not B's");
    expectOutcome(r.handleScopeOnA, Status.OK);
    expectOutcome(r.objectInA, Status.OK);
    assert.strictEqual(r.objectInARead, '[object Object]');
    expectOutcome(r.closeHandleScopeOnA, Status.OK);
    assert.strictEqual(r.evalInB, 'B42', 'B is still the current VM');
    expectOutcome(r.closeVMScopeB, Status.OK);
    assert.strictEqual(r.evalInAAfter, 'A');
    expectOutcome(r.closeVMScopeA, Status.OK);
    expectOutcome(r.valueInANotEntered, Status.GENERIC_FAILURE, /not entered on this thread/);
  });

  it('closing an outer scope first closes the scopes opened inside it; each closes once', () => {
    const r = run('toleranceOutOfOrder');
    expectOutcome(r.closeEnvScopeFirst, Status.OK);
    expectOutcome(r.valueAfter, Status.GENERIC_FAILURE, /no handle scope is open/);
    expectOutcome(r.closeEscapable, Status.OK);
    expectOutcome(r.closeHandles, Status.OK);
    expectOutcome(r.closeHandlesAgain, Status.HANDLE_SCOPE_MISMATCH, /not an open handle scope/);
    expectOutcome(r.closeEnvScopeAgain, Status.HANDLE_SCOPE_MISMATCH, /not an open env scope/);
    expectOutcome(r.closeHandleAsEscapable, Status.HANDLE_SCOPE_MISMATCH, /not an open escapable handle scope/);
    expectOutcome(r.closeHandlesInOrder, Status.OK);
    expectOutcome(r.closeVMScope, Status.OK);
    expectOutcome(r.destroyEnv, Status.OK);
    expectOutcome(r.destroyVM, Status.OK);
  });

  it('CloseVMScope closes the env and handle scopes left open inside it; their closes return OK', () => {
    const r = run('toleranceCloseVMScope');
    expectOutcome(r.closeVMScope, Status.OK);
    expectOutcome(r.closeHandles, Status.OK);
    expectOutcome(r.closeEnvScope, Status.OK);
    expectOutcome(r.valueAfter, Status.GENERIC_FAILURE, /not entered on this thread/);
    assert.strictEqual(r.evalAgain, 'again 2');
    expectOutcome(r.destroyEnv, Status.OK);
    expectOutcome(r.destroyVM, Status.OK);
  });

  it("DestroyEnv closes the env's scopes left open; the VM's other env goes on", () => {
    const r = run('toleranceDestroyEnv');
    expectOutcome(r.destroyEnv, Status.OK);
    expectOutcome(r.closeHandlesThroughSecond, Status.OK);
    expectOutcome(r.closeEnvScopeOfDestroyed, Status.INVALID_ARG, /destroyed env/);
    assert.strictEqual(r.evalInSecond, 'second object');
    expectOutcome(r.closeVMScope, Status.OK);
    expectOutcome(r.destroyVM, Status.OK);
  });

  it('DestroyVM closes the scopes and VM scopes left open on this thread; a new VM works after', () => {
    const r = run('toleranceDestroyVM');
    expectOutcome(r.destroyVM, Status.OK);
    expectOutcome(r.closeVMScopeOfDestroyed, Status.INVALID_ARG, /destroyed vm/);
    expectOutcome(r.destroyEnvOfDestroyed, Status.INVALID_ARG, /destroyed env/);
    assert.strictEqual(r.evalInNewVM, 'undefined 5');
    expectOutcome(r.destroyNewVM, Status.OK);
  });

  it("DestroyVM of a VM whose scope is open under another VM's is refused until that one closes", () => {
    const r = run('toleranceDestroyVMUnderAnother');
    expectOutcome(r.destroyUnder, Status.GENERIC_FAILURE, /under a scope of another VM/);
    expectOutcome(r.closeB, Status.OK);
    expectOutcome(r.destroyA, Status.OK);
    expectOutcome(r.destroyB, Status.OK);
  });

  it("a scope that entered its VM itself closes only once the isolates entered after it have left", () => {
    const r = run('toleranceImplicitEntryUnderAnother');
    expectOutcome(r.openImplicit, Status.OK);
    assert.strictEqual(r.valueInA, '5');
    expectOutcome(r.closeImplicitUnder, Status.HANDLE_SCOPE_MISMATCH, /another isolate was entered/);
    expectOutcome(r.closeB, Status.OK);
    expectOutcome(r.closeImplicit, Status.OK);
  });

  it('a native callback cannot close a scope opened outside it', () => {
    const r = run('toleranceCloseFromCallback');
    assert.strictEqual(r.call, 'returned');
    expectOutcome(r.closedFromCallback, Status.HANDLE_SCOPE_MISMATCH, /outside the native callback/);
    expectOutcome(r.closeOuterAfter, Status.OK);
  });
});
