import assert from 'assert';
import { spawn } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';

import { addon, addonPath, expectOutcome, Report, sanitizerEnv, Status } from './helpers/addon';

// The env under test lives on a native thread (test/addon/inspector.cc) so that
// this thread is free to be the Chrome DevTools Protocol client.
const a = addon as any;

const SOURCE = [
  'function add(a, b) {',
  '  const sum = a + b;', // line 1 (0-based): the breakpoint
  '  console.log("sum is", sum);',
  '  return sum;',
  '}',
  'add(40, 2);',
].join('\n');

function getJson(port: number, pathName: string, host = '127.0.0.1'): Promise<any> {
  return new Promise((resolve, reject) => {
    http.get({ host, port, path: pathName }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode, headers: res.headers, json: JSON.parse(body) });
        } catch (e) {
          resolve({ status: res.statusCode, headers: res.headers, body });
        }
      });
    }).on('error', reject);
  });
}

/** A minimal CDP client: commands by id, events by method. */
class Cdp {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private events: any[] = [];
  private waiters: { method: string; pred: (p: any) => boolean; resolve: (v: any) => void }[] = [];
  /** URLs of the scripts Debugger.scriptParsed announced, by scriptId (paused frames name scripts by id). */
  readonly scripts = new Map<string, string>();
  closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (process.env.CDP_DEBUG) console.log('<<', data.toString().slice(0, 300));
      if (msg.method === 'Debugger.scriptParsed') this.scripts.set(msg.params.scriptId, msg.params.url);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message}`));
        else p?.resolve(msg.result);
        return;
      }
      const w = this.waiters.findIndex((x) => x.method === msg.method && x.pred(msg.params));
      if (w >= 0) {
        const [waiter] = this.waiters.splice(w, 1);
        waiter.resolve(msg.params);
      } else {
        this.events.push(msg);
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new Cdp(ws)));
      ws.once('error', reject);
    });
  }

  send(method: string, params: any = {}): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The next event `method` (already received or to come) whose params satisfy pred. */
  event(method: string, pred: (p: any) => boolean = () => true): Promise<any> {
    const i = this.events.findIndex((e) => e.method === method && pred(e.params));
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0].params);
    return new Promise((resolve) => this.waiters.push({ method, pred, resolve }));
  }

  close(): Promise<number> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }

  /** The URL of the script a paused call frame is in. */
  urlOf(frame: any): string | undefined {
    return this.scripts.get(frame.location.scriptId);
  }
}

/**
 * After a failed step: lets the env's thread go on (a thread waiting for the
 * debugger or paused would otherwise keep inspectorJoin, on this thread, from
 * returning): releases WaitForDebugger and disconnects, which resumes a pause.
 */
async function abandon(...clients: (Cdp | undefined)[]): Promise<void> {
  for (const c of clients) {
    if (!c || c.ws.readyState !== WebSocket.OPEN) continue;
    c.ws.send(JSON.stringify({ id: 1e6, method: 'Runtime.runIfWaitingForDebugger' }));
    await c.close();
  }
}

/** Polls the target's stage (no timing assertion: mocha's timeout bounds it). */
async function untilStage(id: number, stages: string[]): Promise<Report> {
  for (;;) {
    const s = a.inspectorState(id);
    if (stages.includes(s.stage)) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
}

function discoveryDir(): string {
  return path.join(process.env.XDG_RUNTIME_DIR || '/tmp', 'jsvm-desktop-inspect');
}

describe('inspector (OH_JSVM_OpenInspector & co.): a CDP endpoint per env', function () {
  this.timeout(60000);

  it('answers /json/list, /json and /json/version as Node does, and writes the discovery file', async () => {
    const t = a.inspectorStart({ source: SOURCE, origin: 'file:///demo/add.js', wait: 'go' });
    expectOutcome(t.open, Status.OK);
    assert.ok(t.port > 0, 'port 0 picks a free port');
    try {
      const list = await getJson(t.port, '/json/list');
      assert.strictEqual(list.status, 200);
      assert.match(String(list.headers['content-type']), /application\/json/);
      assert.strictEqual(list.json.length, 1);
      const entry = list.json[0];
      assert.strictEqual(entry.type, 'node');
      assert.match(entry.id, /^[0-9a-f-]{36}$/);
      assert.strictEqual(entry.webSocketDebuggerUrl, `ws://127.0.0.1:${t.port}/${entry.id}`);
      assert.strictEqual(entry.devtoolsFrontendUrl,
        `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=127.0.0.1:${t.port}/${entry.id}`);
      assert.ok(entry.title.length > 0);
      assert.ok(typeof entry.url === 'string');
      assert.deepStrictEqual((await getJson(t.port, '/json')).json, list.json);
      const version = await getJson(t.port, '/json/version');
      assert.strictEqual(version.json['Protocol-Version'], '1.1');
      assert.match(version.json.Browser, /^node\.js\/v\d+/);
      assert.strictEqual((await getJson(t.port, '/nope')).status, 404);

      // The discovery file: exactly the list entry plus pid and port.
      assert.strictEqual(t.discovery, path.join(discoveryDir(), `${process.pid}-${t.port}.json`));
      const file = JSON.parse(fs.readFileSync(t.discovery, 'utf8'));
      assert.deepStrictEqual(file, { ...entry, pid: process.pid, port: t.port });
    } finally {
      a.inspectorGo(t.id);
      a.inspectorGo(t.id);
      const done = a.inspectorJoin(t.id);
      expectOutcome(done.close, Status.OK);
      expectOutcome(done.destroyVM, Status.OK);
      assert.ok(!fs.existsSync(t.discovery), 'the discovery file goes with the inspector');
    }
  });

  it('debugs a script: scripts by URL, breakpoint by URL+line, paused frames, evaluateOnCallFrame, resume, console, idle evaluate', async () => {
    const t = a.inspectorStart({ source: SOURCE, origin: 'file:///demo/add.js', sourceMapUrl: 'add.js.map', wait: 'go' });
    expectOutcome(t.open, Status.OK);
    const entry = (await getJson(t.port, '/json/list')).json[0];
    const cdp = await Cdp.connect(entry.webSocketDebuggerUrl);
    let ok = false;
    try {
      // Runtime.evaluate before anything ran, the VM idle (the dispatcher thread's path).
      await cdp.send('Runtime.enable');
      const context = await cdp.event('Runtime.executionContextCreated');
      assert.ok(context.context.id > 0);
      const early = await cdp.send('Runtime.evaluate', { expression: '6 * 7' });
      assert.strictEqual(early.result.value, 42);
      await cdp.send('Debugger.enable');
      const bp = await cdp.send('Debugger.setBreakpointByUrl', { url: 'file:///demo/add.js', lineNumber: 1 });
      assert.ok(bp.breakpointId);

      a.inspectorGo(t.id); // compile + run on the env's thread
      const parsed = await cdp.event('Debugger.scriptParsed', (p) => p.url === 'file:///demo/add.js');
      assert.strictEqual(parsed.sourceMapURL, 'add.js.map');
      const paused = await cdp.event('Debugger.paused');
      const top = paused.callFrames[0];
      assert.strictEqual(top.functionName, 'add');
      assert.strictEqual(top.location.lineNumber, 1);
      assert.strictEqual(top.location.scriptId, parsed.scriptId);
      assert.strictEqual(cdp.urlOf(top), 'file:///demo/add.js');
      assert.deepStrictEqual(paused.hitBreakpoints, [bp.breakpointId]);
      const source = await cdp.send('Debugger.getScriptSource', { scriptId: parsed.scriptId });
      assert.strictEqual(source.scriptSource, SOURCE);

      const local = await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: top.callFrameId, expression: 'a * 100 + b' });
      assert.strictEqual(local.result.value, 4002);
      // Step over the `sum` line, read it, then go on.
      await cdp.send('Debugger.stepOver');
      const stepped = await cdp.event('Debugger.paused');
      assert.strictEqual(stepped.callFrames[0].location.lineNumber, 2);
      const sum = await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: stepped.callFrames[0].callFrameId, expression: 'sum' });
      assert.strictEqual(sum.result.value, 42);
      await cdp.send('Debugger.resume');
      await cdp.event('Debugger.resumed');

      const logged = await cdp.event('Runtime.consoleAPICalled');
      assert.strictEqual(logged.type, 'log');
      assert.deepStrictEqual(logged.args.map((x: any) => x.value), ['sum is', 42]);

      const ran = await untilStage(t.id, ['ran']);
      expectOutcome(ran.run, Status.OK);
      assert.strictEqual(ran.result, '42');

      // Idle again: evaluate in the env's context (its globals are there). The
      // call hits the breakpoint: the VM pauses on the thread that dispatched.
      const idle = cdp.send('Runtime.evaluate', { expression: 'typeof add + ":" + add(1, 2)' });
      const again = await cdp.event('Debugger.paused');
      assert.strictEqual(again.callFrames[0].location.lineNumber, 1);
      await cdp.send('Debugger.resume');
      assert.strictEqual((await idle).result.value, 'function:3');
      // Profiler and HeapProfiler come from V8.
      await cdp.send('Profiler.enable');
      await cdp.send('HeapProfiler.enable');
      const usage = await cdp.send('Runtime.getHeapUsage');
      assert.ok(usage.usedSize > 0);
      ok = true;
    } finally {
      if (!ok) await abandon(cdp);
      a.inspectorGo(t.id);
      a.inspectorGo(t.id);
      const closeCode = cdp.closed;
      const done = a.inspectorJoin(t.id);
      expectOutcome(done.close, Status.OK); // closed with a client connected
      expectOutcome(done.destroyEnv, Status.OK);
      expectOutcome(done.destroyVM, Status.OK);
      assert.strictEqual(await closeCode, 1001, 'the client is told the target went away');
    }
  });

  it('pauses on exceptions', async () => {
    const t = a.inspectorStart({ source: 'function f() { throw new Error("boom"); }\ntry { f(); } catch (e) { "caught" }', origin: 'file:///demo/throw.js', wait: 'go' });
    const entry = (await getJson(t.port, '/json/list')).json[0];
    const cdp = await Cdp.connect(entry.webSocketDebuggerUrl);
    try {
      await cdp.send('Debugger.enable');
      await cdp.send('Debugger.setPauseOnExceptions', { state: 'all' });
      a.inspectorGo(t.id);
      const paused = await cdp.event('Debugger.paused');
      assert.strictEqual(paused.reason, 'exception');
      assert.match(paused.data.description, /boom/);
      assert.strictEqual(cdp.urlOf(paused.callFrames[0]), 'file:///demo/throw.js');
      await cdp.send('Debugger.resume');
      const ran = await untilStage(t.id, ['ran']);
      assert.strictEqual(ran.result, 'caught');
    } finally {
      await abandon(cdp);
      a.inspectorGo(t.id);
      a.inspectorGo(t.id);
      a.inspectorJoin(t.id);
    }
  });

  it('WaitForDebugger blocks until Runtime.runIfWaitingForDebugger; breakNextLine pauses on the first statement', async () => {
    const t = a.inspectorStart({ source: 'var x = 1;\nx + 1', origin: 'file:///demo/brk.js', wait: 'debugger', breakNextLine: true });
    expectOutcome(t.open, Status.OK);
    const entry = (await getJson(t.port, '/json/list')).json[0];
    const cdp = await Cdp.connect(entry.webSocketDebuggerUrl);
    try {
      await cdp.send('Runtime.enable');
      await cdp.send('Debugger.enable');
      assert.strictEqual(a.inspectorState(t.id).stage, 'waiting', 'still waiting: no runIfWaitingForDebugger yet');
      await cdp.send('Runtime.runIfWaitingForDebugger');
      const paused = await cdp.event('Debugger.paused');
      assert.strictEqual(cdp.urlOf(paused.callFrames[0]), 'file:///demo/brk.js');
      assert.strictEqual(paused.callFrames[0].location.lineNumber, 0);
      await cdp.send('Debugger.resume');
      const ran = await untilStage(t.id, ['ran']);
      expectOutcome(ran.wait, Status.OK);
      assert.strictEqual(ran.result, '2');
    } finally {
      await abandon(cdp);
      a.inspectorGo(t.id);
      a.inspectorJoin(t.id);
    }
  });

  it('WaitForDebugger without breakNextLine just lets the env run', async () => {
    const t = a.inspectorStart({ source: '"free"', origin: 'file:///demo/free.js', wait: 'debugger' });
    const entry = (await getJson(t.port, '/json/list')).json[0];
    const cdp = await Cdp.connect(entry.webSocketDebuggerUrl);
    try {
      await cdp.send('Debugger.enable');
      await cdp.send('Runtime.runIfWaitingForDebugger');
      const ran = await untilStage(t.id, ['ran']);
      expectOutcome(ran.wait, Status.OK);
      assert.strictEqual(ran.result, 'free');
    } finally {
      await abandon(cdp);
      a.inspectorGo(t.id);
      a.inspectorJoin(t.id);
    }
  });

  // jsvm-debugger-cpuprofiler-heapsnapshot.md: the device's inspector receives
  // text, ping and close frames only and breaks the connection on any other.
  // Code written against this runtime must not come to rely on more.
  it('WebSocket frames: text and ping are taken; binary, fragmented and pong frames end the connection, as on the device', async () => {
    const t = a.inspectorStart({ source: '"frames"', origin: 'file:///demo/frames.js', wait: 'go' });
    a.inspectorGo(t.id);
    await untilStage(t.id, ['ran']);
    const url = (await getJson(t.port, '/json/list')).json[0].webSocketDebuggerUrl;
    const clients: Cdp[] = [];
    const connect = async () => {
      const c = await Cdp.connect(url);
      clients.push(c);
      return c;
    };
    try {
      const ok = await connect();
      const pong = new Promise<Buffer>((resolve) => ok.ws.once('pong', resolve));
      ok.ws.ping(Buffer.from('are you there'));
      assert.strictEqual((await pong).toString(), 'are you there');
      const answer = await ok.send('Runtime.evaluate', { expression: '6 * 7' });
      assert.strictEqual(answer.result.value, 42);
      await ok.close();
      const misuses: [string, (ws: WebSocket) => void][] = [
        ['binary', (ws) => ws.send(Buffer.from(JSON.stringify({ id: 1, method: 'Runtime.enable' })), { binary: true })],
        ['fragmented text', (ws) => {
          ws.send('{"id": 1, "method": ', { fin: false });
          ws.send('"Runtime.enable"}', { fin: true });
        }],
        ['pong', (ws) => ws.pong(Buffer.from('unasked'))],
      ];
      for (const [name, misuse] of misuses) {
        const c = await connect();
        const answered = c.send('Runtime.evaluate', { expression: '1' }).then(() => 'answered');
        assert.strictEqual(await answered, 'answered', `${name}: the connection works before`);
        misuse(c.ws);
        const code = await c.closed;
        assert.notStrictEqual(code, 1000, `${name}: a protocol error, not a clean close`);
      }
    } finally {
      await abandon(...clients);
      a.inspectorGo(t.id);
      expectOutcome(a.inspectorJoin(t.id).destroyVM, Status.OK);
    }
  });

  it('inspects two VMs at once, each on its own port', async () => {
    const t1 = a.inspectorStart({ source: 'globalThis.who = "one"; who', origin: 'file:///demo/one.js', wait: 'go' });
    const t2 = a.inspectorStart({ source: 'globalThis.who = "two"; who', origin: 'file:///demo/two.js', wait: 'go' });
    let c1: Cdp | undefined;
    let c2: Cdp | undefined;
    try {
      assert.notStrictEqual(t1.port, t2.port);
      c1 = await Cdp.connect((await getJson(t1.port, '/json/list')).json[0].webSocketDebuggerUrl);
      c2 = await Cdp.connect((await getJson(t2.port, '/json/list')).json[0].webSocketDebuggerUrl);
      a.inspectorGo(t1.id);
      a.inspectorGo(t2.id);
      await untilStage(t1.id, ['ran']);
      await untilStage(t2.id, ['ran']);
      const [r1, r2] = await Promise.all([
        c1.send('Runtime.evaluate', { expression: 'who' }),
        c2.send('Runtime.evaluate', { expression: 'who' }),
      ]);
      assert.strictEqual(r1.result.value, 'one');
      assert.strictEqual(r2.result.value, 'two');
    } finally {
      await abandon(c1, c2);
      for (const t of [t1, t2]) {
        a.inspectorGo(t.id);
        a.inspectorGo(t.id);
        const done = a.inspectorJoin(t.id);
        expectOutcome(done.destroyVM, Status.OK);
      }
    }
  });

  it('OpenInspectorWithName: a free loopback port, the name in the title and the discovery file', async () => {
    const t = a.inspectorStart({ name: 'my-module', source: '1', wait: 'go' });
    expectOutcome(t.open, Status.OK);
    try {
      const entry = (await getJson(t.port, '/json/list')).json[0];
      assert.match(entry.title, /my-module/);
      const file = JSON.parse(fs.readFileSync(t.discovery, 'utf8'));
      assert.strictEqual(file.name, 'my-module');
      assert.strictEqual(file.namePid, 4242);
      assert.strictEqual(file.port, t.port);
    } finally {
      a.inspectorGo(t.id);
      a.inspectorGo(t.id);
      a.inspectorJoin(t.id);
    }
  });

  it('DestroyEnv with a client connected (and paused) closes the session and the socket cleanly', async () => {
    const t = a.inspectorStart({ source: 'debugger; "after"', origin: 'file:///demo/destroy.js', wait: 'go', teardown: 'destroyEnv' });
    const entry = (await getJson(t.port, '/json/list')).json[0];
    const cdp = await Cdp.connect(entry.webSocketDebuggerUrl);
    await cdp.send('Debugger.enable');
    a.inspectorGo(t.id);
    await cdp.event('Debugger.paused');
    // The client leaves while the VM is paused: the VM goes on.
    await cdp.close();
    const ran = await untilStage(t.id, ['ran']);
    assert.strictEqual(ran.result, 'after');
    // A new client is connected when the env is destroyed.
    const again = await Cdp.connect(entry.webSocketDebuggerUrl);
    await again.send('Runtime.enable');
    a.inspectorGo(t.id);
    const done = a.inspectorJoin(t.id);
    expectOutcome(done.destroyEnv, Status.OK);
    expectOutcome(done.destroyVM, Status.OK);
    assert.strictEqual(await again.closed, 1001);
    await assert.rejects(getJson(t.port, '/json/list'), /ECONNREFUSED/);
    assert.ok(!fs.existsSync(t.discovery));
  });

  it('bad input and misuse give statuses, never a crash', () => {
    const r = a.inspectorBadInput();
    for (const name of ['nullEnv', 'nullEnvWithName', 'nullEnvClose', 'nullEnvWait']) {
      expectOutcome(r[name], Status.INVALID_ARG, /env/);
    }
    expectOutcome(r.nullName, Status.INVALID_ARG, /name/);
    expectOutcome(r.waitWithoutInspector, Status.GENERIC_FAILURE, /no inspector is open/);
    expectOutcome(r.closeWithoutInspector, Status.OK);
    expectOutcome(r.badHost, Status.INVALID_ARG, /could not be resolved/);
    expectOutcome(r.foreignHost, Status.INVALID_ARG, /not an address of this machine/);
    expectOutcome(r.open, Status.OK);
    assert.ok(r.port > 0);
    expectOutcome(r.openTwice, Status.GENERIC_FAILURE, /already open for this env/);
    expectOutcome(r.openWithNameTwice, Status.GENERIC_FAILURE, /already open for this env/);
    expectOutcome(r.portInUse, Status.GENERIC_FAILURE, new RegExp(`port ${r.port} on 127.0.0.1 is in use`));
    expectOutcome(r.otherStillOpens, Status.OK);
    assert.strictEqual(r.consoleLog, 'logged');
    expectOutcome(r.pump, Status.OK);
    expectOutcome(r.close, Status.OK);
    assert.strictEqual(r.discoveryLeft, 0);
    expectOutcome(r.reopen, Status.OK, undefined);
    expectOutcome(r.closeAgain, Status.OK);
    expectOutcome(r.snapshotVm, Status.GENERIC_FAILURE, /snapshotting/);
  });

  it('JSVM_INSPECT=0 + JSVM_INSPECT_BRK=1: unmodified code is found through the discovery file and debugged', async () => {
    const source = 'var greeting = "hi";\ngreeting + "!"';
    const script = `const r = require(${JSON.stringify(addonPath)}).inspectorAutoInspected(${JSON.stringify(source)}, 'file:///demo/auto.js'); process.stdout.write(JSON.stringify(r));`;
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, ...sanitizerEnv(), JSVM_INSPECT: '0', JSVM_INSPECT_BRK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // The child's discovery file appears once its env exists.
      let file: any;
      for (;;) {
        const names = fs.existsSync(discoveryDir()) ? fs.readdirSync(discoveryDir()) : [];
        const mine = names.find((n) => n.startsWith(`${child.pid}-`) && n.endsWith('.json'));
        if (mine) {
          file = JSON.parse(fs.readFileSync(path.join(discoveryDir(), mine), 'utf8'));
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.strictEqual(file.pid, child.pid);
      // The HiLog line may reach this process's pipe after the file is written.
      const listening = new RegExp(`Debugger listening on ws://127\\.0\\.0\\.1:${file.port}/${file.id}`);
      for (const deadline = Date.now() + 10_000; !listening.test(stderr) && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.match(stderr, listening);
      const cdp = await Cdp.connect(file.webSocketDebuggerUrl);
      await cdp.send('Runtime.enable');
      await cdp.send('Debugger.enable');
      await cdp.send('Runtime.runIfWaitingForDebugger');
      const paused = await cdp.event('Debugger.paused');
      assert.strictEqual(cdp.urlOf(paused.callFrames[0]), 'file:///demo/auto.js');
      await cdp.send('Debugger.resume');
      assert.strictEqual(await exited, 0, stderr);
      const r = JSON.parse(stdout);
      expectOutcome(r.createEnv, Status.OK);
      expectOutcome(r.run, Status.OK);
      assert.strictEqual(r.result, 'hi!');
      expectOutcome(r.destroyVM, Status.OK);
    } finally {
      child.kill();
    }
  });
});
