// Never a stale library: before `import x from 'libentry.so'` loads a module's
// library, the loader checks that it was built after its sources, build files
// and the runtime changed (hvigor-shim/lib/freshness.js) and, if not, rebuilds
// the module with hvigorw first; JSVM_NO_REBUILD=1 makes it fail instead, with
// the command to run.
import { spawnSync } from 'child_process';
import path from 'path';

import { desktopRoot, listModules, projectRoot } from './project';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { staleReason } = require(path.join(desktopRoot, 'hvigor-shim', 'lib', 'freshness')) as {
  staleReason(root: string, module: object, library: string, runtimeDir: string | null): string | null;
};

function runtimeDir(): string {
  return process.env.JSVM_DESKTOP_LIB_DIR || path.join(desktopRoot, 'build', 'Release');
}

/** Rebuilds (or refuses) `library` when it is older than what it is built from. */
export function ensureFresh(library: string, start = process.cwd()): void {
  const root = projectRoot(start);
  const module = listModules(root).find((m) => path.resolve(m.outputDir) === path.dirname(path.resolve(library)));
  if (!module) return;  // not a library of this project's modules
  const reason = staleReason(root, module, library, runtimeDir());
  if (reason === null) return;
  const command = `npx hvigorw assembleHap -p module=${module.name}`;
  if (process.env.JSVM_NO_REBUILD === '1') {
    throw new Error(`${path.basename(library)} is stale (${reason}): run ${command} in ${root} ` +
      '(JSVM_NO_REBUILD=1 is set, so the loader does not rebuild it)');
  }
  process.stderr.write(`jsvm-desktop: ${reason}; rebuilding module ${module.name} (${command})\n`);
  const build = spawnSync(process.execPath,
    [path.join(desktopRoot, 'hvigor-shim', 'bin', 'hvigorw.js'), 'assembleHap', '-p', `module=${module.name}`],
    { cwd: root, encoding: 'utf8' });
  const again = build.status === 0 ? staleReason(root, module, library, runtimeDir()) : reason;
  if (build.status !== 0 || again !== null) {
    throw new Error(`${path.basename(library)} is stale (${again}) and rebuilding it failed:\n` +
      `${build.stdout || ''}${build.stderr || ''}`);
  }
}

let builtOnce = false;

/**
 * For an import of a library no module has built yet: builds the project's
 * modules (hvigorw assembleHap), once per process. False when nothing was
 * built (JSVM_NO_REBUILD=1, already tried, or the build failed: its output
 * goes to stderr).
 */
export function buildProjectOnce(start = process.cwd()): boolean {
  if (builtOnce || process.env.JSVM_NO_REBUILD === '1') return false;
  builtOnce = true;
  const root = projectRoot(start);
  if (listModules(root).length === 0) return false;
  process.stderr.write(`jsvm-desktop: building the project's modules first (npx hvigorw assembleHap in ${root})\n`);
  const build = spawnSync(process.execPath, [path.join(desktopRoot, 'hvigor-shim', 'bin', 'hvigorw.js'), 'assembleHap'],
    { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) process.stderr.write(`${build.stdout || ''}${build.stderr || ''}`);
  return build.status === 0;
}
