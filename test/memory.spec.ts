import assert from 'assert';

import { addon, expectOutcome, Status } from './helpers/addon';

describe('memory: heap statistics, external memory, memory pressure', () => {
  let r: ReturnType<typeof addon.memory>;
  before(() => {
    r = addon.memory();
  });

  it('GetHeapStatistics reports a live heap and counts native contexts', () => {
    expectOutcome(r.stats, Status.OK);
    assert.ok(r.usedHeapSize > 0 && r.usedHeapSize <= r.totalHeapSize, `${r.usedHeapSize} of ${r.totalHeapSize}`);
    assert.ok(r.heapSizeLimit > r.totalHeapSize);
    assert.strictEqual(r.contexts, 1, 'one env, one native context');
    assert.strictEqual(r.contextsWithSecondEnv, 2);
  });

  it('GetHeapStatistics works with no scope of the VM open', () => {
    expectOutcome(r.statsOutsideScope, Status.OK);
    assert.ok(r.usedOutsideScope > 0);
  });

  it('AdjustExternalMemory returns the running total', () => {
    for (const step of ['adjustZero', 'adjustUp', 'adjustDown']) expectOutcome(r[step], Status.OK);
    assert.strictEqual(r.grownBy, 1 << 20);
    assert.strictEqual(r.shrunkBack, true);
  });

  it('MemoryPressureNotification accepts every level; LOW_MEMORY collects garbage before returning', () => {
    for (const level of ['level0', 'level1', 'level2', 'lowMemory']) expectOutcome(r[level], Status.OK);
    assert.strictEqual(r.aliveBefore, true);
    assert.strictEqual(r.collectedAfterLowMemory, true, 'an object held only weakly is gone');
    assert.strictEqual(r.stillRuns, '2');
  });

  it('bad input: NULLs and an unknown level', () => {
    expectOutcome(r.statsNullVm, Status.INVALID_ARG, /vm is NULL/);
    expectOutcome(r.statsNullResult, Status.INVALID_ARG, /result is NULL/);
    expectOutcome(r.adjustNullEnv, Status.INVALID_ARG, /env is NULL/);
    expectOutcome(r.adjustNullResult, Status.INVALID_ARG);
    expectOutcome(r.unknownLevel, Status.INVALID_ARG, /unknown JSVM_MemoryPressureLevel/);
    expectOutcome(r.pressureNullEnv, Status.INVALID_ARG, /env is NULL/);
  });
});
