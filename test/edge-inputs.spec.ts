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

  describe('references', () => {
    it('GetReferenceValue / GetReferenceData of a deleted reference: INVALID_ARG, not a read of freed memory', () => {
      const r = childReport(runInChild('referenceEdges("deleted")'));
      expectOutcome(r.getValue, Status.INVALID_ARG, /not a live reference of this VM/);
      expectOutcome(r.getData, Status.INVALID_ARG, /not a live reference of this VM/);
      assert.strictEqual(r.valueString, undefined);
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });

    it('a reference of another VM\'s env: INVALID_ARG from Get*, as DeleteReference answers; its own env deletes it', () => {
      const r = childReport(runInChild('referenceEdges("otherVM")'));
      expectOutcome(r.getValue, Status.INVALID_ARG, /not a live reference of this VM/);
      expectOutcome(r.getData, Status.INVALID_ARG, /not a live reference of this VM/);
      expectOutcome(r.deleteHere, Status.INVALID_ARG, /not a live reference of this VM/);
      expectOutcome(r.deleteThere, Status.OK);
      expectOutcome(r.destroyOther, Status.OK);
      expectOutcome(r.destroy, Status.OK);
    });

    // The docs present references as the way to share a value between
    // contexts (envs): another env of the VM may use one, until the env that
    // made it is destroyed.
    it('a reference used from another env of the same VM: get, ref, unref, delete all OK; refused once its env is destroyed', () => {
      const r = childReport(runInChild('referenceEdges("sameVM")'));
      expectOutcome(r.createEnv, Status.OK);
      expectOutcome(r.getValue, Status.OK);
      assert.strictEqual(r.valueX, '42');
      expectOutcome(r.ref, Status.OK);
      assert.strictEqual(r.countAfterRef, 2);
      expectOutcome(r.unref, Status.OK);
      assert.strictEqual(r.countAfterUnref, 1);
      expectOutcome(r.getData, Status.INVALID_ARG, /a value reference: use OH_JSVM_GetReferenceValue/);
      expectOutcome(r.deleteFromFirst, Status.OK);
      expectOutcome(r.getDeleted, Status.INVALID_ARG, /not a live reference of this VM/);
      expectOutcome(r.destroyEnv, Status.OK);
      expectOutcome(r.getOfDestroyed, Status.INVALID_ARG, /not a live reference of this VM \(deleted, deleted with the env that made it/);
      expectOutcome(r.deleteOfDestroyed, Status.INVALID_ARG, /not a live reference of this VM/);
      expectOutcome(r.deleteOwn, Status.OK);
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });

    it('ReferenceRef at a count of 2^32 - 1: GENERIC_FAILURE, the count kept (not wrapped to 0)', () => {
      const r = childReport(runInChild('referenceEdges("maxCount")'));
      expectOutcome(r.ref, Status.GENERIC_FAILURE, /already at its maximum/);
      expectOutcome(r.unref, Status.OK);
      assert.strictEqual(r.countAfterUnref, 2 ** 32 - 2);
      expectOutcome(r.delete, Status.OK);
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // A retained script was known only to the env that retained it: another env
  // of the VM read the freed slot it was compiled into and ran whatever script
  // had taken that slot since. A script of another VM ran in this VM's heap.
  describe('scripts used by another env', () => {
    it('a script retained by one env runs, and is released, from another env of the VM: the one compiled, in its own context', () => {
      const r = childReport(runInChild('scriptElsewhere("sameVM")'));
      expectOutcome(r.retain, Status.OK);
      expectOutcome(r.createEnv, Status.OK);
      expectOutcome(r.runInSecond, Status.OK);
      // V8 binds a compiled script to the context it was compiled in.
      assert.strictEqual(r.resultInSecond, 'first 1');
      expectOutcome(r.retainInSecond, Status.INVALID_ARG, /retained already/);
      expectOutcome(r.releaseInSecond, Status.OK);
      assert.strictEqual(r.releaseInSecond.message, '', 'a successful release leaves no error behind');
      expectOutcome(r.releaseAgain, Status.INVALID_ARG, /not retained \(OH_JSVM_RetainScript\) by an env of this VM/);
      expectOutcome(r.runReleased, Status.INVALID_ARG, /the script was released \(OH_JSVM_ReleaseScript/);
      expectOutcome(r.destroyEnv, Status.OK);
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });

    // With the env that retained it destroyed, a script's slot was read again
    // (freed, or holding a newer script).
    it('a script whose retaining env was destroyed: INVALID_ARG ("released"), its slot never read; a script compiled there later is that one', () => {
      const r = childReport(runInChild('scriptElsewhere("retainerDestroyed")'));
      expectOutcome(r.retain, Status.OK);
      expectOutcome(r.runRetained, Status.OK);
      assert.strictEqual(r.resultRetained, 'the retained one');
      expectOutcome(r.destroyEnv, Status.OK);
      expectOutcome(r.runAfterDestroy, Status.INVALID_ARG, /the script was released \(OH_JSVM_ReleaseScript, or OH_JSVM_DestroyEnv of the env that retained it\)/);
      expectOutcome(r.retainAfterDestroy, Status.INVALID_ARG, /the script was released/);
      expectOutcome(r.cacheAfterDestroy, Status.INVALID_ARG, /the script was released/);
      assert.strictEqual(r.reused, true, 'the freed slot is handed out again to a new script');
      expectOutcome(r.runReused, Status.OK);
      assert.strictEqual(r.resultReused, 'a new one');
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });

    // V8 runs any function it is given as a script: a built-in one made it
    // read a script it has not, a JS one got V8's internal host-defined
    // options as its argument. Only functions our compiles made pass.
    it('a value given as a script: a built-in or JS function or an object INVALID_ARG (V8 would run any function as one)', () => {
      const r = childReport(runInChild('scriptElsewhere("notAScript")'));
      for (const call of ['runBuiltin', 'cacheBuiltin', 'runObject', 'retainObject', 'runArrow', 'runPlain', 'cacheArrow']) {
        expectOutcome(r[call], Status.INVALID_ARG, /script is not a compiled script \(OH_JSVM_CompileScript\*\)/);
      }
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });

    it('with JSVM_SCOPE_CHECK on, a script from a closed handle scope: RunScript / RetainScript INVALID_ARG', () => {
      const r = childReport(runInChild('scriptElsewhere("closedScope")'));
      expectOutcome(r.option, Status.OK);
      expectOutcome(r.runInScope, Status.OK);
      for (const call of ['runAfter', 'retainAfter']) {
        expectOutcome(r[call], Status.INVALID_ARG, /script is a JSVM_Script from a handle scope that has been closed \(JSVM_SCOPE_CHECK\): retain it/);
      }
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });

    for (const which of ['otherVM', 'otherVMRetained']) {
      it(`${which === 'otherVM' ? 'a live' : 'a retained'} script of another VM: RunScript, RetainScript, CreateCodeCache INVALID_ARG; its VM runs it`, () => {
        const r = childReport(runInChild(`scriptElsewhere("${which}")`));
        if (which === 'otherVMRetained') expectOutcome(r.retainThere, Status.OK);
        for (const call of ['runHere', 'retainHere', 'cacheHere']) {
          expectOutcome(r[call], Status.INVALID_ARG, /script is a script of another VM: a JSVM_Script can be used only by envs of the VM that compiled it/);
        }
        expectOutcome(r.releaseHere, Status.INVALID_ARG, /not retained/);
        expectOutcome(r.runThere, Status.OK);
        assert.strictEqual(r.resultThere, 'of the other VM');
        expectOutcome(r.destroyOther, Status.OK);
        assert.strictEqual(r.stillUsable, '2');
        expectOutcome(r.destroy, Status.OK);
      });
    }
  });

  // EscapeHandle read any open scope as an escapable one: a plain handle
  // scope's slot (no escape slot: V8 wrote through what its bytes held) or an
  // env scope (a smaller object: a heap overflow).
  describe('EscapeHandle with a scope that is not escapable', () => {
    it('a handle scope or an env scope: HANDLE_SCOPE_MISMATCH; the escapable one still escapes once', () => {
      const r = childReport(runInChild('escapeWrongScope()'));
      for (const call of ['plain', 'envScope']) {
        expectOutcome(r[call], Status.HANDLE_SCOPE_MISMATCH, /not an escapable handle scope \(OH_JSVM_OpenEscapableHandleScope\)/);
      }
      expectOutcome(r.closePlain, Status.OK);
      expectOutcome(r.escapable, Status.OK);
      expectOutcome(r.escapeTwice, Status.ESCAPE_CALLED_TWICE);
      expectOutcome(r.closeEscapable, Status.OK);
      expectOutcome(r.typeofEscaped, Status.OK);
      assert.strictEqual(r.escapedIsObject, true);
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // A private key (OH_JSVM_CreatePrivate) of another VM was stored as a
  // property key in this VM's heap: a pointer into the other heap.
  describe('private keys of another VM', () => {
    it('Set/Get/DeletePrivate and CreateDataReference: INVALID_ARG; the VM\'s own keys pass from any env, after GCs', () => {
      const r = childReport(runInChild('privateKeysAcrossVMs()'));
      for (const call of ['setTheirs', 'getTheirs', 'deleteTheirs']) {
        expectOutcome(r[call], Status.INVALID_ARG, /key is a private key of another VM: a JSVM_Data can be given only to envs of the VM that made it/);
      }
      expectOutcome(r.referenceTheirs, Status.INVALID_ARG, /data is a private key or an object of another VM/);
      expectOutcome(r.referenceTheirObject, Status.INVALID_ARG, /data is a private key or an object of another VM/);
      for (const call of ['setOurs', 'getOurs', 'referenceOurs', 'getFromSecond', 'deleteOurs', 'deleteRef', 'setTheirsThere', 'setOursAlone']) {
        expectOutcome(r[call], Status.OK);
      }
      assert.strictEqual(r.gotOurs, '42');
      assert.strictEqual(r.gotFromSecond, '42');
      expectOutcome(r.destroyOther, Status.OK);
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  describe('deferreds', () => {
    it('ResolveDeferred / RejectDeferred of a settled deferred: INVALID_ARG, not a read of freed memory', () => {
      const r = childReport(runInChild('deferredEdges("twice")'));
      expectOutcome(r.first, Status.OK);
      expectOutcome(r.again, Status.INVALID_ARG, /not an unsettled deferred of this VM \(settled already/);
      expectOutcome(r.rejectAfter, Status.INVALID_ARG, /not an unsettled deferred of this VM/);
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });

    it("another VM's deferred: INVALID_ARG; its own env settles it", () => {
      const r = childReport(runInChild('deferredEdges("otherVM")'));
      expectOutcome(r.resolveHere, Status.INVALID_ARG, /not an unsettled deferred of this VM/);
      expectOutcome(r.resolveThere, Status.OK);
      expectOutcome(r.destroyOther, Status.OK);
      expectOutcome(r.destroy, Status.OK);
    });

    it('settled from another env of the same VM: OK, the promise fulfils with that value; refused once its env is destroyed', () => {
      const r = childReport(runInChild('deferredEdges("sameVM")'));
      expectOutcome(r.createEnv, Status.OK);
      expectOutcome(r.resolveFromSecond, Status.OK);
      expectOutcome(r.resolveAgainHere, Status.INVALID_ARG, /settled already/);
      expectOutcome(r.destroyEnv, Status.OK);
      expectOutcome(r.resolveOrphan, Status.INVALID_ARG, /not an unsettled deferred of this VM/);
      assert.strictEqual(r.got, 'from the second env');
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });
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

  // V8 11.3's release builds do not verify a code cache's checksum and its
  // deserialiser trusts what passes the version and flags checks: byte 24 of
  // the test cache edited under a forged CRC trailer aborted the process
  // ("Fatal error: unreachable code" in Deserializer::ReadSingleBytecodeData).
  describe('code caches with edited bytes', () => {
    for (const trailer of ['crc', 'kept']) {
      const what = trailer === 'crc' ? 'under a CRC-32C trailer recomputed over them (the old format, forgeable)'
        : 'under the trailer CreateCodeCache made';
      it(`every byte edited, ${what}: rejected before V8 reads it, the script compiled without it`, () => {
        const r = childReport(runInChild(`editedCodeCaches(0, 1e6, 0xff, ${JSON.stringify(trailer)})`));
        expectOutcome(r.create, Status.OK);
        assert.ok(r.payload > 100, 'a cache of some size');
        assert.deepStrictEqual({ accepted: r.accepted, rejected: r.rejected, failed: r.failed, wrong: r.wrong },
          { accepted: 0, rejected: r.payload, failed: 0, wrong: 0 }, r.wrongResults);
      });
    }
  });

  // V8 maps a wasm cache's machine code and runs it, checking only its
  // version, flags and CPU features: payload byte 55 of this module's cache
  // edited under recomputed CRC-32Cs segfaulted the process.
  describe('wasm caches with edited bytes', () => {
    for (const header of ['crc', 'kept']) {
      const what = header === 'crc' ? 'under the 40-byte CRC-32C header of earlier releases, recomputed (forgeable)'
        : 'under the header CreateWasmCache made';
      it(`every payload byte edited, ${what}: rejected before V8 reads it, the bytes compiled instead`, function () {
        const r = childReport(runInChild(`editedWasmCaches(0, 1e6, 0xff, ${JSON.stringify(header)})`));
        if (r.create === undefined || r.create.status !== Status.OK) this.skip();  // no optimising compile here
        assert.ok(r.payload > 50, 'a cache of some size');
        assert.deepStrictEqual({ accepted: r.accepted, rejected: r.rejected, failed: r.failed, wrong: r.wrong },
          { accepted: 0, rejected: r.payload, failed: 0, wrong: 0 }, r.wrongResults);
      });
    }
  });

  // V8 commits the initial young generation while it makes the isolate and
  // aborted ("Fatal javascript OOM in MemoryChunk allocation failed during
  // deserialization") on an initial and maximum young generation of 48 GB.
  describe('CreateVM: heap sizes at the extremes', () => {
    const huge = ['4611686018427387904', '18446744073709551615'];
    for (const size of huge) {
      it(`initial and maximum young generation of ${size}: INVALID_ARG, not a V8 abort`, () => {
        const r = childReport(runInChild(`heapSizeExtremes('bothYoung', '${size}')`));
        expectOutcome(r.create, Status.INVALID_ARG, /initialYoungGenerationSize is larger than half of this machine's memory/);
      });
    }
    for (const field of ['maxOld', 'initialOld', 'bothOld', 'maxYoung', 'initialYoung']) {
      it(`${field} of 2^64 - 1 alone: the VM is made and runs (V8 caps or reserves lazily)`, () => {
        const r = childReport(runInChild(`heapSizeExtremes('${field}', '18446744073709551615')`));
        expectOutcome(r.create, Status.OK);
        expectOutcome(r.createEnv, Status.OK);
        assert.strictEqual(r.eval, '100000');
        expectOutcome(r.destroy, Status.OK);
      });
    }
  });

  // DestroyEnv ran (and freed) the wrap's finalizer record, but the object's
  // private External still pointed at it: Unwrap from another env of the VM
  // read freed memory (segfault), RemoveWrap freed it again ("double free").
  describe('a wrapped object outliving the env that wrapped it', () => {
    it('Unwrap / RemoveWrap from another env: INVALID_ARG, not wrapped; it can be wrapped again; each finalizer once', () => {
      const r = childReport(runInChild('wrapOutlivesEnv()'));
      expectOutcome(r.wrap, Status.OK);
      expectOutcome(r.destroyWrapperEnv, Status.OK);
      assert.strictEqual(r.finalizedAtDestroy, 1);
      expectOutcome(r.unwrap, Status.INVALID_ARG, /not wrapped/);
      assert.strictEqual(r.unwrapGotNative, false);
      expectOutcome(r.removeWrap, Status.INVALID_ARG, /not wrapped/);
      expectOutcome(r.wrapAgain, Status.OK);
      expectOutcome(r.unwrapAgain, Status.OK);
      assert.strictEqual(r.finalizedBeforeTeardown, 1);
      expectOutcome(r.destroy, Status.OK);
      assert.strictEqual(r.finalized, 2);
    });
  });

  // DestroyEnv listed the env's finalizers, then ran them; one that removed
  // another object's wrap freed a finalizer still on that list, which was
  // then read (a heap-use-after-free under ASan: npm run test:asan).
  describe('a finalizer that removes another wrap while DestroyEnv runs finalizers', () => {
    it('the removed wrap\'s finalizer does not run; nothing freed is read', () => {
      const r = childReport(runInChild('finalizerRemovesOtherWrap()'));
      expectOutcome(r.wrapFirst, Status.OK);
      expectOutcome(r.wrapSecond, Status.OK);
      expectOutcome(r.destroyEnv, Status.OK);
      assert.strictEqual(r.finalized, 1);
      assert.strictEqual(r.removeStatus, Status.OK);
      assert.strictEqual(r.stillUsable, '2');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // DestroyEnv freed the class's record (its handler callbacks and data), but
  // the instance kept by another env still had it as its interceptors' data:
  // a property read from that env called through freed memory (segfault once
  // the memory was reused).
  describe('an instance with property handlers outliving the env that defined its class', () => {
    it('its handlers intercept nothing after; its constructor throws; no crash', () => {
      const r = childReport(runInChild('handlersOutliveEnv()'));
      expectOutcome(r.define, Status.OK);
      assert.strictEqual(r.before, 'from the handler from the handler');
      expectOutcome(r.destroyDefiner, Status.OK);
      assert.strictEqual(r.named, 'undefined');
      assert.strictEqual(r.indexed, 'undefined');
      assert.strictEqual(r.newInstance, '<status 10>: Error: native callback called outside of a JSVM environment');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // V8 checks the stack where JS calls a function, not where a property
  // lookup reaches an interceptor: a handler reading its own property recursed
  // until the native stack ran out (SIGSEGV).
  describe('callbacks that call back into themselves without end', () => {
    for (const which of ['handler', 'getter', 'function']) {
      it(`a ${which} that re-enters itself: a RangeError in JS after deep recursion, every level unwound`, () => {
        const r = childReport(runInChild(`endlessCallbacks(${JSON.stringify(which)})`));
        expectOutcome(r.define, Status.OK);
        assert.strictEqual(r.thrown, 'RangeError: Maximum call stack size exceeded');
        if (which === 'handler') assert.strictEqual(r.thrownIndexed, 'RangeError');
        assert.strictEqual(r.deep, true);
        assert.strictEqual(r.unwound, true);
        assert.strictEqual(r.stillUsable, '2');
        expectOutcome(r.destroy, Status.OK);
      });
    }
  });

  // V8 checks that a change is within [-2^60, 2^60) and aborts otherwise
  // ("Check failed: kMinReasonableBytes <= change_in_bytes && ...").
  describe('AdjustExternalMemory at the int64 extremes', () => {
    it('changes and totals beyond [-2^60, 2^60): INVALID_ARG, the total unchanged; within: OK', () => {
      const r = childReport(runInChild('externalMemoryExtremes()'));
      for (const name of ['max', 'min', 'past2to60', 'below2to60']) {
        expectOutcome(r[name], Status.INVALID_ARG, /changeInBytes is beyond what V8 accepts/);
      }
      expectOutcome(r.justUnder, Status.OK);
      assert.strictEqual(r.justUnderTotalOk, true);
      expectOutcome(r.totalPast, Status.INVALID_ARG, /total would go beyond what V8 accepts/);
      expectOutcome(r.back, Status.OK);
      assert.strictEqual(r.backTotal, '0');
      assert.strictEqual(r.eval, '100000');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // V8 aborted in CreateBlob ("Check failed: isolate->heap()->
  // dirty_js_finalization_registries_list().IsUndefined(isolate)") when a
  // registered target died in the collection it makes before serialising.
  // V8 aborted in CreateBlob ("Check failed:
  // handle_checker.CheckGlobalAndEternalHandles()") on the global handle a
  // live Intl object holds.
  describe('CreateSnapshot of an env holding a live Intl object', () => {
    it('GENERIC_FAILURE naming it, not a V8 abort; the VM is then destroyed cleanly', () => {
      const r = childReport(runInChild('snapshotLiveIntl()'));
      assert.strictEqual(r.setup, '1,234.5');
      expectOutcome(r.create, Status.GENERIC_FAILURE, /cannot put in a snapshot \(a live Intl object/);
      expectOutcome(r.destroyCreator, Status.OK);
    });
    it('an Intl object used and dropped before the snapshot: the blob is made and restores', () => {
      const r = childReport(runInChild('snapshotTransientIntl()'));
      expectOutcome(r.create, Status.OK);
      expectOutcome(r.destroyCreator, Status.OK);
      assert.strictEqual(r.restored, '1,234.5');
    });
  });

  describe('CreateSnapshot with a FinalizationRegistry whose target is unreachable', () => {
    it('a target kept only by a reference until the snapshot drops it: the blob is still made', () => {
      const r = childReport(runInChild('snapshotRegistryTargetInReference()'));
      expectOutcome(r.reference, Status.OK);
      expectOutcome(r.create, Status.OK);
      expectOutcome(r.destroyCreator, Status.OK);
      assert.strictEqual(r.restored, 'function');
      expectOutcome(r.destroy, Status.OK);
    });
    it('a private key made before it (listed by its VM through a global handle): the blob is still made and restores', () => {
      const r = childReport(runInChild('snapshotWithPrivateKey()'));
      expectOutcome(r.createKey, Status.OK);
      expectOutcome(r.setKey, Status.OK);
      expectOutcome(r.create, Status.OK);
      expectOutcome(r.destroyCreator, Status.OK);
      expectOutcome(r.restoreEnv, Status.OK);
      assert.strictEqual(r.restored, 'string');
      expectOutcome(r.destroy, Status.OK);
    });
    it('the registry is cleaned up first; the blob is made and restores with the registry', () => {
      const r = childReport(runInChild('snapshotFinalizationRegistry()'));
      assert.strictEqual(r.setup, 'set');
      expectOutcome(r.create, Status.OK);
      expectOutcome(r.restoreVM, Status.OK);
      expectOutcome(r.restoreEnv, Status.OK);
      assert.strictEqual(r.restored, 'function,gone,true');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // A native callback or finalizer that destroyed its own env: DestroyEnv
  // freed the env while the trampoline (or TearDownEnv, for a finalizer) still
  // had it on the stack. With only a handle scope open the destroy went
  // through and the return segfaulted; a finalizer run by DestroyEnv tore the
  // env down a second time (segfault).
  describe('OH_JSVM_DestroyEnv from inside the env\'s own user code', () => {
    for (const which of ['destroyEnv', 'destroyEnvThenCall', 'destroyEnvReturnNull']) {
      for (const how of ['envScope', 'handleScope']) {
        it(`a native callback (${which}, ${how} open): GENERIC_FAILURE saying a callback is running; the env goes on`, () => {
          const r = childReport(runInChild(`callbackLifecycleMisuse(${JSON.stringify(which)}, ${JSON.stringify(how)})`));
          assert.strictEqual(r.called, true);
          expectOutcome(r.first, Status.GENERIC_FAILURE, /the env is running a callback, finalizer or script/);
          if (which === 'destroyEnvThenCall') expectOutcome(r.second, Status.OK);
          assert.strictEqual(r.eval, { destroyEnv: '7', destroyEnvThenCall: '[object Object]', destroyEnvReturnNull: 'undefined' }[which]);
          assert.strictEqual(r.after, '2');
          expectOutcome(r.destroy, Status.OK);
        });
      }
    }

    it('a callback of one env destroying the env whose script called it: refused; destroyed after', () => {
      const r = childReport(runInChild('callbackLifecycleMisuse("destroyCaller", "envScope")'));
      expectOutcome(r.first, Status.GENERIC_FAILURE, /the env is running a callback, finalizer or script/);
      assert.strictEqual(r.evalInCaller, '7');
      expectOutcome(r.destroyCaller, Status.OK);
      expectOutcome(r.destroy, Status.OK);
    });

    it('a callback destroying another env of the VM, or one it made itself: OK', () => {
      for (const which of ['destroyOtherEnv', 'tempEnv']) {
        const r = childReport(runInChild(`callbackLifecycleMisuse(${JSON.stringify(which)}, "envScope")`));
        expectOutcome(r.first, Status.OK);
        assert.strictEqual(r.eval, '7');
        expectOutcome(r.destroy, Status.OK);
      }
    });

    for (const when of ['destroyEnv', 'destroyVM']) {
      it(`finalizers (Wrap, CreateExternal) run by ${when === 'destroyEnv' ? 'DestroyEnv' : 'DestroyVM'} destroying their env: refused, each finalizer once`, () => {
        const r = childReport(runInChild(`reentrantFinalizers("destroySelf", ${JSON.stringify(when)})`));
        expectOutcome(r.wrap, Status.OK);
        expectOutcome(r.external, Status.OK);
        if (when === 'destroyEnv') expectOutcome(r.destroyEnv, Status.OK);
        expectOutcome(r.destroy, Status.OK);
        assert.deepStrictEqual(r.seen, Array(2).fill('destroySelf:9:the env is running a callback, finalizer or script '
          + '(this call comes from inside it): destroy the env after that returns'));
      });
    }
  });

  // A finalizer run by DestroyEnv calling DestroyVM: DestroyVM closed the VM
  // scope (there were no env or handle scopes left to refuse on) under the
  // finalizer, then refused, and V8 aborted on return ("Cannot exit
  // non-entered context"). CloseVMScope from there did the same.
  describe('OH_JSVM_DestroyVM / CloseVMScope from inside the VM\'s own user code', () => {
    for (const when of ['destroyEnv', 'destroyVM']) {
      it(`a finalizer run by ${when === 'destroyEnv' ? 'DestroyEnv' : 'DestroyVM'} calling DestroyVM: GENERIC_FAILURE, user code running`, () => {
        const r = childReport(runInChild(`reentrantFinalizers("destroyVM", ${JSON.stringify(when)})`));
        assert.deepStrictEqual(r.seen, Array(2).fill('destroyVM:9:user code of this VM is running (this call comes '
          + 'from inside a native callback, handler or finalizer): call it after that returns'));
        expectOutcome(r.destroy, Status.OK);
      });
    }

    it('a finalizer run by DestroyEnv closing the VM scope it runs under: HANDLE_SCOPE_MISMATCH', () => {
      const r = childReport(runInChild('reentrantFinalizers("closeVMScope", "destroyEnv")'));
      assert.deepStrictEqual(r.seen, Array(2).fill('closeVMScope:13:this VM scope was opened outside the native '
        + 'callback, handler or finalizer that is running: close it after that returns'));
      expectOutcome(r.destroyEnv, Status.OK);
      expectOutcome(r.destroy, Status.OK);
    });

    it('a finalizer run by DestroyVM making an env: GENERIC_FAILURE (it would outlive its VM)', () => {
      const r = childReport(runInChild('reentrantFinalizers("createEnv", "destroyVM")'));
      assert.deepStrictEqual(r.seen,
        Array(2).fill('createEnv:9:the VM is being destroyed (this is a finalizer run by OH_JSVM_DestroyVM)'));
      expectOutcome(r.destroy, Status.OK);
    });

    it('finalizers making objects and running scripts in their env, or destroying another env, while it is destroyed: OK', () => {
      for (const when of ['destroyEnv', 'destroyVM']) {
        const r = childReport(runInChild(`reentrantFinalizers("create", ${JSON.stringify(when)})`));
        assert.deepStrictEqual(r.seen, ['create:0', 'eval:object', 'create:0', 'eval:object']);
        expectOutcome(r.destroy, Status.OK);
        const o = childReport(runInChild(`reentrantFinalizers("destroyOther", ${JSON.stringify(when)})`));
        expectOutcome(o.destroy, Status.OK);
      }
    });

    for (const how of ['envScope', 'handleScope']) {
      it(`a native callback (${how} open) calling DestroyVM or closing the VM scope: refused, the VM goes on`, () => {
        const d = childReport(runInChild(`callbackLifecycleMisuse("destroyVM", ${JSON.stringify(how)})`));
        expectOutcome(d.first, Status.GENERIC_FAILURE, /user code of this VM is running/);
        assert.strictEqual(d.eval, '7');
        assert.strictEqual(d.after, '2');
        expectOutcome(d.destroy, Status.OK);
        const c = childReport(runInChild(`callbackLifecycleMisuse("closeVMScope", ${JSON.stringify(how)})`));
        expectOutcome(c.first, Status.HANDLE_SCOPE_MISMATCH, /opened outside the native callback, handler or finalizer/);
        assert.strictEqual(c.after, '2');
        expectOutcome(c.destroy, Status.OK);
      });
    }
  });

  // A GC handler (OH_JSVM_AddHandlerForGC) that made an object in an env
  // (or ran a script) allocated inside V8's scavenge prologue: SIGSEGV in
  // v8::Object::New. Env calls that make handles are now refused while a GC
  // handler runs, and so are making or destroying envs and VMs.
  describe('OH_JSVM_* from inside a GC handler', () => {
    const inGC = 'V8 is in the middle of a garbage collection (this is a GC handler, heap threshold callback or a '
      + 'finalizer V8 runs during the collection): no object can be made, no JS run and no env or VM made or '
      + 'destroyed until it ends';
    for (const which of ['create', 'createEnv', 'destroyEnv', 'destroyVM', 'microtasks']) {
      it(`${which}: GENERIC_FAILURE saying a GC is running; the VM goes on after`, () => {
        const r = childReport(runInChild(`reentrantHandlers(${JSON.stringify(which)})`));
        expectOutcome(r.add, Status.OK);
        assert.deepStrictEqual(r.seen, [`${which}:9:${inGC}`]);
        assert.strictEqual(r.alloc, '300000');
        assert.strictEqual(r.after, '2');
        expectOutcome(r.destroy, Status.OK);
      });
    }
    it('a script run from it: refused', () => {
      const r = childReport(runInChild('reentrantHandlers("eval")'));
      assert.deepStrictEqual(r.seen, [`eval:<status 9>: ${inGC}`]);
      assert.strictEqual(r.after, '2');
      expectOutcome(r.destroy, Status.OK);
    });
    // OpenInspector / OpenInspectorWithName made V8's inspector (handles, the
    // context's registration) and CloseInspector tore its sessions down in the
    // middle of the collection, all answering OK; WaitForDebugger blocked the
    // collection until a client came, and would have run its commands there.
    for (const which of ['openInspector', 'openInspectorWithName', 'waitForDebugger', 'closeInspector']) {
      it(`${which}: GENERIC_FAILURE saying a GC is running; the inspector works after`, () => {
        const r = childReport(runInChild(`reentrantHandlers(${JSON.stringify(which)})`, { timeout: 30000 }));
        if (which === 'waitForDebugger' || which === 'closeInspector') expectOutcome(r.open, Status.OK);
        assert.deepStrictEqual(r.seen, [`${which}:9:${inGC}`]);
        assert.strictEqual(r.after, '2');
        // Opened before the GC (and not closed in it): closed now; never opened: nothing to close.
        expectOutcome(r.closeAfter, Status.OK);
        expectOutcome(r.destroy, Status.OK);
      });
    }
    // Handle scopes live outside V8's heap and deleting a reference frees a
    // global handle: neither allocates, so both are allowed (ASan checks it).
    // ReferenceUnref is refused with the env calls (it may make a handle weak).
    it('handle scopes opened and closed, references deleted: OK; ReferenceUnref refused; the VM goes on', () => {
      const r = childReport(runInChild('reentrantHandlers("scopesAndRefs")'));
      expectOutcome(r.add, Status.OK);
      assert.deepStrictEqual(r.seen, ['openScope:0:', 'closeScope:0:', 'openEscapable:0:', 'closeEscapable:0:',
        `unref:9:${inGC}`, 'deleteStrong:0:', 'deleteWeak:0:']);
      assert.strictEqual(r.alloc, '300000');
      assert.strictEqual(r.after, '2');
      expectOutcome(r.destroy, Status.OK);
    });
    it('calls that make nothing (GetVM, GetInstanceData): OK', () => {
      const r = childReport(runInChild('reentrantHandlers("readOnly")'));
      assert.deepStrictEqual(r.seen, ['getVM:0:', 'instanceData:0:']);
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // Finalizers V8 calls by itself: an external string's (when the string
  // dies) and an external ArrayBuffer's (when its backing store is released).
  // Run inside a collection, one that ran a script, made an env or destroyed
  // the VM aborted the process ("Check failed:
  // AllowJavascriptExecution::IsAllowed(isolate)", "kInvalidTaskId != id"),
  // and one that made an object or destroyed an env got OK in the middle of
  // the GC. They are refused now, as from a GC handler. V8 sweeps dead
  // ArrayBuffers on a thread of its own unless told not to: the children for
  // ArrayBuffers run with --no-concurrent-array-buffer-sweeping, so that the
  // finalizers run on the VM's thread, inside gc().
  describe('OH_JSVM_* from a finalizer V8 runs inside a GC (external strings, external ArrayBuffers)', () => {
    const inGC = 'V8 is in the middle of a garbage collection (this is a GC handler, heap threshold callback or a '
      + 'finalizer V8 runs during the collection): no object can be made, no JS run and no env or VM made or '
      + 'destroyed until it ends';
    const inGCHeap = 'V8 is in the middle of a GC (this is a GC handler, heap threshold callback or a finalizer V8 '
      + 'runs during the collection): call it after the GC';
    const sweepHere = { JSVM_TEST_INIT_ARG: '--no-concurrent-array-buffer-sweeping' };
    const gcTime = (kind: string, call: string, when: string) =>
      childReport(runInChild(`gcTimeFinalizers(${JSON.stringify(kind)}, ${JSON.stringify(call)}, ${JSON.stringify(when)})`,
        kind === 'arraybuffer' ? { env: sweepHere } : {}));
    for (const kind of ['latin1', 'utf16', 'arraybuffer']) {
      for (const call of ['create', 'eval', 'run', 'createEnv', 'destroyEnv', 'destroyVM', 'heapSnapshot']) {
        it(`${kind}, ${call}: GENERIC_FAILURE saying a GC is running, every time; the VM goes on after`, () => {
          const r = gcTime(kind, call, 'gc');
          expectOutcome(r.make, Status.OK);
          assert.strictEqual(r.gc, 'done');
          assert.strictEqual(r.runsBeforeGC, 0);
          assert.strictEqual(r.runsInGC, 8, 'the 8 finalizers ran inside gc()');
          assert.strictEqual(r.offMainThread, 0);
          const said = call === 'eval' ? `eval:<status 9>: ${inGC}`
            : call === 'heapSnapshot' ? `${call}:9:${inGCHeap}` : `${call}:9:${inGC}`;
          assert.deepStrictEqual(r.seen, Array(8).fill(said));
          assert.strictEqual(r.after, '2');
          expectOutcome(r.destroy, Status.OK);
        });
      }
      it(`${kind}: run at OH_JSVM_DestroyVM (no GC), its env gone: INVALID_ARG as before, no crash`, () => {
        const r = gcTime(kind, 'create', 'teardown');
        assert.strictEqual(r.runsInGC, 0);
        assert.strictEqual(r.runs, 8);
        assert.deepStrictEqual(r.seen, Array(8).fill('create:1:'));
        expectOutcome(r.destroy, Status.OK);
      });
    }
    it('arraybuffer: run by OH_JSVM_DetachArraybuffer (no GC): its env calls work', () => {
      const worked: Record<string, string> = { create: 'create:0:', eval: 'eval:3', run: 'run:0:' };
      for (const call of Object.keys(worked)) {
        const r = gcTime('arraybuffer', call, 'detach');
        expectOutcome(r.detach, Status.OK);
        assert.strictEqual(r.runsBeforeGC, 8, 'the finalizers ran in DetachArraybuffer');
        assert.deepStrictEqual(r.seen, Array(8).fill(worked[call]));
        assert.strictEqual(r.after, '2');
        expectOutcome(r.destroy, Status.OK);
      }
    });
    it('arraybuffer, V8 sweeping on its own thread: finalizers run there or here, the process survives', () => {
      const r = childReport(runInChild('gcTimeFinalizers("arraybuffer", "eval", "gc")'));
      assert.strictEqual(r.runs, 8);
      // (At OH_JSVM_DestroyVM, if the sweeper had not reached them: the env is gone.)
      for (const seen of r.seen) assert.ok(seen === `eval:<status 9>: ${inGC}` || /^eval:<status 1>: unknown or destroyed env/.test(seen), seen);
      assert.strictEqual(r.after, '2');
      expectOutcome(r.destroy, Status.OK);
    });
  });

  // User code run in the middle of a call (a GC handler, the heap threshold
  // callback, an external string's finalizer run by the call's GC) whose own
  // call was refused left that refusal as the env's and the thread's last
  // error, though the interrupted OH_JSVM_RunScript returned OK. The user
  // code still reads its own refusal (seenInside); the call's outcome is what
  // OH_JSVM_GetLastErrorInfo reports after it.
  describe('OH_JSVM_GetLastErrorInfo after an OK call during which GC-time user code had calls refused', () => {
    for (const which of ['handler', 'threshold', 'finalizer']) {
      it(`${which}: the env's and the thread's last errors are OK, as the call returned`, () => {
        const r = childReport(runInChild(`gcTimeLastError(${JSON.stringify(which)})`));
        expectOutcome(r.register, Status.OK);
        assert.strictEqual(r.ran, true, 'the user code ran during the call');
        assert.strictEqual(r.seenInside, Status.GENERIC_FAILURE);
        assert.strictEqual(r.run, Status.OK);
        assert.strictEqual(r.envErrorCode, Status.OK, r.envMessage);
        assert.strictEqual(r.envMessage, '<NULL>');
        assert.strictEqual(r.threadErrorCode, Status.OK, r.threadMessage);
        assert.strictEqual(r.threadMessage, '<NULL>');
        expectOutcome(r.destroy, Status.OK);
      });
    }
  });

  // The same misuse from user code reached other ways, with only a handle
  // scope open: a property handler, the promise-reject handler, and a
  // FinalizationRegistry cleanup that OH_JSVM_PumpMessageLoop runs.
  describe('destroying or closing from a property handler, the promise-reject handler, a task', () => {
    const expected: Record<string, [number, RegExp]> = {
      destroyEnv: [Status.GENERIC_FAILURE, /^destroyEnv:9:the env is running a callback, finalizer or script/],
      destroyVM: [Status.GENERIC_FAILURE, /^destroyVM:9:user code of this VM is running/],
      closeVMScope: [Status.HANDLE_SCOPE_MISMATCH, /^closeVMScope:13:this VM scope was opened outside the native callback/],
    };
    for (const which of ['handler', 'reject', 'task']) {
      for (const call of Object.keys(expected)) {
        it(`${which}: ${call} refused; the VM goes on`, () => {
          const r = childReport(runInChild(`otherWaysMisuse(${JSON.stringify(which)}, ${JSON.stringify(call)})`));
          assert.ok(r.seen.length >= 1, 'the user code ran');
          for (const seen of r.seen) assert.match(seen, expected[call][1]);
          assert.strictEqual(r.after, '2');
          expectOutcome(r.closeHandleScope, Status.OK);
          expectOutcome(r.destroy, Status.OK);
        });
      }
    }
  });

  // Legal uses that must keep working next to the refusals above.
  describe('values and handlers across envs: what works', () => {
    it('a value of one env used in another env of the same VM (V8 allows it): set, get, call all OK', () => {
      const r = childReport(runInChild('foreignValues("sameVM")'));
      for (const name of ['setOnForeign', 'setForeignValue', 'getForeign', 'callForeign']) expectOutcome(r[name], Status.OK);
      assert.strictEqual(r.callResult, 'called 5');
      assert.strictEqual(r.evalOther, 'object {"a":1,"b":5}');
      for (const name of ['argvForeign', 'defineForeign', 'wrapForeign', 'typeofForeign', 'equalsForeign']) {
        expectOutcome(r[name], Status.OK);
      }
      assert.strictEqual(r.argvResult, 'object');
      expectOutcome(r.errorCodeForeign, Status.STRING_EXPECTED);  // a code must be a string
      assert.strictEqual(r.evalOwn, '{"own":[1,2]}');
      for (const name of ['classStaticForeign', 'classValueForeign', 'classHandlerDataForeign', 'classHandlerOwn']) {
        expectOutcome(r[name], Status.OK);
      }
      assert.strictEqual(r.callbackReturnsForeign, 'object');
      assert.strictEqual(r.handlerReturnsForeign, 'object');
      expectOutcome(r.destroyOther, Status.OK);
      expectOutcome(r.destroy, Status.OK);
    });

  });

  // An object of one VM given to an env of another would put a pointer to one
  // heap into the other: a crash at a later GC (on the device too). Refused.
  describe('values across VMs: an object of another VM is refused', () => {
    const refused = (name: string) =>
      new RegExp(`^${name.replace(/[[\]]/g, '\\$&')} is an object of another VM: a JSVM_Value can be given only to envs of the VM that made it`);
    for (const which of ['otherVM', 'otherVMgc']) {
      it(`${which}: every way of passing it (entry, argv, descriptor, optional, converted, typeof) is JSVM_INVALID_ARG naming it; both VMs go on`, () => {
        const run = runInChild(`foreignValues(${JSON.stringify(which)})`);
        const r = childReport(run);
        const expectations: Array<[string, string]> = [
          ['setOnForeign', 'object'], ['setForeignValue', 'value'], ['getForeign', 'object'], ['callForeign', 'func'],
          ['argvForeign', 'argv[0]'], ['defineForeign', 'properties[0].value'], ['errorCodeForeign', 'code'],
          ['wrapForeign', 'the object'], ['typeofForeign', 'value'], ['equalsForeign', 'lhs'],
        ];
        for (const [name, argument] of expectations) {
          expectOutcome(r[name], Status.INVALID_ARG);
          assert.match(r[name].message, refused(argument), `${name}: ${r[name].message}`);
        }
        for (const [name, argument] of [
          ['classStaticForeign', 'properties[0].value'], ['classValueForeign', 'properties[0].value'],
          ['classHandlerDataForeign', 'options.handlers->namedPropertyData'], ['createEnvForeign', 'properties[0].value'],
        ]) {
          expectOutcome(r[name], Status.INVALID_ARG);
          assert.match(r[name].message, refused(argument), `${name}: ${r[name].message}`);
        }
        // What user code returns to V8 is checked too: a JS Error instead.
        assert.strictEqual(r.callbackReturnsForeign,
          'the native callback returned an object of another VM: a JSVM_Value can be given only to envs of the VM that made it');
        assert.strictEqual(r.handlerReturnsForeign,
          'the property handler returned an object of another VM: a JSVM_Value can be given only to envs of the VM that made it');
        // The env's own objects, the same ways, with two VMs alive: all OK.
        for (const name of ['argvOwn', 'defineOwn', 'errorCodeOwn', 'wrapOwn', 'typeofOwn', 'equalsOwn', 'defineUnusedFields', 'classHandlerOwn']) {
          expectOutcome(r[name], Status.OK);
        }
        assert.strictEqual(r.callResult, undefined);
        assert.strictEqual(r.argvResult, undefined);
        assert.match(r.evalOther, /ReferenceError: foreign is not defined/, 'nothing of the other VM reached the global');
        assert.strictEqual(r.evalOwn, '{"own":[1,2]}');
        if (which === 'otherVMgc') assert.match(r.evalAfterGC, /ReferenceError: foreign is not defined/);
        expectOutcome(r.destroyOther, Status.OK);
        expectOutcome(r.destroy, Status.OK);
        assert.match(run.stderr, /E A03F00\/JSVM.*OH_JSVM_SetNamedProperty: value is an object of another VM/);
      });
    }
  });

  describe('handlers re-entering the env', () => {
    it('a promise-reject handler making objects, running scripts and rejecting new promises (recursion): no crash', () => {
      for (const which of ['plain', 'reject', 'evalReject', 'rejectEndless']) {
        const r = childReport(runInChild(`reentrantHandlers(${JSON.stringify(which)})`));
        expectOutcome(r.set, Status.OK);
        assert.strictEqual(r.reject, 'done');
        assert.deepStrictEqual(r.seen.slice(0, 2), ['create:0', 'eval:1']);
        assert.ok(which === 'plain' ? r.calls === 1 : r.calls > 50, `${which}: ${r.calls} calls`);
        assert.strictEqual(r.after, '2');
        expectOutcome(r.destroy, Status.OK);
      }
    });
  });
});
