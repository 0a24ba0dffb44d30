import assert from 'assert';
import { spawnSync } from 'child_process';

import { addon, addonPath, expectOutcome, Outcome, Report, Status } from './helpers/addon';

interface BuffersAddon {
  arrays(): Report;
  arraybuffers(): Report;
  typedarrays(): Report;
  dataviews(): Report;
  backingStores(): Report;
  externalMemory(): Report;
  sharedTypedArray(): Report;
  hugeBuffers(): Report;
}
const buffers = addon as unknown as BuffersAddon;

/** Statuses the shared enum does not list. */
const ARRAYBUFFER_EXPECTED = 19 as Status;
const DETACHABLE_ARRAYBUFFER_EXPECTED = 20 as Status;

function expectAll(r: Report, names: string[], status: number, message?: RegExp): void {
  for (const name of names) {
    assert.ok(r[name], `the scenario did not report ${name}`);
    assert.strictEqual((r[name] as Outcome).status, status, `${name}: ${r[name].status} (${r[name].message})`);
    if (message) assert.match(r[name].message, message, name);
  }
}

const TYPES = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];
const SIZES = [1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8];

describe('buffers: arrays, ArrayBuffers, TypedArrays, DataViews, backing stores', () => {
  describe('CreateArray / CreateArrayWithLength / GetArrayLength', () => {
    const r = buffers.arrays();
    it('creates real arrays; a length gives holes', () => {
      expectAll(r, ['createArray', 'createWithLength', 'createWithZero'], Status.OK);
      assert.strictEqual(r.created, 'true,0,true,2,xy');
      assert.strictEqual(r.createdWithLength, 'true|5|false|false|[null,null,null,null,null]');
      assert.strictEqual(r.createdWithZero, 'true');
    });
    it('makes arrays up to 2^32 - 1 long without allocating them (sparse past 2^20), as new Array(n)', () => {
      expectAll(r, ['createWithLength2to30', 'createWithMaxLength'], Status.OK);
      assert.strictEqual(r.hugeLength, 'true');
      assert.strictEqual(r.maxLength, 'true');
    });
    it('refuses lengths beyond 2^32 - 1', () => {
      expectAll(r, ['createWithLengthTooLarge', 'createWithSizeMax'], Status.INVALID_ARG, /larger than a JS array can be/);
    });
    it('GetArrayLength reads any Array length, up to 2^32 - 1', () => {
      const lengths: Record<string, number> = {
        lengthOfMade: 2, lengthOfSized: 5, lengthOfLiteral: 3, lengthOfSparse: 100, lengthOfMax: 4294967295,
        lengthOfSubclass: 2,
      };
      for (const [name, length] of Object.entries(lengths)) {
        expectOutcome(r[`${name}Status`], Status.OK);
        assert.strictEqual(r[name], length, name);
      }
    });
    it('GetArrayLength refuses anything that is not an Array with ARRAY_EXPECTED', () => {
      expectAll(r, ['lengthOfArrayLike', 'lengthOfTypedArray', 'lengthOfString', 'lengthOfArguments',
        'lengthOfNumber'], Status.ARRAY_EXPECTED, /array was expected/);
    });
    it('NULL env and arguments are INVALID_ARG', () => {
      expectAll(r, ['lengthNullEnv', 'createArrayNullEnv', 'createWithLengthNullEnv'], Status.INVALID_ARG,
        /env is NULL/);
      expectAll(r, ['lengthNullValue', 'lengthNullResult', 'createArrayNullResult', 'createWithLengthNullResult'],
        Status.INVALID_ARG);
    });
  });

  describe('CreateArraybuffer / GetArraybufferInfo / DetachArraybuffer / IsDetachedArraybuffer', () => {
    const r = buffers.arraybuffers();
    it('creates a zero-filled buffer whose bytes native code and JS share', () => {
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.dataNotNull, true);
      assert.strictEqual(r.nativeZeroFilled, true);
      assert.strictEqual(r.jsView, 'true,16,true');
      assert.strictEqual(r.jsSeesNativeWrites, '1,2,3,4,0');
      assert.strictEqual(r.nativeSeesJsWrites, '3412000000000063', 'Uint16 0x1234 little-endian at 8, 99 at 15');
      assert.strictEqual(r.recycledZeroFilled, true, 'memory reused after a dirty buffer is zeroed again');
    });
    it('zero bytes and no data pointer are fine; NULL result or env are not', () => {
      expectAll(r, ['createZero', 'createWithoutDataPointer'], Status.OK);
      assert.strictEqual(r.zeroLength, 'true');
      assert.strictEqual(r.withoutDataPointerLength, '8');
      expectOutcome(r.createNullResult, Status.INVALID_ARG);
      expectOutcome(r.createNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('GetArraybufferInfo reports the data pointer and length, of native and JS buffers', () => {
      expectAll(r, ['info', 'infoNoOutputs', 'infoOfJsBuffer'], Status.OK);
      assert.strictEqual(r.infoData, true);
      assert.strictEqual(r.infoLength, 16);
      assert.strictEqual(r.jsBufferLength, 24);
      assert.strictEqual(r.jsBufferByte3, 42);
    });
    it('GetArraybufferInfo refuses views, SharedArrayBuffers and other objects', () => {
      expectAll(r, ['infoOfTypedArray', 'infoOfDataView', 'infoOfShared', 'infoOfObject'], Status.INVALID_ARG,
        /not an ArrayBuffer/);  // as the device documents (and Node-API answers)
      expectOutcome(r.infoNullValue, Status.INVALID_ARG);
      expectOutcome(r.infoNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('detaching empties the buffer and its views, for JS too', () => {
      expectAll(r, ['isDetachedFresh', 'detach', 'isDetachedAfter', 'infoAfterDetach', 'detachAgain',
        'detachJsBuffer'], Status.OK);
      assert.strictEqual(r.freshDetached, false);
      assert.strictEqual(r.afterDetached, true);
      assert.strictEqual(r.jsAfterDetach, '0,0,');
      assert.strictEqual(r.jsUseAfterDetach, 'TypeError');
      assert.strictEqual(r.detachedData, true, 'no data pointer once detached');
      assert.strictEqual(r.detachedLength, 0);
      assert.strictEqual(r.jsBufferAfterDetach, '0,0');
    });
    it('WebAssembly.Memory buffers are not detachable', () => {
      expectOutcome(r.detachWasm, DETACHABLE_ARRAYBUFFER_EXPECTED, /detachable arraybuffer was expected/);
      assert.strictEqual(r.wasmDetached, false);
      assert.strictEqual(r.wasmStillUsable, '65536|5');
    });
    it('IsDetachedArraybuffer is false for anything that is not an ArrayBuffer', () => {
      expectAll(r, ['isDetachedTypedArray', 'isDetachedNumber'], Status.OK);
      assert.strictEqual(r.typedArrayDetached, false);
      assert.strictEqual(r.numberDetached, false);
      expectAll(r, ['isDetachedNullValue', 'isDetachedNullResult', 'isDetachedNullEnv'], Status.INVALID_ARG);
    });
    it('DetachArraybuffer wants an ArrayBuffer and refuses while an exception is pending', () => {
      expectAll(r, ['detachTypedArray', 'detachObject'], ARRAYBUFFER_EXPECTED);
      expectOutcome(r.detachNull, Status.INVALID_ARG);
      expectOutcome(r.detachNullEnv, Status.INVALID_ARG, /env is NULL/);
      expectAll(r, ['detachWhilePending', 'createWhilePending'], Status.PENDING_EXCEPTION);
      assert.strictEqual(r.notDetachedWhilePending, '4');
    });
    it('a size no allocator can satisfy is GENERIC_FAILURE, not a crash', function () {
      this.timeout(60000);
      // In a child process: V8's own allocation path aborts the process.
      const source = `const r = require(${JSON.stringify(addonPath)}).hugeBuffers(); ` +
        'process.stdout.write(JSON.stringify(r));';
      const child = spawnSync(process.execPath, ['-e', source], { encoding: 'utf8', env: process.env });
      assert.strictEqual(child.status, 0, `the child died (${child.signal}): ${child.stderr}`);
      const huge = JSON.parse(child.stdout);
      expectOutcome(huge.arraybuffer, Status.GENERIC_FAILURE, /could not allocate/);
      assert.strictEqual(huge.dataUntouched, true);
      assert.strictEqual(huge.exceptionPending, '');
      expectOutcome(huge.sizeMax, Status.GENERIC_FAILURE, /could not allocate/);
      assert.strictEqual(huge.stillUsable, '8');
    });
  });

  describe('CreateTypedarray / GetTypedarrayInfo', () => {
    const r = buffers.typedarrays();
    const nativeValues: Record<string, string> = {
      Int8Array: '-5', Uint8Array: '250', Uint8ClampedArray: '255', Int16Array: '-1234', Uint16Array: '65000',
      Int32Array: '-123456', Uint32Array: '4000000000', Float32Array: '1.5', Float64Array: '-2.25',
      BigInt64Array: '-1099511627776', BigUint64Array: '9223372036854775808',
    };
    // JS stored 100.75 (numbers) or -3 * 2^20 (bigints) in element 1.
    const jsValues: Record<string, string> = {
      Int8Array: '100', Uint8Array: '100', Uint8ClampedArray: '101', Int16Array: '100', Uint16Array: '100',
      Int32Array: '100', Uint32Array: '100', Float32Array: '100.750000', Float64Array: '100.750000',
      BigInt64Array: '-3145728', BigUint64Array: '18446744073706405888',
    };
    TYPES.forEach((name, type) => {
      const size = SIZES[type];
      it(`${name}: created over the buffer, described exactly, memory shared both ways`, () => {
        expectOutcome(r[`create.${name}`], Status.OK);
        assert.strictEqual(r[`js.${name}`], `${name},3,${size},${3 * size},true`);
        expectOutcome(r[`info.${name}`], Status.OK);
        assert.strictEqual(r[`type.${name}`], type);
        assert.strictEqual(r[`length.${name}`], 3);
        assert.strictEqual(r[`byteOffset.${name}`], size);
        assert.strictEqual(r[`dataIsBasePlusOffset.${name}`], true, 'data = buffer data + byteOffset');
        assert.strictEqual(r[`sameBuffer.${name}`], true);
        assert.strictEqual(r[`jsReadsNative.${name}`], nativeValues[name]);
        assert.strictEqual(r[`nativeReadsJs.${name}`], jsValues[name]);
      });
    });
    it('GetTypedarrayInfo describes TypedArrays made by JS; every output is optional', () => {
      expectOutcome(r.infoOfJsTypedArray, Status.OK);
      assert.strictEqual(r.jsTypedArray, '4,5,6,data ok,same buffer');
      expectOutcome(r.infoNoOutputs, Status.OK);
    });
    it('an empty array at the very end and an array up to the end fit', () => {
      expectAll(r, ['emptyAtEnd', 'upToEnd'], Status.OK);
      assert.strictEqual(r.emptyAtEndJs, '0,64');
      assert.strictEqual(r.upToEndJs, '7,8,56');
    });
    it('a misaligned byteOffset is a pending RangeError with a code', () => {
      TYPES.forEach((name, type) => {
        if (SIZES[type] === 1) return;
        expectOutcome(r[`misaligned.${name}`], Status.PENDING_EXCEPTION);
        assert.strictEqual(r[`misaligned.${name}Error`],
          `RangeError:start offset of ${name} should be a multiple of ${SIZES[type]}:` +
          'ERR_JSVM_INVALID_TYPEDARRAY_ALIGNMENT');
      });
      expectOutcome(r.misalignedAndTooLong, Status.PENDING_EXCEPTION);
      assert.match(r.misalignedAndTooLongError, /^RangeError:start offset of Int32Array.*ALIGNMENT$/);
    });
    it('a length past the end of the buffer is a pending RangeError with a code', () => {
      for (const name of ['tooLongUint8', 'tooLongFloat64', 'offsetPastEnd', 'lengthOverflows']) {
        expectOutcome(r[name], Status.PENDING_EXCEPTION);
        assert.strictEqual(r[`${name}Error`], 'RangeError:Invalid typed array length:ERR_JSVM_INVALID_TYPEDARRAY_LENGTH',
          name);
      }
    });
    it('bad input: unknown types, non-ArrayBuffers, NULLs, a pending exception', () => {
      expectAll(r, ['unknownType', 'negativeType'], Status.INVALID_ARG, /unknown JSVM_TypedarrayType/);
      expectAll(r, ['onTypedArray', 'onShared', 'onObject'], Status.INVALID_ARG, /not an ArrayBuffer/);  // as on the device
      expectAll(r, ['nullBuffer', 'nullResult'], Status.INVALID_ARG);
      expectOutcome(r.nullEnv, Status.INVALID_ARG, /env is NULL/);
      expectOutcome(r.whilePending, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.pendingKept, 'Error:pending:undefined');
    });
    it('GetTypedarrayInfo refuses anything but a TypedArray', () => {
      expectAll(r, ['infoOfDataView', 'infoOfArrayBuffer', 'infoOfArray'], Status.INVALID_ARG, /not a TypedArray/);
      expectOutcome(r.infoNullValue, Status.INVALID_ARG);
      expectOutcome(r.infoNullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('a TypedArray over a detached buffer is empty and has no data', () => {
      expectOutcome(r.infoDetached, Status.OK);
      assert.strictEqual(r.detachedLength, 0);
      assert.strictEqual(r.detachedData, true);
      assert.strictEqual(r.detachedSameBuffer, true);
      assert.strictEqual(r.detachedJs, '0,0');
    });
  });

  describe('CreateDataview / GetDataviewInfo', () => {
    const r = buffers.dataviews();
    it('creates a DataView over part of a buffer; bytes are shared', () => {
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.js, 'true,8,4,true');
      // setUint16(0, 0xabcd) big-endian at byte 4, setInt32(4, -2, true) little-endian at byte 8
      assert.strictEqual(r.nativeSeesJs, '00000000abcd0000feffffff00000000');
      assert.strictEqual(r.jsSeesNative, '127');
    });
    it('GetDataviewInfo reports length, data = buffer data + offset, buffer and offset', () => {
      expectAll(r, ['info', 'infoNoOutputs', 'infoOfJsDataView'], Status.OK);
      assert.strictEqual(r.infoLength, 8);
      assert.strictEqual(r.infoOffset, 4);
      assert.strictEqual(r.infoData, true);
      assert.strictEqual(r.infoBuffer, true);
      assert.strictEqual(r.jsDataView, '3,10,data ok');
    });
    it('the whole buffer and an empty view at the end fit', () => {
      expectAll(r, ['wholeBuffer', 'emptyAtEnd'], Status.OK);
      assert.strictEqual(r.emptyAtEndJs, '0,32');
    });
    it('a range past the end is a pending RangeError with a code', () => {
      for (const name of ['tooLong', 'offsetPastEnd', 'lengthOverflows']) {
        expectOutcome(r[name], Status.PENDING_EXCEPTION);
        assert.strictEqual(r[`${name}Error`], 'RangeError:byteOffset + byteLength should be less than or equal to ' +
          'the size in bytes of the array passed in:ERR_JSVM_INVALID_DATAVIEW_ARGS', name);
      }
    });
    it('bad input', () => {
      expectAll(r, ['onTypedArray', 'onObject'], Status.INVALID_ARG, /not an ArrayBuffer/);  // as on the device
      expectAll(r, ['nullBuffer', 'nullResult', 'infoNullValue'], Status.INVALID_ARG);
      expectAll(r, ['nullEnv', 'infoNullEnv'], Status.INVALID_ARG, /env is NULL/);
      expectOutcome(r.whilePending, Status.PENDING_EXCEPTION);
      expectAll(r, ['infoOfTypedArray', 'infoOfArrayBuffer'], Status.INVALID_ARG, /not a DataView/);
    });
  });

  describe('backing stores: Allocate / Free / CreateArrayBufferFromBackingStoreData', () => {
    const r = buffers.backingStores();
    it('allocates zero-initialised or uninitialised memory', () => {
      expectAll(r, ['allocateZeroed', 'allocateUninitialized', 'freeUninitialized', 'allocateZeroBytes',
        'freeZeroBytes'], Status.OK);
      assert.strictEqual(r.zeroedIsZero, true);
      assert.strictEqual(r.recycledZeroed, true, 'memory reused after a dirty allocation is zeroed again');
      assert.strictEqual(r.uninitializedNotNull, true);
      assert.strictEqual(r.zeroBytesNotNull, true);
    });
    it('refuses what it cannot do', () => {
      expectOutcome(r.allocateHuge, Status.GENERIC_FAILURE, /out of native memory/);
      assert.strictEqual(r.hugeLeftUntouched, true);
      expectOutcome(r.allocateNullData, Status.INVALID_ARG, /data is NULL/);
      expectOutcome(r.allocateBadFlag, Status.INVALID_ARG, /unknown JSVM_InitializedFlag/);
      expectOutcome(r.freeNull, Status.INVALID_ARG, /data is NULL/);
    });
    it('several ArrayBuffers over one store share its memory', () => {
      expectAll(r, ['createA', 'createB', 'createWhole', 'createAtEnd'], Status.OK);
      assert.strictEqual(r.lengths, '16,16,64,1');
      assert.strictEqual(r.bSeesA, '7,0,0,0,8', "A's bytes 8 and 12 are B's 0 and 4");
      assert.strictEqual(r.nativeSeesJs, '0700000008');
      assert.strictEqual(r.jsSeesNative, '9,9,10');
      assert.strictEqual(r.bData, true, "B's data is the store + 8");
      assert.strictEqual(r.bLength, 16);
    });
    it('offset + size beyond the store, a zero size and NULLs are INVALID_ARG', () => {
      expectAll(r, ['beyondStore', 'offsetBeyondStore', 'sizeBeyondStore', 'offsetOverflows', 'sizeOverflows'],
        Status.INVALID_ARG, /exceeds backingStoreSize/);
      expectOutcome(r.zeroSize, Status.INVALID_ARG, /arrayBufferSize is 0/);
      expectAll(r, ['nullData', 'nullResult'], Status.INVALID_ARG);
      expectOutcome(r.nullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('the buffers are detachable; the store stays the caller\'s to free after the VM', () => {
      expectOutcome(r.detachA, Status.OK);
      assert.strictEqual(r.aDetached, true);
      assert.strictEqual(r.afterDetach, '0,7,64');
      assert.strictEqual(r.storeIntactAfterDetach, true);
      assert.strictEqual(r.storeIntactAfterVm, true);
      expectOutcome(r.freeAfterVm, Status.OK);
    });
  });

  describe('CreateArrayBufferFromExternalMemory (JSVM_EXPERIMENTAL)', () => {
    const r = buffers.externalMemory();
    it('wraps native memory without copying; both sides see each other\'s writes', () => {
      expectOutcome(r.create, Status.OK);
      assert.strictEqual(r.copied, false);
      assert.strictEqual(r.jsSeesMemory, 'true|16|1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16');
      assert.strictEqual(r.nativeSeesJs, '0b0ceeeeeeee');
      assert.strictEqual(r.jsSeesNative, '66');
      assert.strictEqual(r.infoData, true);
      assert.strictEqual(r.infoLength, 16);
    });
    it('the finalizer and copied are optional; such buffers can be detached', () => {
      expectOutcome(r.createWithoutFinalizer, Status.OK);
      assert.strictEqual(r.withoutFinalizerLength, '8');
      expectOutcome(r.detach, Status.OK);
    });
    it('NULL data, result or env are INVALID_ARG', () => {
      expectAll(r, ['nullData', 'nullResult'], Status.INVALID_ARG);
      expectOutcome(r.nullEnv, Status.INVALID_ARG, /env is NULL/);
    });
    it('the finalizer runs once, by the time the VM is destroyed, with its data, hint and copied == false', () => {
      assert.strictEqual(r.finalizedWhileReachable, 0, 'not while JS can reach the buffer');
      assert.strictEqual(r.finalizedAfterVm, 1);
      assert.strictEqual(r.finalizeEnv, true);
      assert.strictEqual(r.finalizeData, true);
      assert.strictEqual(r.finalizeHint, true);
      assert.strictEqual(r.finalizeCopied, false);
      assert.strictEqual(r.memoryAfterVm, '42020304', 'the memory itself is left alone');
    });
  });

  describe('a TypedArray shared between JS and native memory', () => {
    const r = buffers.sharedTypedArray();
    it('native writes are seen by JS and JS writes by native code', () => {
      expectAll(r, ['buffer', 'typedArray'], Status.OK);
      assert.strictEqual(r.dataIsMemory, true);
      assert.strictEqual(r.jsSum, '100');
      assert.strictEqual(r.nativeSees, '0 0 3 6 90 -21 0 0 ');
      assert.strictEqual(r.jsSeesAgain, '3 6 90 1000');
      assert.strictEqual(r.outsideUntouched, true);
    });
  });
});
