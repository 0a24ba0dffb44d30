// Testing ArkTS pages on the desktop: render a page (or a struct), find its
// components, click, type and toggle as a user would, and compare a text
// snapshot of the tree. Events re-render what their state changes touched
// before they return.
import path from 'path';

import { install as installArkts } from './arkts';
import { install as installLoader } from './loader';
import { isResource } from './page-resources';
import { initFields, mount, renderStruct, Struct, UINode, unmount } from './page-runtime';
import { listModules, projectRoot } from './project';

export type { Attribute, UINode } from './page-runtime';
export type { Resource } from './page-resources';
export { Struct } from './page-runtime';

export interface RenderPageOptions {
  /** The DevEco project (default: the one at or above the working directory). */
  root?: string;
  /** The module whose src/main/ets holds the page (default: entry, else the first module). */
  module?: string;
}

/** A rendered page: its tree, queries and the user's actions. */
export class RenderedPage {
  /** The node of the page's struct; its children are what build() made. */
  readonly root: UINode;
  private readonly dirty = new Set<Struct>();
  private scheduled = false;
  private rendering = false;

  constructor(readonly struct: Struct) {
    struct.__host = this;
    struct.__depth = 0;
    struct.__children = new Map();
    const cls = struct.constructor as typeof Struct;
    this.root = {
      type: cls.__meta.name, args: [], attributes: [], events: {}, children: [], parent: null, struct,
      file: cls.__meta.file, line: cls.__meta.line, page: this,
    };
    struct.__node = this.root;
  }

  /** @internal The runtime reports a state change. */
  markDirty(struct: Struct): void {
    this.dirty.add(struct);
    struct.__dirty = true;
    if (this.rendering || this.scheduled) return;
    // Changes made outside an event the API dispatched (timers, promises).
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Re-runs the build() of every struct whose state changed, parents first. */
  flush(): void {
    if (this.rendering) return;
    this.rendering = true;
    try {
      let renders = 0;
      while (this.dirty.size > 0) {
        const next = [...this.dirty].sort((a, b) => a.__depth - b.__depth)[0];
        this.dirty.delete(next);
        if (!next.__mounted || !next.__dirty) continue;
        // A build() that changes the state it renders would never settle.
        if (++renders > 1000) {
          const meta = (next.constructor as typeof Struct).__meta;
          throw new Error(`${meta.file}:${meta.line}: ${meta.name} re-rendered 1000 times in a row: its build() (or a ` +
            'child\'s aboutToAppear) changes state that build() reads every time');
        }
        renderStruct(next);
      }
    } finally {
      this.rendering = false;
    }
  }

  /** @internal First render. */
  mount(): this {
    this.rendering = true;
    try {
      // What changed during the first build (a child's aboutToAppear writing a
      // @Link) stays in `dirty`, for the flush() below.
      mount(this.struct);
    } finally {
      this.rendering = false;
    }
    this.flush();
    return this;
  }

  /** Takes the page down: aboutToDisappear, children first. */
  unmount(): void {
    unmount(this.struct);
  }

  /** Every node of the tree, depth first. */
  all(): UINode[] {
    const nodes: UINode[] = [];
    const walk = (node: UINode): void => {
      nodes.push(node);
      node.children.forEach(walk);
    };
    walk(this.root);
    return nodes;
  }

  /** The nodes whose text (Text, Button label, TextInput text) is `text` or matches it. */
  queryAllByText(text: string | RegExp): UINode[] {
    return this.all().filter((node) => node.text !== undefined &&
      (typeof text === 'string' ? node.text === text : text.test(node.text)));
  }

  /** The one node with that text; throws if there is none or more than one. */
  getByText(text: string | RegExp): UINode {
    return this.one(this.queryAllByText(text), `text ${String(text)}`);
  }

  /** The nodes of a type ('Button', 'Text', or a struct's name), in tree order. */
  getAllByType(type: string): UINode[] {
    return this.all().filter((node) => node.type === type);
  }

  /** The node `.id(id)` marks. */
  getById(id: string): UINode {
    return this.one(this.all().filter((node) => node.id === id), `id ${id}`);
  }

  private one(found: UINode[], what: string): UINode {
    if (found.length === 1) return found[0];
    throw new Error(`${found.length === 0 ? 'No node' : `${found.length} nodes`} with ${what} in the page:\n${this.snapshot()}`);
  }

  /** The tree as indented `Type "text" attribute=value` lines. */
  snapshot(): string {
    return snapshot(this.root);
  }
}

function dispatch(node: UINode, event: string, ...args: unknown[]): void {
  const handler = node.events[event];
  if (!handler) {
    throw new Error(`${describe(node)} has no ${event} handler (${node.file}:${node.line})`);
  }
  handler(...args);
  (node.page as RenderedPage).flush();
}

function describe(node: UINode): string {
  return node.text !== undefined ? `${node.type} ${JSON.stringify(node.text)}` : node.type;
}

/** A click on the node: its onClick runs, then what it changed re-renders. */
export function click(node: UINode): void {
  dispatch(node, 'onClick', { type: 'click', target: node });
}

/** Typing into a TextInput: its text becomes `text` and onChange(text) runs. */
export function input(node: UINode, text: string): void {
  if (node.type !== 'TextInput') throw new Error(`input() types into a TextInput, not ${describe(node)} (${node.file}:${node.line})`);
  node.text = text;
  dispatch(node, 'onChange', text);
}

/** Flipping a Toggle (or setting it to `isOn`): onChange(isOn) runs. */
export function toggle(node: UINode, isOn: boolean = !node.isOn): void {
  if (node.type !== 'Toggle') throw new Error(`toggle() flips a Toggle, not ${describe(node)} (${node.file}:${node.line})`);
  node.isOn = isOn;
  dispatch(node, 'onChange', isOn);
}

function format(value: unknown): string {
  if (isResource(value)) return value.value !== undefined ? format(value.value) : format(value.file);
  if (typeof value === 'string') return /^[A-Z]\w*\.\w+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'function') return 'ƒ';
  if (Array.isArray(value)) return `[${value.map(format).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${format(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** The subtree as indented `Type "text" attribute=value` lines (Toggle: isOn=…, Image: src=…). */
export function snapshot(node: UINode, depth = 0): string {
  const parts = [`${'  '.repeat(depth)}${node.type}`];
  if (node.text !== undefined) parts.push(JSON.stringify(node.text));
  // A container's options ({ space: 8 }, Flex's direction …), less what the line already shows.
  const [first] = node.args;
  if (typeof first === 'object' && first !== null && !isResource(first)) {
    const shown = new Set(['text', 'isOn', 'placeholder']);
    const rest = Object.fromEntries(Object.entries(first).filter(([key]) => !shown.has(key)));
    if (Object.keys(rest).length) parts.push(format(rest));
  }
  if (node.placeholder !== undefined) parts.push(`placeholder=${JSON.stringify(node.placeholder)}`);
  if (node.isOn !== undefined) parts.push(`isOn=${node.isOn}`);
  if (node.src !== undefined) parts.push(`src=${format(first)}`);
  for (const { name, args } of node.attributes) {
    parts.push(`${name}=${args.length === 1 ? format(args[0]) : `(${args.map(format).join(', ')})`}`);
  }
  return [parts.join(' '), ...node.children.map((child) => snapshot(child, depth + 1))].join('\n');
}

/** Renders a struct of a compiled page (`require('./Index.ets').__etsEntry`, or one it exports). */
export function render(cls: typeof Struct, params: Record<string, unknown> = {}): RenderedPage {
  if (typeof cls !== 'function' || !(cls.prototype instanceof Struct)) {
    throw new Error(`render() takes a @Component struct of a page, not ${String(cls)}`);
  }
  const struct = new cls();
  const page = new RenderedPage(struct);
  // The struct's fields from params, as a parent's arguments would give them.
  const values = { ...params };
  const bindings: Record<string, [() => unknown, (v: unknown) => void]> = {};
  for (const key of Object.keys(values)) bindings[key] = [() => values[key], (v) => { values[key] = v; }];
  initFields(struct, bindings, cls.__meta.line, cls.__meta.file);
  return page.mount();
}

/** The .ets file of `page` ('pages/Index') in a module's src/main/ets. */
export function pageFile(page: string, options: RenderPageOptions = {}): string {
  const root = options.root ?? projectRoot();
  const modules = listModules(root);
  const module = options.module
    ? modules.find((m) => m.name === options.module)
    : modules.find((m) => m.name === 'entry') ?? modules[0];
  if (!module) {
    throw new Error(`No module ${options.module ?? ''} in the DevEco project at ${root} (modules: ${modules.map((m) => m.name).join(', ') || 'none'})`);
  }
  return path.join(module.dir, 'src', 'main', 'ets', `${page.replace(/\.ets$/, '')}.ets`);
}

/** Loads and renders the @Entry struct of a page: renderPage('pages/Index'). */
export function renderPage(page: string, options: RenderPageOptions = {}): RenderedPage {
  installLoader();
  installArkts();
  const file = pageFile(page, options);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const loaded = require(file) as { __etsEntry?: typeof Struct | null };
  if (!loaded.__etsEntry) throw new Error(`${file} has no @Entry struct to render`);
  return render(loaded.__etsEntry);
}
