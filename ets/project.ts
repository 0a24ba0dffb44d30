// The DevEco project the desktop runs: found from the working directory.
import path from 'path';

import fs from 'fs';

/**
 * jsvm-desktop's own folder: above this file's, in the source (ets/) and in
 * the compiled copy a package carries (dist/ets/).
 */
function findDesktopRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'hvigor-shim', 'lib', 'project.js'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`jsvm-desktop: no hvigor-shim above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export const desktopRoot = findDesktopRoot();

// eslint-disable-next-line @typescript-eslint/no-var-requires
const project: {
  findProjectRoot(start?: string): string | null;
  listModules(root: string): Array<{ name: string; dir: string; outputDir: string }>;
  bundleName(root: string): string;
  abiName(arch?: string): string;
} = require(path.join(desktopRoot, 'hvigor-shim', 'lib', 'project'));


/** The DevEco project at or above the working directory (or this repo's). */
export function projectRoot(start = process.cwd()): string {
  return project.findProjectRoot(start) ?? desktopRoot;
}

export const { listModules, bundleName, abiName } = project;
