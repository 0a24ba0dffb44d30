// ets/devtools.ts: finding an env's inspector, telling a person how to
// attach, and saving a CPU profile and a heap snapshot through it. The env
// lives on a thread of the test addon (test/addon/inspector.cc).
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';

import {
  describeInspector, devtoolsUrl, InspectorSession, inspectEnvs, inspectorDirectory, listInspectors, saveCpuProfile,
  saveHeapSnapshot, traceToFile, vscodeAttachConfiguration, waitForInspector,
} from '../ets';
import { addon } from './helpers/addon';
import { waitForStage } from './helpers/inspector';

const a = addon as any;

const SOURCE = [
  'class DevtoolsApiMarker { constructor() { this.payload = "kept"; } }',
  'globalThis.kept = new DevtoolsApiMarker();',
  'function busyDevtoolsApiLoop() {',
  '  let x = 0;',
  '  const end = Date.now() + 60;',
  '  while (Date.now() < end) x = (x + Math.sqrt(x + 1)) % 1e9;',
  '  return x;',
  '}',
  'busyDevtoolsApiLoop();',
].join('\n');

describe('ets/devtools (TypeScript API over the inspector)', function () {
  this.timeout(60_000);
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-devtools-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('finds the env through its discovery file, describes it, profiles it and snapshots its heap', async () => {
    const t = a.inspectorStart({ source: SOURCE, origin: 'file:///demo/devtools-api.js', name: 'devtools-api', wait: 'go' });
    assert.strictEqual(t.open.status, 0, JSON.stringify(t.open));
    try {
      const target = await waitForInspector({ pid: process.pid, title: /devtools-api/ });
      assert.strictEqual(target.port, t.port);
      assert.ok(fs.existsSync(inspectorDirectory()));
      assert.ok(listInspectors({ pid: process.pid }).some((x) => x.id === target.id));

      const url = devtoolsUrl(target);
      assert.strictEqual(url, `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=127.0.0.1:${t.port}/${target.id}`);
      const config = vscodeAttachConfiguration(target);
      assert.deepStrictEqual([config.type, config.request, config.port, config.address], ['node', 'attach', t.port, '127.0.0.1']);
      const text = describeInspector(target);
      assert.ok(text.includes(url) && text.includes('"request":"attach"'), text);

      const profileFile = path.join(tmp, 'run.cpuprofile');
      const profile = await saveCpuProfile(target, profileFile, async () => {
        // No wait here: saveCpuProfile calls this only once the runtime holds
        // Profiler.start (before it did, a run of ~60 ms of JS was once over,
        // on Node 22 in CI, before the message arrived).
        a.inspectorGo(t.id);  // the env's thread runs SOURCE (busyDevtoolsApiLoop for ~60 ms)
        await waitForStage(t.id, 'ran');
      }, { samplingIntervalUs: 100 });
      const saved: any = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
      assert.deepStrictEqual(saved, profile);
      assert.ok(saved.nodes.some((n: any) => n.callFrame.functionName === 'busyDevtoolsApiLoop'),
                'the profile names the busy function');
      assert.ok((saved.samples ?? []).length > 0, 'the profile has samples');

      const snapshotFile = path.join(tmp, 'heap.heapsnapshot');
      const size = await saveHeapSnapshot(target, snapshotFile);
      assert.strictEqual(fs.statSync(snapshotFile).size, size);
      const snapshot = JSON.parse(fs.readFileSync(snapshotFile, 'utf8'));
      assert.ok(snapshot.snapshot.meta.node_fields.includes('name'));
      assert.ok(snapshot.strings.includes('DevtoolsApiMarker'), 'the snapshot holds the object the script kept');

      // A session of our own: protocol errors reject with the method's name.
      const session = await InspectorSession.connect(target);
      try {
        const value = await session.send('Runtime.evaluate', { expression: 'kept.payload' });
        assert.strictEqual(value.result.value, 'kept');
        await assert.rejects(session.send('No.suchMethod'), /No\.suchMethod: .*wasn't found/);
      } finally {
        await session.close();
      }
    } finally {
      a.inspectorGo(t.id);
      a.inspectorJoin(t.id);
    }
    assert.ok(!listInspectors({ pid: process.pid }).some((x) => x.port === t.port), 'closing removed the discovery file');
  });

  it('waitForInspector names the directory it looked in when nothing opens', async () => {
    await assert.rejects(waitForInspector({ pid: process.pid, title: 'nothing-opens-this', timeoutMs: 100 }),
                         new RegExp(`no JSVM inspector of process ${process.pid} opened within 100 ms`));
  });

  it('skips discovery files of processes that are gone and files that are not targets', () => {
    const dir = inspectorDirectory();
    fs.mkdirSync(dir, { recursive: true });
    const stale = path.join(dir, `999999999-1.json`);
    const junk = path.join(dir, `${process.pid}-2.json`);
    fs.writeFileSync(stale, JSON.stringify({ id: 'x', pid: 999999999, port: 1, webSocketDebuggerUrl: 'ws://127.0.0.1:1/x' }));
    fs.writeFileSync(junk, '{ not json');
    try {
      assert.ok(!listInspectors().some((x) => x.pid === 999999999));
      assert.ok(!fs.existsSync(stale), 'the file of a process that is gone is removed');
      assert.ok(!listInspectors({ pid: process.pid }).some((x) => x.port === 2));
    } finally {
      fs.rmSync(stale, { force: true });
      fs.rmSync(junk, { force: true });
    }
  });

  it('inspectEnvs and traceToFile set the variables the runtime reads, and refuse what it cannot read', () => {
    const saved = { ...process.env };
    try {
      inspectEnvs({ port: 9400, waitForDebugger: true });
      assert.strictEqual(process.env.JSVM_INSPECT, '9400');
      assert.strictEqual(process.env.JSVM_INSPECT_BRK, '1');
      inspectEnvs({ host: '0.0.0.0', port: 0 });
      assert.strictEqual(process.env.JSVM_INSPECT, '0.0.0.0:0');
      assert.strictEqual(process.env.JSVM_INSPECT_BRK, undefined);
      assert.throws(() => inspectEnvs({ port: 70000 }), /port 70000 is not a TCP port/);
      traceToFile('/tmp/t.json', ['compile', 'execute']);
      assert.strictEqual(process.env.JSVM_TRACE, '/tmp/t.json:compile,execute');
      assert.throws(() => traceToFile('/tmp/a:b.json'), /may not contain ':'/);
    } finally {
      for (const key of ['JSVM_INSPECT', 'JSVM_INSPECT_BRK', 'JSVM_TRACE']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});
