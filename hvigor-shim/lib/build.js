'use strict';
// Building a module's native library with cmake-js through our wrapper project.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const desktopRoot = path.resolve(__dirname, '..', '..');
const runtimeLibs = ['libjsvm.so', 'libhilog_ndk.z.so', 'libace_napi.z.so'];

function nodeIncludeDir() {
  return path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
}

function runtimeLibDir() {
  const dir = process.env.JSVM_DESKTOP_LIB_DIR || path.join(desktopRoot, 'build', 'Release');
  for (const lib of runtimeLibs) {
    if (!fs.existsSync(path.join(dir, lib))) {
      throw new Error(`hvigorw: ${lib} is missing from ${dir}; run npm install in ${desktopRoot} first`);
    }
  }
  return dir;
}

/** Builds one module; returns the exit status (0 on success). */
function buildModule(module, log = console.log) {
  if (!module.cmakeLists) {
    log(`> hvigor ${module.name}: no externalNativeOptions, nothing to build`);
    return 0;
  }
  const libDir = runtimeLibDir();
  fs.mkdirSync(module.outputDir, { recursive: true });
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [desktopRoot] });
  const args = [cmakeJs, 'build', '-d', path.join(desktopRoot, 'hvigor-shim', 'cmake'), '-O', module.buildDir,
    '-p', '2',
    `--CDDEVECO_MODULE_CPP_DIR=${path.dirname(module.cmakeLists)}`,
    `--CDDEVECO_OUTPUT_DIR=${module.outputDir}`,
    `--CDJSVM_DESKTOP_ROOT=${desktopRoot}`,
    `--CDJSVM_DESKTOP_LIB_DIR=${libDir}`,
    `--CDNODE_INCLUDE_DIR=${nodeIncludeDir()}`];
  log(`> hvigor ${module.name}: building ${path.relative(process.cwd(), module.cmakeLists) || module.cmakeLists}`);
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: path.join(desktopRoot, 'hvigor-shim', 'cmake') });
  if (run.status !== 0) return run.status === null ? 1 : run.status;
  // As in a HAP, the runtime libraries sit beside the module's own.
  for (const lib of runtimeLibs) fs.copyFileSync(path.join(libDir, lib), path.join(module.outputDir, lib));
  log(`> hvigor ${module.name}: ${module.outputDir}`);
  return 0;
}

function cleanModule(module, log = console.log) {
  const dir = path.join(module.dir, 'build', 'default');
  fs.rmSync(dir, { recursive: true, force: true });
  log(`> hvigor ${module.name}: removed ${dir}`);
}

module.exports = { buildModule, cleanModule, desktopRoot };
