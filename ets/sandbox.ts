// The app sandbox on the TypeScript side: the same mapping libjsvm_sandbox.so
// applies to native code (see cpp/sandbox/sandbox.cc), and the environment that
// puts it in front of a child process.
import fs from 'fs';
import path from 'path';

import { bundleName, desktopRoot, projectRoot } from './project';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { sandboxEnv } = require(path.join(desktopRoot, 'hvigor-shim', 'lib', 'sandbox-env')) as {
  sandboxEnv(sandbox: { root: string; bundleName: string }, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
};

const ELS = new Set(['el1', 'el2', 'el3', 'el4', 'el5']);

export class SandboxError extends Error {
  readonly code = 'EACCES';
}

export class Sandbox {
  constructor(
    /** Where the sandbox directories live ($JSVM_SANDBOX_ROOT). */
    readonly root: string,
    /** The app's bundle name (AppScope/app.json5). */
    readonly bundleName: string,
  ) {}

  /** The host path of a device path; non-/data paths come back unchanged. */
  resolve(devicePath: string): string {
    if (!devicePath.startsWith('/') || !/^\/data(\/|$)/.test(devicePath)) return devicePath;
    const parts: string[] = [];
    for (const part of devicePath.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    const refuse = (): never => {
      throw new SandboxError(`EACCES: ${devicePath} is outside the app sandbox`);
    };
    if (parts.length < 4 || parts[0] !== 'data' || parts[1] !== 'storage' || !ELS.has(parts[2])) refuse();
    const [, , el, area] = parts;
    let base: string;
    if (area === 'base' || area === 'database') base = path.join(this.root, 'app', el, '100', area, this.bundleName);
    else if (el === 'el1' && area === 'bundle') base = path.join(this.root, 'app', 'el1', 'bundle', 'public', this.bundleName);
    else return refuse();
    const host = path.join(base, ...parts.slice(4));
    // A symlink inside the sandbox must not lead out of it.
    let probe = host;
    while (!fs.existsSync(probe) && probe !== base && probe.length > base.length) probe = path.dirname(probe);
    if (fs.existsSync(probe) && fs.existsSync(base)) {
      const real = fs.realpathSync(probe);
      const realBase = fs.realpathSync(base);
      if (real !== realBase && !real.startsWith(realBase + path.sep)) refuse();
    }
    return host;
  }

  /** Environment for a child process whose native code should see this sandbox. */
  env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return sandboxEnv({ root: this.root, bundleName: this.bundleName }, base);
  }
}

/** The sandbox of the DevEco project in the working directory. */
export function defaultSandbox(): Sandbox {
  const root = projectRoot();
  const sandboxRoot = path.resolve(process.env.JSVM_SANDBOX_ROOT || path.join(root, '.sandbox'));
  return new Sandbox(sandboxRoot, process.env.JSVM_BUNDLE_NAME || bundleName(root));
}

export const sandbox = defaultSandbox();

/** The device paths an ability's context reports (UIAbilityContext). */
export const context = {
  filesDir: '/data/storage/el2/base/files',
  cacheDir: '/data/storage/el2/base/cache',
  tempDir: '/data/storage/el2/base/temp',
  preferencesDir: '/data/storage/el2/base/preferences',
  databaseDir: '/data/storage/el2/database',
  bundleCodeDir: '/data/storage/el1/bundle',
};

/** Whether this process has the native sandbox preloaded. */
export function sandboxActive(): boolean {
  return (process.env.LD_PRELOAD ?? '').includes('libjsvm_sandbox.so');
}
