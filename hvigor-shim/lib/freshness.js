'use strict';
// Never a stale library: a module's built native library is fresh when its
// last successful build started after every input changed. Inputs: the files
// of the module's native source folder (the folder of its CMakeLists.txt:
// sources, headers, CMake files), its build-profile.json5 and the project's,
// and the desktop runtime libraries it is linked against (rebuilt by npm
// install). build.js stamps a successful build with the time it started
// (BUILT_STAMP in the output folder), so an input edited during a build still
// counts as newer, and a source change that leaves the library byte-identical
// (no relink) does not count as stale forever.
const fs = require('fs');
const path = require('path');

const BUILT_STAMP = '.hvigorw-built';
const SKIP_DIRS = new Set(['build', '.cxx', 'node_modules', '.git', 'oh_modules']);

/** The newest file under `dir` (skipping build output), as { file, mtimeMs }, or null. */
function newestUnder(dir) {
  let newest = null;
  const walk = (current) => {
    let entries;
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        const { mtimeMs } = fs.statSync(full);
        if (newest === null || mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
      }
    }
  };
  walk(dir);
  return newest;
}

/** When the library in `module.outputDir` was last built (its stamp, else its own mtime), or null. */
function builtAt(module, library) {
  const stamp = path.join(module.outputDir, BUILT_STAMP);
  if (fs.existsSync(stamp)) return fs.statSync(stamp).mtimeMs;
  return fs.existsSync(library) ? fs.statSync(library).mtimeMs : null;
}

/**
 * Why `library` (a file in module.outputDir) is stale, as a sentence, or null
 * when it is fresh. `root`: the project; `runtimeDir`: the desktop runtime's
 * build folder (its libraries are copied beside the module's at build time).
 */
function staleReason(root, module, library, runtimeDir) {
  const built = builtAt(module, library);
  if (built === null) return `${path.basename(library)} has not been built`;
  const inputs = [];
  if (module.cmakeLists) {
    const newest = newestUnder(path.dirname(module.cmakeLists));
    if (newest) inputs.push(newest);
  }
  for (const file of [path.join(module.dir, 'build-profile.json5'), path.join(root, 'build-profile.json5')]) {
    if (fs.existsSync(file)) inputs.push({ file, mtimeMs: fs.statSync(file).mtimeMs });
  }
  if (runtimeDir) {
    for (const lib of ['libjsvm.so', 'libhilog_ndk.z.so', 'libace_napi.z.so']) {
      const file = path.join(runtimeDir, lib);
      if (fs.existsSync(file)) inputs.push({ file, mtimeMs: fs.statSync(file).mtimeMs });
    }
  }
  const changed = inputs.filter((input) => input.mtimeMs > built).sort((a, b) => b.mtimeMs - a.mtimeMs);
  if (changed.length === 0) return null;
  return `${path.relative(root, changed[0].file) || changed[0].file} changed after ${path.basename(library)} was built`;
}

/** Marks the module's output as built by a build that started at `startedMs`. */
function stampBuilt(module, startedMs) {
  const stamp = path.join(module.outputDir, BUILT_STAMP);
  fs.writeFileSync(stamp, `${new Date(startedMs).toISOString()}\n`);
  const when = new Date(startedMs);
  fs.utimesSync(stamp, when, when);
}

module.exports = { BUILT_STAMP, staleReason, stampBuilt };
