// A real browser drives an env's inspector: headless Chromium loads a page
// from a server of this spec, the page opens the inspector's WebSocket and
// sends CDP commands, and posts what came back. The env lives on a thread of
// the test addon (test/addon/inspector.cc), idle between native calls, so the
// inspector answers from its own thread.
//
// Without Chromium the spec is skipped with the reason; with
// JSVM_REQUIRE_CHROMIUM set (.ci/run sets it) a missing Chromium fails it.
import assert from 'assert';
import http from 'http';

import { addon } from './helpers/addon';
import { Browser, findChromium } from './helpers/chromium';
import { waitForStage } from './helpers/inspector';

const a = addon as any;

function getJson(url: string): Promise<any> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(new Error(`${url} did not answer JSON: ${body.slice(0, 200)}`));
        }
      });
    }).on('error', reject);
  });
}

// The page: CDP over the browser's own WebSocket, results posted back as JSON.
function page(webSocketUrl: string): string {
  return `<!doctype html><title>jsvm inspector round trip</title><script>
const report = (body) => fetch('/result', { method: 'POST', body: JSON.stringify(body) });
const socket = new WebSocket(${JSON.stringify(webSocketUrl)});
const pending = new Map();
const scripts = [];
let nextId = 1;
const send = (method, params = {}) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, resolve);
  socket.send(JSON.stringify({ id, method, params }));
});
socket.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.id !== undefined) pending.get(message.id)(message);
  else if (message.method === 'Debugger.scriptParsed') scripts.push(message.params.url);
};
socket.onerror = () => report({ error: 'the WebSocket failed' });
socket.onopen = async () => {
  const answer = await send('Runtime.evaluate', { expression: 'answer + 1' });
  const enabled = await send('Debugger.enable');
  const twice = await send('Runtime.evaluate', { expression: 'twice(answer)' });
  report({ answer, enabled, twice, scripts, userAgent: navigator.userAgent });
};
</script>`;
}

describe('inspector in a real browser (headless Chromium)', function () {
  this.timeout(90_000);
  const chromium = findChromium();

  before(function () {
    if (chromium) return;
    if (process.env.JSVM_REQUIRE_CHROMIUM) throw new Error('JSVM_REQUIRE_CHROMIUM is set but no chromium is on PATH');
    console.log('      skipped: no Chromium on PATH (Debian: apt-get install chromium)');
    this.skip();
  });

  it('Chromium evaluates in the env and lists its script through the inspector WebSocket', async () => {
    const t = a.inspectorStart({
      source: 'globalThis.answer = 6 * 7;\nfunction twice(x) { return 2 * x; }',
      origin: 'file:///demo/browser.js',
      wait: 'go',
    });
    assert.strictEqual(t.open.status, 0, `the inspector did not open: ${JSON.stringify(t.open)}`);
    let browser: Browser | undefined;
    let server: http.Server | undefined;
    try {
      a.inspectorGo(t.id);  // the env's thread compiles and runs the script, then idles
      await waitForStage(t.id, 'ran');
      const [target] = await getJson(`http://127.0.0.1:${t.port}/json/list`);
      assert.match(target.webSocketDebuggerUrl, new RegExp(`^ws://127\\.0\\.0\\.1:${t.port}/`));

      const result = new Promise<any>((resolve) => {
        server = http.createServer((req, res) => {
          if (req.method === 'GET' && req.url === '/') {
            res.setHeader('content-type', 'text/html');
            res.end(page(target.webSocketDebuggerUrl));
            return;
          }
          let body = '';
          req.on('data', (chunk) => (body += chunk));
          req.on('end', () => {
            res.end('ok');
            if (req.url === '/result') resolve(JSON.parse(body));
          });
        });
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const { port } = server!.address() as { port: number };
      browser = await Browser.launch(chromium!, `http://127.0.0.1:${port}/`);
      const report = await result;

      assert.strictEqual(report.error, undefined, report.error);
      assert.match(report.userAgent, /Chrome\//, 'the page ran in Chromium');
      assert.deepStrictEqual(report.answer.result.result, { type: 'number', value: 43, description: '43' });
      assert.ok(report.enabled.result.debuggerId, 'Debugger.enable answered with a debugger id');
      assert.ok(report.scripts.includes('file:///demo/browser.js'), `scripts listed: ${report.scripts.join(', ')}`);
      assert.deepStrictEqual(report.twice.result.result, { type: 'number', value: 84, description: '84' });
    } finally {
      await browser?.kill();
      server?.close();
      a.inspectorGo(t.id);  // teardown: CloseInspector, DestroyEnv, DestroyVM
      const done = a.inspectorJoin(t.id);
      assert.strictEqual(done.stage, 'done');
    }
  });
});
