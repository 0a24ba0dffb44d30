// The child side of crash isolation (scripts/mocha-isolated.js runs mocha with
// `--require <jsvm-desktop>/ets/mocha-crash.js` and JSVM_CRASH_DIR set): native
// crashes of this process are reported to $JSVM_CRASH_DIR/report
// (cpp/desktop/crash_report.cc); the test running is kept in
// $JSVM_CRASH_DIR/current and every finished test appended to
// $JSVM_CRASH_DIR/events, so the parent can name the test a crash ended, count
// what ran and go on with the next file. Without JSVM_CRASH_DIR it does nothing.
// Plain JS: it needs no TypeScript loader.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.env.JSVM_CRASH_DIR;
// Processes the tests start are not this runner's children: they must not
// write into its files (or think they run under it).
delete process.env.JSVM_CRASH_DIR;
if (dir) globalThis.jsvmCrashChild = true;

if (dir) {
  // eslint-disable-next-line global-require
  const addon = require(path.join(__dirname, '..', 'build', 'Release', 'jsvm_desktop.node'));
  addon.crashReportInstall(path.join(dir, 'report'));
}

exports.mochaHooks = dir ? {
  beforeEach() {
    const test = this.currentTest;
    if (!test) return;
    fs.writeFileSync(path.join(dir, 'current'), JSON.stringify({ file: test.file || null, title: test.fullTitle() }));
  },
  afterEach() {
    const test = this.currentTest;
    if (!test) return;
    const error = test.err ? String(test.err.stack || test.err.message) : null;
    fs.appendFileSync(path.join(dir, 'events'),
      `${JSON.stringify({ file: test.file || null, title: test.fullTitle(), state: test.state || 'pending', error })}\n`);
    fs.writeFileSync(path.join(dir, 'current'), '');
  },
} : {};
