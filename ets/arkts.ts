// ArkTS sources on the desktop: `.ets` files load through require() (plain
// TypeScript as it is, ArkUI pages through ets/page-compiler.ts),
// `@ohos/hypium` resolves to the framework published on npm (its ES-module
// sources are compiled to CommonJS on load), and `@ohos.*` / `@kit.*` imports
// resolve to the desktop stand-ins in ets/ohos/. A module with no stand-in
// fails to load with an error that names it.
import fs from 'fs';
import Module from 'module';
import path from 'path';
import ts from 'typescript';

import { compilePage, isPageSource } from './page-compiler';

/** The system modules the desktop stands in for, and the file that does it. */
export const STAND_INS: Record<string, string> = {
  '@ohos.hilog': 'hilog',
  '@kit.PerformanceAnalysisKit': 'hilog',
  '@ohos.app.ability.abilityDelegatorRegistry': 'delegator',
  '@kit.TestKit': 'delegator',
};

const SYSTEM_MODULE = /^@(ohos|kit)\.[\w.]+$/;
const HYPIUM = '@ohos/hypium';

function hypiumDir(): string {
  return path.dirname(require.resolve(`${HYPIUM}/package.json`));
}

export class UnsupportedModuleError extends Error {
  readonly code = 'MODULE_NOT_FOUND';
  constructor(readonly request: string, from: string | undefined) {
    super(`${request} has no desktop stand-in in jsvm-desktop (imported by ${from ?? 'the test'}); ` +
      `the desktop provides: ${Object.keys(STAND_INS).join(', ')}, libX.so native modules and @ohos/hypium`);
  }
}

// What .ets files compiled to, for stack traces: ts-node's source-map-support
// (which replaces Node's --enable-source-maps) reads their inline source maps here.
const compiled = new Map<string, string>();
let mapsHooked = false;

function hookSourceMaps(): void {
  if (mapsHooked) return;
  mapsHooked = true;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const support = require('@cspotcode/source-map-support') as { install(options: object): void };
    support.install({
      environment: 'node',
      retrieveFile: (file: string) => compiled.get(file.startsWith('file://') ? new URL(file).pathname : file) ?? null,
    });
  } catch {
    // Without ts-node's source-map-support, node --enable-source-maps reads the inline maps itself.
  }
}

function transpile(source: string, fileName: string): string {
  // ArkUI pages (structs, component syntax) first become TypeScript (ets/page-compiler.ts).
  const typescript = fileName.endsWith('.ets') && isPageSource(source) ? compilePage(source, fileName) : source;
  const output = compile(typescript, fileName);
  if (fileName.endsWith('.ets')) {
    compiled.set(fileName, output);
    hookSourceMaps();
  }
  return output;
}

function compile(source: string, fileName: string): string {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      inlineSourceMap: true,
      inlineSources: true,
    },
  }).outputText;
}

/** The last error Hypium logged (the stack of a test's or hook's exception). */
export const hypiumErrors: { last: string | null } = { last: null };

/**
 * Console used by Hypium's own sources: silent unless JSVM_HYPIUM_VERBOSE=1;
 * what it logs with console.error (exception stacks) is kept in hypiumErrors.
 */
export const hypiumConsole: Console = new Proxy(console, {
  get: (target, key) => {
    const member = (target as unknown as Record<string | symbol, unknown>)[key];
    if (typeof member !== 'function') return member;
    return (...args: unknown[]) => {
      if (key === 'error') hypiumErrors.last = args.map(String).join(' ');
      if (process.env.JSVM_HYPIUM_VERBOSE === '1') (member as (...a: unknown[]) => void).apply(target, args);
    };
  },
});

let installed = false;

/** Teaches require() about .ets files, @ohos/hypium and the @ohos.* / @kit.* stand-ins. */
export function install(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as {
    _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string;
    _extensions: Record<string, (module: NodeModule & { _compile(code: string, file: string): void }, filename: string) => void>;
  };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, ...rest): string {
    if (SYSTEM_MODULE.test(request)) {
      const standIn = STAND_INS[request];
      if (!standIn) throw new UnsupportedModuleError(request, parent?.filename);
      return require.resolve(path.join(__dirname, 'ohos', standIn));
    }
    if (request === HYPIUM) return path.join(hypiumDir(), 'index.js');
    return resolve.call(this, request, parent, ...rest);
  };

  internals._extensions['.ets'] = (module, filename) => {
    module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };

  // Hypium is published as ES-module source with extensionless imports: compile
  // each of its files to CommonJS, its console quietened (see hypiumConsole).
  const loadJs = internals._extensions['.js'];
  let dir: string | null = null;
  internals._extensions['.js'] = (module, filename) => {
    if (dir === null) {
      try {
        dir = hypiumDir() + path.sep;
      } catch {
        dir = '\0'; // @ohos/hypium is not installed: no file is one of its.
      }
    }
    if (!filename.startsWith(dir)) return loadJs(module, filename);
    const code = transpile(fs.readFileSync(filename, 'utf8'), filename)
      .replace('"use strict";', `"use strict";const console = require(${JSON.stringify(__filename)}).hypiumConsole;`);
    module._compile(code, filename);
  };
}
