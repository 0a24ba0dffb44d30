// The DevEco project the desktop runs: found from the working directory.
import path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const project: {
  findProjectRoot(start?: string): string | null;
  listModules(root: string): Array<{ name: string; dir: string; outputDir: string }>;
  bundleName(root: string): string;
  abiName(arch?: string): string;
} = require('../hvigor-shim/lib/project');

export const desktopRoot = path.resolve(__dirname, '..');

/** The DevEco project at or above the working directory (or this repo's). */
export function projectRoot(start = process.cwd()): string {
  return project.findProjectRoot(start) ?? desktopRoot;
}

export const { listModules, bundleName, abiName } = project;
