#!/usr/bin/env node
'use strict';
// hvigorw for the desktop: builds the native code of a DevEco project's
// modules, as DevEco Studio's hvigorw does, for this machine (hvigorw --help).
const fs = require('fs');
const path = require('path');

const { buildModule, cleanModule, desktopRoot, writeCompileCommands } = require('../lib/build');
const { TASKS, USAGE, UsageError, parseArgs } = require('../lib/cli');
const { SUITES, runSuites } = require('../lib/hypium');
const { runPreview } = require('../lib/preview');
const { findProjectRoot, readProject } = require('../lib/project');
const { findToolchain } = require('../lib/toolchain');
const { watchAndRerun } = require('../lib/watch');

const log = (line) => console.log(line);
const warn = (line) => console.error(line);

function elapsed(started) {
  return `${Math.max(1, Math.round((Date.now() - started) / 1000))} s`;
}

// Which modules (and targets) the command line selects.
function selectModules(project, wanted, testing = false) {
  if (!wanted) return project.modules.map((module) => ({ module, target: 'default' }));
  return wanted.map(({ name, target }) => {
    const module = project.modules.find((m) => m.name === name);
    if (!module) {
      throw new UsageError(`hvigorw: -p module=${name}: no such module (modules: ` +
        `${project.modules.map((m) => m.name).join(', ')})`);
    }
    // For the test tasks, modules have their test targets (entry@ohosTest) without listing them.
    if (!module.targets.includes(target) && !(testing && (target === 'ohosTest' || target === 'test'))) {
      throw new UsageError(`hvigorw: -p module=${name}@${target}: no such target (targets: ${module.targets.join(', ')})`);
    }
    return { module, target };
  });
}

function checkProduct(project, product) {
  if (project.products.length > 0 && !project.products.includes(product)) {
    throw new UsageError(`hvigorw: -p product=${product}: not in build-profile.json5 (products: ` +
      `${project.products.join(', ')})`);
  }
}

function checkBuildMode(project, buildMode) {
  const known = new Set(['debug', 'release', ...project.buildModes]);
  if (!known.has(buildMode)) {
    throw new UsageError(`hvigorw: -p buildMode=${buildMode}: unknown (build modes: ${[...known].join(', ')})`);
  }
}

function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.version) {
    const { version } = JSON.parse(fs.readFileSync(path.join(desktopRoot, 'package.json'), 'utf8'));
    console.log(`hvigorw (jsvm-desktop ${version})`);
    return 0;
  }
  if (args.tasks.length === 0) {
    warn(USAGE);
    return 1;
  }
  args.notes.forEach(warn);
  if (args.tasks.length === 1 && args.tasks[0] === 'tasks') {
    Object.entries(TASKS).forEach(([name, text]) => log(`${name.padEnd(12)} ${text}`));
    return 0;
  }
  const started = Date.now();
  const root = findProjectRoot();
  if (root === null) {
    warn('hvigorw: no build-profile.json5 with modules here or above: run hvigorw in a DevEco project');
    return 1;
  }
  const project = readProject(root);
  checkProduct(project, args.product);
  const selected = selectModules(project, args.modules, args.tasks.some((task) => Object.prototype.hasOwnProperty.call(SUITES, task)));
  let toolchain = null;
  let status = 0;
  for (const task of args.tasks) {
    if (task === 'tasks') {
      Object.entries(TASKS).forEach(([name, text]) => log(`${name.padEnd(12)} ${text}`));
    } else if (task === 'clean') {
      selected.forEach(({ module }) => cleanModule(module, log));
      fs.rmSync(path.join(root, 'compile_commands.json'), { force: true });
    } else {
      const buildMode = args.buildMode || (task === 'assembleApp' ? 'release' : 'debug');
      checkBuildMode(project, buildMode);
      if (toolchain === null) {
        toolchain = findToolchain();
        if (toolchain.warning) warn(toolchain.warning);
      }
      const commands = [];
      for (const { module, target } of selected) {
        const result = buildModule(module, { buildMode, target, toolchain, verbose: args.verbose, log, warn });
        if (result.compileCommands) commands.push(result.compileCommands);
        if (result.status !== 0) {
          status = result.status;
          break;
        }
      }
      if (commands.length > 0) writeCompileCommands(root, commands);
      if (status === 0 && Object.prototype.hasOwnProperty.call(SUITES, task)) {
        let ran = 0;
        for (const { module } of selected) {
          const result = runSuites(root, module, task, args.testParams, { log, warn });
          if (result.ran) ran++;
          if (result.status !== 0) status = result.status;
        }
        if (ran === 0) {
          warn(`hvigorw: ${task}: no module has ${SUITES[task].list.join('/')}`);
          status = 1;
        }
      }
      if (status === 0 && task === 'preview') {
        // One page of one module: the one -p module names, else entry, else the first.
        const chosen = selected.find(({ module }) => module.name === 'entry') || selected[0];
        status = runPreview(root, chosen.module, { page: args.page, port: args.port }, { log, warn });
      }
      if (status === 0) log(`> hvigor Finished :${args.product}@${task}... (${buildMode}, ${toolchain.id})`);
    }
    if (status !== 0) break;
  }
  if (status === 0) log(`BUILD SUCCESSFUL in ${elapsed(started)}`);
  else warn(`BUILD FAILED in ${elapsed(started)}`);
  return status;
}

/**
 * --watch: runs hvigorw with the other arguments in a child (a fresh process,
 * so a rebuilt library is loaded anew), then again after each change to the
 * project's files (build output, node_modules and the sandbox left out), until
 * interrupted.
 */
function watch(argv) {
  const root = findProjectRoot();
  if (root === null) {
    warn('hvigorw: no build-profile.json5 with modules here or above: run hvigorw in a DevEco project');
    process.exitCode = 1;
    return;
  }
  watchAndRerun(root, [__filename, ...argv.filter((arg) => arg !== '--watch')], { log, name: 'hvigorw' });
}

const stacktrace = process.argv.includes('--stacktrace');
if (process.argv.includes('--watch')) {
  watch(process.argv.slice(2));
} else try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || !stacktrace) warn(error.message);
  else warn(error.stack);
  if (!(error instanceof UsageError)) warn('BUILD FAILED');
  process.exitCode = 1;
}
