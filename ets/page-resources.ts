// $r('app.string.name') on the desktop: looked up in the module's
// src/main/resources/base and then in AppScope/resources/base, as the page's
// resource references resolve in the app a DevEco build makes. Element
// resources (string, color, float, integer, boolean) give their value; media
// resources give the file's path.
import fs from 'fs';
import path from 'path';

import { projectRoot } from './project';

export interface Resource {
  readonly resource: string; // 'app.string.title', as the page wrote it
  readonly type: string;
  readonly name: string;
  /** An element resource's value. */
  readonly value?: string | number | boolean;
  /** A media resource's file, and the same relative to the project. */
  readonly path?: string;
  readonly file?: string;
}

const ELEMENT_TYPES = ['string', 'color', 'float', 'integer', 'boolean'];

export function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && typeof (value as Resource).resource === 'string' &&
    typeof (value as Resource).type === 'string';
}

export class ResourceTable {
  private elements: Map<string, string | number | boolean> | null = null;
  /** The resources/base directories, the module's first. */
  readonly bases: string[];

  constructor(readonly moduleDir: string | null, readonly root: string) {
    this.bases = [
      ...(moduleDir ? [path.join(moduleDir, 'src', 'main', 'resources', 'base')] : []),
      path.join(root, 'AppScope', 'resources', 'base'),
    ];
  }

  /** The page file's module (…/<module>/src/main/ets/…) and project. */
  static forFile(file: string): ResourceTable {
    const marker = `${path.sep}src${path.sep}main${path.sep}ets${path.sep}`;
    const at = file.lastIndexOf(marker);
    const moduleDir = at >= 0 ? file.slice(0, at) : null;
    return new ResourceTable(moduleDir, projectRoot(moduleDir ?? path.dirname(file)));
  }

  private loadElements(): Map<string, string | number | boolean> {
    if (this.elements) return this.elements;
    const table = new Map<string, string | number | boolean>();
    // AppScope's first, so that the module's own override them.
    for (const base of [...this.bases].reverse()) {
      const dir = path.join(base, 'element');
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
        for (const type of ELEMENT_TYPES) {
          const entries = json[type];
          if (!Array.isArray(entries)) continue;
          for (const entry of entries as Array<{ name: string; value: string | number | boolean }>) {
            table.set(`${type}.${entry.name}`, entry.value);
          }
        }
      }
    }
    this.elements = table;
    return table;
  }

  /** The resource `$r(reference)` names; throws a sentence naming what was searched. */
  lookup(reference: string): Resource {
    const match = /^app\.(\w+)\.(\w+)$/.exec(reference);
    if (!match) {
      throw new Error(`$r('${reference}') is not a resource reference the desktop resolves (it reads 'app.<type>.<name>')`);
    }
    const [, type, name] = match;
    if (type === 'media') {
      for (const base of this.bases) {
        const dir = path.join(base, 'media');
        const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => path.parse(f).name === name) : undefined;
        if (file) return { resource: reference, type, name, path: path.join(dir, file), file: path.relative(this.root, path.join(dir, file)) };
      }
      throw new Error(`$r('${reference}'): no media file named ${name} in ${this.bases.map((b) => path.join(b, 'media')).join(' or ')}`);
    }
    if (!ELEMENT_TYPES.includes(type)) {
      throw new Error(`$r('${reference}'): ${type} resources are not supported on the desktop ` +
        `(supported: ${[...ELEMENT_TYPES, 'media'].join(', ')})`);
    }
    const value = this.loadElements().get(`${type}.${name}`);
    if (value === undefined) {
      throw new Error(`$r('${reference}'): no ${type} named ${name} in ${this.bases.map((b) => path.join(b, 'element', '*.json')).join(' or ')}`);
    }
    return { resource: reference, type, name, value };
  }
}
