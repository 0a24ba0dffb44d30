// The previewer (ets/previewer.ts, `hvigorw preview`): a page rendered here,
// shown in a browser as HTML that mirrors its component tree, with clicks,
// typing and toggles sent back to this process, which runs the page's logic
// and its real native module. In-process over HTTP and a WebSocket, then in a
// real browser: headless Chromium, driven over CDP, clicks the seed page's
// Text and sees the native demo's HiLog lines appear; a screenshot is saved to
// test-artifacts/.
import assert from 'assert';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';

import WebSocket from 'ws';

import { Previewer, startPreviewer } from '../ets/previewer';
import { root } from './helpers/addon';
import { Browser, PageSession, requireChromium } from './helpers/chromium';

const fixture = path.join(root, 'test', 'fixtures', 'pages-app');
const artifacts = path.join(root, 'test-artifacts');

/** The previewer's WebSocket, its messages queued for next(). */
class Client {
  private readonly queue: any[] = [];
  private waiting: ((message: any) => void) | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(message);
      } else {
        this.queue.push(message);
      }
    });
  }

  static open(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}ws`);
      const client = new Client(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** The next message of `type` that `accept` takes (the others are dropped). */
  async next(type: string, accept: (message: any) => boolean = () => true, timeoutMs = 10_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const message = this.queue.shift() ?? await new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), Math.max(0, until - Date.now()));
        this.waiting = (m) => {
          clearTimeout(timer);
          resolve(m);
        };
      });
      if (message.type === type && accept(message)) return message;
    }
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }
}

/** The data-node path of the element with id `id` in a tree message's HTML. */
function nodeOf(html: string, id: string): string {
  const match = new RegExp(`data-node="([\\d.]+)"[^>]* id="${id}"`).exec(html);
  assert.ok(match, `no element with id ${id} in ${html}`);
  return match[1];
}

describe('previewer (ets/previewer.ts): the page in the browser, its logic here', function () {
  this.timeout(120_000);

  describe('in process (HTTP and WebSocket)', () => {
    let previewer: Previewer;
    let client: Client;
    let project: string;  // a copy of the fixture, which the media checks add files to
    before(async () => {
      project = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-preview-')), 'app');
      fs.cpSync(fixture, project, { recursive: true });
      previewer = await startPreviewer({ root: project, page: 'pages/Showcase' });
      client = await Client.open(previewer.url);
    });
    after(async () => {
      client?.socket.close();
      await previewer?.close();
      if (project) fs.rmSync(path.dirname(project), { recursive: true, force: true });
    });

    it('serves the page shell and, on connecting, the tree as HTML with ArkUI\'s layout classes', async () => {
      const shell = await (await fetch(previewer.url)).text();
      assert.match(shell, /<title>pages\/Showcase — jsvm-desktop previewer<\/title>/);
      assert.match(shell, /\.ark-Row \{ flex-direction: row; align-items: center; \}/);
      const tree = await client.next('tree');
      assert.strictEqual(tree.page, 'pages/Showcase');
      assert.match(tree.html, /^<div data-node="0" data-type="Showcase" class="ark-struct">/);
      assert.match(tree.html, /<div data-node="[\d.]+" data-type="Column" class="ark-Column" style="gap:8px;width:100%">/);
      assert.match(tree.html, /<div [^>]*id="count"[^>]*>count 0<\/div>/);
      assert.match(tree.html, /<button [^>]*class="ark-Button" id="add" data-click=""[^>]*>add<\/button>/);
      assert.match(tree.html, /<div [^>]*class="ark-Text"[^>]*style="font-size:30px;font-weight:700">Showcase<\/div>/);
      assert.match(tree.html, /<input [^>]*class="ark-TextInput" id="name"[^>]* type="text" value="" placeholder="your name">/);
      assert.match(tree.html, /<input [^>]*class="ark-Toggle" id="dark"[^>]* type="checkbox" data-toggle="Switch">/);
      assert.match(tree.html, /<img [^>]*class="ark-Image"[^>]*style="width:48px;height:48px" src="\/media\?file=[^"]*icon\.png"/);
      const json = await (await fetch(`${previewer.url}tree`)).json() as { snapshot: string };
      assert.strictEqual(json.snapshot, previewer.page.snapshot());
    });

    it('a click, typing and a toggle from the browser run the page\'s handlers; the new tree comes back', async () => {
      const first = await (await fetch(`${previewer.url}tree`)).json() as { html: string; version: number };
      const changed = (before: any) => (m: any) => m.version > before.version;
      client.send({ type: 'click', node: nodeOf(first.html, 'add') });
      let tree = await client.next('tree', changed(first));
      assert.match(tree.html, /id="count"[^>]*>count 1</);
      client.send({ type: 'input', node: nodeOf(tree.html, 'name'), value: 'Ada' });
      tree = await client.next('tree', changed(tree));
      assert.match(tree.html, /id="greeting"[^>]*>Hello, Ada</);
      assert.match(tree.html, /id="name"[^>]* value="Ada"/);
      client.send({ type: 'toggle', node: nodeOf(tree.html, 'dark'), value: true });
      tree = await client.next('tree', changed(tree));
      assert.match(tree.html, /id="theme"[^>]*>dark</);
      assert.match(tree.html, /id="dark"[^>]* checked>/);
    });

    it('an event for a node that is not there, or of an unknown kind, is reported to the browser', async () => {
      const reported = (m: any) => m.message !== '';
      client.send({ type: 'click', node: '0.99.1' });
      assert.match((await client.next('error', reported)).message, /no node 0\.99\.1 in the page/);
      client.send({ type: 'hover', node: '0' });
      assert.match((await client.next('error', reported)).message, /unknown event hover/);
      client.send({ type: 'click', node: '0' });  // the struct node has no onClick
      assert.match((await client.next('error', reported)).message, /Showcase has no onClick handler/);
    });

    it('an event on a render the browser showed before the last one is refused, not sent to another node', async () => {
      const tree = await (await fetch(`${previewer.url}tree`)).json() as { html: string; version: number };
      client.send({ type: 'click', node: nodeOf(tree.html, 'add'), version: tree.version - 1 });
      assert.match((await client.next('error', (m: any) => m.message !== '')).message,
        /the page re-rendered \(render \d+\) before this click on render \d+ arrived: not sent to the page/);
      const after = await (await fetch(`${previewer.url}tree`)).json() as { version: number };
      assert.strictEqual(after.version, tree.version, 'nothing re-rendered');
    });

    it('only its own pages may drive it: another Origin or Host is refused (no CSRF, no DNS rebinding)', async () => {
      const port = new URL(previewer.url).port;
      const rejected = await new Promise<number>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: 'http://evil.example' });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', () => undefined);
      });
      assert.strictEqual(rejected, 401);
      const status = (headers: Record<string, string>): Promise<number> => new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/tree', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      assert.strictEqual(await status({ host: `evil.example:${port}` }), 403);
      assert.strictEqual(await status({ host: `localhost:${port}`, origin: `http://localhost:${port}` }), 200);
      assert.strictEqual(await status({ host: `127.0.0.1:${port}`, origin: 'https://evil.example' }), 403);
    });

    it('serves the images of the project\'s resources, nothing else', async () => {
      const tree = await (await fetch(`${previewer.url}tree`)).json() as { html: string };
      const src = /src="(\/media\?file=[^"]+)"/.exec(tree.html)![1].replace(/&#38;/g, '&');
      const image = await fetch(new URL(src, previewer.url));
      assert.strictEqual(image.status, 200);
      assert.strictEqual(image.headers.get('content-type'), 'image/png');
      const media = path.join(project, 'entry', 'src', 'main', 'resources', 'base', 'media');
      // A sibling folder whose name starts with the project's, a link out of the project.
      fs.mkdirSync(`${project}-x/entry/src/main/resources`, { recursive: true });
      fs.copyFileSync(path.join(media, 'icon.png'), `${project}-x/entry/src/main/resources/icon.png`);
      fs.symlinkSync(`${project}-x/entry/src/main/resources/icon.png`, path.join(media, 'outside.png'));
      const refused = [
        '/etc/passwd',
        path.join(project, '..', '..', 'etc', 'passwd'),
        path.join(project, 'build-profile.json5'),  // in the project, not an image of its resources
        media,  // a folder
        `${project}-x/entry/src/main/resources/icon.png`,
        path.join(media, 'outside.png'),
        path.join(media, 'missing.png'),
      ];
      for (const file of refused) {
        const res = await fetch(`${previewer.url}media?file=${encodeURIComponent(file)}`);
        assert.strictEqual(res.status, 404, file);
      }
      const still = await fetch(new URL(src, previewer.url));
      assert.strictEqual(still.status, 200, 'the previewer is still serving');
    });
  });

  it('a page that does not exist, or a bad -p port, is refused with a sentence', async () => {
    await assert.rejects(startPreviewer({ root: fixture, page: 'pages/Nope' }),
      /no page pages\/Nope in module entry: \S*pages-app\/entry\/src\/main\/ets\/pages\/Nope\.ets does not exist/);
    const hvigorw = path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js');
    const port = spawnSync(process.execPath, [hvigorw, '-p', 'port=http', 'preview'], { cwd: fixture, encoding: 'utf8' });
    assert.strictEqual(port.status, 1);
    assert.match(port.stderr, /hvigorw: -p port=http: expected a port number/);
  });

  describe('hvigorw preview in headless Chromium', () => {
    let chromium: string | null = null;
    let hvigor: ChildProcess | undefined;
    let browser: Browser | undefined;
    let page: PageSession | undefined;
    before(function () {
      chromium = requireChromium(this);
    });
    after(async () => {
      page?.close();
      await browser?.kill();
      if (hvigor && hvigor.exitCode === null) {
        const exited = new Promise((resolve) => hvigor!.once('exit', resolve));
        process.kill(-hvigor.pid!, 'SIGTERM');
        await exited;
      }
    });

    it('the seed\'s Index.ets: a real click on its Text runs the native demo, whose HiLog lines appear', async () => {
      // The seed project is this repository: hvigorw builds entry, then serves its first page.
      hvigor = spawn(process.execPath, [path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js'), 'preview'], {
        cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
      });
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const look = (chunk: Buffer): void => {
          output += chunk;
          const found = /Previewer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (found) resolve(found[1]);
        };
        hvigor!.stdout!.on('data', look);
        hvigor!.stderr!.on('data', look);
        hvigor!.once('exit', (code) => reject(new Error(`hvigorw preview ended (${code}):\n${output}`)));
      });
      browser = await Browser.launch(chromium!, url);
      page = await browser.page(url);
      await page.waitFor('document.querySelector(\'[data-type="Text"]\')', 'the page rendered');
      assert.strictEqual(await page.evaluate('document.querySelector(\'[data-type="Text"]\').textContent'),
        'Run the JSVM snapshot test');
      // ArkUI's layout, roughly: the Text is centred on the device's screen.
      const centre = await page.evaluate(`(() => {
        const t = document.querySelector('[data-type="Text"]').getBoundingClientRect();
        const s = document.getElementById('screen').getBoundingClientRect();
        return { dx: Math.round((t.left + t.width / 2) - (s.left + s.width / 2)), dy: Math.round((t.top + t.height / 2) - (s.top + s.height / 2)) };
      })()`);
      assert.ok(Math.abs(centre.dx) <= 2 && Math.abs(centre.dy) <= 2, `the Text is off centre by ${JSON.stringify(centre)}`);

      await page.click('[data-type="Text"]');
      const log = await page.waitFor<string>(
        'document.getElementById(\'hilog\').textContent.includes(\'createHelloString() = Hello world!\') && document.getElementById(\'hilog\').textContent',
        'the demo\'s result in the HiLog panel');
      assert.match(log, /I A03200\/JSVM: Test JSVM RunVMSnapshot read file blobSize = : \d+/);
      assert.strictEqual(await page.evaluate('document.getElementById(\'error\').textContent'), '');

      fs.mkdirSync(artifacts, { recursive: true });
      await page.send('Emulation.setDeviceMetricsOverride', { width: 1000, height: 800, deviceScaleFactor: 1, mobile: false });
      const shot = await page.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
      const png = Buffer.from(shot.data, 'base64');
      assert.strictEqual(png.subarray(1, 4).toString(), 'PNG');
      fs.writeFileSync(path.join(artifacts, 'previewer-seed.png'), png);
    });

    it('a page of its own: real typing, a real toggle and a click in Chromium re-render it', async () => {
      const previewer = await startPreviewer({ root: fixture, page: 'pages/Showcase' });
      const showcase = await Browser.launch(chromium!, previewer.url);
      let session: PageSession | undefined;
      try {
        session = await showcase.page(previewer.url);
        await session.waitFor('document.getElementById(\'name\')', 'the page rendered');
        await session.click('#name');  // focus, then type as a keyboard does
        await session.send('Input.insertText', { text: 'Ada' });
        assert.strictEqual(await session.waitFor('document.getElementById(\'greeting\').textContent === \'Hello, Ada\' && ' +
          'document.activeElement.id', 'the greeting after typing'), 'name', 'the input keeps the focus across re-renders');
        await session.click('#dark');
        await session.waitFor('document.getElementById(\'theme\').textContent === \'dark\'', 'the theme after the toggle');
        assert.strictEqual(await session.evaluate('document.getElementById(\'dark\').checked'), true);
        await session.click('#add-fruit');
        await session.waitFor('document.getElementById(\'list\').textContent.includes(\'2. plum\')', 'the new list item');
        assert.strictEqual(previewer.page.getById('greeting').text, 'Hello, Ada', 'the same state as the page testing API sees');
        fs.mkdirSync(artifacts, { recursive: true });
        await session.send('Emulation.setDeviceMetricsOverride', { width: 1000, height: 800, deviceScaleFactor: 1, mobile: false });
        const shot = await session.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
        fs.writeFileSync(path.join(artifacts, 'previewer-showcase.png'), Buffer.from(shot.data, 'base64'));
      } finally {
        session?.close();
        await showcase.kill();
        await previewer.close();
      }
    });
  });
});
