// The previewer: a page of a DevEco project rendered in this Node process (the
// page's logic and its real native modules run here) and shown in a browser
// as HTML that mirrors the component tree (ets/preview-html.ts). The browser
// sends clicks, typing and toggles over a WebSocket; they run as the page
// testing API runs them (ets/pages.ts), and every change to the tree, and
// every HiLog line, goes back to the browser.
//
// `hvigorw preview` builds the native code and starts this in the app sandbox
// (hvigor-shim/lib/preview.js); startPreviewer() is the same from code.
import fs from 'fs';
import http from 'http';
import path from 'path';

import { WebSocket, WebSocketServer } from 'ws';

import { flushHilog, hilogSink, hilogStderr, setHilogStderr } from './hilog';
import { COMPONENT_CSS, nodeAt, nodeHtml } from './preview-html';
import { click, input, pageFile, RenderedPage, renderPage, toggle } from './pages';
import { listModules, projectRoot } from './project';

export interface PreviewOptions {
  /** The DevEco project (default: the one at or above the working directory). */
  root?: string;
  /** The module whose src/main/ets holds the page (default: entry, else the first module). */
  module?: string;
  /** The page, as main_pages.json names it (default: the module's first page there, else pages/Index). */
  page?: string;
  /** The loopback port (default 0: a free one). */
  port?: number;
}

export interface Previewer {
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  /** The page being previewed (the page testing API works on it too). */
  readonly page: RenderedPage;
  close(): Promise<void>;
}

/** The module's first page in src/main/resources/base/profile/main_pages.json, else pages/Index. */
export function firstPage(moduleDir: string): string {
  const file = path.join(moduleDir, 'src', 'main', 'resources', 'base', 'profile', 'main_pages.json');
  try {
    const { src } = JSON.parse(fs.readFileSync(file, 'utf8')) as { src?: string[] };
    if (Array.isArray(src) && typeof src[0] === 'string') return src[0];
  } catch {
    // no main_pages.json: DevEco's templates start at pages/Index
  }
  return 'pages/Index';
}

function shell(title: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title.replace(/</g, '&lt;')} — jsvm-desktop previewer</title>
<style>
body { margin: 0; font-family: "HarmonyOS Sans", "Noto Sans", sans-serif; background: #e9ebee; display: flex;
  gap: 24px; padding: 24px; align-items: flex-start; }
#device { width: 360px; height: 720px; background: #f1f3f5; border-radius: 24px; border: 8px solid #222;
  overflow: hidden; position: relative; flex: none; }
#screen { width: 100%; height: 100%; overflow: auto; display: flex; flex-direction: column; align-items: stretch; }
#side { flex: 1; min-width: 320px; display: flex; flex-direction: column; gap: 12px; }
#status { font: 13px monospace; color: #555; }
#error { font: 13px monospace; color: #b00020; white-space: pre-wrap; }
#hilog { font: 12px monospace; background: #111; color: #ddd; padding: 8px; height: 560px; overflow: auto;
  white-space: pre-wrap; border-radius: 6px; margin: 0; }
${COMPONENT_CSS}
</style></head>
<body>
<div id="device"><div id="screen"></div></div>
<div id="side">
  <div id="status">connecting…</div>
  <div id="error"></div>
  <pre id="hilog"></pre>
</div>
<script>
const screen = document.getElementById('screen');
const status = document.getElementById('status');
const error = document.getElementById('error');
const hilog = document.getElementById('hilog');
const socket = new WebSocket('ws://' + location.host + '/ws');
let shown = 0;
const send = (message) => socket.send(JSON.stringify({ ...message, version: shown }));
socket.onopen = () => { status.textContent = 'connected'; };
socket.onclose = () => { status.textContent = 'disconnected: the previewer stopped'; };
socket.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.type === 'tree') {
    // Keep the focus and caret of a TextInput across the re-render.
    const active = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.node : null;
    const caret = active ? document.activeElement.selectionStart : null;
    screen.innerHTML = message.html;
    shown = message.version;
    status.textContent = 'render ' + message.version + ' of ' + message.page;
    document.title = message.page + ' — jsvm-desktop previewer';
    if (active) {
      const again = screen.querySelector('[data-node="' + active + '"]');
      if (again) { again.focus(); if (caret !== null && again.setSelectionRange) again.setSelectionRange(caret, caret); }
    }
  } else if (message.type === 'hilog') {
    hilog.textContent += message.lines.join('\\n') + '\\n';
    hilog.scrollTop = hilog.scrollHeight;
  } else if (message.type === 'error') {
    error.textContent = message.message;
  }
};
screen.addEventListener('click', (event) => {
  const target = event.target.closest('[data-click]');
  if (target && target.dataset.type !== 'Toggle') send({ type: 'click', node: target.dataset.node });
});
screen.addEventListener('input', (event) => {
  const target = event.target;
  if (target.dataset.type === 'TextInput') send({ type: 'input', node: target.dataset.node, value: target.value });
});
screen.addEventListener('change', (event) => {
  const target = event.target;
  if (target.dataset.type === 'Toggle') send({ type: 'toggle', node: target.dataset.node, value: target.checked });
});
</script>
</body></html>
`;
}

/** A request for this machine's previewer: Host 127.0.0.1/localhost, and an Origin (if any) of the same. */
function fromThisMachine(req: http.IncomingMessage): boolean {
  const local = (value: string): boolean => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(value);
  if (!local(req.headers.host ?? '')) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;  // not a browser page's request (curl, our tests, Node's fetch)
  try {
    return local(new URL(origin).host) && new URL(origin).protocol === 'http:';
  } catch {
    return false;
  }
}

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml',
  '.webp': 'image/webp', '.bmp': 'image/bmp',
};

/** An Image's file: an image under a resources/ folder of the project (symlinks resolved), nothing else. */
function serveMedia(res: http.ServerResponse, realRoot: string, requested: string): void {
  const refuse = (): void => {
    res.statusCode = 404;
    res.end('not an image of the project\'s resources');
  };
  let file: string;
  try {
    file = fs.realpathSync(path.resolve(requested));
    if (!fs.statSync(file).isFile()) return refuse();
  } catch {
    return refuse();
  }
  const type = MEDIA_TYPES[path.extname(file).toLowerCase()];
  const inside = path.relative(realRoot, file);
  if (!type || inside.startsWith('..') || path.isAbsolute(inside) || !inside.split(path.sep).includes('resources')) return refuse();
  res.setHeader('content-type', type);
  fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

interface ClientMessage {
  type: 'click' | 'input' | 'toggle';
  node: string;
  value?: unknown;
  /** The render the browser showed when the user acted. */
  version?: number;
}

/** Renders the page and serves it on a loopback port until close(). */
export async function startPreviewer(options: PreviewOptions = {}): Promise<Previewer> {
  const root = options.root ?? projectRoot();
  const realRoot = fs.realpathSync(path.resolve(root));
  const modules = listModules(root);
  const module = modules.find((m) => m.name === (options.module ?? 'entry')) ?? (options.module ? undefined : modules[0]);
  const pageName = options.page ?? (module ? firstPage(module.dir) : 'pages/Index');
  const file = pageFile(pageName, { root, module: options.module });
  if (!fs.existsSync(file)) {
    throw new Error(`no page ${pageName} in module ${module?.name ?? options.module ?? 'entry'}: ${file} does not exist`);
  }
  // HiLog goes to the browser (and stays available to hilogSink), not to this terminal.
  const wasPrinting = hilogStderr();
  setHilogStderr(false);
  const logged: string[] = [];
  const stopHilog = hilogSink.subscribe((line) => logged.push(line));
  let page: RenderedPage;
  try {
    page = renderPage(pageName, { root, module: options.module });
  } catch (error) {
    stopHilog();
    setHilogStderr(wasPrinting);
    throw error;
  }
  const clients = new Set<WebSocket>();
  let version = 0;

  const broadcast = (message: object): void => {
    const text = JSON.stringify(message);
    for (const client of clients) if (client.readyState === WebSocket.OPEN) client.send(text);
  };
  const treeMessage = () => ({ type: 'tree', version, page: pageName, html: nodeHtml(page.root) });
  const sendHilog = (): void => {
    flushHilog();
    if (logged.length === 0) return;
    broadcast({ type: 'hilog', lines: logged.splice(0) });
  };
  // Every re-render that changed the tree (an event's, or a timer's or
  // promise's in the page) goes out.
  let lastHtml = nodeHtml(page.root);
  const flush = page.flush.bind(page);
  page.flush = () => {
    flush();
    const html = nodeHtml(page.root);
    if (html === lastHtml) return;
    lastHtml = html;
    version++;
    broadcast(treeMessage());
  };
  const hilogTimer = setInterval(sendHilog, 200);

  const handle = (message: ClientMessage): void => {
    // A node is named by its place in the tree the browser showed: after a
    // re-render the browser has not drawn yet, that place may hold another node.
    if (message.version !== undefined && message.version !== version) {
      throw new Error(`the page re-rendered (render ${version}) before this ${String(message.type)} on render ` +
        `${String(message.version)} arrived: not sent to the page, try again`);
    }
    const node = typeof message.node === 'string' ? nodeAt(page.root, message.node) : null;
    if (!node) throw new Error(`no node ${String(message.node)} in the page (it re-rendered meanwhile?)`);
    if (message.type === 'click') click(node);
    else if (message.type === 'input') input(node, String(message.value ?? ''));
    else if (message.type === 'toggle') toggle(node, Boolean(message.value));
    else throw new Error(`unknown event ${String((message as { type?: unknown }).type)}`);
  };

  const server = http.createServer((req, res) => {
    if (!fromThisMachine(req)) {
      res.statusCode = 403;
      res.end('the previewer answers only pages it served itself, on 127.0.0.1 or localhost');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(shell(pageName));
    } else if (url.pathname === '/tree') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ...treeMessage(), snapshot: page.snapshot() }));
    } else if (url.pathname === '/media') {
      serveMedia(res, realRoot, url.searchParams.get('file') ?? '');
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  // Only the previewer's own page may drive it: a WebSocket needs no CORS
  // consent, so any site open in the browser could otherwise click through the
  // page into native code (and DNS rebinding could read /media).
  const sockets = new WebSocketServer({ server, path: '/ws', verifyClient: ({ req }: { req: http.IncomingMessage }) => fromThisMachine(req) });
  sockets.on('connection', (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.send(JSON.stringify(treeMessage()));
    client.on('message', (data) => {
      try {
        handle(JSON.parse(String(data)) as ClientMessage);
        broadcast({ type: 'error', message: '' });  // clears what an earlier event reported
      } catch (error) {
        broadcast({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
      sendHilog();
    });
    sendHilog();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    page,
    close: async () => {
      clearInterval(hilogTimer);
      stopHilog();
      for (const client of clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      page.unmount();
      setHilogStderr(wasPrinting);
    },
  };
}

// hvigorw preview runs this file with JSVM_PREVIEW={"root","module","page","port"}.
if (require.main === module) {
  const request = JSON.parse(process.env.JSVM_PREVIEW || 'null') as PreviewOptions | null;
  if (!request) {
    process.stderr.write('previewer: run it through hvigorw preview\n');
    process.exit(2);
  }
  startPreviewer(request).then((previewer) => {
    process.stdout.write(`Previewer: ${previewer.url} (${request.page ?? 'the first page'} of ${request.module ?? 'entry'}; ` +
      'Ctrl-C stops it)\n');
    const stop = (): void => {
      previewer.close().finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (error: unknown) => {
    process.stderr.write(`previewer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
