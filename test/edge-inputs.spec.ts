import assert from 'assert';

import { childReport, expectOutcome, runInChild, Status } from './helpers/addon';

// Inputs at the edges that crashed the process or gave a wrong status. Each
// scenario runs in a child process: a regression aborts or crashes the child.
describe('edge inputs: no crash, the right status', function () {
  this.timeout(60000);

  describe('DefineClassWithOptions: JSVM_DEFINE_CLASS_WITH_COUNT', () => {
    it('the largest internal field count an object can hold: the class, its instances and JS subclasses work', () => {
      const r = childReport(runInChild('internalFieldCounts(251)'));
      expectOutcome(r.define, Status.OK);
      expectOutcome(r.newInstance, Status.OK);
      assert.strictEqual(r.subclass, 'true,3');
      expectOutcome(r.destroy, Status.OK);
    });

    // V8 sizes objects in tagged words and aborts past 255 ("Check failed:
    // static_cast<unsigned>(value) < 256") when the class's function is made.
    for (const count of [252, 253, 1000, 2 ** 31 - 1]) {
      it(`${count} internal fields: INVALID_ARG naming the limit, not a V8 abort`, () => {
        const r = childReport(runInChild(`internalFieldCounts(${count})`));
        expectOutcome(r.define, Status.INVALID_ARG, /internal field count is larger than an object can hold \(251\)/);
        assert.strictEqual(r.stillUsable, '2');
        expectOutcome(r.destroy, Status.OK);
      });
    }
  });

  describe('views over a resizable ArrayBuffer', () => {
    it('CreateTypedarray / CreateDataview over one: OK; after it shrinks, JS and the Get*Info calls see length 0', () => {
      const r = childReport(runInChild('resizableViews()'));
      expectOutcome(r.typed, Status.OK);
      expectOutcome(r.dataview, Status.OK);
      assert.strictEqual(r.afterShrink, '0,undefined,TypeError');
      expectOutcome(r.typedInfo, Status.OK);
      assert.strictEqual(r.typedInfoLength, 0);
      expectOutcome(r.viewInfo, Status.OK);
      assert.strictEqual(r.viewInfoLength, 0);
      expectOutcome(r.destroy, Status.OK);
    });
  });
});
