import assert from 'assert';
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import sinon from 'sinon';
import { Worker } from 'worker_threads';

import { addon, addonPath, expectOutcome, libjsvmPath, root, Status } from './helpers/addon';

function runWorker(source: string, workerData: unknown, onMessage: (value: any) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(`const { parentPort, workerData } = require('worker_threads');
      const addon = require(${JSON.stringify(addonPath)});
      ${source}`, { eval: true, workerData });
    worker.on('message', onMessage);
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
  });
}

describe('heap limits', () => {
  it('a VM that outgrows maxOldGenerationSize is stopped with a status, not a crash', () => {
    const r = addon.heapLimit(24, 200);
    expectOutcome(r.run, Status.GENERIC_FAILURE, /heap limit.*25165824 bytes.*terminated/);
    assert.strictEqual(r.pendingAfter, false, 'a termination is not a JS exception');
    assert.strictEqual(r.after, '2,4,6', 'the VM runs JS again afterwards');
  });

  it('the same allocation succeeds under a larger limit', () => {
    const r = addon.heapLimit(512, 64);
    expectOutcome(r.run, Status.OK);
    assert.strictEqual(r.length, String(64 * 16));
  });
});

describe('sharing the thread with Node', () => {
  it('VMs created, used and snapshotted between Node allocations survive incremental marking', () => {
    const out = execFileSync(process.execPath, ['--stress-incremental-marking', '-e', `
      const addon = require(${JSON.stringify(addonPath)});
      let blob;
      for (let round = 0; round < 8; round++) {
        const garbage = {}; for (let i = 0; i < 2000; i++) garbage['k' + i] = { i };
        addon.coercion(); addon.throwing(); addon.scripts(); addon.objectsAndFunctions(); addon.envProperties();
        blob = addon.makeSnapshot(["globalThis.f = (x) => x + ','; 'ready'"]).blob;
        if (addon.restore(blob, 0, "f('a')").result !== 'a,') throw new Error('bad restore');
        addon.snapshotMisuse();
      }
      console.log('ok');`], { encoding: 'utf8' });
    assert.strictEqual(out.trim(), 'ok');
  });
});

describe('threads', () => {
  it('VMs run on worker_threads, several at once', async () => {
    const onMessage = sinon.spy();
    await Promise.all([0, 1, 2, 3].map((n) => runWorker(`
      const out = [];
      for (let round = 0; round < 5; round++) out.push(addon.evalInFreshVm('hello() + " " + ' + workerData + ' * ' + round));
      parentPort.postMessage(out);`, n, onMessage)));
    assert.strictEqual(onMessage.callCount, 4);
    const all = onMessage.getCalls().map((call) => call.args[0]).flat().sort();
    const expected = [0, 1, 2, 3].flatMap((n) => [0, 1, 2, 3, 4].map((round) => `Hello world! ${n * round}`)).sort();
    assert.deepStrictEqual(all, expected);
  });

  it('one VM moves between threads, one thread at a time', async () => {
    const vm = addon.sharedVmCreate();
    assert.strictEqual(addon.sharedVmEval(vm, 'globalThis.x = 1; x'), '1');
    const onMessage = sinon.spy();
    await runWorker("parentPort.postMessage(addon.sharedVmEval(workerData, '++x'))", vm, onMessage);
    assert.ok(onMessage.calledOnceWith('2'));
    assert.strictEqual(addon.sharedVmEval(vm, '++x'), '3');
    assert.strictEqual(addon.sharedVmDestroy(vm), 0);
  });
});

describe('the library and its headers', () => {
  const header = fs.readFileSync(path.join(root, 'cpp/include/ark_runtime/jsvm.h'), 'utf8');
  const declared = [...header.matchAll(/^JSVM_EXTERN JSVM_Status (OH_JSVM_\w+)\(/gm)].map((m) => m[1]);

  it('jsvm.h declares all 228 functions', () => {
    assert.strictEqual(declared.length, 228);
    assert.strictEqual(new Set(declared).size, 228);
  });

  it('libjsvm.so exports every declared function and no other OH_JSVM_ symbol', () => {
    const symbols = execFileSync('nm', ['-D', '--defined-only', libjsvmPath], { encoding: 'utf8' })
      .split('\n').map((line) => line.split(' ').pop()!).filter((name) => name.startsWith('OH_JSVM_'));
    assert.deepStrictEqual(symbols.sort(), [...declared].sort());
  });

  it('the headers compile as C99 and C++17 with the spec\'s values and layouts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-abi-'));
    const source = path.join(dir, 'abi.c');
    fs.writeFileSync(source, `
#include <stddef.h>
#include <stdio.h>
#include "ark_runtime/jsvm.h"
int main(void) {
  printf("%d %d %d %d %d\\n", JSVM_OK, JSVM_PENDING_EXCEPTION, JSVM_HANDLE_SCOPE_MISMATCH, JSVM_INVALID_TYPE, JSVM_JIT_MODE_EXPECTED);
  printf("%d %d %d %d\\n", JSVM_NO_RECEIVER_CHECK, JSVM_STATIC, JSVM_DEFAULT_JSPROPERTY, JSVM_JSPROPERTY_NO_RECEIVER_CHECK);
  printf("%d %d %d\\n", JSVM_EXTERNAL, JSVM_BIGINT, JSVM_BIGUINT64_ARRAY);
  printf("%d %d %d %d\\n", JSVM_WASM_OPT_HIGH, JSVM_MESSAGE_ALL, JSVM_GC_TYPE_ALL, JSVM_REGEXP_UNICODE_SETS);
  printf("%zu %zu %zu\\n", offsetof(JSVM_CreateVMOptions, snapshotBlobData), offsetof(JSVM_CreateVMOptions, isForSnapshotting), sizeof(JSVM_HeapStatistics));
  printf("%zu %zu %zu\\n", offsetof(JSVM_PropertyDescriptor, value), offsetof(JSVM_ExtendedErrorInfo, errorCode), offsetof(JSVM_InitOptions, removeFlags));
  printf("%d %d\\n", JSVM_VERSION, JSVM_AUTO_LENGTH == SIZE_MAX);
  return 0;
}
`);
    const include = path.join(root, 'cpp/include');
    const expected = ['0 10 13 24 25', '8 1024 7 15', '8 9 10', '20 31 31 256', '32 48 104', '40 20 24', '8 1'];
    for (const [compiler, args] of [['gcc', ['-std=c99']], ['g++', ['-x', 'c++', '-std=c++17']]] as const) {
      const binary = path.join(dir, `abi-${compiler}`);
      execFileSync(compiler, [...args, '-Wall', '-Werror', '-I', include, source, '-o', binary]);
      assert.deepStrictEqual(execFileSync(binary, { encoding: 'utf8' }).trim().split('\n'), expected, compiler);
    }
    fs.rmSync(dir, { recursive: true });
  });

  it('device code using napi_finalize compiles against our native_api.h, even with NAPI_EXPERIMENTAL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-napi-'));
    const source = path.join(dir, 'wrap.cpp');
    fs.writeFileSync(source, `
#include "napi/native_api.h"
#include "hilog/log.h"
static void Finalize(napi_env env, void* data, void* hint) { delete static_cast<int*>(data); }
napi_status Wrap(napi_env env, napi_value object) {
  napi_value created;
  napi_create_object_with_properties(env, &created, 0, nullptr);
  napi_queue_async_work_with_qos(env, nullptr, napi_qos_default);
  return napi_wrap(env, object, new int(1), Finalize, nullptr, nullptr);
}
`);
    const include = ['-I', path.join(root, 'cpp/include'), '-I', path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node')];
    for (const defines of [[], ['-DNAPI_EXPERIMENTAL']]) {
      execFileSync('g++', ['-std=c++17', '-Wall', '-Werror', '-c', ...defines, ...include, source, '-o', path.join(dir, 'wrap.o')]);
    }
    fs.rmSync(dir, { recursive: true });
  });

  it('CreateVM before OH_JSVM_Init is refused (a process that skipped Init)', () => {
    const out = execFileSync(process.execPath, ['-e', `
      const addon = require(${JSON.stringify(addonPath)});
      console.log(JSON.stringify(addon.lifecycleBadInput().createVM));`],
    { env: { ...process.env, JSVM_TEST_SKIP_INIT: '1' }, encoding: 'utf8' });
    expectOutcome(JSON.parse(out), Status.GENERIC_FAILURE, /call OH_JSVM_Init first/);
  });

  it('the first OH_JSVM_Init may come from a std::thread, which then makes and runs a VM (the docs\' threading example)', () => {
    const out = execFileSync(process.execPath, ['-e', `
      const addon = require(${JSON.stringify(addonPath)});
      console.log(JSON.stringify(addon.initInThread()));`],
    { env: { ...process.env, JSVM_TEST_SKIP_INIT: '1' }, encoding: 'utf8' });
    const r = JSON.parse(out);
    expectOutcome(r.init, Status.OK);
    expectOutcome(r.createVM, Status.OK);
    expectOutcome(r.createEnv, Status.OK);
    expectOutcome(r.run, Status.OK);
    assert.strictEqual(r.sum, 4.96 + 5.28);
    expectOutcome(r.initAgain, Status.GENERIC_FAILURE, /already called/);
  });
});

describe('documentation', () => {
  it('README.md lists the implemented and pending functions as they are now', () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/update-readme.js'), '--check'], { stdio: 'pipe' });
  });
});
