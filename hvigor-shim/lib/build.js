'use strict';
// Building a module's native library: CMake (Ninja when installed) runs our
// wrapper project (hvigor-shim/cmake), which adds the module's own unmodified
// CMakeLists.txt, with the NDK's compiler where it is installed
// (lib/toolchain.js) and the module's build-profile.json5 options.
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { stampBuilt } = require('./freshness');
const { abiName, nativeOptions } = require('./project');
const { NDK_COMMON_FLAGS, filterFlags, which } = require('./toolchain');

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

function seconds(ms) {
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}

/** Runs a command; its output is shown live when verbose, else kept for a failure. */
function run(command, args, verbose) {
  const result = spawnSync(command, args, {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: verbose ? 'inherit' : 'pipe',
  });
  if (result.error) throw new Error(`hvigorw: could not run ${command}: ${result.error.message}`);
  return { status: result.status === null ? 1 : result.status, output: `${result.stdout || ''}${result.stderr || ''}` };
}

function taskName(module, target, task) {
  return `:${module.name}:${target}@${task}`;
}

/**
 * Builds one module for `buildMode` with `toolchain`; returns { status,
 * compileCommands (file or null), lines (what to print) }.
 */
function buildModule(module, { buildMode, target = 'default', toolchain, verbose = false, log, warn }) {
  const started = Date.now();
  const task = taskName(module, target, 'BuildNativeWithCmake');
  const options = nativeOptions(module, buildMode, target);
  if (!options.cmakeLists) {
    log(`> hvigor Finished ${task}... (no externalNativeOptions: nothing to build)`);
    return { status: 0, compileCommands: null };
  }
  const abi = abiName();
  if (options.abiFilters && !options.abiFilters.includes(abi)) {
    warn(`hvigorw: ${module.name}: abiFilters ${JSON.stringify(options.abiFilters)} leave out ${abi}, this ` +
      `machine's ABI; nothing is built for it (add "${abi}" to build here)`);
    log(`> hvigor Finished ${task}... (skipped: ${abi} not in abiFilters)`);
    return { status: 0, compileCommands: null };
  }
  if (options.abiFilters) {
    const others = options.abiFilters.filter((name) => name !== abi);
    if (others.length > 0) log(`> hvigor ${module.name}: building ${abi} only (this machine's ABI; not ${others.join(', ')})`);
  }
  const libDir = runtimeLibDir();

  const cxx = filterFlags(toolchain.cxx, 'c++', options.cppFlags);
  const cc = filterFlags(toolchain.cc, 'c', options.cFlags);
  for (const { flag, complaint } of [...cxx.dropped, ...cc.dropped]) {
    warn(`hvigorw: ${module.name}: ${flag} dropped: ${toolchain.id} does not accept it (${complaint})`);
  }
  const debug = buildMode !== 'release';
  const common = [...NDK_COMMON_FLAGS];
  const cxxFlags = [...common, ...toolchain.cxxFlags, ...cxx.kept].join(' ');
  const cFlags = [...common, ...cc.kept].join(' ');
  const linkFlags = toolchain.linkFlags.join(' ');
  const buildDir = path.join(module.dir, 'build', 'default', '.cxx', `${debug ? 'debug' : 'release'}-${toolchain.id}`, abi);
  const generator = which('ninja') ? 'Ninja' : 'Unix Makefiles';
  const configure = ['-S', path.join(desktopRoot, 'hvigor-shim', 'cmake'), '-B', buildDir, '-G', generator,
    `-DCMAKE_BUILD_TYPE=${debug ? 'Debug' : 'Release'}`,
    `-DCMAKE_C_COMPILER=${toolchain.cc}`, `-DCMAKE_CXX_COMPILER=${toolchain.cxx}`,
    `-DCMAKE_C_FLAGS=${cFlags}`, `-DCMAKE_CXX_FLAGS=${cxxFlags}`,
    '-DCMAKE_C_FLAGS_DEBUG=-O0 -g', '-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g',
    `-DCMAKE_SHARED_LINKER_FLAGS=${linkFlags}`, `-DCMAKE_EXE_LINKER_FLAGS=${linkFlags}`,
    '-DCMAKE_EXPORT_COMPILE_COMMANDS=ON',
    `-DDEVECO_MODULE_CPP_DIR=${path.dirname(options.cmakeLists)}`,
    `-DDEVECO_OUTPUT_DIR=${module.outputDir}`,
    `-DJSVM_DESKTOP_ROOT=${desktopRoot}`,
    `-DJSVM_DESKTOP_LIB_DIR=${libDir}`,
    `-DNODE_INCLUDE_DIR=${nodeIncludeDir()}`,
    // The module's own arguments last: they win, as in DevEco.
    ...options.arguments];
  fs.mkdirSync(module.outputDir, { recursive: true });
  fs.mkdirSync(buildDir, { recursive: true });

  // CMake runs again only when what we pass changed (or nothing was configured
  // yet); the build itself re-runs CMake when a CMakeLists.txt changed.
  const stamp = path.join(buildDir, 'hvigorw-configure.sha1');
  const digest = crypto.createHash('sha1').update(JSON.stringify([toolchain.version, configure])).digest('hex');
  const configured = fs.existsSync(path.join(buildDir, 'CMakeCache.txt')) && fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === digest;
  let step = { status: 0, output: '' };
  if (!configured) {
    fs.rmSync(stamp, { force: true });
    step = run('cmake', configure, verbose);
    if (step.status === 0) fs.writeFileSync(stamp, digest);
  }
  if (step.status === 0) step = run('cmake', ['--build', buildDir, '--parallel', '2'], verbose);
  if (step.status !== 0) {
    if (!verbose) process.stderr.write(step.output.endsWith('\n') ? step.output : `${step.output}\n`);
    warn(`> hvigor ERROR: Failed ${task}... after ${seconds(Date.now() - started)}`);
    return { status: step.status, compileCommands: null };
  }
  // As in a HAP, the runtime libraries sit beside the module's own.
  for (const lib of runtimeLibs) fs.copyFileSync(path.join(libDir, lib), path.join(module.outputDir, lib));
  stampBuilt(module, started);  // what the loader's freshness check compares the inputs with
  log(`> hvigor Finished ${task}... after ${seconds(Date.now() - started)}`);
  const commands = path.join(buildDir, 'compile_commands.json');
  return { status: 0, compileCommands: fs.existsSync(commands) ? commands : null };
}

/** Writes the compile commands of every module built into the project's compile_commands.json. */
function writeCompileCommands(root, files) {
  const entries = files.flatMap((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
  fs.writeFileSync(path.join(root, 'compile_commands.json'), `${JSON.stringify(entries, null, 2)}\n`);
  return entries.length;
}

function cleanModule(module, log) {
  const dir = path.join(module.dir, 'build');
  fs.rmSync(dir, { recursive: true, force: true });
  log(`> hvigor Finished ${taskName(module, 'default', 'clean')}... (removed ${dir})`);
}

module.exports = { buildModule, cleanModule, desktopRoot, writeCompileCommands };
