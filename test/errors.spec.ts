import assert from 'assert';

import { addon, expectOutcome, Status } from './helpers/addon';

describe('errors, exceptions and scripts', () => {
  describe('throwing from native code', () => {
    const r = addon.throwing();
    it('ThrowError makes an Error with message and code pending', () => {
      expectOutcome(r.throwError, Status.OK);
      assert.strictEqual(r.pendingAfterThrow, true);
      assert.strictEqual(r.thrownError, 'Error:plain error:E_CODE');
      assert.strictEqual(r.pendingAfterClear, false);
    });
    it('calls that may run JS refuse while an exception is pending', () => {
      expectOutcome(r.throwWhilePending, Status.PENDING_EXCEPTION, /pending/);
      expectOutcome(r.runWhilePending, Status.PENDING_EXCEPTION);
    });
    it('each Throw*Error throws its own class', () => {
      assert.strictEqual(r.thrownTypeError, 'TypeError:bad type:E_TYPE');
      assert.strictEqual(r.thrownRangeError, 'RangeError:out of range:undefined');
      assert.strictEqual(r.thrownSyntaxError, 'SyntaxError:bad syntax:E_SYN');
    });
    it('Throw throws any value', () => {
      expectOutcome(r.throwValue, Status.OK);
      assert.strictEqual(r.thrownValue, 'string:just a string');
    });
    it('bad input is INVALID_ARG', () => {
      for (const name of ['throwErrorNullMessage', 'throwErrorNullEnv', 'throwNull', 'getAndClearNullResult',
        'isPendingNullResult', 'isPendingNullEnv']) {
        expectOutcome(r[name], Status.INVALID_ARG);
      }
    });
    it('GetAndClearLastException with nothing pending gives undefined', () => {
      expectOutcome(r.getAndClearNothing, Status.OK);
      assert.strictEqual(r.nothingIs, 'undefined');
    });
  });

  describe('error objects', () => {
    const r = addon.errorObjects();
    it('Create*Error makes the right class with message and code, without throwing', () => {
      expectOutcome(r.createError, Status.OK);
      assert.strictEqual(r.error, 'Error:made here:E_MADE');
      assert.strictEqual(r.typeError, 'TypeError:made here:E_MADE');
      assert.strictEqual(r.rangeErrorNoCode, 'RangeError:made here:undefined');
      assert.strictEqual(r.syntaxError, 'SyntaxError:made here:E_MADE');
      assert.strictEqual(r.creatingDoesNotThrow, true);
    });
    it('message and code must be strings', () => {
      expectOutcome(r.createErrorNumberMessage, Status.STRING_EXPECTED);
      expectOutcome(r.createErrorNumberCode, Status.STRING_EXPECTED);
      expectOutcome(r.createErrorNullMessage, Status.INVALID_ARG);
      expectOutcome(r.createErrorNullResult, Status.INVALID_ARG);
    });
    it('IsError recognises native errors and their subclasses only', () => {
      assert.strictEqual(r.isErrorError, true);
      assert.strictEqual(r.isErrorSubclass, true);
      assert.strictEqual(r.isErrorLookalike, false);
      assert.strictEqual(r.isErrorString, false);
      expectOutcome(r.isErrorNullValue, Status.INVALID_ARG);
      expectOutcome(r.isErrorNullResult, Status.INVALID_ARG);
    });
  });

  describe('exceptions across native callbacks', () => {
    const r = addon.callbackExceptions();
    it('an exception thrown by a native callback reaches the JS try/catch', () => {
      assert.strictEqual(r.caughtInJs, 'true,bad input,ERR_BAD');
    });
    it('a C++ exception in a callback becomes a JS Error, never crossing the C boundary', () => {
      assert.strictEqual(r.cppCaughtInJs, 'Error:native callback threw a C++ exception: boom from C++');
    });
    it('a JS exception passes through a native frame to the outer JS', () => {
      assert.strictEqual(r.throughNative, 'RangeError:inner 7');
      assert.strictEqual(r.nativeNested, '42');
      assert.strictEqual(r.addBadArgs, 'TypeError:add() takes two numbers');
      assert.strictEqual(r.stillUsable, '3');
    });
    it('uncaught, it ends RunScript with PENDING_EXCEPTION', () => {
      expectOutcome(r.uncaught, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.uncaughtException, 'TypeError: bad input');
    });
  });

  describe('scripts', () => {
    const r = addon.scripts();
    it('compiles and runs, also eagerly and more than once', () => {
      expectOutcome(r.compile, Status.OK);
      expectOutcome(r.run, Status.OK);
      assert.strictEqual(r.result, '42');
      expectOutcome(r.runAgain, Status.OK);
      expectOutcome(r.compileEager, Status.OK);
      assert.strictEqual(r.eagerResult, 'eager');
    });
    it('syntax and runtime errors are pending exceptions', () => {
      expectOutcome(r.syntaxError, Status.PENDING_EXCEPTION);
      assert.match(r.syntaxException, /^SyntaxError/);
      expectOutcome(r.referenceError, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.referenceException, 'ReferenceError: undefinedName is not defined');
    });
    it('bad input', () => {
      expectOutcome(r.compileNotString, Status.STRING_EXPECTED);
      for (const name of ['compileNullScript', 'compileNullResult', 'runNullScript', 'runNullResult',
        'compileCacheWithoutLength']) {
        expectOutcome(r[name], Status.INVALID_ARG);
      }
      expectOutcome(r.compileWithNullOrigin, Status.INVALID_ARG, /origin/);
    });
    it('a cache that is not one is rejected and the source is compiled', () => {
      expectOutcome(r.compileWithBadCache, Status.OK);
      assert.strictEqual(r.badCacheRejected, true);
      assert.strictEqual(r.badCacheResult, 'from source');
    });
    it('the origin names the resource and offsets its lines in stack traces', () => {
      expectOutcome(r.compileWithOrigin, Status.OK);
      assert.match(r.originStack, /at where \(app:\/\/pages\/Index\.js:11:\d+\)/);
      assert.match(r.originStack, /app:\/\/pages\/Index\.js:12:1/);
    });
    it('GetLastErrorInfo describes the latest call and is cleared by a success', () => {
      assert.strictEqual(r.lastErrorCode, Status.INVALID_ARG);
      assert.strictEqual(r.lastErrorMessage, 'script is NULL');
      assert.strictEqual(r.afterSuccessCode, Status.OK);
      assert.strictEqual(r.afterSuccessMessageNull, true);
    });
  });
});
