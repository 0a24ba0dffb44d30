// Developer tools started from a finalizer that OH_JSVM_DestroyEnv or
// OH_JSVM_DestroyVM runs (scenario: ToolFromTeardownFinalizer in
// test/addon/stream_reentry.cc). The teardown closes the env's inspector and
// stops the VM's CPU profilers before the finalizers run: an inspector opened
// there went on listening (and answering /json/list) with its env and VM
// freed, and a CPU profiler started in DestroyVM outlived the isolate, left in
// the registry under the dead VM's address. Each runs in a child process.
import assert from 'assert';

import { childReport, expectOutcome, runInChild, Status } from './helpers/addon';

describe('developer tools started from a finalizer run by DestroyEnv / DestroyVM', function () {
  this.timeout(120000);
  const inChild = (tool: string, when: string) =>
    childReport(runInChild(`toolFromTeardownFinalizer(${JSON.stringify(tool)}, ${JSON.stringify(when)})`,
                           { timeout: 60000 }));

  for (const when of ['destroyEnv', 'destroyVM']) {
    it(`OpenInspector (${when}): GENERIC_FAILURE; nothing is left listening`, () => {
      const r = inChild('openInspector', when);
      assert.strictEqual(r.ran, true);
      expectOutcome(r.tool, Status.GENERIC_FAILURE, /being destroyed/);
      expectOutcome(r.destroy, Status.OK);
      assert.strictEqual(r.leftDiscoveryFiles, 0);
      assert.strictEqual(r.leftAnswering, 0);
      assert.strictEqual(r.again, '200000');
    });

    it(`TakeHeapSnapshot (${when}): OK (the isolate is still there)`, () => {
      const r = inChild('heapSnapshot', when);
      expectOutcome(r.tool, Status.OK);
      expectOutcome(r.destroy, Status.OK);
      assert.strictEqual(r.again, '200000');
    });
  }

  it('StartCpuProfiler (destroyEnv): OK, and it stops on its VM', () => {
    const r = inChild('startProfiler', 'destroyEnv');
    expectOutcome(r.tool, Status.OK);
    expectOutcome(r.stopAfter, Status.OK);
    expectOutcome(r.destroy, Status.OK);
  });

  it('StartCpuProfiler (destroyVM): GENERIC_FAILURE; no profiler outlives the VM', () => {
    const r = inChild('startProfiler', 'destroyVM');
    expectOutcome(r.tool, Status.GENERIC_FAILURE, /being destroyed/);
    expectOutcome(r.destroy, Status.OK);
    assert.strictEqual(r.stopOnNewVM, undefined);
    expectOutcome(r.startOnNewVM, Status.OK);
    expectOutcome(r.stopOwnOnNewVM, Status.OK);
  });
});
