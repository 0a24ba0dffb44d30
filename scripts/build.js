#!/usr/bin/env node
// Builds the native parts with CMake against the Node headers installed beside
// the running node (never downloaded), only as much as is asked for:
//
//   node scripts/build.js [runtime]   libjsvm.so, libace_napi.z.so,
//                                     libhilog_ndk.z.so, the sandbox and the
//                                     ets/ helpers (npm install)
//   node scripts/build.js test        + the test and benchmark addons (the mocha hook,
//                                     test/helpers/build-hook.js)
//   node scripts/build.js bench       + the benchmark addon (npm run bench)
//   node scripts/build.js all         everything
//   --quiet                           print nothing when nothing was rebuilt
//
// JSVM_BUILD_DIR: the build folder (default build/); JSVM_SANITIZE=1: an
// AddressSanitizer + UBSan build (npm run test:asan, into build-asan/).
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const RUNTIME = ['jsvm', 'ace_napi', 'hilog_ndk', 'jsvm_sandbox', 'jsvm_desktop'];
// The suite also runs the benchmark harness once (bench.spec.ts).
const TARGETS = { runtime: RUNTIME, test: [...RUNTIME, 'jsvm_test', 'jsvm_bench'], bench: [...RUNTIME, 'jsvm_bench'], all: null };

function which(name) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, name)));
}

function cachedGenerator(buildDir) {
  const cache = path.join(buildDir, 'CMakeCache.txt');
  if (!fs.existsSync(cache)) return null;
  const match = /^CMAKE_GENERATOR:INTERNAL=(.*)$/m.exec(fs.readFileSync(cache, 'utf8'));
  return match ? match[1] : null;
}

function run(args, quiet) {
  const result = spawnSync('cmake', args, { cwd: root, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit',
    maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    console.error(`jsvm-desktop: cannot run cmake (${result.error.message}); install cmake 3.15 or newer`);
    process.exit(1);
  }
  return { status: result.status === null ? 1 : result.status, output: `${result.stdout || ''}${result.stderr || ''}` };
}

function main(argv) {
  const quiet = argv.includes('--quiet');
  const sets = argv.filter((arg) => !arg.startsWith('--'));
  for (const set of sets) {
    if (!Object.prototype.hasOwnProperty.call(TARGETS, set)) {
      console.error(`jsvm-desktop: unknown build set ${set} (runtime, test, bench, all)`);
      return 1;
    }
  }
  const nodeInclude = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
  if (!fs.existsSync(path.join(nodeInclude, 'v8.h'))) {
    console.error(`jsvm-desktop: Node's headers are missing at ${nodeInclude}; install Node with its headers.`);
    return 1;
  }
  const buildDir = path.resolve(root, process.env.JSVM_BUILD_DIR || 'build');
  const generator = which('ninja') ? 'Ninja' : 'Unix Makefiles';
  const previous = cachedGenerator(buildDir);
  if (previous !== null && previous !== generator) fs.rmSync(buildDir, { recursive: true, force: true });

  const configure = ['-S', root, '-B', buildDir, '-G', generator, '-DCMAKE_BUILD_TYPE=Release',
    `-DNODE_INCLUDE_DIR=${nodeInclude}`, `-DNODE_EXECUTABLE=${process.execPath}`,
    `-DJSVM_SANITIZE=${process.env.JSVM_SANITIZE === '1' ? 'ON' : 'OFF'}`];
  // CMake configures again only when what we pass changed; the build re-runs
  // it by itself when a CMakeLists.txt changed.
  const stamp = path.join(buildDir, 'jsvm-configure.sha1');
  const digest = crypto.createHash('sha1').update(JSON.stringify(configure)).digest('hex');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== digest ||
      !fs.existsSync(path.join(buildDir, 'CMakeCache.txt'))) {
    const step = run(configure, quiet);
    if (step.status !== 0) {
      process.stderr.write(step.output);
      return step.status;
    }
    fs.writeFileSync(stamp, digest);
  }
  const targets = new Set();
  let everything = false;
  for (const set of sets.length > 0 ? sets : ['runtime']) {
    if (TARGETS[set] === null) everything = true;
    else TARGETS[set].forEach((target) => targets.add(target));
  }
  const build = ['--build', buildDir, '--parallel', '2'];
  if (!everything) build.push('--target', ...targets);
  const step = run(build, quiet);
  if (step.status !== 0) {
    process.stderr.write(step.output);
    return step.status;
  }
  // Which Node line this build is for (ets/loader.ts refuses another line's).
  const line = JSON.stringify({ node: process.version, v8: process.versions.v8, modules: process.versions.modules });
  const lineStamp = path.join(buildDir, 'Release', 'node-line.json');
  if (!fs.existsSync(lineStamp) || fs.readFileSync(lineStamp, 'utf8') !== line) {
    fs.mkdirSync(path.dirname(lineStamp), { recursive: true });
    fs.writeFileSync(lineStamp, line);
  }
  if (quiet && !/no work to do|is up to date|Built target/.test(step.output.trim().split('\n').pop() || '')) {
    process.stdout.write(step.output);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
