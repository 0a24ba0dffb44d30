// The mocha preset for any DevEco project: `mocha --require jsvm-desktop/register`
// (or `require: ['jsvm-desktop/register']` in .mocharc). It
//  - restarts the run inside the app sandbox of the project's bundle name
//    (AppScope/app.json5; /data/storage/... paths of native code and of
//    jsvm-desktop/ets/sandbox map into <project>/.sandbox) and through the
//    crash-isolating runner (scripts/mocha-isolated.js: a native crash names its
//    test, shows the native stack and the last HiLog lines, and the run goes on);
//  - makes `import x from 'libentry.so'` load the module hvigorw built, rebuilt
//    first when its sources changed (ets/loader.ts, ets/freshness.ts);
//  - keeps each test's HiLog lines for its failure report (ets/mocha-hilog.ts).
// JSVM_ISOLATE=0 runs in the same process (no crash isolation, no restart for
// the crash runner; the sandbox still restarts it once).
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

// ets/register.js picks the compiled modules (an installed package) or the
// TypeScript sources through ts-node (a checkout), and installs the loader.
const { etsDir } = require('./ets/register.js');
const ets = (name) => require(path.join(etsDir, name));

const { sandbox, sandboxActive } = ets('sandbox');
// (ets/mocha-crash.js, which the runner adds, takes JSVM_CRASH_DIR out of the
// environment and leaves this mark, whichever of the two loads first.)
const underRunner = Boolean(process.env.JSVM_CRASH_DIR || globalThis.jsvmCrashChild);
const isolate = process.env.JSVM_ISOLATE !== '0';
const mochaCli = /[\\/]mocha[\\/](bin[\\/]_?mocha(\.js)?|lib[\\/]cli[\\/]cli\.js)$|[\\/]\.bin[\\/]_?mocha$/
  .test(process.argv[1] || '');

if (mochaCli && (!sandboxActive() || (isolate && !underRunner))) {
  // Start again: in the sandbox, and (unless JSVM_ISOLATE=0) under the runner
  // with the same mocha arguments.
  const args = isolate && !underRunner
    ? [...process.execArgv, path.join(__dirname, 'scripts', 'mocha-isolated.js'), ...process.argv.slice(2)]
    : [...process.execArgv, ...process.argv.slice(1)];
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', env: sandbox.env() });
  process.exit(run.status === null ? 1 : run.status);
}

exports.mochaHooks = ets('mocha-hilog').mochaHooks;
