#!/usr/bin/env node
// mocha with crash isolation (npm test here; `npx jsvm-mocha` in a user's
// project): runs mocha, with the same options, in a child process. When native
// code crashes that child (SIGSEGV, SIGABRT, a V8 fatal error, …) this prints a
// report — the spec file and test that were running, the native stack
// symbolised to function and file:line (addr2line; lines need debug info, as
// hvigorw's debug build has), the last HiLog lines — counts that test as
// failed and goes on with the next spec file in a new child. Without a crash
// the output is mocha's own.
//
//   node scripts/mocha-isolated.js [mocha options] [spec files or globs]
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { describeCrash, takeCrashDir } = require('./crash-report');

const desktopRoot = path.resolve(__dirname, '..');
// The project's own mocha first (a project that installed this package), else ours.
const mochaPaths = { paths: [process.cwd(), desktopRoot] };
function mochaModule(name) {
  try {
    return require.resolve(`mocha/${name}`, mochaPaths);
  } catch {
    console.error(`jsvm-mocha: mocha is not installed in ${process.cwd()}: npm install --save-dev mocha`);
    process.exit(1);
  }
  return null;
}
const mochaBin = mochaModule('bin/mocha.js');
const { loadOptions } = require(mochaModule('lib/cli/options'));
const collectFiles = require(mochaModule('lib/cli/collect-files'));
const { findConfig, loadConfig } = require(mochaModule('lib/cli/config'));

// mocha options that take a value: what follows them is not a spec file.
const WITH_VALUE = new Set(['-r', '--require', '-t', '--timeout', '-R', '--reporter', '-O', '--reporter-option',
  '--reporter-options', '-g', '--grep', '-f', '--fgrep', '-u', '--ui', '--extension', '--ignore', '--exclude',
  '--config', '--file', '-s', '--slow', '--spec', '--package', '--retries', '-j', '--jobs', '-n', '--node-option']);

/** Splits mocha's argv into options and positional spec arguments. */
function splitArgs(args) {
  const options = [];
  const specs = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('-')) {
      options.push(arg);
      if (WITH_VALUE.has(arg) && i + 1 < args.length) options.push(args[++i]);
    } else {
      specs.push(arg);
    }
  }
  return { options, specs };
}

/** The spec files mocha would run for `args` (positional and the config's spec), in its order. */
function specFiles(args) {
  const opts = loadOptions(args);
  const found = collectFiles({ ...opts, ignore: opts.ignore || [], file: [], spec: opts._ || [] });
  return (Array.isArray(found) ? found : found.files).map((file) => path.resolve(file));
}

/**
 * The children get the files to run as positional arguments, and mocha adds
 * a config file's spec to those: they get the config without its spec instead
 * (a JSON copy in `dir`; functions in a .js config do not survive it).
 */
function childOptions(options, dir) {
  const args = [];
  let configPath = null;
  let noConfig = false;
  for (let i = 0; i < options.length; i++) {
    const arg = options[i];
    if (arg === '--no-config') {
      noConfig = true;
      args.push(arg);
    } else if (arg === '--config') {
      configPath = options[++i];
    } else if (arg.startsWith('--config=')) {
      configPath = arg.slice('--config='.length);
    } else {
      args.push(arg);
    }
  }
  if (noConfig) return args;
  const file = configPath || findConfig();
  if (!file) return args;
  const config = { ...loadConfig(file) };
  delete config.spec;
  delete config._;
  const copy = path.join(dir, 'mocharc.json');
  fs.writeFileSync(copy, JSON.stringify(config));
  return [...args, '--config', copy];
}

function main(argv) {
  const { options } = splitArgs(argv);
  let files = specFiles(argv);
  if (files.length === 0) {
    console.error('jsvm-mocha: no spec files found');
    return 1;
  }
  const plugin = path.join(desktopRoot, 'ets', 'mocha-crash.js');
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-mocha-config-'));
  const forChildren = childOptions(options, configDir);
  const events = [];
  const crashes = [];
  let otherFailures = false;  // a child that ended normally with failures (it printed them)
  let perFile = false;  // after a crash outside any test: one child per remaining file
  let lastStatus = 0;
  while (files.length > 0) {
    const batch = perFile ? [files[0]] : files;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-mocha-'));
    const child = spawnSync(process.execPath, [...process.execArgv, mochaBin, ...forChildren, '--require', plugin, ...batch],
      { stdio: 'inherit', env: { ...process.env, JSVM_CRASH_DIR: dir } });
    const { report, events: childEvents, current } = takeCrashDir(dir);
    events.push(...childEvents);
    if (child.signal === null && report === null) {
      lastStatus = child.status === null ? 1 : child.status;
      if (lastStatus !== 0) otherFailures = true;
      files = perFile ? files.slice(1) : [];
      continue;
    }
    if (!current && !perFile) {
      // Which file crashed is unknown: each remaining one runs alone, which
      // finds it (and reports it then).
      console.log(`\n  CRASH: ${report && report.signal ? report.signal : child.signal} outside a test; running each ` +
        'remaining spec file in a process of its own to find where\n');
      perFile = true;
      const done = new Set(childEvents.map((e) => path.resolve(e.file)));
      files = files.filter((file) => !done.has(file));
      continue;
    }
    const lastFile = current && current.file ? path.resolve(current.file) : null;
    const hint = perFile ? batch[0] : lastFile;
    process.stdout.write(`${describeCrash(child.status, child.signal, report, current, hint)}\n`);
    crashes.push({ current, file: current ? lastFile : hint, signal: report && report.signal ? report.signal : child.signal,
      childEvents });
    if (perFile) {
      files = files.slice(1);
    } else {
      const index = files.indexOf(path.resolve(current.file));
      files = index >= 0 ? files.slice(index + 1) : files.slice(1);
    }
  }
  fs.rmSync(configDir, { recursive: true, force: true });
  if (crashes.length === 0) return lastStatus;
  // The crashed children never printed their summaries: the totals of the whole run.
  const passed = events.filter((e) => e.state === 'passed').length;
  const failed = events.filter((e) => e.state === 'failed').length;
  const pending = events.filter((e) => e.state === 'pending').length;
  const lostFailures = crashes.flatMap((c) => c.childEvents.filter((e) => e.state === 'failed'));
  if (lostFailures.length > 0) {
    console.log('  failures in the runs that crashed (their own report was cut short):');
    lostFailures.forEach((e, i) => console.log(`  ${i + 1}) ${e.title}\n     ${(e.error || '').split('\n').slice(0, 6).join('\n     ')}`));
  }
  console.log('  crashed:');
  crashes.forEach((c) => console.log(`    ${c.signal || 'crash'}: ${c.current ? c.current.title : 'outside a test'}` +
    `${c.file ? ` (${path.relative(process.cwd(), c.file)})` : ''}`));
  if (otherFailures) console.log('  (and the failures reported above)');
  console.log('');
  console.log(`  ${passed} passing`);
  console.log(`  ${failed + crashes.length} failing`);
  if (pending > 0) console.log(`  ${pending} pending`);
  return 1;
}

// --watch (-w): mocha's own watch mode keeps one process, which keeps the
// native libraries it loaded; here every run is a fresh process instead.
const argv = process.argv.slice(2);
if (argv.includes('--watch') || argv.includes('-w')) {
  // eslint-disable-next-line global-require
  const { watchAndRerun } = require(path.join(desktopRoot, 'hvigor-shim', 'lib', 'watch'));
  watchAndRerun(process.cwd(), [__filename, ...argv.filter((arg) => arg !== '--watch' && arg !== '-w')],
    { log: (line) => console.log(line), name: 'jsvm-mocha' });
} else {
  process.exitCode = main(argv);
}
