import assert from 'assert';

import { flushHilog, parseHilogLine, setHilogStderr } from '../ets/hilog';
import { addon, expectOutcome, Report, Status } from './helpers/addon';

// OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true): where the device ends
// the process ("Run in wrong HandleScope"), a call given a JSVM_Value from a
// closed handle scope is refused with JSVM_INVALID_ARG and logged; the env goes
// on. (Bad option / NULL / destroyed env: runtime-services-loop.spec.ts.)
describe('JSVM_SCOPE_CHECK', () => {
  const run = (name: string): Report => (addon as any)[name]();
  const stale = (name: string) =>
    new RegExp(
      `^${name.replace(/[[\]]/g, '\\$&')} is a JSVM_Value from a handle scope that has been closed \\(JSVM_SCOPE_CHECK\\)$`,
    );

  describe('a value from a closed scope is refused', () => {
    let r: Report;
    let lines: string[];
    before(() => {
      flushHilog();
      setHilogStderr(false);
      try {
        r = run('scopeCheckStaleRefused');
      } finally {
        lines = flushHilog();
        setHilogStderr(true);
      }
    });

    it('typeof and the docs example (IsBoolean)', () => {
      expectOutcome(r.enable, Status.OK);
      expectOutcome(r.typeof, Status.INVALID_ARG, stale('value'));
      expectOutcome(r.isBoolean, Status.INVALID_ARG, stale('value'));
    });

    it('a property get with a stale object or a stale key', () => {
      expectOutcome(r.getStaleObject, Status.INVALID_ARG, stale('object'));
      expectOutcome(r.getStaleKey, Status.INVALID_ARG, stale('key'));
      expectOutcome(r.getNamedStaleObject, Status.INVALID_ARG, stale('object'));
    });

    it('CallFunction / NewInstance with a stale argv element, CallFunction of a stale function', () => {
      expectOutcome(r.callStaleArgv, Status.INVALID_ARG, stale('argv[1]'));
      expectOutcome(r.newInstanceStaleArgv, Status.INVALID_ARG, stale('argv[1]'));
      expectOutcome(r.callStaleFunction, Status.INVALID_ARG, stale('func'));
    });

    it('optional arguments, Unwrap, property descriptors', () => {
      expectOutcome(r.createErrorStaleCode, Status.INVALID_ARG, stale('code'));
      expectOutcome(r.createSymbolStaleDescription, Status.INVALID_ARG, stale('description'));
      expectOutcome(r.unwrapStaleObject, Status.INVALID_ARG, stale('the object'));
      expectOutcome(r.definePropertiesStaleValue, Status.INVALID_ARG, stale('properties[0].value'));
    });

    it('nothing was done; the env goes on', () => {
      expectOutcome(r.afterwards, Status.OK);
      assert.strictEqual(r.afterwardsHasP, false);
      assert.strictEqual(r.afterwardsEval, '42');
    });

    it('each refusal is logged through HiLog, naming the API function where the entry checked it', () => {
      const messages = lines.map((line) => parseHilogLine(line)!).filter((l) => l.tag === 'JSVM').map((l) => l.message);
      const refusals = messages.filter((m) => m.includes('from a handle scope that has been closed'));
      assert.strictEqual(refusals.length, 12, messages.join('\n'));
      assert.ok(
        refusals.includes(
          'OH_JSVM_Typeof: value is a JSVM_Value from a handle scope that has been closed (JSVM_SCOPE_CHECK); ' +
            'the call was refused',
        ),
        refusals.join('\n'),
      );
      const line = lines.find((l) => l.includes('OH_JSVM_Typeof: value is'))!;
      assert.deepStrictEqual([parseHilogLine(line)!.level, parseHilogLine(line)!.domain], ['E', 0x3f00]);
    });
  });

  it('live values pass: an open scope, an escaped value, a reused slot, undefined / null / global', () => {
    const r = run('scopeCheckLiveAccepted');
    expectOutcome(r.openScope, Status.OK);
    expectOutcome(r.outerScope, Status.OK);
    expectOutcome(r.innerClosed, Status.INVALID_ARG, stale('value'));
    expectOutcome(r.openScopeAfterItsClose, Status.INVALID_ARG, stale('value'));
    expectOutcome(r.escaped, Status.OK);
    assert.strictEqual(r.escapedType, 4 /* JSVM_STRING */);
    assert.strictEqual(r.reusedSameSlot, true, 'V8 hands the slot out again');
    expectOutcome(r.reused, Status.OK);
    assert.strictEqual(r.reusedType, 4 /* JSVM_STRING: the new value */);
    expectOutcome(r.undefined, Status.OK);
    expectOutcome(r.null, Status.OK);
    expectOutcome(r.global, Status.OK);
    expectOutcome(r.undefinedOfClosedScope, Status.OK);
    expectOutcome(r.callLiveArgv, Status.OK);
    expectOutcome(r.nullOptional, Status.OK);
    expectOutcome(r.firstOfBigScope, Status.INVALID_ARG, stale('value'));
  });

  it("a native callback's arguments and this pass; a value of a scope it closed does not", () => {
    const r = run('scopeCheckCallbackValues');
    assert.strictEqual(r.call, 'done');
    expectOutcome(r.arg, Status.OK);
    expectOutcome(r.this, Status.OK);
    expectOutcome(r.argAfterInnerScope, Status.OK);
    expectOutcome(r.innerScopeValue, Status.INVALID_ARG, stale('value'));
    expectOutcome(r.strictEqualsArgs, Status.OK);
  });

  it('off (the default, or switched off again), nothing is checked; per env', () => {
    const r = run('scopeCheckToggle');
    // With an exception pending: off, the call stops there without reading the
    // stale value; on, the scope check comes first.
    expectOutcome(r.offByDefault, Status.PENDING_EXCEPTION);
    expectOutcome(r.on, Status.INVALID_ARG, stale('lhs'));
    expectOutcome(r.offAgain, Status.PENDING_EXCEPTION);
    expectOutcome(r.onAgain, Status.INVALID_ARG, stale('lhs'));
    assert.strictEqual(r.reusedSameSlot, true);
    expectOutcome(r.reusedOn, Status.OK);
    assert.strictEqual(r.reusedOnEqual, true);
    expectOutcome(r.reusedOff, Status.OK);
    assert.strictEqual(r.reusedOffEqual, true);
    expectOutcome(r.otherEnvOff, Status.PENDING_EXCEPTION);
  });

  // The docs (use-jsvm-about-debug-option): with the option on, a call that
  // makes a JSVM_Value logs "ADD_VAL_TO_SCOPE_CHECK in function: <name>", one
  // that checks the JSVM_Values it is given "CHECK_SCOPE in function: <name>".
  it('on, each call logs the device\'s lines: CHECK_SCOPE for values it checks, ADD_VAL_TO_SCOPE_CHECK for one it makes', () => {
    flushHilog();
    setHilogStderr(false);
    let r: Report;
    let lines: string[];
    try {
      r = run('scopeCheckPerCallLines');
    } finally {
      lines = flushHilog();
      setHilogStderr(true);
    }
    expectOutcome(r.enable, Status.OK);
    expectOutcome(r.isBoolean, Status.OK);
    expectOutcome(r.call, Status.OK);
    assert.strictEqual(r.sum, 42);
    // The lines logged after each step marker, up to the next.
    const steps = new Map<string, string[]>();
    let current = '';
    for (const line of lines) {
      const parsed = parseHilogLine(line)!;
      if (parsed.tag === 'SCOPE_STEP') {
        current = parsed.message;
        steps.set(current, []);
      } else if (parsed.tag === 'JSVM' && current) {
        steps.get(current)!.push(`${parsed.level} ${parsed.message}`);
      }
    }
    assert.deepStrictEqual(steps.get('off'), []);
    assert.deepStrictEqual(steps.get('GetBoolean'), ['I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_GetBoolean']);
    assert.deepStrictEqual(steps.get('IsBoolean'), ['I CHECK_SCOPE in function: OH_JSVM_IsBoolean']);
    assert.deepStrictEqual(steps.get('CreateObject'), ['I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_CreateObject']);
    // Its object is checked in its body, after the entry logged the value it makes.
    assert.deepStrictEqual(steps.get('GetNamedProperty'), [
      'I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_GetNamedProperty',
      'I CHECK_SCOPE in function: OH_JSVM_GetNamedProperty',
    ]);
    // One CHECK_SCOPE line for recv, func and both argv elements.
    assert.deepStrictEqual(steps.get('CallFunction itself'), [
      'I CHECK_SCOPE in function: OH_JSVM_CallFunction',
      'I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_CallFunction',
    ]);
    assert.deepStrictEqual(steps.get('GetValueInt32'), ['I CHECK_SCOPE in function: OH_JSVM_GetValueInt32']);
    // Made through helpers shared by several API functions: the lines name the API function, once.
    assert.deepStrictEqual(steps.get('CreateStringUtf8'), ['I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_CreateStringUtf8']);
    expectOutcome(r.compileWithOptions, Status.OK);
    assert.deepStrictEqual(steps.get('CompileScriptWithOptions'), ['I CHECK_SCOPE in function: OH_JSVM_CompileScriptWithOptions']);
    // Optional JSVM_Value outputs: ADD_VAL when the caller gives one.
    expectOutcome(r.typedInfo, Status.OK);
    assert.strictEqual(r.typedLength, 8);
    assert.deepStrictEqual(steps.get('GetTypedarrayInfo with arraybuffer'), [
      'I CHECK_SCOPE in function: OH_JSVM_GetTypedarrayInfo',
      'I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_GetTypedarrayInfo',
    ]);
    assert.deepStrictEqual(steps.get('GetTypedarrayInfo without'), ['I CHECK_SCOPE in function: OH_JSVM_GetTypedarrayInfo']);
    expectOutcome(r.then, Status.OK);
    assert.deepStrictEqual(steps.get('PromiseRegisterHandler with result'), [
      'I CHECK_SCOPE in function: OH_JSVM_PromiseRegisterHandler',
      'I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_PromiseRegisterHandler',
    ]);
    assert.deepStrictEqual(steps.get('PromiseRegisterHandler without'), ['I CHECK_SCOPE in function: OH_JSVM_PromiseRegisterHandler']);
    expectOutcome(r.cbInfoCall, Status.OK);
    assert.deepStrictEqual(steps.get('GetCbInfo with argv and thisArg'), ['I ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_GetCbInfo']);
    assert.deepStrictEqual(steps.get('GetCbInfo without'), []);
    assert.deepStrictEqual(steps.get('off again'), []);
  });
});
