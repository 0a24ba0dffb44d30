'use strict';
// hvigorw onDeviceTest / test: after the build, a module's Hypium suites run in
// a child node (ets/hypium-runner.ts) in the project directory, with the loader,
// HiLog and the app sandbox (libjsvm_sandbox.so preloaded, the project's bundle
// name) in place.
//
// The run is crash-isolated: when native code crashes the child (SIGSEGV,
// SIGABRT, a V8 fatal error), this prints the test that was running, the
// native stack (file:line with the debug build) and the last HiLog lines,
// counts the test as an error, and starts the child again without the tests
// that already ran and the one that crashed; the totals cover every run.
const fs = require('fs');
const os = require('os');
const path = require('path');

const { runEts } = require('./ets-child');
const { bundleName } = require('./project');
const { sandboxEnv } = require('./sandbox-env');

const desktopRoot = path.resolve(__dirname, '..', '..');
const { describeCrash, takeCrashDir } = require(path.join(desktopRoot, 'scripts', 'crash-report.js'));

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
  const skip = [];  // "Suite#test" of every test that ran in a run that crashed
  const prior = { total: 0, failure: 0, error: 0, pass: 0, ignore: 0 };
  const crashed = [];
  for (;;) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-hypium-'));
    const result = runEts('hypium-runner', root, {
      ...projectSandboxEnv(root),
      JSVM_HYPIUM_RUN: JSON.stringify(request),
      JSVM_CRASH_DIR: dir,
      JSVM_HYPIUM_SKIP: JSON.stringify(skip),
      JSVM_HYPIUM_PRIOR: JSON.stringify(prior),
    });
    const { report, events, current } = takeCrashDir(dir);
    if (result.error) throw new Error(`hvigorw: could not run the suites: ${result.error.message}`);
    if (result.signal === null && report === null) {
      // The child printed the totals of every run (its own plus JSVM_HYPIUM_PRIOR).
      if (result.status !== 0 || crashed.length > 0) {
        const crashes = crashed.length > 0 ? `; crashed the test process: ${crashed.join(', ')}` : '';
        warn(`> hvigor ERROR: Failed ${name}: tests failed${crashes} (exit status ${result.status})`);
        return { status: result.status || 1, ran: true };
      }
      log(`> hvigor Finished ${name}`);
      return { status: 0, ran: true };
    }
    // A native crash: what ran before it counts, the test it ended is an error.
    for (const event of events) {
      skip.push(event.title);
      prior.total++;
      if (event.code === 0) prior.pass++;
      else if (event.code === -2) prior.failure++;
      else prior.error++;
    }
    log(describeCrash(result.status, result.signal, report, current, null,
      'outside a test (loading the suites or in a beforeAll/afterAll hook)'));
    const signal = report && report.signal ? report.signal : result.signal || `exit status ${result.status}`;
    if (!current || crashed.includes(current.title)) {
      // Running it again would crash again at the same place: the run ends here.
      prior.error++;
      log(`  ERROR the test process crashed (${signal}) outside a test: the tests not yet run were not run`);
      log(totalsLine(prior));
      log(`${prior.pass} passed, ${prior.failure + prior.error} failed`);
      warn(`> hvigor ERROR: Failed ${name}: the test process ended with ${signal} outside a test`);
      return { status: 1, ran: true };
    }
    log(`  ERROR ${current.title}: the test process crashed (${signal}); going on with the tests not yet run`);
    crashed.push(current.title);
    skip.push(current.title);
    prior.total++;
    prior.error++;
  }
}

/** Hypium's totals line (as ets/hypium-runner.ts prints it). */
function totalsLine(c) {
  return `Tests run: ${c.total}, Failure: ${c.failure}, Error: ${c.error}, Pass: ${c.pass}, Ignore: ${c.ignore}`;
}

module.exports = { SUITES, runSuites, sandboxEnv: projectSandboxEnv };
