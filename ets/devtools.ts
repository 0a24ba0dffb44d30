// Developer tools for the JS that runs inside JSVM VMs, from TypeScript.
//
// The runtime opens a Chrome DevTools Protocol endpoint per env: when native
// code calls OH_JSVM_OpenInspector, or for every env it creates when the
// process has JSVM_INSPECT set (so unmodified device code can be debugged).
// Each endpoint leaves a discovery file in inspectorDirectory() while it is
// open; this module finds them, prints how to attach Chrome DevTools or VS
// Code, and drives the endpoint's Profiler / HeapProfiler domains to save CPU
// profiles and heap snapshots to files. Traces are started by the runtime
// itself (JSVM_TRACE), so traceToFile() only sets that variable.
//
// Lifecycle: the env must not be running JS on the thread that awaits these
// promises (a JSVM env driven synchronously from Node's main thread answers
// only between native calls; an env on its own thread answers any time).
import fs from 'fs';
import os from 'os';
import path from 'path';

import WebSocket from 'ws';

/** One open inspector, as its discovery file (and `/json/list`) describes it. */
export interface InspectorTarget {
  id: string;
  type: string;
  title: string;
  url: string;
  webSocketDebuggerUrl: string;
  devtoolsFrontendUrl: string;
  /** The process that owns the env. */
  pid: number;
  /** The TCP port the endpoint listens on. */
  port: number;
}

/** Where open inspectors leave their discovery files. */
export function inspectorDirectory(): string {
  return path.join(process.env.XDG_RUNTIME_DIR || os.tmpdir(), 'jsvm-desktop-inspect');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readTarget(file: string): InspectorTarget | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<InspectorTarget>;
    if (typeof parsed.webSocketDebuggerUrl !== 'string' || typeof parsed.pid !== 'number') return null;
    if (typeof parsed.port !== 'number' || typeof parsed.id !== 'string') return null;
    return parsed as InspectorTarget;
  } catch {
    return null;  // removed while we read it, or half written
  }
}

/** The inspectors open now (of one process when `pid` is given), oldest port first. */
export function listInspectors(filter: { pid?: number; title?: string | RegExp } = {}): InspectorTarget[] {
  let names: string[];
  try {
    names = fs.readdirSync(inspectorDirectory());
  } catch {
    return [];
  }
  const targets: InspectorTarget[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const target = readTarget(path.join(inspectorDirectory(), name));
    if (!target) continue;
    if (!processAlive(target.pid)) {
      // Left by a process that was killed: tidy it away (best effort).
      fs.rmSync(path.join(inspectorDirectory(), name), { force: true });
      continue;
    }
    if (filter.pid !== undefined && target.pid !== filter.pid) continue;
    if (typeof filter.title === 'string' && target.title !== filter.title) continue;
    if (filter.title instanceof RegExp && !filter.title.test(target.title)) continue;
    targets.push(target);
  }
  return targets.sort((a, b) => a.port - b.port);
}

/** Waits until an inspector matching `filter` is open (polling the discovery directory). */
export async function waitForInspector(
  filter: { pid?: number; title?: string | RegExp; timeoutMs?: number } = {},
): Promise<InspectorTarget> {
  const deadline = Date.now() + (filter.timeoutMs ?? 10_000);
  for (;;) {
    const found = listInspectors(filter);
    if (found.length > 0) return found[0];
    if (Date.now() > deadline) {
      throw new Error(`no JSVM inspector${filter.pid ? ` of process ${filter.pid}` : ''} opened within ` +
                      `${filter.timeoutMs ?? 10_000} ms (discovery files: ${inspectorDirectory()})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Makes every env this process creates from now on open an inspector: on
 * `port` and the ports after it, or on free ports when `port` is 0 (the
 * default). With `waitForDebugger`, each env waits at creation until a client
 * sends Runtime.runIfWaitingForDebugger. Sets JSVM_INSPECT / JSVM_INSPECT_BRK,
 * which child processes inherit too.
 */
export function inspectEnvs(options: { port?: number; host?: string; waitForDebugger?: boolean } = {}): void {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port ${port} is not a TCP port`);
  process.env.JSVM_INSPECT = options.host ? `${options.host}:${port}` : String(port);
  if (options.waitForDebugger) process.env.JSVM_INSPECT_BRK = '1';
  else delete process.env.JSVM_INSPECT_BRK;
}

/** JSVM_TraceCategory's values, as JSVM_TRACE names them. */
export type TraceCategory = 'vm' | 'compile' | 'execute' | 'runtime' | 'stack_trace' | 'wasm' | 'wasm_detailed';

/**
 * Makes the runtime trace V8 events from OH_JSVM_Init until the process exits,
 * into `file` (Chrome trace-event JSON: ui.perfetto.dev, chrome://tracing).
 * Set it before the native module first calls OH_JSVM_Init.
 */
export function traceToFile(file: string, categories: TraceCategory[] = []): void {
  if (file.includes(':')) throw new Error(`the trace file's path may not contain ':' (${file})`);
  process.env.JSVM_TRACE = categories.length > 0 ? `${path.resolve(file)}:${categories.join(',')}` : path.resolve(file);
}

/** The Chrome DevTools address for a target (paste it into Chrome's address bar). */
export function devtoolsUrl(target: InspectorTarget): string {
  const ws = target.webSocketDebuggerUrl.replace(/^ws:\/\//, '');
  return `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${ws}`;
}

/** A VS Code launch.json configuration that attaches to the target. */
export function vscodeAttachConfiguration(target: InspectorTarget): Record<string, unknown> {
  const host = new URL(target.webSocketDebuggerUrl).hostname;
  return {
    type: 'node',
    request: 'attach',
    name: `JSVM: ${target.title}`,
    address: host,
    port: target.port,
    websocketAddress: target.webSocketDebuggerUrl,
  };
}

/** What to tell a person about a target: the DevTools URL and the VS Code configuration. */
export function describeInspector(target: InspectorTarget): string {
  return [
    `JSVM inspector "${target.title}" (process ${target.pid}) on ${target.webSocketDebuggerUrl}`,
    `  Chrome: open chrome://inspect (Configure… → 127.0.0.1:${target.port}) or ${devtoolsUrl(target)}`,
    `  VS Code launch.json: ${JSON.stringify(vscodeAttachConfiguration(target))}`,
  ].join('\n');
}

interface ProtocolError {
  code: number;
  message: string;
}

/** A Chrome DevTools Protocol session with one target. */
export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; method: string }>();
  private readonly listeners = new Map<string, Set<(params: any) => void>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => {
      for (const call of this.pending.values()) call.reject(new Error(`the inspector closed before ${call.method} answered`));
      this.pending.clear();
    });
  }

  /** Connects to a target (or a webSocketDebuggerUrl). */
  static connect(target: InspectorTarget | string, timeoutMs = 10_000): Promise<InspectorSession> {
    const url = typeof target === 'string' ? target : target.webSocketDebuggerUrl;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false });
      socket.once('open', () => resolve(new InspectorSession(socket)));
      socket.once('error', (error) => reject(new Error(`could not connect to ${url}: ${error.message}`)));
    });
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { id?: number; result?: unknown; error?: ProtocolError; method?: string; params?: unknown };
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message} (${message.error.code})`));
      else call.resolve(message.result);
      return;
    }
    if (message.method) for (const listener of this.listeners.get(message.method) ?? []) listener(message.params);
  }

  /** Sends a command; resolves with its result, rejects with the protocol's error. */
  send<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.socket.send(JSON.stringify({ id, method, params }), (error) => {
        if (error) {
          this.pending.delete(id);
          reject(new Error(`could not send ${method}: ${error.message}`));
        }
      });
    });
  }

  /** Calls `listener` with each notification `method`; returns the unsubscribe function. */
  on(method: string, listener: (params: any) => void): () => void {
    let set = this.listeners.get(method);
    if (!set) this.listeners.set(method, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  /** Resolves with the next notification `method` (whose params pass `accept`). */
  once<T = any>(method: string, accept: (params: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(method, (params: T) => {
        if (!accept(params)) return;
        clearTimeout(timer);
        off();
        resolve(params);
      });
    });
  }

  /**
   * Resolves once the runtime has read every message sent before: the
   * WebSocket ping is answered by the runtime's IO thread only after it has
   * queued (and asked the VM's thread to dispatch) the frames ahead of it,
   * even when those messages themselves are answered much later.
   */
  delivered(timeoutMs = 10_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const payload = Buffer.from(`jsvm-${this.nextId++}`);
      const timer = setTimeout(() => {
        this.socket.off('pong', onPong);
        reject(new Error(`the inspector did not answer a ping within ${timeoutMs} ms`));
      }, timeoutMs);
      const onPong = (data: Buffer): void => {
        if (!payload.equals(data)) return;
        clearTimeout(timer);
        this.socket.off('pong', onPong);
        resolve();
      };
      this.socket.on('pong', onPong);
      this.socket.ping(payload);
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** The `.cpuprofile` shape (CDP's Profiler.Profile), as DevTools and speedscope load it. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

async function withSession<T>(target: InspectorTarget | InspectorSession, use: (s: InspectorSession) => Promise<T>) {
  if (target instanceof InspectorSession) return use(target);
  const session = await InspectorSession.connect(target);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/**
 * Profiles the target's VM while `run` runs and writes the profile to `file`
 * (`.cpuprofile`). `run` must make the VM run JS (a native call into the
 * module, or releasing the env's thread): V8 samples the thread that starts
 * its profiler, so the runtime starts it on the thread that next runs the
 * VM's JS, and the profile covers what runs from then on.
 */
export function saveCpuProfile(
  target: InspectorTarget | InspectorSession,
  file: string,
  run: () => unknown,
  options: { samplingIntervalUs?: number; startTimeoutMs?: number } = {},
): Promise<CpuProfile> {
  return withSession(target, async (session) => {
    await session.send('Profiler.enable');
    if (options.samplingIntervalUs) await session.send('Profiler.setSamplingInterval', { interval: options.samplingIntervalUs });
    // Not awaited before `run`: it is answered once a thread runs the VM's JS.
    const started = session.send('Profiler.start');
    let failure: unknown;
    try {
      // But the runtime has it before `run` starts the JS (else a short run
      // could be over before the message even arrived, and nothing sampled).
      await session.delivered();
      await run();
    } catch (error) {
      failure = error;
    }
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([started, new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(
          `the profiler did not start within ${timeoutMs} ms of the run: the VM ran no JS on a thread meanwhile ` +
          '(profiles are taken on the thread that runs the VM\'s JS)')), timeoutMs);
      })]);
    } finally {
      clearTimeout(timer);
    }
    // Stopped whether or not `run` threw, so the VM does not go on sampling.
    const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
    await session.send('Profiler.disable');
    if (failure !== undefined) throw failure;
    fs.writeFileSync(file, JSON.stringify(profile));
    return profile;
  });
}

/** Takes a heap snapshot of the target's VM and writes it to `file` (`.heapsnapshot`); returns its size. */
export function saveHeapSnapshot(target: InspectorTarget | InspectorSession, file: string): Promise<number> {
  return withSession(target, async (session) => {
    const fd = fs.openSync(file, 'w');
    let size = 0;
    const off = session.on('HeapProfiler.addHeapSnapshotChunk', (params: { chunk: string }) => {
      fs.writeSync(fd, params.chunk);
      size += Buffer.byteLength(params.chunk);
    });
    try {
      await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      off();
      fs.closeSync(fd);
    }
    return size;
  });
}
