import assert from 'assert';

import { addon, expectOutcome, Report, Status } from './helpers/addon';

const scenarios = addon as unknown as { snapshotWithScopesOpen(): Report };

// The device's snapshot examples call OH_JSVM_CreateSnapshot inside the VM,
// env and handle scopes they opened, and close them afterwards.
describe('snapshots taken with scopes still open (as the device takes them)', () => {
  let r: Report;
  before(() => {
    r = scenarios.snapshotWithScopesOpen();
  });

  it('the snapshot is taken: a real blob', () => {
    for (const step of ['createVM', 'openVMScope', 'createEnv', 'openEnvScope', 'openHandleScope', 'openEscapable']) {
      expectOutcome(r[step], Status.OK);
    }
    assert.strictEqual(r.setup, 'ready');
    expectOutcome(r.create, Status.OK);
    assert.ok(r.blobSize > 1000, `blob of ${r.blobSize} bytes`);
  });

  it('every later close and destroy returns OK, each scope closes once', () => {
    for (const step of ['closeEscapable', 'closeHandleScope', 'closeEnvScope', 'destroyEnv', 'closeVMScope',
      'destroyVM']) {
      expectOutcome(r[step], Status.OK);
    }
    expectOutcome(r.closeEnvScopeAgain, Status.HANDLE_SCOPE_MISMATCH);
  });

  it('the blob restores the env with its globals and native callbacks', () => {
    const restored = addon.restore(r.blob, 0, 'answer + "," + greet()');
    assert.strictEqual(restored.result, '42,Hello world!!');
  });
});
