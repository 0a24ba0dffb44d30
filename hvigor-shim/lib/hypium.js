'use strict';
// hvigorw onDeviceTest / test: after the build, a module's Hypium suites run in
// a child node (ets/hypium-runner.ts) in the project directory, with the loader,
// HiLog and the app sandbox (libjsvm_sandbox.so preloaded, the project's bundle
// name) in place.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { bundleName } = require('./project');
const { sandboxEnv } = require('./sandbox-env');

const desktopRoot = path.resolve(__dirname, '..', '..');

/** The runner: its TypeScript source in a checkout, its compiled copy in an installed package (no ts-node). */
function runnerScript() {
  const compiled = path.join(desktopRoot, 'dist', 'ets', 'hypium-runner.js');
  try {
    require.resolve('ts-node', { paths: [desktopRoot] });
  } catch {
    if (fs.existsSync(compiled)) return compiled;
  }
  return path.join(desktopRoot, 'ets', 'hypium-runner.ts');
}

/** Where each test task finds its suites in a module. */
const SUITES = {
  onDeviceTest: { target: 'ohosTest', list: ['src', 'ohosTest', 'ets', 'test', 'List.test.ets'] },
  test: { target: 'test', list: ['src', 'test', 'List.test.ets'] },
};

/** The project's app sandbox, with the project's own bundle name whatever the calling shell had set. */
function projectSandboxEnv(root, base = process.env) {
  return sandboxEnv({ root: path.resolve(base.JSVM_SANDBOX_ROOT || path.join(root, '.sandbox')), bundleName: bundleName(root) },
    base);
}

/**
 * Runs `module`'s suites for `task` (onDeviceTest or test) with Hypium's
 * `parameters`; returns { status, ran } (ran: false when the module has none).
 */
function runSuites(root, module, task, parameters, { log, warn }) {
  const { list: parts, target } = SUITES[task];
  const list = path.join(module.dir, ...parts);
  const name = `:${module.name}:${target}@${task === 'test' ? 'UnitTest' : 'OnDeviceTest'}`;
  if (!fs.existsSync(list)) {
    log(`> hvigor Finished ${name}... (no ${path.relative(root, list)}: no suites to run)`);
    return { status: 0, ran: false };
  }
  log(`> hvigor Running ${name}: ${path.relative(root, list)} (bundle ${bundleName(root)})`);
  const request = { list, bundleName: bundleName(root), parameters };
  const result = spawnSync(process.execPath, [
    '--enable-source-maps',
    '-r', path.join(desktopRoot, 'ets', 'register.js'),
    runnerScript(),
  ], {
    cwd: root,
    stdio: 'inherit',
    env: { ...projectSandboxEnv(root), JSVM_HYPIUM_RUN: JSON.stringify(request) },
  });
  if (result.error) throw new Error(`hvigorw: could not run the suites: ${result.error.message}`);
  if (result.signal) {
    warn(`> hvigor ERROR: Failed ${name}: the test process ended with ${result.signal}`);
    return { status: 1, ran: true };
  }
  if (result.status !== 0) {
    warn(`> hvigor ERROR: Failed ${name}: tests failed (exit status ${result.status})`);
    return { status: result.status, ran: true };
  }
  log(`> hvigor Finished ${name}`);
  return { status: 0, ran: true };
}

module.exports = { SUITES, runSuites, sandboxEnv: projectSandboxEnv };
