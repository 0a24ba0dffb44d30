import assert from 'assert';

import { addon, expectOutcome, Status, ValueType } from './helpers/addon';

describe('values: primitives, strings, typeof, coercion', () => {
  describe('primitives', () => {
    const r = addon.primitives();
    it('creates singletons and numbers that JS reads back exactly', () => {
      assert.strictEqual(r.undefined, 'undefined');
      assert.strictEqual(r.null, 'null');
      assert.strictEqual(r.true, 'true');
      assert.strictEqual(r.globalHasMarker, true, 'GetGlobal returns the env global');
      assert.strictEqual(r.int32Min, '-2147483648');
      assert.strictEqual(r.uint32Max, '4294967295');
      assert.strictEqual(r.int64MaxSafe, '9007199254740991');
      assert.strictEqual(r.double, '0.1');
    });
    it('reads numbers back with Node-API conversions', () => {
      assert.strictEqual(r.int32FromMinus1_9, -1, 'truncates toward zero');
      assert.strictEqual(r.int32Wraps, 5, 'wraps modulo 2^32');
      assert.strictEqual(r.int32FromNaN, 0);
      assert.strictEqual(r.int64FromNaN, 0);
      assert.strictEqual(r.int64FromInfinity, 0);
      assert.strictEqual(r.uint32FromMinus1, 4294967295);
      assert.strictEqual(r.int64Big, 2 ** 40);
      assert.strictEqual(r.doubleBig, 2 ** 40 + 0.5);
      expectOutcome(r.getBool, Status.OK);
      assert.strictEqual(r.boolValue, true);
    });
    it('refuses wrong types with NUMBER_EXPECTED / BOOLEAN_EXPECTED', () => {
      for (const name of ['int32FromString', 'uint32FromString', 'int64FromString', 'doubleFromString']) {
        expectOutcome(r[name], Status.NUMBER_EXPECTED, /number was expected/);
      }
      expectOutcome(r.boolFromString, Status.BOOLEAN_EXPECTED, /boolean was expected/);
    });
    it('refuses null arguments with INVALID_ARG', () => {
      for (const name of ['getUndefinedNullResult', 'getNullNullResult', 'getGlobalNullResult', 'getBooleanNullResult',
        'createInt32NullResult', 'createUint32NullResult', 'createInt64NullResult', 'createDoubleNullResult',
        'createInt32NullEnv', 'int32NullValue', 'int32NullResult', 'doubleNullResult', 'boolNullValue']) {
        expectOutcome(r[name], Status.INVALID_ARG);
      }
    });
  });

  describe('strings', () => {
    const r = addon.strings();
    it('creates UTF-8, UTF-16 and Latin-1 strings, with auto and explicit lengths', () => {
      assert.strictEqual(r.utf8Auto, 'héllo 😀');
      assert.strictEqual(r.utf8Cut, 'hello');
      assert.strictEqual(r.utf8EmbeddedNulLength, '3');
      assert.strictEqual(r.utf16Auto, 'grüße 😀');
      assert.strictEqual(r.utf16Cut, 'gr');
      assert.strictEqual(r.latin1Auto, 'café');
      assert.strictEqual(r.nullWithZeroLength, '[]');
    });
    it('refuses a NULL string with a length, a NULL result and an oversized length', () => {
      for (const name of ['utf8NullWithLength', 'utf16NullWithLength', 'latin1NullWithLength']) {
        expectOutcome(r[name], Status.INVALID_ARG, /str is NULL/);
      }
      for (const name of ['utf8NullResult', 'utf16NullResult', 'latin1NullResult']) {
        expectOutcome(r[name], Status.INVALID_ARG);
      }
      expectOutcome(r.utf8TooLong, Status.INVALID_ARG, /too long/);
    });
    it('UTF-8 out: length query, full copy, truncation on a character boundary, NUL', () => {
      expectOutcome(r.utf8Length, Status.OK);
      assert.strictEqual(r.utf8LengthValue, Buffer.byteLength('héllo 😀'));
      assert.strictEqual(r.utf8Full, 'héllo 😀');
      assert.strictEqual(r.utf8FullNul, true);
      assert.strictEqual(r.utf8Trunc4, 'hé');
      assert.strictEqual(r.utf8Trunc4Copied, 3);
      assert.strictEqual(r.utf8Trunc4Nul, true);
      assert.strictEqual(r.utf8Trunc3, 'h', 'never half a character');
      assert.strictEqual(r.utf8ZeroSize, 0);
      assert.strictEqual(r.utf8TruncEmoji, 'héllo ', 'never half of a 4-byte character');
      assert.strictEqual(r.utf8LoneLength, 5, 'a lone surrogate counts as U+FFFD');
      assert.strictEqual(r.utf8Lone, 'a\ufffdb', 'a lone surrogate is written as U+FFFD');
      expectOutcome(r.utf8BufWithoutResult, Status.OK);
      expectOutcome(r.utf8NoBufNoResult, Status.INVALID_ARG);
      expectOutcome(r.utf8NotString, Status.STRING_EXPECTED);
      expectOutcome(r.utf8NullValue, Status.INVALID_ARG);
    });
    it('UTF-16 out counts code units', () => {
      assert.strictEqual(r.utf16LengthValue, 'héllo 😀'.length);
      assert.strictEqual(r.utf16Trunc4Copied, 3);
      assert.strictEqual(r.utf16Trunc4, 'hél');
      assert.strictEqual(r.utf16Trunc4Nul, true);
      expectOutcome(r.utf16NotString, Status.STRING_EXPECTED);
    });
    it('Latin-1 out gives one byte per character', () => {
      assert.strictEqual(r.latin1LengthValue, 4);
      assert.deepStrictEqual([...r.latin1Bytes], [0x63, 0x61, 0x66, 0xe9]);
      assert.strictEqual(r.latin1Trunc3, 'ca');
      expectOutcome(r.latin1NotString, Status.STRING_EXPECTED);
    });
  });

  it('typeof distinguishes every JS type', () => {
    const r = addon.typeofAll();
    const expected: Record<string, ValueType> = {
      'undefined': ValueType.UNDEFINED,
      'null': ValueType.NULL,
      'true': ValueType.BOOLEAN,
      '1.5': ValueType.NUMBER,
      "'s'": ValueType.STRING,
      "Symbol('x')": ValueType.SYMBOL,
      '({})': ValueType.OBJECT,
      '[]': ValueType.OBJECT,
      '(function () {})': ValueType.FUNCTION,
      '(class {})': ValueType.FUNCTION,
      '10n': ValueType.BIGINT,
      'new Date()': ValueType.OBJECT,
      '/re/': ValueType.OBJECT,
      'new Proxy({}, {})': ValueType.OBJECT,
    };
    for (const [source, type] of Object.entries(expected)) {
      assert.strictEqual(r[source], type, source);
    }
    expectOutcome(r.nullValue, Status.INVALID_ARG);
    expectOutcome(r.nullResult, Status.INVALID_ARG);
  });

  describe('coercion', () => {
    const r = addon.coercion();
    it('follows the abstract operations, calling valueOf and toString', () => {
      assert.strictEqual(r.toNumberValue, '41');
      assert.strictEqual(r.toStringValue, 'obj');
      assert.strictEqual(r.toBoolValue, 'false');
      assert.strictEqual(r.toObjectType, ValueType.OBJECT);
      assert.strictEqual(r.stringToNumber, '12');
    });
    // The docs: NUMBER_EXPECTED / STRING_EXPECTED when the value cannot be converted.
    it('a conversion that throws is NUMBER_EXPECTED / STRING_EXPECTED, what it threw left pending', () => {
      expectOutcome(r.toNumberThrows, Status.NUMBER_EXPECTED);
      assert.strictEqual(r.toNumberException, 'RangeError: no number');
      expectOutcome(r.symbolToString, Status.STRING_EXPECTED);
      assert.match(r.symbolToStringException, /^TypeError: Cannot convert a Symbol/);
    });
    it('null to object is OBJECT_EXPECTED and leaves its TypeError pending, as on the device', () => {
      expectOutcome(r.nullToObject, Status.OBJECT_EXPECTED);
      assert.strictEqual(r.nullToObjectLeavesNoException, false);
    });
    it('null arguments are INVALID_ARG', () => {
      for (const name of ['toNumberNullValue', 'toStringNullResult', 'toBoolNullValue', 'toObjectNullResult']) {
        expectOutcome(r[name], Status.INVALID_ARG);
      }
    });
  });

  describe('objects and functions', () => {
    const r = addon.objectsAndFunctions();
    it('creates objects and sets, gets and tests named properties', () => {
      expectOutcome(r.createObject, Status.OK);
      expectOutcome(r.createObjectNullResult, Status.INVALID_ARG);
      assert.strictEqual(r.gotSeven, '7');
      assert.strictEqual(r.hasSeven, true);
      assert.strictEqual(r.hasInherited, true, 'HasNamedProperty sees the prototype chain');
      assert.strictEqual(r.hasMissing, false);
      assert.strictEqual(r.getMissing, 'undefined');
      assert.strictEqual(r.seenFromJs, '{"seven":7}');
      assert.strictEqual(r.stringLength, '3', 'primitives are boxed');
    });
    it('refuses null and undefined targets and null arguments', () => {
      for (const name of ['setOnNull', 'getOnNull', 'hasOnNull']) expectOutcome(r[name], Status.OBJECT_EXPECTED);
      for (const name of ['setNullName', 'setNullValue', 'getNullResult', 'hasNullResult', 'getNullObject']) {
        expectOutcome(r[name], Status.INVALID_ARG);
      }
    });
    it('accessors that throw leave the exception pending', () => {
      expectOutcome(r.getterThrows, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.getterException, 'Error: getter threw');
      expectOutcome(r.setterThrows, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.setterException, 'Error: setter threw');
    });
    it('native functions are callable from JS with names, arguments, this and data', () => {
      expectOutcome(r.createFunction, Status.OK);
      assert.strictEqual(r.jsCallsNative, '42,add,describe');
      assert.strictEqual(r.cbInfo, '0|object|described 3|object|described 1|object|described');
      assert.strictEqual(r.unnamed, 'Hello world!||');
      // A NULL callback makes a function that returns undefined, as on the device.
      expectOutcome(r.createFunctionNullCb, Status.OK);
      expectOutcome(r.createFunctionNullCallback, Status.OK);
      expectOutcome(r.createFunctionNullResult, Status.INVALID_ARG);
    });
    it('CallFunction calls native and JS functions with a receiver and arguments', () => {
      expectOutcome(r.callNative, Status.OK);
      assert.strictEqual(r.callNativeResult, '42');
      expectOutcome(r.callJs, Status.OK);
      assert.strictEqual(r.callJsResult, 'recv-2-40');
      expectOutcome(r.callJsNoResult, Status.OK);
      // The docs list no FUNCTION_EXPECTED for CallFunction; Node-API answers napi_invalid_arg.
      expectOutcome(r.callNotFunction, Status.INVALID_ARG, /not a function/);
      expectOutcome(r.callNullFunction, Status.INVALID_ARG);
      expectOutcome(r.callNullRecv, Status.INVALID_ARG);
      expectOutcome(r.callArgcWithoutArgv, Status.INVALID_ARG);
      expectOutcome(r.getCbInfoNullInfo, Status.INVALID_ARG);
      assert.strictEqual(r.getCbInfoArgvWithoutArgc, String(Status.INVALID_ARG));
    });
    it('a JS throw makes the exception pending, and calls refuse until it is cleared', () => {
      expectOutcome(r.callThrows, Status.PENDING_EXCEPTION);
      expectOutcome(r.callWhilePending, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.callException, 'TypeError: from js');
      expectOutcome(r.callAfterClear, Status.OK);
    });
  });
});
