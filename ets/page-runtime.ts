// What compiled ArkTS pages (ets/page-compiler.ts) run on: the component tree,
// structs with @State / @Prop / @Link fields, and the re-rendering a state
// change causes. Rendering is synchronous; a state change marks its struct
// dirty and the next flush (after an event the testing API dispatches, or a
// microtask for changes made elsewhere) re-runs the build() of the dirty
// structs, parents first.
import { enums as pageEnums } from './page-enums';
import { isResource, Resource, ResourceTable } from './page-resources';

export const enums = pageEnums;

/** One chained attribute of a component, as the page wrote it: `.fontSize(40)` is { name: 'fontSize', args: [40] }. */
export interface Attribute {
  name: string;
  args: unknown[];
}

/** A node of the rendered tree: a component, or a struct (type = the struct's name). */
export interface UINode {
  type: string;
  args: unknown[];
  attributes: Attribute[];
  /** onClick, onChange, onAppear … : the handlers the page attached. */
  events: Record<string, (...args: unknown[]) => unknown>;
  children: UINode[];
  parent: UINode | null;
  /** What `.id('…')` set. */
  id?: string;
  /** Text's content, Button's label, TextInput's text. */
  text?: string;
  /** TextInput's placeholder. */
  placeholder?: string;
  /** Toggle's state. */
  isOn?: boolean;
  /** Image's file (a media resource's path) or URL. */
  src?: string;
  /** The struct a struct node stands for. */
  struct?: Struct;
  /** The ForEach keys and if/else branches around the node (empty at the top of a build()). */
  place?: string;
  /** Where the page creates the node. */
  file: string;
  line: number;
  /** The page that rendered the node. */
  page: PageHost;
}

/** A page error at a place in the page's file. */
export class PageRuntimeError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

/** What a compiled page file knows about itself (its file and resources). */
export interface PageContext {
  file: string;
  resources: ResourceTable;
}

export function pageContext(file: string): PageContext {
  return { file, resources: ResourceTable.forFile(file) };
}

export function $r(page: PageContext, line: number, reference: unknown): Resource {
  try {
    return page.resources.lookup(String(reference));
  } catch (error) {
    throw new PageRuntimeError(page.file, line, (error as Error).message);
  }
}

type Binding = [() => unknown, ((value: unknown) => void) | null];

interface FieldMeta {
  name: string;
  kind: 'State' | 'Prop' | 'Link' | 'plain';
  line: number;
  init: (() => unknown) | null;
}

export interface StructMeta {
  name: string;
  entry: boolean;
  file: string;
  line: number;
  fields: FieldMeta[];
  /** The struct's @Builder methods. */
  builders: string[];
}

/** The hooks through which a rendered page learns about state changes. */
export interface PageHost {
  markDirty(struct: Struct): void;
}

const SEEN = Symbol('last value from the parent');

/** The base of every compiled struct. */
export class Struct {
  static __meta: StructMeta;
  declare __node: UINode;
  declare __host: PageHost;
  declare __depth: number;
  declare __dirty: boolean;
  declare __mounted: boolean;
  /** The custom components the last build() created, by position. */
  declare __children: Map<string, Struct>;
  declare __bindings: Record<string, Binding>;
  declare [SEEN]: Map<string, [unknown, number]>;

  aboutToAppear?(): void;
  aboutToDisappear?(): void;
  build?(): void;
}

// Arrays and objects held in @State / @Prop: assigning an element or a
// property (items.push(x), user.name = 'x') changes the state too, one level
// deep. One proxy per object, and every struct that holds it (the owner of a
// @State, a @Prop's copy) is told; its version tells a child that got the
// same object again (a @Link, a @Prop) that it changed in place.
const rawOf = new WeakMap<object, object>();  // proxy -> object
const proxyOf = new WeakMap<object, object>();  // object -> proxy
const watchersOf = new WeakMap<object, Set<() => void>>();
const versions = new WeakMap<object, number>();

function observe(value: unknown, changed: () => void): unknown {
  if (typeof value !== 'object' || value === null || isResource(value)) return value;
  const raw = rawOf.get(value) ?? value;
  let proxy = proxyOf.get(raw);
  if (!proxy) {
    const watchers = new Set<() => void>();
    const notify = (): void => {
      versions.set(raw, (versions.get(raw) ?? 0) + 1);
      for (const watcher of [...watchers]) watcher();
    };
    proxy = new Proxy(raw, {
      set(target, key, newValue, receiver) {
        const result = Reflect.set(target, key, newValue, receiver);
        notify();
        return result;
      },
      deleteProperty(target, key) {
        const result = Reflect.deleteProperty(target, key);
        notify();
        return result;
      },
    });
    rawOf.set(proxy, raw);
    proxyOf.set(raw, proxy);
    watchersOf.set(raw, watchers);
  }
  watchersOf.get(raw)!.add(changed);
  return proxy;
}

/** What a child last saw of an input: the value and, for an object, how often it had changed in place. */
function seen(value: unknown): [unknown, number] {
  const raw = typeof value === 'object' && value !== null ? rawOf.get(value) ?? value : null;
  return [value, raw ? versions.get(raw) ?? 0 : 0];
}

function copyDown(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  try {
    return structuredClone(rawOf.get(value) ?? value);
  } catch {
    return value;
  }
}

function describeStruct(cls: typeof Struct): string {
  return `${cls.__meta.name} (${cls.__meta.file}:${cls.__meta.line})`;
}

/** Gives a new struct instance its fields from its initial values and its parent's arguments. */
export function initFields(struct: Struct, bindings: Record<string, Binding>, line: number, parentFile: string): void {
  const cls = struct.constructor as typeof Struct;
  const meta = cls.__meta;
  struct.__bindings = bindings;
  struct[SEEN] = new Map();
  const known = new Set(meta.fields.map((f) => f.name));
  for (const key of Object.keys(bindings)) {
    if (!known.has(key)) {
      throw new PageRuntimeError(parentFile, line, `${meta.name} has no field ${key} to initialise (its fields: ${[...known].join(', ') || 'none'})`);
    }
  }
  for (const field of meta.fields) {
    const binding = bindings[field.name];
    if (field.kind === 'Link') {
      if (!binding) throw new PageRuntimeError(parentFile, line, `@Link ${meta.name}.${field.name} needs its parent's state: pass { ${field.name}: $${field.name} } or this.<field>`);
      if (!binding[1]) {
        throw new PageRuntimeError(parentFile, line, `@Link ${meta.name}.${field.name} is given an expression; it needs a field of the parent to write back to ($name or this.name)`);
      }
      struct[SEEN].set(field.name, seen(binding[0]()));
      Object.defineProperty(struct, field.name, {
        enumerable: true,
        get: () => struct.__bindings[field.name][0](),
        set: (value) => struct.__bindings[field.name][1]!(value),
      });
      continue;
    }
    let value: unknown;
    if (binding) {
      value = binding[0]();
      struct[SEEN].set(field.name, seen(value));
      if (field.kind === 'Prop') value = copyDown(value);
    } else if (field.init) {
      value = field.init.call(struct);
    } else if (field.kind === 'Prop' || field.kind === 'State') {
      throw new PageRuntimeError(parentFile, line, `@${field.kind} ${meta.name}.${field.name} has no initial value and its parent gives none`);
    }
    if (field.kind === 'plain') {
      Object.defineProperty(struct, field.name, { value, writable: true, enumerable: true });
      continue;
    }
    // @State and @Prop: the struct's own value; assigning it re-renders the struct.
    const changed = (): void => struct.__host.markDirty(struct);
    let current = observe(value, changed);
    Object.defineProperty(struct, field.name, {
      enumerable: true,
      get: () => current,
      set: (next) => {
        if (next === current) return;
        current = observe(next, changed);
        changed();
      },
    });
  }
}

/** Takes the parent's arguments of a re-render: @Prop copies the new value, a changed @Link re-renders. */
function updateFields(struct: Struct, bindings: Record<string, Binding>): void {
  struct.__bindings = bindings;
  for (const field of (struct.constructor as typeof Struct).__meta.fields) {
    const binding = bindings[field.name];
    if (!binding || field.kind === 'State' || field.kind === 'plain') continue;
    const value = binding[0]();
    const [before, version] = struct[SEEN].get(field.name) ?? [undefined, -1];
    const now = seen(value);
    if (before === now[0] && version === now[1]) continue;  // the same value, not changed in place
    struct[SEEN].set(field.name, now);
    if (field.kind === 'Prop') (struct as unknown as Record<string, unknown>)[field.name] = copyDown(value);
    else struct.__dirty = true;
  }
}

// ---- building ----

interface Frame {
  parent: UINode;
  owner: Struct;
  /** ForEach keys around this point, so that custom components keep their state per item. */
  key: string;
}

const frames: Frame[] = [];

function frame(file: string, line: number, what: string): Frame {
  const top = frames[frames.length - 1];
  if (!top) throw new PageRuntimeError(file, line, `${what} outside a render (call build() through the testing API)`);
  return top;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isResource(value)) return value.value !== undefined ? String(value.value) : value.path;
  return String(value);
}

function applyAttributes(node: UINode, attributes: Array<[string, unknown[]]>): void {
  for (const [name, args] of attributes) {
    node.attributes.push({ name, args });
    if (/^on[A-Z]/.test(name)) {
      if (typeof args[0] !== 'function') throw new PageRuntimeError(node.file, node.line, `.${name}() needs a function`);
      node.events[name] = args[0] as (...a: unknown[]) => unknown;
    }
    if (name === 'id') node.id = String(args[0]);
    if (name === 'placeholder') node.placeholder = text(args[0]);
  }
}

function newNode(page: PageContext, top: Frame, type: string, args: unknown[], line: number): UINode {
  return {
    type, args, attributes: [], events: {}, children: [], parent: top.parent, file: page.file, line, page: top.owner.__host,
    place: top.key,
  };
}

export const ui = {
  component(page: PageContext, type: string, args: unknown[], attributes: Array<[string, unknown[]]>,
    body: (() => void) | null, line: number): void {
    const top = frame(page.file, line, type);
    const node = newNode(page, top, type, args, line);
    const [first] = args;
    const options = (typeof first === 'object' && first !== null && !isResource(first) ? first : {}) as Record<string, unknown>;
    if (type === 'Text') node.text = text(first) ?? '';
    if (type === 'Button' && (typeof first === 'string' || isResource(first))) node.text = text(first);
    if (type === 'TextInput') {
      node.text = text(options.text) ?? '';
      node.placeholder = text(options.placeholder);
    }
    if (type === 'Toggle') node.isOn = Boolean(options.isOn);
    if (type === 'Image') node.src = text(first);
    applyAttributes(node, attributes);
    top.parent.children.push(node);
    if (body) {
      frames.push({ ...top, parent: node });
      try {
        body();
      } finally {
        frames.pop();
      }
    }
  },

  /** One branch of an if/else: what it builds is keyed by the branch, so switching branches builds anew. */
  branch(page: PageContext, id: string, body: () => void): void {
    const top = frame(page.file, 0, 'if/else');
    frames.push({ ...top, key: `${top.key}${id}/` });
    try {
      body();
    } finally {
      frames.pop();
    }
  },

  /** A @Builder method: runs in place, its components going where the call stands. */
  builder(page: PageContext, self: Record<string, unknown>, name: string, args: unknown[], line: number): void {
    const method = self[name];
    const meta = ((self as unknown as Struct).constructor as typeof Struct).__meta;
    if (typeof method !== 'function' || !meta?.builders.includes(name)) {
      throw new PageRuntimeError(page.file, line, `this.${name}() in build() is not a @Builder method`);
    }
    (method as (...a: unknown[]) => void).apply(self, args);
  },

  forEach(page: PageContext, items: unknown, item: (value: unknown, index: number) => void,
    key: ((value: unknown, index: number) => unknown) | null, line: number): void {
    const top = frame(page.file, line, 'ForEach');
    if (!Array.isArray(items)) throw new PageRuntimeError(page.file, line, `ForEach needs an array, got ${typeof items}`);
    items.forEach((value, index) => {
      const itemKey = key ? String(key(value, index)) : `${index}:${JSON.stringify(value)}`;
      frames.push({ ...top, key: `${top.key}${itemKey}/` });
      try {
        item(value, index);
      } finally {
        frames.pop();
      }
    });
  },

  /** `Child({ … })`: a struct (created once, re-rendered when its inputs change) or an imported @Builder function. */
  custom(page: PageContext, callee: unknown, bindings: Record<string, Binding> | null, attributes: Array<[string, unknown[]]>,
    line: number, args: () => unknown[] = () => []): void {
    const top = frame(page.file, line, 'a custom component');
    if (typeof callee === 'function' && (callee as { __etsBuilder?: boolean }).__etsBuilder) {
      if (attributes.length) throw new PageRuntimeError(page.file, line, `attributes on the @Builder call ${callee.name}()`);
      (callee as (...a: unknown[]) => void)(...args());  // a builder gets its arguments as written
      return;
    }
    const name = typeof callee === 'function' ? callee.name : String(callee);
    if (typeof callee !== 'function' || !(callee.prototype instanceof Struct)) {
      throw new PageRuntimeError(page.file, line, `${name}() in build() is neither a component nor a @Builder function`);
    }
    if (bindings === null) {
      throw new PageRuntimeError(page.file, line, `${name}(…) is a component: pass its fields as an object literal \`{ field: value }\``);
    }
    const cls = callee as typeof Struct;
    const owner = top.owner;
    const counter = `${top.key}${cls.__meta.name}`;
    const count = (counts.get(owner)?.get(counter) ?? 0);
    counts.get(owner)?.set(counter, count + 1);
    const key = `${counter}#${count}`;
    const previous = previousChildren.get(owner)?.get(key);
    let struct: Struct;
    if (previous && previous.constructor === cls) {
      struct = previous;
      updateFields(struct, bindings);
      struct.__node.attributes = [];
      struct.__node.events = {};
      struct.__node.parent = top.parent;
      applyAttributes(struct.__node, attributes);
      top.parent.children.push(struct.__node);
      owner.__children.set(key, struct);
      if (struct.__dirty) renderStruct(struct);
      return;
    }
    struct = new cls();
    struct.__host = owner.__host;
    struct.__depth = owner.__depth + 1;
    struct.__children = new Map();
    struct.__node = { ...newNode(page, top, cls.__meta.name, [], line), struct };
    initFields(struct, bindings, line, page.file);
    applyAttributes(struct.__node, attributes);
    top.parent.children.push(struct.__node);
    owner.__children.set(key, struct);
    mount(struct);
  },
};

/** @Builder functions: marked so that `Name(…)` in build() runs them rather than treating them as components. */
export function markBuilder(fn: (...args: unknown[]) => void): void {
  (fn as { __etsBuilder?: boolean }).__etsBuilder = true;
}

// The previous build's custom components of each struct being re-rendered,
// and how many of each kind this build has placed so far.
const previousChildren = new Map<Struct, Map<string, Struct>>();
const counts = new Map<Struct, Map<string, number>>();

/** Runs the struct's build() into its node, reusing the custom components of the last build where they stand again. */
export function renderStruct(struct: Struct): void {
  const node = struct.__node;
  const before = new Set<UINode>();
  collect(node, before);
  const oldPaths = new Set([...before].map((n) => treePath(n, node)));
  node.children = [];
  previousChildren.set(struct, struct.__children);
  counts.set(struct, new Map());
  struct.__children = new Map();
  frames.push({ parent: node, owner: struct, key: '' });
  try {
    struct.__dirty = false;
    if (typeof struct.build !== 'function') {
      throw new Error(`${describeStruct(struct.constructor as typeof Struct)} has no build()`);
    }
    struct.build();
  } finally {
    frames.pop();
    const gone = previousChildren.get(struct)!;
    previousChildren.delete(struct);
    counts.delete(struct);
    for (const [key, child] of gone) if (struct.__children.get(key) !== child) unmount(child);
  }
  // (__dirty stays set when the build itself, or a child's aboutToAppear,
  // changed this struct's state: the page renders it again.)
  appear(node, before, oldPaths);
}

function collect(node: UINode, into: Set<UINode>): void {
  for (const child of node.children) {
    into.add(child);
    collect(child, into);
  }
}

/** Where a node stands below `root`: types and positions, e.g. "Text@0<Row@2". */
function treePath(node: UINode, root: UINode): string {
  const parts: string[] = [];
  for (let n: UINode | null = node; n && n !== root; n = n.parent) {
    parts.push(`${n.type}@${n.parent ? n.parent.children.indexOf(n) : 0}${n.place ? `[${n.place}]` : ''}`);
  }
  return parts.join('<');
}

// onAppear: once for each node that was not in the tree before this render
// (each build() makes new nodes, so they are matched by type and position).
// A custom component kept from the last build keeps its subtree as it was.
function appear(root: UINode, before: Set<UINode>, oldPaths: Set<string>): void {
  const visit = (node: UINode): void => {
    for (const child of node.children) {
      if (child.struct && before.has(child)) continue;
      if (!oldPaths.has(treePath(child, root)) && child.events.onAppear) child.events.onAppear();
      visit(child);
    }
  };
  visit(root);
}

/** A new struct: aboutToAppear, then its first build. */
export function mount(struct: Struct): void {
  struct.__mounted = true;
  struct.aboutToAppear?.();
  renderStruct(struct);
}

/** A struct leaving the tree: its children first, then its own aboutToDisappear. */
export function unmount(struct: Struct): void {
  if (!struct.__mounted) return;
  struct.__mounted = false;
  for (const child of struct.__children.values()) unmount(child);
  struct.aboutToDisappear?.();
}

/** What ets/page-compiler.ts puts at the end of a page: its structs on module.exports, and which one is the @Entry. */
export function registerPage(module: NodeModule, structs: Record<string, typeof Struct>, entry: string | null): void {
  Object.defineProperty(module.exports, '__etsStructs', { value: structs, enumerable: false });
  Object.defineProperty(module.exports, '__etsEntry', { value: entry ? structs[entry] : null, enumerable: false });
}
