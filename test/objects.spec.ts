import assert from 'assert';

import { addon, expectOutcome, Outcome, Report, Status } from './helpers/addon';

interface ObjectsAddon {
  propertyNames(): Report;
  properties(): Report;
  elements(): Report;
  defineProperties(): Report;
  integrity(): Report;
  prototypes(): Report;
  mapsAndSets(): Report;
  privateKeys(): Report;
}
const objects = addon as unknown as ObjectsAddon;

function expectAll(r: Report, names: string[], status: Status, message?: RegExp): void {
  for (const name of names) {
    assert.ok(r[name], `the scenario did not report ${name}`);
    assert.strictEqual((r[name] as Outcome).status, status, `${name}: ${r[name].status} (${r[name].message})`);
    if (message) assert.match(r[name].message, message, name);
  }
}

// Keys are listed as the scenario's describeKeys does: strings as they are,
// numbers as '#n' (JSVM_KEY_KEEP_NUMBERS), symbols as '@description'.
describe('objects: properties, prototypes, integrity, Map/Set, private keys', () => {
  describe('GetPropertyNames / GetAllPropertyNames', () => {
    // o: own keys 1, 2 (indices), b, a, ro (read-only), hidden (non-enumerable),
    // fixed (non-configurable), locked (none of the three), shadow (non-enumerable,
    // shadowing an enumerable one), symbols sym and hiddenSym (non-enumerable).
    // Its prototype (whose own prototype is null): 7, p, b, shadow, pHidden
    // (non-enumerable), symbol pSym.
    const r = objects.propertyNames();
    const own = ['#1', '#2', 'b', 'a', 'ro', 'hidden', 'fixed', 'locked', 'shadow', '@sym', '@hiddenSym'];
    const expected: Record<string, string[]> = {
      ownAll: own,
      ownAllStrings: ['1', '2', 'b', 'a', 'ro', 'hidden', 'fixed', 'locked', 'shadow', '@sym', '@hiddenSym'],
      ownWritable: ['#1', '#2', 'b', 'a', 'hidden', 'fixed', 'shadow', '@sym', '@hiddenSym'],
      ownEnumerable: ['#1', '#2', 'b', 'a', 'ro', 'fixed', '@sym'],
      ownConfigurable: ['#1', '#2', 'b', 'a', 'ro', 'hidden', 'shadow', '@sym', '@hiddenSym'],
      ownSkipSymbols: ['#1', '#2', 'b', 'a', 'ro', 'hidden', 'fixed', 'locked', 'shadow'],
      ownSkipStrings: ['@sym', '@hiddenSym'],
      ownSkipBoth: [],
      ownWritableEnumerableConfigurable: ['#1', '#2', 'b', 'a', '@sym'],
      ownEnumerableStrings: ['1', '2', 'b', 'a', 'ro', 'fixed'],
      ownWritableConfigurableStrings: ['#1', '#2', 'b', 'a', 'hidden', 'shadow'],
      ownEnumerableSymbols: ['@sym'],
      protoAll: [...own, '#7', 'p', 'pHidden', '@pSym'],
      protoAllStrings: ['1', '2', 'b', 'a', 'ro', 'hidden', 'fixed', 'locked', 'shadow', '@sym', '@hiddenSym',
        '7', 'p', 'pHidden', '@pSym'],
      protoWritable: ['#1', '#2', 'b', 'a', 'hidden', 'fixed', 'shadow', '@sym', '@hiddenSym', '#7', 'p', 'pHidden',
        '@pSym'],
      protoConfigurable: ['#1', '#2', 'b', 'a', 'ro', 'hidden', 'shadow', '@sym', '@hiddenSym', '#7', 'p', 'pHidden',
        '@pSym'],
      protoEnumerableStrings: ['1', '2', 'b', 'a', 'ro', 'fixed', '7', 'p'],
      protoEnumerableNumbers: ['#1', '#2', 'b', 'a', 'ro', 'fixed', '#7', 'p'],
      protoEnumerable: ['#1', '#2', 'b', 'a', 'ro', 'fixed', '@sym', '#7', 'p', '@pSym'],
      protoSkipStrings: ['@sym', '@hiddenSym', '@pSym'],
      protoSkipSymbols: ['#1', '#2', 'b', 'a', 'ro', 'hidden', 'fixed', 'locked', 'shadow', '#7', 'p', 'pHidden'],
    };

    it('installs the scenario helpers', () => {
      assert.strictEqual(r.prelude, 'ready');
    });
    for (const [name, keys] of Object.entries(expected)) {
      it(`${name}: ${keys.length ? keys.join(' ') : '(no keys)'}`, () => {
        expectOutcome(r[`${name}Status`], Status.OK);
        assert.deepStrictEqual(r[name], keys);
      });
    }
    it('OWN_ONLY + ALL_PROPERTIES is Reflect.ownKeys; ENUMERABLE + SKIP_SYMBOLS is Object.keys', () => {
      assert.deepStrictEqual(r.ownAllStrings, r.reflectOwnKeys.split('\n'));
      assert.deepStrictEqual(r.ownEnumerableStrings, r.objectKeys.split('\n'));
    });
    it('GetPropertyNames lists what for...in visits: shadowed and non-enumerable keys left out', () => {
      expectOutcome(r.getPropertyNames, Status.OK);
      assert.deepStrictEqual(r.propertyNames, ['1', '2', 'b', 'a', 'ro', 'fixed', '7', 'p']);
      assert.deepStrictEqual(r.propertyNames, r.forIn.split('\n'));
      assert.deepStrictEqual(r.protoEnumerableStrings, r.propertyNames);
    });
    it('arrays, boxed strings and proxies', () => {
      assert.deepStrictEqual(r.arrayPropertyNames, ['0', '1']);
      assert.deepStrictEqual(r.arrayOwnAll, ['#0', '#1', 'length']);
      expectOutcome(r.stringPropertyNamesStatus, Status.OK);
      assert.deepStrictEqual(r.stringPropertyNames, ['0', '1']);
      assert.deepStrictEqual(r.stringOwnAll, ['0', '1', 'length']);
      assert.deepStrictEqual(r.proxyOwnAll, ['y', 'x', 'extra'], 'the ownKeys trap decides the order');
      assert.deepStrictEqual(r.proxyOwnEnumerable, ['y', 'x'], 'a key without a descriptor is not enumerable');
    });
    it('an object without keys gives an empty array', () => {
      expectOutcome(r.emptyStatus, Status.OK);
      assert.deepStrictEqual(r.empty, []);
      assert.strictEqual(r.emptyIsArray, true);
    });
    it('refuses NULL arguments, null/undefined objects and unknown modes', () => {
      expectAll(r, ['namesNullEnv', 'allNullEnv'], Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['namesNullObject', 'namesNullResult', 'allNullObject', 'allNullResult'], Status.INVALID_ARG);
      expectAll(r, ['namesOfNull', 'namesOfUndefined', 'allOfNull', 'allOfUndefined'], Status.OBJECT_EXPECTED);
      expectAll(r, ['allBadMode', 'allBadConversion'], Status.INVALID_ARG, /unknown key collection mode/);
    });
    it('a throwing ownKeys trap leaves its exception pending; calls refuse until it is cleared', () => {
      expectOutcome(r.namesThrows, Status.PENDING_EXCEPTION);
      expectOutcome(r.namesWhilePending, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.namesException, 'Error: ownKeys trap threw');
      expectOutcome(r.allThrows, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.allException, 'Error: ownKeys trap threw');
      expectOutcome(r.namesAfterClear, Status.OK);
    });
  });

  describe('SetProperty / GetProperty / HasProperty / DeleteProperty / HasOwnProperty', () => {
    const r = objects.properties();
    it('sets with string, symbol, number and object keys (ToPropertyKey)', () => {
      assert.strictEqual(r.prelude, 'ready');
      expectAll(r, ['setString', 'setSymbol', 'setNumber', 'setObjectKey', 'setOverwrite', 'setOnPrimitive'],
        Status.OK);
      assert.strictEqual(r.setSeen, '42|symbol value|three|converted');
      assert.strictEqual(r.overwritten, 'new own');
    });
    it('gets own, inherited, missing, getter-backed and boxed-primitive properties', () => {
      const got: Record<string, string> = {
        getOwn: 'string:new own',
        getInherited: 'string:from proto',
        getMissing: 'undefined:undefined',
        getSymbol: 'string:symbol value',
        getNumber: 'string:three',
        getObjectKey: 'string:converted',
        getGetter: 'string:NEW OWN',
        getStringLength: 'number:3',
      };
      for (const [name, value] of Object.entries(got)) {
        expectOutcome(r[`${name}Status`], Status.OK);
        assert.strictEqual(r[name], value, name);
      }
      assert.match(r.getNumberMethod, /^function:function toFixed\(\)/);
    });
    it('HasProperty sees the prototype chain, HasOwnProperty only own keys', () => {
      const cases: Array<[string, boolean, boolean]> = [
        ['own', true, true], ['inherited', true, false], ['builtin', true, false], ['missing', false, false],
        ['symbol', true, true],
      ];
      for (const [name, has, hasOwn] of cases) {
        expectOutcome(r[`${name}HasStatus`], Status.OK);
        expectOutcome(r[`${name}HasOwnStatus`], Status.OK);
        assert.strictEqual(r[`${name}Has`], has, `${name} has`);
        assert.strictEqual(r[`${name}HasOwn`], hasOwn, `${name} hasOwn`);
      }
      expectOutcome(r.hasNumberKey, Status.OK);
      assert.strictEqual(r.hasNumberKeyResult, true, 'HasProperty converts 3 to "3"');
      expectOutcome(r.hasOwnOnString, Status.OK);
      assert.strictEqual(r.hasOwnOnStringResult, true, 'a string primitive is boxed');
    });
    it('HasOwnProperty wants a string or symbol key: NAME_EXPECTED', () => {
      expectAll(r, ['hasOwnNumberKey', 'hasOwnObjectKey', 'hasOwnNullKey'], Status.NAME_EXPECTED,
        /string or symbol/);
    });
    it('DeleteProperty: true when gone or absent, false for a non-configurable property', () => {
      const cases: Record<string, boolean> = {
        deleteOwn: true, deleteMissing: true, deleteFixed: false, deleteInherited: true, deleteSymbol: true,
      };
      for (const [name, result] of Object.entries(cases)) {
        expectOutcome(r[`${name}Status`], Status.OK);
        assert.strictEqual(r[name], result, name);
      }
      expectOutcome(r.deleteNullResult, Status.OK);
      // own gone, fixed kept, the prototype's property untouched, symbol and 'name' gone
      assert.strictEqual(r.afterDeletes, 'false|fixed|from proto|false|false');
      expectOutcome(r.deleteRefusedByProxy, Status.OK);
      assert.strictEqual(r.deleteRefusedByProxyResult, false);
    });
    it('frozen objects: [[Set]] and [[Delete]] fail quietly (no strict mode), nothing changes', () => {
      expectAll(r, ['setOnFrozen', 'addOnFrozen', 'deleteOnFrozen'], Status.OK);
      assert.strictEqual(r.deleteOnFrozenResult, false);
      assert.strictEqual(r.frozenAfter, '{"a":1}');
    });
    it('accessors, proxy traps and key conversions that throw leave the exception pending', () => {
      const thrown: Record<string, string> = {
        getterThrows: 'RangeError: getter threw',
        setterThrows: 'TypeError: setter threw',
        proxySet: 'Error: set trap threw',
        proxyGet: 'Error: get trap threw',
        proxyHas: 'Error: has trap threw',
        proxyDelete: 'Error: deleteProperty trap threw',
        proxyHasOwn: 'Error: getOwnPropertyDescriptor trap threw',
        badKeySet: 'Error: key toString threw',
        badKeyGet: 'Error: key toString threw',
        badKeyHas: 'Error: key toString threw',
        badKeyDelete: 'Error: key toString threw',
      };
      for (const [name, exception] of Object.entries(thrown)) {
        expectOutcome(r[name], Status.PENDING_EXCEPTION);
        assert.strictEqual(r[`${name}Exception`], exception, name);
      }
    });
    it('while an exception is pending every call refuses and changes nothing', () => {
      expectAll(r, ['setWhilePending', 'getWhilePending', 'hasWhilePending', 'deleteWhilePending',
        'hasOwnWhilePending'], Status.PENDING_EXCEPTION);
      assert.strictEqual(r.pendingException, 'Error: pending', 'the first exception is kept');
      assert.strictEqual(r.kNotSetWhilePending, 'false');
    });
    it('NULL env and arguments are INVALID_ARG; null/undefined objects OBJECT_EXPECTED', () => {
      expectAll(r, ['setNullEnv', 'getNullEnv', 'hasNullEnv', 'deleteNullEnv', 'hasOwnNullEnv'], Status.INVALID_ARG,
        /env is NULL/);
      expectAll(r, ['setNullObject', 'getNullObject', 'hasNullObject', 'deleteNullObject', 'hasOwnNullObject',
        'setNullKey', 'getNullKey', 'hasNullKey', 'deleteNullKey', 'hasOwnNullKeyPointer', 'setNullValue',
        'getNullResult', 'hasNullResult', 'hasOwnNullResult'], Status.INVALID_ARG);
      for (const which of ['Null', 'Undefined']) {
        expectAll(r, ['setOn', 'getOn', 'hasOn', 'deleteOn', 'hasOwnOn'].map((n) => n + which),
          Status.OBJECT_EXPECTED, /object was expected/);
      }
    });
  });

  describe('SetElement / GetElement / HasElement / DeleteElement', () => {
    const r = objects.elements();
    it('sets elements, leaving holes, and reads them back', () => {
      expectAll(r, ['set0', 'set2', 'setOverwrite'], Status.OK);
      assert.strictEqual(r.afterSets, '3|false|["a",null,"c"]');
      const got: Record<string, string> = {
        get0: 'string:A', get1: 'undefined:undefined', get2: 'string:c', get100: 'undefined:undefined',
      };
      for (const [name, value] of Object.entries(got)) {
        expectOutcome(r[`${name}Status`], Status.OK);
        assert.strictEqual(r[name], value, name);
      }
    });
    it('HasElement: present, hole, past the end, inherited', () => {
      const cases: Record<string, boolean> = { has0: true, hasHole: false, has2: true, has5: false, hasInherited: true };
      for (const [name, has] of Object.entries(cases)) {
        expectOutcome(r[`${name}Status`], Status.OK);
        assert.strictEqual(r[name], has, name);
      }
      assert.strictEqual(r.getInherited, 'string:proto five');
    });
    it('string primitives are boxed', () => {
      assert.strictEqual(r.getStringChar, 'string:b');
      assert.strictEqual(r.hasStringChar, true);
      assert.strictEqual(r.hasStringPastEnd, false);
      expectOutcome(r.setOnString, Status.OK);
    });
    it('index 2^32 - 1 is a plain property; 2^32 - 2 is the last array index', () => {
      expectOutcome(r.setMaxIndex, Status.OK);
      assert.strictEqual(r.afterMaxIndex, '3|max', 'the length stays 3');
      assert.strictEqual(r.getMaxIndex, 'string:max');
      assert.strictEqual(r.hasMaxIndex, true);
      expectOutcome(r.setLargeIndex, Status.OK);
      assert.strictEqual(r.afterLargeIndex, '4294967295');
    });
    it('DeleteElement: true when gone or absent, false when the element cannot be deleted', () => {
      const cases: Record<string, boolean> = {
        delete0: true, deleteMissing: true, deleteFrozen: false, deleteNonConfigurable: false, deleteTyped: false,
        deleteTypedOutOfRange: true,
      };
      for (const [name, deleted] of Object.entries(cases)) {
        expectOutcome(r[`${name}Status`], Status.OK);
        assert.strictEqual(r[name], deleted, name);
      }
      assert.strictEqual(r.afterDelete, 'false|4294967295', 'a hole is left; the length stays');
      expectOutcome(r.deleteNullResult, Status.OK);
      assert.strictEqual(r.afterDeleteNullResult, 'false');
      assert.strictEqual(r.nonConfigurableAfter, 'x');
    });
    it('frozen arrays and TypedArrays follow [[Set]] semantics', () => {
      expectAll(r, ['setFrozen', 'addFrozen', 'setTyped', 'setTypedOutOfRange'], Status.OK);
      assert.strictEqual(r.frozenAfter, '[1,2]');
      assert.strictEqual(r.typedAfterSet, '44', '300 wraps modulo 256');
      assert.strictEqual(r.hasTypedOutOfRange, false);
      assert.strictEqual(r.getTypedOutOfRange, 'undefined:undefined');
      assert.strictEqual(r.typedAfterOutOfRange, '2|false|', 'no element is added past the end');
    });
    it('accessors and proxy traps that throw leave the exception pending', () => {
      const thrown: Record<string, string> = {
        getterThrows: 'RangeError: element getter threw',
        setterThrows: 'TypeError: element setter threw',
        proxySet: 'Error: set trap threw',
        proxyGet: 'Error: get trap threw',
        proxyHas: 'Error: has trap threw',
        proxyDelete: 'Error: deleteProperty trap threw',
      };
      for (const [name, exception] of Object.entries(thrown)) {
        expectOutcome(r[name], Status.PENDING_EXCEPTION);
        assert.strictEqual(r[`${name}Exception`], exception, name);
      }
      expectAll(r, ['setWhilePending', 'getWhilePending', 'hasWhilePending', 'deleteWhilePending'],
        Status.PENDING_EXCEPTION);
    });
    it('NULL env and arguments are INVALID_ARG; null/undefined objects OBJECT_EXPECTED', () => {
      expectAll(r, ['setNullEnv', 'getNullEnv', 'hasNullEnv', 'deleteNullEnv'], Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['setNullObject', 'getNullObject', 'hasNullObject', 'deleteNullObject', 'setNullValue',
        'getNullResult', 'hasNullResult'], Status.INVALID_ARG);
      for (const which of ['Null', 'Undefined']) {
        expectAll(r, ['setOn', 'getOn', 'hasOn', 'deleteOn'].map((n) => n + which), Status.OBJECT_EXPECTED);
      }
    });
  });

  describe('DefineProperties', () => {
    const r = objects.defineProperties();
    const attrs = (name: string): Record<string, unknown> => JSON.parse(r[`attrs.${name}`]);
    it('defines methods, accessors and values with their attributes', () => {
      expectOutcome(r.define, Status.OK);
      assert.deepStrictEqual(attrs('add'),
        { kind: 'data', type: 'function', writable: true, enumerable: false, configurable: true });
      assert.deepStrictEqual(attrs('counter'),
        { kind: 'accessor', get: 'function', set: 'function', enumerable: true, configurable: false });
      assert.deepStrictEqual(attrs('readOnlyCounter'),
        { kind: 'accessor', get: 'function', set: 'undefined', enumerable: false, configurable: true });
      assert.deepStrictEqual(attrs('writeOnlyCounter'),
        { kind: 'accessor', get: 'undefined', set: 'function', enumerable: false, configurable: false });
      assert.deepStrictEqual(attrs('constant'),
        { kind: 'data', type: 'number', writable: false, enumerable: false, configurable: false });
      assert.deepStrictEqual(attrs('open'),
        { kind: 'data', type: 'number', writable: true, enumerable: true, configurable: true });
      assert.deepStrictEqual(attrs('writableOnly'),
        { kind: 'data', type: 'number', writable: true, enumerable: false, configurable: false });
      assert.deepStrictEqual(attrs('symbol'),
        { kind: 'data', type: 'string', writable: false, enumerable: true, configurable: false });
      assert.strictEqual(r.ownKeys, ['add', 'counter', 'readOnlyCounter', 'writeOnlyCounter', 'constant', 'open',
        'writableOnly', 'describe', '@defined'].join('\n'), 'in definition order');
      assert.strictEqual(r.objectKeys, 'counter,open');
    });
    it('methods are named native functions called with this and their data', () => {
      assert.strictEqual(r.callAdd, '42|add');
      assert.strictEqual(r.callDescribe, '2|object|described|describe');
    });
    it('native getters and setters run when JS reads and writes', () => {
      assert.strictEqual(r.counterRoundTrip, '17');
      assert.strictEqual(r.nativeCounter, 17);
      assert.strictEqual(r.readOnlyRead, '17');
      assert.match(r.readOnlyStrictWrite, /^TypeError: .*only a getter/);
      assert.strictEqual(r.writeOnlyRead, 'undefined');
      assert.strictEqual(r.writeOnlyWrite, 'written');
      assert.strictEqual(r.nativeCounterAfterWriteOnly, 23, 'a setter without a getter works');
    });
    it('attributes hold in strict mode', () => {
      assert.strictEqual(r.constantValue, '42');
      assert.match(r.constantStrictWrite, /^TypeError: Cannot assign to read only property 'constant'/);
      assert.match(r.constantStrictDelete, /^TypeError: Cannot delete property 'constant'/);
      assert.strictEqual(r.openWriteDelete, '5|false');
      assert.strictEqual(r.symbolValue, 'by symbol');
    });
    it('zero descriptors is fine; functions are objects too', () => {
      expectOutcome(r.defineNone, Status.OK);
      expectOutcome(r.defineOnFunction, Status.OK);
      assert.strictEqual(r.functionTag, '42');
    });
    it('a descriptor with only a name defines the property as undefined, as on the device', () => {
      expectOutcome(r.noValue, Status.OK);
      assert.strictEqual(r.afterNoValue, 'first,broken,third');
    });
    it('a definition the object refuses fails without defining anything (no exception)', () => {
      expectOutcome(r.redefineFixed, Status.GENERIC_FAILURE);
      assert.strictEqual(r.redefineFixedException, '');
      assert.strictEqual(r.constantAfterRedefine, '42');
      expectOutcome(r.valueOnFrozen, Status.GENERIC_FAILURE);
      assert.strictEqual(r.valueOnFrozenException, '');
      expectOutcome(r.getterOnFrozen, Status.GENERIC_FAILURE);
      assert.strictEqual(r.getterOnFrozenException, '');
      assert.strictEqual(r.frozenKeys, '0', 'a frozen object gains no accessor');
    });
    it("a proxy's defineProperty trap sees values and accessors; a throwing trap leaves its exception", () => {
      expectOutcome(r.defineOnProxy, Status.OK);
      assert.strictEqual(r.proxyTrapCalls, 'viaTrap,getterViaTrap');
      assert.strictEqual(r.proxyException, '');
      expectOutcome(r.defineOnThrowingProxy, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.defineOnThrowingProxyException, 'Error: defineProperty trap threw');
    });
    it('bad descriptors: no name or a non-name key is NAME_EXPECTED, NULL callbacks INVALID_ARG', () => {
      expectOutcome(r.noName, Status.NAME_EXPECTED, /neither utf8name nor name/);
      expectOutcome(r.numberName, Status.NAME_EXPECTED);
      expectAll(r, ['nullMethodCallback', 'nullGetterCallback', 'nullSetterCallback'], Status.INVALID_ARG);
      assert.strictEqual(r.afterBadDescriptors, '');
    });
    it('bad arguments: NULLs are INVALID_ARG, non-objects OBJECT_EXPECTED, pending exceptions refuse', () => {
      expectOutcome(r.nullEnv, Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['nullObject', 'nullProperties'], Status.INVALID_ARG);
      expectAll(r, ['onNull', 'onUndefined', 'onNumber', 'onString'], Status.OBJECT_EXPECTED);
      expectOutcome(r.whilePending, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.notDefinedWhilePending, 'false');
    });
  });

  describe('ObjectFreeze / ObjectSeal', () => {
    const r = objects.integrity();
    it('freezes shallowly; strict-mode writes, additions and deletions throw', () => {
      expectOutcome(r.freeze, Status.OK);
      assert.strictEqual(r.frozenState, 'true,true,false,false', 'isFrozen, isSealed, isExtensible, nested frozen');
      assert.match(r.frozenStrictWrite, /^TypeError: Cannot assign to read only property 'a'/);
      assert.match(r.frozenStrictAdd, /^TypeError: Cannot add property c, object is not extensible/);
      assert.match(r.frozenStrictDelete, /^TypeError: Cannot delete property 'a'/);
      assert.strictEqual(r.frozenSloppyWrite, '{"a":1,"nested":{"b":1}}');
      assert.strictEqual(r.frozenNestedWrite, '5');
      expectAll(r, ['freezeArray', 'freezeAgain', 'freezeFunction'], Status.OK);
      assert.match(r.frozenArrayPush, /^TypeError: .*not extensible\|2$/);
      assert.strictEqual(r.functionFrozen, 'true');
    });
    it('seals: existing properties stay writable, nothing can be added or deleted', () => {
      expectOutcome(r.seal, Status.OK);
      assert.strictEqual(r.sealedState, 'true,false,false');
      assert.strictEqual(r.sealedStrictWrite, 'ok|2');
      assert.match(r.sealedStrictAdd, /^TypeError: Cannot add property c/);
      assert.match(r.sealedStrictDelete, /^TypeError: Cannot delete property 'a'/);
      assert.deepStrictEqual(JSON.parse(r.sealedDescriptor),
        { kind: 'data', type: 'number', writable: true, enumerable: true, configurable: false });
      expectOutcome(r.freezeSealed, Status.OK);
      assert.strictEqual(r.sealedThenFrozen, 'true');
    });
    it('TypedArrays: freeze as Object.freeze does; seal as the device does (OK, no new properties)', () => {
      expectOutcome(r.freezeTyped, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.freezeTypedException, 'TypeError: Cannot freeze array buffer views with elements');
      assert.strictEqual(r.jsFreezeTyped, r.freezeTypedException);
      // Object.seal of a non-empty typed array throws from V8 13.6 (elements
      // became configurable); the device's V8 13.2 seals it, and so do we on every line.
      expectOutcome(r.sealTyped, Status.OK);
      assert.strictEqual(r.sealTypedException, '');
      assert.strictEqual(r.typedAfterSeal.split(',')[0], 'false', 'a sealed typed array takes no new properties');
      expectOutcome(r.freezeEmptyTyped, Status.OK);
      assert.strictEqual(r.emptyTypedFrozen, 'true');
    });
    it('proxies: the preventExtensions trap decides; refusals and throws are pending exceptions', () => {
      for (const name of ['freezeRefusingProxy', 'sealRefusingProxy']) {
        expectOutcome(r[name], Status.PENDING_EXCEPTION);
        assert.match(r[`${name}Exception`], /^TypeError: 'preventExtensions' on proxy: trap returned falsish/);
      }
      for (const name of ['freezeThrowingProxy', 'sealThrowingProxy']) {
        expectOutcome(r[name], Status.PENDING_EXCEPTION);
        assert.strictEqual(r[`${name}Exception`], 'Error: preventExtensions trap threw');
      }
      expectOutcome(r.freezeProxy, Status.OK);
      assert.strictEqual(r.proxyTargetFrozen, 'true');
    });
    it('NULLs are INVALID_ARG; null and undefined OBJECT_EXPECTED; primitives left as they are (OK); pending exceptions refuse', () => {
      expectAll(r, ['freezeNullEnv', 'sealNullEnv'], Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['freezeNullObject', 'sealNullObject'], Status.INVALID_ARG);
      expectAll(r, ['freezeJsNull', 'sealJsNull', 'freezeUndefined', 'sealUndefined'], Status.OBJECT_EXPECTED);
      // As Object.freeze(5); the docs list only OK and GENERIC_FAILURE (device-status.spec.ts).
      expectAll(r, ['freezeNumber', 'sealString'], Status.OK);
      expectAll(r, ['freezeWhilePending', 'sealWhilePending'], Status.PENDING_EXCEPTION);
      assert.strictEqual(r.notFrozenWhilePending, 'true');
    });
  });

  describe('GetPrototype / ObjectGetPrototypeOf / ObjectSetPrototypeOf', () => {
    const r = objects.prototypes();
    it('read the prototype of objects, arrays, functions, instances and null-prototype objects', () => {
      expectOutcome(r.getPrototype, Status.OK);
      expectOutcome(r.getPrototypeOf, Status.OK);
      for (const name of ['getPrototypeIsProto', 'getPrototypeOfIsProto', 'arrayGetPrototype', 'arrayGetPrototypeOf',
        'functionGetPrototype', 'functionGetPrototypeOf', 'instanceGetPrototype', 'instanceGetPrototypeOf',
        'nullProtoGetPrototype', 'nullProtoGetPrototypeOf']) {
        assert.strictEqual(r[name], true, name);
      }
    });
    it('GetPrototype and ObjectGetPrototypeOf box primitives (as Object.getPrototypeOf)', () => {
      expectOutcome(r.getPrototypeOfString, Status.OK);
      assert.strictEqual(r.stringPrototype, true);
      expectOutcome(r.getPrototypeOfNumberValue, Status.OK);
      expectOutcome(r.objectGetString, Status.OK);
    });
    it('ObjectSetPrototypeOf changes what is inherited; null is allowed', () => {
      expectOutcome(r.setPrototype, Status.OK);
      assert.strictEqual(r.afterSet, 'true,1,false');
      expectOutcome(r.setNullPrototype, Status.OK);
      assert.strictEqual(r.afterSetNull, 'true,false');
      assert.strictEqual(r.getAfterSetNull, 'object:null');
      expectOutcome(r.setFunctionPrototype, Status.OK);
      assert.strictEqual(r.plainHasCall, 'function');
      expectOutcome(r.setOnProxy, Status.OK);
      assert.strictEqual(r.proxyTargetPrototype, 'true');
    });
    // The docs: GENERIC_FAILURE when the prototype cannot be set, a cycle named among the causes.
    it('non-extensible objects refuse a new prototype with GENERIC_FAILURE, nothing pending, but accept the same one', () => {
      for (const name of ['setOnFrozen', 'setOnSealed', 'setOnNonExtensible']) {
        expectOutcome(r[name], Status.GENERIC_FAILURE, /not extensible/);
        assert.strictEqual(r[`${name}Exception`], '', name);
      }
      expectOutcome(r.setSameOnFrozen, Status.OK);
      assert.strictEqual(r.setSameOnFrozenException, '');
      assert.strictEqual(r.frozenPrototypeUnchanged, 'true');
    });
    it('cycles are GENERIC_FAILURE, nothing pending, and change nothing', () => {
      for (const name of ['setCycle', 'setSelf', 'setOnObjectPrototype']) {
        expectOutcome(r[name], Status.GENERIC_FAILURE, /cycle/);
        assert.strictEqual(r[`${name}Exception`], '', name);
      }
      assert.strictEqual(r.afterCycle, 'true');
    });
    it('Object.prototype is immutable; proxies that refuse or throw: GENERIC_FAILURE (V8 clears what they threw)', () => {
      for (const name of ['setImmutable', 'setOnRefusingProxy', 'setOnThrowingProxy']) {
        expectOutcome(r[name], Status.GENERIC_FAILURE, /Proxy refused/);
        assert.strictEqual(r[`${name}Exception`], '', name);
      }
      assert.strictEqual(r.objectPrototypeUnchanged, 'true');
    });
    it('NULLs are INVALID_ARG; null/undefined or primitive objects OBJECT_EXPECTED; a prototype that is neither an object nor null INVALID_ARG', () => {
      expectAll(r, ['getPrototypeNullEnv', 'objectGetNullEnv', 'objectSetNullEnv'], Status.INVALID_ARG,
        /env is NULL/);
      expectAll(r, ['getPrototypeNullObject', 'getPrototypeNullResult', 'objectGetNullObject', 'objectGetNullResult',
        'objectSetNullObject', 'objectSetNullPrototype'], Status.INVALID_ARG);
      expectAll(r, ['getPrototypeOfJsNull', 'getPrototypeOfUndefined', 'objectGetJsNull', 'objectGetUndefined',
        'objectSetOnNumber', 'objectSetOnJsNull', 'objectSetOnUndefined'], Status.OBJECT_EXPECTED);
      // The docs list INVALID_ARG ("invalid input") and no OBJECT_EXPECTED for ObjectSetPrototypeOf.
      expectAll(r, ['objectSetToNumber', 'objectSetToUndefined', 'objectSetToString'], Status.INVALID_ARG,
        /neither an object nor null/);
      assert.strictEqual(r.unchangedAfterBadArgs, 'true');
      expectAll(r, ['setWhilePending', 'getPrototypeWhilePending'], Status.PENDING_EXCEPTION);
      assert.strictEqual(r.unchangedWhilePending, 'true');
    });
  });

  describe('CreateMap / CreateSet', () => {
    const r = objects.mapsAndSets();
    it('make real, distinct Maps and Sets that JS uses', () => {
      expectOutcome(r.createMap, Status.OK);
      expectOutcome(r.createSet, Status.OK);
      assert.strictEqual(r.mapKind, 'true,[object Map],0');
      assert.strictEqual(r.mapUse, '1,obj,2,0,true');
      assert.strictEqual(r.mapEntries, '[["string",1],["object","obj"]]');
      assert.strictEqual(r.setKind, 'true,[object Set],0');
      assert.strictEqual(r.setUse, '2,true,true,false');
      assert.strictEqual(r.isMap, true);
    });
    it('NULL result or env is INVALID_ARG', () => {
      expectAll(r, ['createMapNullResult', 'createSetNullResult', 'createMapNullEnv', 'createSetNullEnv'],
        Status.INVALID_ARG);
    });
  });

  describe('private keys: CreatePrivate / SetPrivate / GetPrivate / DeletePrivate', () => {
    const r = objects.privateKeys();
    it('keys are distinct even with the same description; a description is optional', () => {
      expectAll(r, ['create', 'createTwin', 'createAnonymous'], Status.OK);
      assert.strictEqual(r.keysDistinct, true);
    });
    it('values are stored and read back per key', () => {
      expectAll(r, ['set', 'get', 'getTwin', 'setAnonymous'], Status.OK);
      assert.strictEqual(r.got, 'string:hidden value');
      assert.strictEqual(r.gotTwin, 'undefined:undefined', 'another key with the same description reads nothing');
      assert.strictEqual(r.gotAnonymous, 'number:7');
    });
    it('scripts cannot see them', () => {
      assert.strictEqual(r.reflectOwnKeys, 'visible');
      assert.strictEqual(r.ownSymbols, '0');
      assert.strictEqual(r.json, '{"visible":1}');
      assert.strictEqual(r.spreadKeys, 'visible');
      assert.strictEqual(r.assignKeys, 'visible');
      assert.strictEqual(r.forIn, 'visible');
      assert.strictEqual(r.valueReachable, 'false');
      assert.strictEqual(r.descriptors, 'visible');
      assert.deepStrictEqual(r.allPropertyNames, ['visible'], 'GetAllPropertyNames does not list them either');
    });
    it('overwrite and delete', () => {
      expectAll(r, ['overwrite', 'delete', 'deleteAbsent'], Status.OK);
      assert.strictEqual(r.gotOverwritten, 'string:second');
      assert.strictEqual(r.gotAfterDelete, 'undefined:undefined');
      assert.strictEqual(r.anonymousAfterDelete, 'number:7', 'other keys are untouched');
    });
    it('work on frozen objects, functions and proxies without running any trap', () => {
      expectOutcome(r.setOnFrozen, Status.OK);
      assert.strictEqual(r.gotOnFrozen, 'number:1');
      assert.strictEqual(r.frozenStillFrozen, 'true');
      expectAll(r, ['setOnProxy', 'getOnProxy', 'deleteOnProxy'], Status.OK);
      assert.strictEqual(r.gotOnProxy, 'number:2');
      assert.strictEqual(r.gotOnProxyAfterDelete, 'undefined:undefined');
      assert.strictEqual(r.proxyPending, '');
      expectOutcome(r.setOnFunction, Status.OK);
      assert.strictEqual(r.gotOnFunction, 'number:3');
    });
    it('a key held by a data reference outlives its handle scope', () => {
      expectAll(r, ['createDataReference', 'getReferenceData', 'getThroughReference', 'deleteDataReference'],
        Status.OK);
      assert.strictEqual(r.gotThroughReference, 'string:through a reference');
      expectOutcome(r.getReferenceValueOfData, Status.INVALID_ARG, /data reference/);
      expectOutcome(r.getReferenceDataOfValue, Status.INVALID_ARG, /value reference/);
      expectAll(r, ['createDataReferenceNullData', 'createDataReferenceNullResult', 'getReferenceDataNullResult',
        'getReferenceDataNullRef'], Status.INVALID_ARG);
    });
    it('bad arguments', () => {
      expectAll(r, ['createNullEnv', 'setNullEnv', 'getNullEnv', 'deleteNullEnv'], Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['createNullResult', 'setNullObject', 'getNullObject', 'deleteNullObject', 'setNullKey',
        'getNullKey', 'deleteNullKey', 'setNullValue', 'getNullResult'], Status.INVALID_ARG);
      expectAll(r, ['createNumberDescription', 'createSymbolDescription'], Status.STRING_EXPECTED);
      for (const which of ['JsNull', 'Undefined', 'Number']) {
        expectAll(r, ['setOn', 'getOn', 'deleteOn'].map((n) => n + which), Status.OBJECT_EXPECTED);
      }
      expectAll(r, ['setWhilePending', 'getWhilePending', 'deleteWhilePending'], Status.PENDING_EXCEPTION);
    });
  });
});
