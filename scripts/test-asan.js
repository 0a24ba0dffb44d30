#!/usr/bin/env node
// npm run test:asan: builds the runtime, the device libraries and the test
// addon with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/,
// then runs the mocha suite against them with the sanitizer runtimes preloaded
// into node (node itself is not instrumented). Any report fails the run.
// Extra arguments go to mocha (e.g. a spec file). Like npm test, mocha runs
// under the crash-isolating runner: a sanitizer report aborts its child, the
// runner names the test it ended and goes on with the next spec file.
'use strict';
const { spawnSync, execFileSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, 'build-asan');
const env = { ...process.env, JSVM_BUILD_DIR: buildDir };

const built = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), 'all'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...env, JSVM_SANITIZE: '1' },
});
if (built.status !== 0) process.exit(built.status === null ? 1 : built.status);

const runtime = (name) => execFileSync('g++', [`-print-file-name=${name}`], { encoding: 'utf8' }).trim();
const preload = [runtime('libasan.so'), runtime('libubsan.so')].join(':');
const runner = path.join(__dirname, 'mocha-isolated.js');
const run = spawnSync(process.execPath, [runner, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...env,
    // Only the addons and libraries are instrumented: the sanitizers' runtimes
    // must be first in the process, and only our own children should inherit
    // them (JSVM_ASAN_PRELOAD lets specs that spawn node pass it on).
    LD_PRELOAD: preload,
    JSVM_ASAN_PRELOAD: preload,
    // Node's own allocations are not ours to judge: no leak check at exit.
    ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1:allocator_may_return_null=1',
    UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
  },
});
process.exit(run.status === null ? 1 : run.status);
