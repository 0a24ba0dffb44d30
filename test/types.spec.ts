import assert from 'assert';

import { addon, expectOutcome, Outcome, Report, Status } from './helpers/addon';

// Statuses the shared enum does not list.
const BIGINT_EXPECTED = 17 as Status;
const DATE_EXPECTED = 18 as Status;
const INVALID_TYPE = 24 as Status;

interface TypesAddon {
  typeChecks(): Report;
  instanceofAndEquality(): Report;
  symbols(): Report;
  bigints(): Report;
  externalStrings(): Report;
  proxies(): Report;
  json(): Report;
  dates(): Report;
  regexps(): Report;
}

const types = addon as unknown as TypesAddon;

/** Asserts that every named outcome of `r` has `status` (and, if given, a matching message). */
function expectAll(r: Report, names: string[], status: Status, message?: RegExp): void {
  for (const name of names) {
    assert.ok(r[name], `the scenario did not report ${name}`);
    assert.strictEqual((r[name] as Outcome).status, status, `${name}: ${r[name].status} (${r[name].message})`);
    if (message) assert.match(r[name].message, message, name);
  }
}

describe('types: type checks, symbols, BigInt, external strings, Proxy, JSON, Date, RegExp', () => {
  describe('OH_JSVM_Is* type checks', () => {
    const r = types.typeChecks();
    // Which samples (labels in test/addon/types.cc) each check accepts, per ECMAScript.
    const callables = ['function', 'arrow', 'class', 'asyncFunction', 'method', 'bound', 'functionProxy'];
    const expected: Record<string, string[]> = {
      IsArray: ['array'],
      IsArraybuffer: ['arraybuffer'],
      IsDate: ['date'],
      IsTypedarray: ['typedarray'],
      IsDataview: ['dataview'],
      IsPromise: ['promise'],
      IsCallable: callables,
      IsUndefined: ['undefined'],
      IsNull: ['null'],
      IsNullOrUndefined: ['undefined', 'null'],
      IsBoolean: ['boolean'],
      IsNumber: ['number'],
      IsString: ['string'],
      IsSymbol: ['symbol'],
      IsFunction: callables,
      IsObject: ['object', 'arrayLike', 'array', 'arraybuffer', 'typedarray', 'dataview', 'date', 'promise',
        'thenable', 'function', 'arrow', 'class', 'asyncFunction', 'method', 'bound', 'map', 'weakMap', 'set',
        'regexp', 'wasmModule', 'bigintObject', 'booleanObject', 'stringObject', 'numberObject', 'symbolObject',
        'proxy', 'functionProxy'],
      IsBigInt: ['bigint'],
      IsMap: ['map'],
      IsSet: ['set'],
      IsRegExp: ['regexp'],
      // Arrows, async functions and methods have no [[Construct]].
      IsConstructor: ['function', 'class', 'bound', 'functionProxy'],
      IsWasmModuleObject: ['wasmModule'],
      IsBigIntObject: ['bigintObject'],
      IsBooleanObject: ['booleanObject'],
      IsStringObject: ['stringObject'],
      IsNumberObject: ['numberObject'],
      IsSymbolObject: ['symbolObject'],
      IsProxy: ['proxy', 'functionProxy'],
    };
    const checks = Object.keys(expected);

    it('every sample value was created', () => {
      assert.deepStrictEqual(r.samplesThatFailed, []);
      assert.strictEqual(checks.length, 28);
    });
    for (const check of checks) {
      it(`${check} is true exactly for ${expected[check].length === 1 ? expected[check][0] : 'its kinds'}`, () => {
        assert.deepStrictEqual(r[`${check}:failures`], [], 'every call returned JSVM_OK');
        assert.deepStrictEqual(r[check], expected[check]);
      });
    }
    it('a false answer overwrites the result', () => {
      assert.deepStrictEqual(r.falseLeftTrue, []);
    });
    it('a NULL env, value or result is INVALID_ARG', () => {
      for (const check of checks) {
        expectOutcome(r[`${check}:nullEnv`], Status.INVALID_ARG, /env is NULL/);
        expectOutcome(r[`${check}:nullValue`], Status.INVALID_ARG);
        expectOutcome(r[`${check}:nullResult`], Status.INVALID_ARG);
      }
    });
    it('checks only read the value, so they work while an exception is pending', () => {
      expectOutcome(r.isArrayWhilePending, Status.OK);
      assert.strictEqual(r.isArrayWhilePendingValue, true);
      assert.strictEqual(r.stillPending, 'Error: left pending', 'the exception stays pending');
    });
  });

  describe('Instanceof, StrictEquals, Equals', () => {
    const r = types.instanceofAndEquality();
    it('Instanceof follows the prototype chain through subclasses', () => {
      const cases: Record<string, boolean> = {
        derivedOfDerived: true,
        derivedOfBase: true,
        baseOfDerived: false,
        derivedOfOther: false,
        derivedOfObject: true,
        primitiveOfNumber: false,
      };
      for (const [name, value] of Object.entries(cases)) {
        expectOutcome(r[`instanceof:${name}`], Status.OK);
        assert.strictEqual(r[`instanceof:${name}:value`], value, name);
      }
    });
    it('Instanceof honours Symbol.hasInstance', () => {
      expectOutcome(r['instanceof:hasInstanceYes'], Status.OK);
      assert.strictEqual(r['instanceof:hasInstanceYes:value'], true, '42 instanceof OnlyFortyTwo');
      assert.strictEqual(r['instanceof:hasInstanceNo:value'], false, '43 instanceof OnlyFortyTwo');
    });
    it('a constructor that is not a function is FUNCTION_EXPECTED, with nothing thrown', () => {
      expectOutcome(r.instanceofNotFunction, Status.FUNCTION_EXPECTED, /function was expected/);
      assert.strictEqual(r.instanceofNotFunctionPending, '');
      expectOutcome(r.instanceofNumberCtor, Status.FUNCTION_EXPECTED);
    });
    it('a throwing Symbol.hasInstance leaves its exception pending', () => {
      expectOutcome(r.instanceofThrows, Status.PENDING_EXCEPTION);
      expectOutcome(r.instanceofWhilePending, Status.PENDING_EXCEPTION, /pending/);
      assert.strictEqual(r.instanceofException, 'RangeError: no instances here');
    });
    it('a function without an object prototype throws a TypeError, as instanceof does', () => {
      expectOutcome(r.instanceofArrow, Status.PENDING_EXCEPTION);
      assert.match(r.instanceofArrowException, /^TypeError: .*prototype/);
    });
    it('Instanceof refuses NULL arguments', () => {
      expectOutcome(r.instanceofNullEnv, Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['instanceofNullObject', 'instanceofNullConstructor', 'instanceofNullResult'], Status.INVALID_ARG);
    });
    it('Equals is ==, StrictEquals is ===', () => {
      const expected: Record<string, string> = {
        stringOneNumberOne: '== !==',
        numberOneNumberOne: '== ===',
        nullUndefined: '== !==',
        nullZero: '!= !==',
        nanNan: '!= !==',
        zeroMinusZero: '== ===',
        sameObject: '== ===',
        twoObjects: '!= !==',
        bigintNumber: '== !==',
        valueOfFive: '== !==',
        sameSymbol: '== ===',
        twoSymbols: '!= !==',
        stringObjectString: '== !==',
      };
      for (const [name, value] of Object.entries(expected)) {
        assert.strictEqual(r[`eq:${name}`], value, name);
      }
    });
    it('Equals runs valueOf: a throw is PENDING_EXCEPTION; StrictEquals never calls it, refuses while one is pending (docs)', () => {
      expectOutcome(r.equalsThrows, Status.PENDING_EXCEPTION);
      expectOutcome(r.equalsWhilePending, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.equalsException, 'TypeError: valueOf refused');
      expectOutcome(r.strictEqualsWhilePending, Status.PENDING_EXCEPTION);
      expectOutcome(r.strictEqualsNoValueOf, Status.OK);
      assert.strictEqual(r.strictEqualsNoValueOfPending, '');
    });
    it('Equals and StrictEquals refuse NULL arguments', () => {
      expectOutcome(r.equalsNullEnv, Status.INVALID_ARG, /env is NULL/);
      expectOutcome(r.strictEqualsNullEnv, Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['equalsNullLhs', 'equalsNullRhs', 'equalsNullResult', 'strictEqualsNullLhs',
        'strictEqualsNullRhs', 'strictEqualsNullResult'], Status.INVALID_ARG);
    });
  });

  describe('symbols', () => {
    const r = types.symbols();
    it('CreateSymbol makes a new, unregistered symbol with its description', () => {
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.created, 'symbol|described|Symbol(described)|false|false|undefined');
      expectOutcome(r.createNoDescription, Status.OK);
      assert.strictEqual(r.createdNoDescription, 'symbol|undefined|Symbol()');
      assert.strictEqual(r.usableAsKey, '1||0|1', 'a distinct, non-enumerable-by-keys property key');
    });
    it('CreateSymbol wants a string description', () => {
      expectOutcome(r.createNumberDescription, Status.STRING_EXPECTED, /string was expected/);
      expectOutcome(r.createSymbolDescription, Status.STRING_EXPECTED);
      expectOutcome(r.createNullResult, Status.INVALID_ARG);
      expectOutcome(r.createNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('SymbolFor is Symbol.for: registered, shared, cut to length, UTF-8', () => {
      for (const name of ['for', 'forCut', 'forEmpty', 'forUtf8']) expectOutcome(r[name], Status.OK);
      assert.strictEqual(r.registered, 'symbol|true|true|registered|registered');
      assert.strictEqual(r.registeredCut, 'true|registered');
      assert.strictEqual(r.registeredEmpty, 'true|""');
      assert.strictEqual(r.registeredUtf8, 'true|4');
    });
    it('the registry is shared by the envs of a VM', () => {
      assert.strictEqual(r.otherEnvSameSymbol, true);
      assert.strictEqual(r.otherEnvSeesRegistry, 'true');
    });
    it('SymbolFor refuses bad arguments', () => {
      expectOutcome(r.forNullWithLength, Status.INVALID_ARG, /NULL/);
      expectOutcome(r.forTooLong, Status.INVALID_ARG);
      expectOutcome(r.forNullResult, Status.INVALID_ARG);
      expectOutcome(r.forNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    const wellKnown = ['AsyncIterator', 'HasInstance', 'IsConcatSpreadable', 'Match', 'Replace', 'Search', 'Split',
      'ToPrimitive', 'Unscopables', 'ToStringTag', 'Iterator'];
    it('each GetSymbol* returns the well-known symbol of its name', () => {
      for (const name of wellKnown) {
        expectOutcome(r[`wk:${name}`], Status.OK);
        assert.strictEqual(r[`wk:${name}:js`], 'true', name);
      }
    });
    it('the well-known symbols drive the language', () => {
      assert.strictEqual(r.iterateWithNativeKey, '1,2');
      assert.strictEqual(r.toStringTagWithNativeKey, '[object Tagged]');
    });
    it('each GetSymbol* refuses a NULL env or result', () => {
      for (const name of wellKnown) {
        expectOutcome(r[`wk:${name}:nullResult`], Status.INVALID_ARG);
        expectOutcome(r[`wk:${name}:nullEnv`], Status.INVALID_ARG, /env is NULL/);
      }
    });
  });

  describe('BigInt', () => {
    const r = types.bigints();
    it('CreateBigintInt64 / Uint64 cover the full 64-bit ranges', () => {
      expectOutcome(r.int64Min, Status.OK);
      assert.strictEqual(r.int64MinJs, 'bigint|true');
      assert.strictEqual(r.int64MinusFiveJs, 'bigint|true');
      expectOutcome(r.uint64Max, Status.OK);
      assert.strictEqual(r.uint64MaxJs, 'bigint|true');
    });
    it('CreateBigintWords reads little-endian words and a sign', () => {
      expectOutcome(r.words, Status.OK);
      assert.strictEqual(r.wordsJs, 'bigint|true', '[0, 64] is 2n ** 70n');
      assert.strictEqual(r.wordsNegativeJs, 'true', 'sign 1, [1, 1] is -(2n ** 64n + 1n)');
      assert.strictEqual(r.wordsNegativeZeroJs, 'true|0', 'there is no negative zero BigInt');
      expectOutcome(r.wordsNone, Status.OK);
      assert.strictEqual(r.wordsNoneJs, 'bigint|true');
      // A NULL pointer is INVALID_ARG, even when no word would be read.
      expectOutcome(r.wordsNoneNull, Status.INVALID_ARG);
    });
    it('too many words throw a RangeError', () => {
      expectOutcome(r.wordsTooMany, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.wordsTooManyResultUntouched, true);
      expectOutcome(r.wordsWhilePending, Status.PENDING_EXCEPTION);
      assert.match(r.wordsTooManyException, /^RangeError: .*BigInt/);
    });
    it('creation refuses NULL arguments and a word count beyond INT_MAX', () => {
      expectAll(r, ['int64NullResult', 'uint64NullResult', 'wordsNullResult', 'wordsNullWords'], Status.INVALID_ARG);
      expectAll(r, ['int64NullEnv', 'uint64NullEnv', 'wordsNullEnv'], Status.INVALID_ARG, /env is NULL/);
      expectOutcome(r.wordsCountOverInt, Status.INVALID_ARG, /too large/);
    });
    it('GetValueBigintInt64 wraps modulo 2^64 and says when it lost information', () => {
      const expected: Record<string, string> = {
        minus42: '-42 lossless',
        int64Max: '9223372036854775807 lossless',
        int64Min: '-9223372036854775808 lossless',
        twoTo63: '-9223372036854775808 lossy',
        twoTo64Plus7: '7 lossy',
        uint64Max: '-1 lossy',
        minusOne: '-1 lossless',
        zero: '0 lossless',
      };
      for (const [name, value] of Object.entries(expected)) assert.strictEqual(r[`int64:${name}`], value, name);
      assert.strictEqual(r.losslessOverwritten, true, 'lossless is set to false, not left as it was');
    });
    it('GetValueBigintUint64 wraps modulo 2^64 and says when it lost information', () => {
      const expected: Record<string, string> = {
        minus42: `${2n ** 64n - 42n} lossy`,
        int64Max: '9223372036854775807 lossless',
        int64Min: '9223372036854775808 lossy',
        twoTo63: '9223372036854775808 lossless',
        twoTo64Plus7: '7 lossy',
        uint64Max: '18446744073709551615 lossless',
        minusOne: '18446744073709551615 lossy',
        zero: '0 lossless',
      };
      for (const [name, value] of Object.entries(expected)) assert.strictEqual(r[`uint64:${name}`], value, name);
    });
    it('GetValueBigint* want a BigInt primitive and every pointer', () => {
      expectAll(r, ['int64FromNumber', 'int64FromBoxed', 'uint64FromNumber'], BIGINT_EXPECTED, /bigint was expected/);
      expectAll(r, ['int64NullValue', 'int64NullOut', 'int64NullLossless', 'uint64NullValue', 'uint64NullOut',
        'uint64NullLossless'], Status.INVALID_ARG);
      expectAll(r, ['getInt64NullEnv', 'getUint64NullEnv'], Status.INVALID_ARG, /env is NULL/);
    });
    it('GetValueBigintWords: length query with NULL words, then a full copy', () => {
      expectOutcome(r.wordsQuery, Status.OK);
      assert.strictEqual(r.wordsQueryCount, 3, '-(2n ** 128n + 5n) needs three words');
      expectOutcome(r.wordsFull, Status.OK);
      assert.strictEqual(r.wordsFullCount, 3);
      assert.strictEqual(r.wordsFullSign, 1);
      assert.strictEqual(r.wordsFullWords, '5,0,1');
      assert.strictEqual(r.wordsFullSpareUntouched, true);
      assert.strictEqual(r.wordsRoundTrip, 'true');
      assert.strictEqual(r.wordsPositive, '0|2|0,1');
      assert.strictEqual(r.wordsZeroQuery, 0);
    });
    it('GetValueBigintWords truncates to the buffer and reports the words needed', () => {
      expectOutcome(r.wordsTruncated, Status.OK);
      assert.strictEqual(r.wordsTruncatedWords, '5,0', 'the least significant words');
      assert.strictEqual(r.wordsTruncatedBeyondUntouched, true);
      assert.strictEqual(r.wordsTruncatedSign, 1);
      assert.strictEqual(r.wordsTruncatedCount, 3);
    });
    it('GetValueBigintWords refuses a non-BigInt and NULL arguments', () => {
      expectAll(r, ['wordsOfNumber', 'wordsOfNumberQuery'], BIGINT_EXPECTED);
      expectAll(r, ['wordsNullValue', 'wordsNullCount', 'wordsNullSign'], Status.INVALID_ARG);
      expectOutcome(r.getWordsNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('CoerceToBigInt is ToBigInt', () => {
      const expected: Record<string, string> = {
        string: 'bigint 123',
        hexString: 'bigint 31',
        emptyString: 'bigint 0',
        true: 'bigint 1',
        bigint: 'bigint -9',
        valueOf: 'bigint 7',
        array: 'bigint 8',
      };
      for (const [name, value] of Object.entries(expected)) assert.strictEqual(r[`coerce:${name}`], value, name);
    });
    it('CoerceToBigInt throws as ToBigInt throws', () => {
      const expected: Record<string, RegExp> = {
        number: /^TypeError: .*42/,
        undefined: /^TypeError: /,
        null: /^TypeError: /,
        symbol: /^TypeError: /,
        notDigits: /^SyntaxError: .*12abc/,
        fraction: /^SyntaxError: .*1\.5/,
        throwingValueOf: /^EvalError: no primitive$/,
      };
      for (const [name, exception] of Object.entries(expected)) {
        expectOutcome(r[`coerceRefused:${name}`], BIGINT_EXPECTED);  // as the device documents; the throw stays pending
        assert.match(r[`coerceRefused:${name}:exception`], exception, name);
      }
    });
    it('CoerceToBigInt refuses NULL arguments and a pending exception', () => {
      expectAll(r, ['coerceNullValue', 'coerceNullResult'], Status.INVALID_ARG);
      expectOutcome(r.coerceNullEnv, Status.INVALID_ARG, /env is NULL/);
      expectOutcome(r.coerceWhilePending, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.coerceWhilePendingException, 'Error: earlier');
    });
  });

  describe('external strings', () => {
    const r = types.externalStrings();
    it('CreateExternalStringLatin1 makes a string JS reads like any other, without copying', () => {
      expectOutcome(r.latin1, Status.OK);
      assert.strictEqual(r.latin1Copied, false);
      assert.strictEqual(r.latin1Js, 'string|12|true|233|CAFÉ AU LAIT|13');
      assert.strictEqual(r.latin1ReadBack, 'café au lait');
      expectOutcome(r.latin1Cut, Status.OK);
      assert.strictEqual(r.latin1CutCopied, false);
      assert.strictEqual(r.latin1CutJs, 'external|8');
      expectOutcome(r.latin1Empty, Status.OK);
      assert.strictEqual(r.latin1EmptyJs, 'string|0');
    });
    it('CreateExternalStringUtf16 counts UTF-16 code units', () => {
      expectOutcome(r.utf16, Status.OK);
      assert.strictEqual(r.utf16Copied, false);
      assert.strictEqual(r.utf16Js, 'string|8|true|1f600');
      expectOutcome(r.utf16Cut, Status.OK);
      assert.strictEqual(r.utf16CutJs, 'grü|3');
    });
    it('refuses a NULL env, string or result, and then never finalizes', () => {
      expectAll(r, ['latin1NullStr', 'latin1NullResult', 'utf16NullStr', 'utf16NullResult'], Status.INVALID_ARG);
      expectAll(r, ['latin1NullEnv', 'utf16NullEnv'], Status.INVALID_ARG, /env is NULL/);
      assert.strictEqual(r.badInputCalls, 0);
    });
    it('a live string is not finalized; each runs its finalizer exactly once by DestroyVM', () => {
      assert.strictEqual(r.latin1CallsBeforeDestroy, 0);
      assert.strictEqual(r.utf16CallsBeforeDestroy, 0);
      assert.strictEqual(r.latin1Calls, 1);
      assert.strictEqual(r.latin1FinalizeData, true, 'the finalizer receives the string memory');
      assert.strictEqual(r.latin1FinalizeHint, true, 'and the hint');
      assert.strictEqual(r.latin1CutCalls, 1);
      assert.strictEqual(r.latin1CutFinalizeData, true);
      assert.strictEqual(r.utf16Calls, 1);
      assert.strictEqual(r.utf16FinalizeData, true);
      assert.strictEqual(r.emptyCalls, 1);
    });
    it('an unreachable string is finalized by a collection, and not again at DestroyVM', () => {
      assert.strictEqual(r.collectedAfterGc, 1);
      assert.strictEqual(r.collectedCalls, 1);
      assert.strictEqual(r.collectedFinalizeData, true);
    });
  });

  describe('Proxy', () => {
    const r = types.proxies();
    it('CreateProxy makes a proxy whose handler traps run', () => {
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.createdJs, 'object|1|trapped|10|false');
      assert.strictEqual(r.isProxy, true);
      expectOutcome(r.createFunctionProxy, Status.OK);
      assert.strictEqual(r.functionProxyJs, 'function|42');
    });
    it('ProxyGetTarget returns the target: one level, and null once revoked', () => {
      expectOutcome(r.getTarget, Status.OK);
      assert.strictEqual(r.getTargetJs, 'true');
      expectOutcome(r.getTargetNested, Status.OK);
      assert.strictEqual(r.getTargetNestedJs, 'true|false');
      expectOutcome(r.getTargetRevoked, Status.OK);
      assert.strictEqual(r.getTargetRevokedValue, 'null');
    });
    it('CreateProxy wants objects for target and handler', () => {
      expectAll(r, ['createNumberTarget', 'createStringHandler', 'createJsNullHandler'], Status.OBJECT_EXPECTED,
        /object was expected/);
      assert.strictEqual(r.createRefusedLeavesNoException, '');
      expectAll(r, ['createNullTarget', 'createNullHandler', 'createNullResult'], Status.INVALID_ARG);
      expectOutcome(r.createNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('ProxyGetTarget of a non-proxy is INVALID_TYPE', () => {
      expectAll(r, ['getTargetOfObject', 'getTargetOfNumber'], INVALID_TYPE, /not a Proxy/);
      expectAll(r, ['getTargetNullValue', 'getTargetNullResult'], Status.INVALID_ARG);
      expectOutcome(r.getTargetNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
  });

  describe('JSON', () => {
    const r = types.json();
    it('JsonParse parses any JSON text', () => {
      expectOutcome(r.parse, Status.OK);
      assert.strictEqual(r.parsedJs, 'object|true|3|true|x|1500|true|acde');
      assert.strictEqual(r.parsedString, 'string|just text');
      assert.strictEqual(r.parsedNumber, 'number|-0.25');
    });
    it('bad JSON throws a SyntaxError', () => {
      expectOutcome(r.parseBad, Status.PENDING_EXCEPTION);
      expectOutcome(r.parseWhilePending, Status.PENDING_EXCEPTION);
      assert.match(r.parseBadException, /^SyntaxError: .*JSON/);
      expectOutcome(r.parseTrailingComma, Status.PENDING_EXCEPTION);
      assert.match(r.parseTrailingCommaException, /^SyntaxError: /);
      expectOutcome(r.parseEmpty, Status.PENDING_EXCEPTION);
      assert.match(r.parseEmptyException, /^SyntaxError: .*JSON/);
    });
    it('JsonParse wants a string', () => {
      expectAll(r, ['parseNumberValue', 'parseObjectValue'], Status.STRING_EXPECTED, /string was expected/);
      expectAll(r, ['parseNullValue', 'parseNullResult'], Status.INVALID_ARG);
      expectOutcome(r.parseNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('JsonStringify is JSON.stringify', () => {
      expectOutcome(r.stringify, Status.OK);
      assert.strictEqual(r.stringified, '{"a":1,"b":[true,null,"q\\""],"n":{"m":0}}');
      assert.strictEqual(r.stringifiedType, 4, 'a string');
      assert.strictEqual(r.stringifiedToJson, '{"via":"toJSON"}');
      assert.strictEqual(r.stringifiedString, '"a\\nb"');
      assert.strictEqual(r.stringifiedDate, '"1970-01-01T00:00:00.000Z"');
      assert.strictEqual(r.stringifiedUndefinedText, '"undefined"');
      assert.strictEqual(r.stringifiedUndefinedInArray, '[null]');
      assert.strictEqual(r.roundTrip, '3|two');
    });
    it('a value JSON cannot express gives undefined, not a string', () => {
      expectOutcome(r.stringifyUndefined, Status.OK);
      assert.strictEqual(r.stringifiedUndefined, 'undefined|undefined');
      expectOutcome(r.stringifyFunction, Status.OK);
      assert.strictEqual(r.stringifiedFunction, 'undefined|undefined');
      assert.strictEqual(r.stringifiedToJsonUndefined, 'undefined');
      assert.strictEqual(r.stringifiedSymbol, 'undefined');
    });
    it('what JSON.stringify throws is pending', () => {
      expectOutcome(r.stringifyCircular, Status.PENDING_EXCEPTION);
      assert.match(r.stringifyCircularException, /^TypeError: .*circular/);
      expectOutcome(r.stringifyBigInt, Status.PENDING_EXCEPTION);
      assert.match(r.stringifyBigIntException, /^TypeError: .*BigInt/);
      expectOutcome(r.stringifyToJsonThrows, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.stringifyToJsonThrowsException, 'URIError: toJSON refused');
    });
    it('JsonStringify refuses NULL arguments', () => {
      expectAll(r, ['stringifyNullValue', 'stringifyNullResult'], Status.INVALID_ARG);
      expectOutcome(r.stringifyNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
  });

  describe('Date', () => {
    const r = types.dates();
    it('CreateDate makes a Date of that time value', () => {
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.createdJs, 'true|1234567890123|2009-02-13T23:31:30.123Z');
      assert.strictEqual(r.isDate, true);
      expectOutcome(r.getValue, Status.OK);
      assert.strictEqual(r.value, 1234567890123);
      assert.strictEqual(r.beforeEpochJs, '1969-12-31T00:00:00.000Z');
    });
    it('the time value is clipped as TimeClip does', () => {
      assert.strictEqual(r.fractionJs, '1', 'truncated toward zero');
      assert.strictEqual(r.negativeFractionJs, '-1', 'truncated toward zero');
      assert.strictEqual(r.maxJs, '8640000000000000|+275760-09-13T00:00:00.000Z');
      expectOutcome(r.createBeyondMax, Status.OK);
      assert.strictEqual(r.beyondMaxJs, 'NaN|Invalid Date');
      expectOutcome(r.createNaN, Status.OK);
      assert.strictEqual(r.nanJs, 'true|NaN');
      assert.strictEqual(r.infinityJs, 'NaN');
      expectOutcome(r.getValueNaN, Status.OK);
      assert.ok(Number.isNaN(r.valueNaN));
    });
    it('GetDateValue reads Dates made in JS, subclasses included', () => {
      expectOutcome(r.getValueFromJs, Status.OK);
      assert.strictEqual(r.valueFromJs, Date.UTC(2020, 0, 2, 3, 4, 5, 6));
      expectOutcome(r.getValueSubclass, Status.OK);
      assert.strictEqual(r.valueSubclass, 42);
    });
    it('GetDateValue of anything else is DATE_EXPECTED', () => {
      expectAll(r, ['getValueOfNumber', 'getValueOfObject', 'getValueOfString'], DATE_EXPECTED,
        /date was expected/);
    });
    it('NULL arguments are INVALID_ARG', () => {
      expectAll(r, ['getValueNullValue', 'getValueNullResult', 'createNullResult'], Status.INVALID_ARG);
      expectAll(r, ['getValueNullEnv', 'createNullEnv'], Status.INVALID_ARG, /env is NULL/);
    });
  });

  describe('RegExp', () => {
    const r = types.regexps();
    it('CreateRegExp with GLOBAL | IGNORE_CASE is /a+b/gi', () => {
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.createdJs, 'true|a+b|gi|true|true|AAB,aab,ab');
      assert.strictEqual(r.isRegExp, true);
    });
    it('each flag bit is its flag letter', () => {
      const expected: Record<string, string> = {
        none: '',
        multiline: 'm',
        sticky: 'y',
        unicode: 'u',
        dotAll: 's',
        hasIndices: 'd',
        unicodeSets: 'v',
        linear: 'l',
        mixed: 'dmsy',
      };
      for (const [name, flags] of Object.entries(expected)) assert.strictEqual(r[`flags:${name}`], flags, name);
    });
    it('the flags change what the expression matches', () => {
      assert.strictEqual(r.dotAllMultilineJs, 'true|true');
      assert.strictEqual(r.plainJs, 'false|true');
      assert.strictEqual(r.linearJs, 'true|false');
      assert.strictEqual(r.slashJs, '/a\\/b/|true', 'the source escapes "/"');
    });
    it('a bad pattern throws a SyntaxError', () => {
      expectOutcome(r.badPattern, Status.GENERIC_FAILURE);  // as on the device; the SyntaxError stays pending
      expectOutcome(r.createWhilePending, Status.PENDING_EXCEPTION);
      assert.match(r.badPatternException, /^SyntaxError: Invalid regular expression: \/\(unclosed\/: /);
      expectOutcome(r.badUnicodeEscape, Status.GENERIC_FAILURE);
      assert.match(r.badUnicodeEscapeException, /^SyntaxError: Invalid regular expression/);
    });
    it('UNICODE with UNICODE_SETS throws a SyntaxError, as the RegExp constructor does', () => {
      expectOutcome(r.unicodeAndUnicodeSets, Status.GENERIC_FAILURE);  // as a bad pattern
      assert.match(r.unicodeAndUnicodeSetsException, /^SyntaxError: /);
      assert.strictEqual(r.unicodeAndUnicodeSetsNoResult, true);
    });
    it('unknown flag bits are INVALID_ARG, with nothing thrown', () => {
      expectAll(r, ['unknownBit', 'unknownHighBit'], Status.INVALID_ARG, /unknown JSVM_RegExpFlags bits/);
      assert.strictEqual(r.unknownBitLeavesNoException, '');
    });
    it('the pattern must be a string; NULL arguments are INVALID_ARG', () => {
      expectAll(r, ['numberPattern', 'regexpPattern'], Status.STRING_EXPECTED, /string was expected/);
      expectAll(r, ['nullPattern', 'nullResult'], Status.INVALID_ARG);
      expectOutcome(r.nullEnv, Status.INVALID_ARG, /env is NULL/);
    });
  });
});
