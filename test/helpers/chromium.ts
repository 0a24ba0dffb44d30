// Headless Chromium for the specs that need a real browser: find it, start it
// on a URL with its DevTools port open, drive its page over CDP, kill it whole.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import WebSocket from 'ws';

export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return null;
}

/**
 * In a spec's before(): without Chromium the spec is skipped with the reason;
 * with JSVM_REQUIRE_CHROMIUM set (.ci/run sets it) a missing Chromium fails it.
 */
export function requireChromium(context: Mocha.Context): string | null {
  const chromium = findChromium();
  if (chromium) return chromium;
  if (process.env.JSVM_REQUIRE_CHROMIUM) throw new Error('JSVM_REQUIRE_CHROMIUM is set but no chromium is on PATH');
  console.log('      skipped: no Chromium on PATH (Debian: apt-get install chromium)');
  context.skip();
  return null;
}

// Chromium is not built with the sanitizers: under npm run test:asan it must
// not inherit their preload.
export function browserEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'JSVM_ASAN_PRELOAD']) delete env[key];
  return env;
}

/** A CDP session with one page. */
export class PageSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      const call = message.id !== undefined ? this.pending.get(message.id) : undefined;
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result);
    });
  }

  static connect(url: string): Promise<PageSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new PageSession(socket)));
      socket.once('error', reject);
    });
  }

  send<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The value of a JS expression in the page (awaited when it is a promise). */
  async evaluate<T = any>(expression: string): Promise<T> {
    const result = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (result.exceptionDetails) throw new Error(`${expression}: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value as T;
  }

  /** Waits until `expression` is truthy in the page; returns its value. */
  async waitFor<T = any>(expression: string, what: string, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.evaluate<T>(expression).catch(() => undefined);
      if (value) return value;
      if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A real mouse click (pressed and released) in the middle of the element `selector` finds. */
  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number } | null>(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })()`);
    if (!box) throw new Error(`no element ${selector} in the page`);
    for (const type of ['mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** A headless Chromium showing `url`, its DevTools port open; kill() ends it and its helpers. */
export class Browser {
  private constructor(private readonly child: ChildProcess, private readonly profile: string, readonly port: number) {}

  static async launch(chromium: string, url: string, size = { width: 1000, height: 860 }): Promise<Browser> {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-chromium-'));
    // Chromium's own temporary folders (its singleton socket's, one per run)
    // go inside the profile: a browser killed with SIGKILL cannot remove them.
    const tmp = path.join(profile, 'tmp');
    fs.mkdirSync(tmp);
    const child = spawn(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
      '--disable-dev-shm-usage', '--hide-scrollbars', `--window-size=${size.width},${size.height}`,
      '--remote-debugging-port=0', `--user-data-dir=${profile}`, url,
    ], { stdio: 'ignore', detached: true, env: { ...browserEnv(), TMPDIR: tmp } });  // own process group: killed whole
    const portFile = path.join(profile, 'DevToolsActivePort');
    const until = Date.now() + 30_000;
    while (!fs.existsSync(portFile) || fs.readFileSync(portFile, 'utf8').split('\n').length < 2) {
      if (child.exitCode !== null || Date.now() > until) {
        throw new Error(`Chromium did not open its DevTools port (exit ${child.exitCode ?? 'none'})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const port = Number(fs.readFileSync(portFile, 'utf8').split('\n')[0]);
    return new Browser(child, profile, port);
  }

  /** A CDP session with the page showing `url`. */
  async page(url: string): Promise<PageSession> {
    const until = Date.now() + 30_000;
    for (;;) {
      const targets = await (await fetch(`http://127.0.0.1:${this.port}/json/list`)).json() as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
      const page = targets.find((t) => t.type === 'page' && t.url.startsWith(url));
      if (page) return PageSession.connect(page.webSocketDebuggerUrl);
      if (Date.now() > until) throw new Error(`Chromium shows no page ${url} (${targets.map((t) => t.url).join(', ')})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      try {
        process.kill(-this.child.pid!, 'SIGKILL');  // the browser and its renderer, GPU and zygote processes
      } catch {
        this.child.kill('SIGKILL');
      }
      await exited;
    }
    fs.rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
