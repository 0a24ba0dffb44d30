// `import napitest from 'libentry.so'` on the desktop: resolves lib<name>.so to the
// library hvigorw built for the DevEco project in the working directory, loads it
// as a Node addon and flushes HiLog lines into hilogSink after every call.
import fs from 'fs';
import Module from 'module';
import path from 'path';

import { buildProjectOnce, ensureFresh } from './freshness';
import { flushHilog } from './hilog';
import { desktopRoot, listModules, projectRoot } from './project';

const NATIVE_MODULE = /^lib[\w.-]+\.so$/;

/** The built library for `request` (e.g. libentry.so), or null. */
export function findNativeModule(request: string, start = process.cwd()): string | null {
  const root = projectRoot(start);
  for (const module of listModules(root)) {
    const candidate = path.join(module.outputDir, request);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

// Node-API exports are read-only (and napi_default ones not enumerable); callers
// get a facade whose functions flush logs.
function withLogFlush(exports: Record<string, unknown>): Record<string, unknown> {
  const facade: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(exports)) {
    const value = exports[name];
    facade[name] = typeof value === 'function'
      ? function (this: unknown, ...args: unknown[]) {
        try {
          return (value as (...a: unknown[]) => unknown).apply(this, args);
        } finally {
          flushHilog();
        }
      }
      : value;
  }
  return facade;
}

let installed = false;

/** Teaches require() (and so TypeScript imports) about lib<name>.so. */
export function install(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as {
    _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
    _extensions: Record<string, (module: NodeModule, filename: string) => void>;
  };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
    if (NATIVE_MODULE.test(request)) {
      let found = findNativeModule(request);
      // Not built yet: build the project's modules once (ets/freshness.ts).
      if (!found && buildProjectOnce()) found = findNativeModule(request);
      if (found) return found;
      const error = new Error(`Cannot find native module '${request}': run hvigorw assembleHap in ${projectRoot()}`);
      (error as NodeJS.ErrnoException).code = 'MODULE_NOT_FOUND';
      throw error;
    }
    return resolve.call(this, request, parent, ...rest);
  };
  internals._extensions['.so'] = (module: NodeModule, filename: string) => {
    checkNodeLine();
    ensureFresh(filename);
    internals._extensions['.node'](module, filename);
    module.exports = withLogFlush(module.exports as Record<string, unknown>);
  };
}

/**
 * The runtime is built for one Node line (each line's V8 has its own C++ ABI):
 * loading it into another would crash, so a module load first compares the
 * line scripts/build.js recorded with the running node's.
 */
export function checkNodeLine(root: string = desktopRoot): void {
  const stamp = path.join(root, 'build', 'Release', 'node-line.json');
  if (!fs.existsSync(stamp)) return;
  const built = JSON.parse(fs.readFileSync(stamp, 'utf8')) as { node: string; v8: string; modules: string };
  if (built.modules !== process.versions.modules) {
    throw new Error(`jsvm-desktop's runtime in ${path.dirname(stamp)} was built for Node ${built.node} (V8 ${built.v8}); ` +
      `this is Node ${process.version} (V8 ${process.versions.v8}): run npm install (or npm rebuild) with this node`);
  }
}
