#!/usr/bin/env node
'use strict';
// hvigorw for the desktop: builds the native code of a DevEco project's modules.
//   hvigorw assembleHap   build every module listed in build-profile.json5
//   hvigorw clean         remove what assembleHap built
// Run from the project root (or below it).
const { buildModule, cleanModule } = require('../lib/build');
const { findProjectRoot, listModules } = require('../lib/project');

function main(argv) {
  const tasks = argv.filter((arg) => !arg.startsWith('-'));
  if (tasks.length === 0 || tasks.includes('help')) {
    console.log('usage: hvigorw assembleHap | assembleApp | clean');
    return tasks.length === 0 ? 1 : 0;
  }
  const root = findProjectRoot();
  if (root === null) {
    console.error('hvigorw: no build-profile.json5 with modules here or above');
    return 1;
  }
  const modules = listModules(root);
  for (const task of tasks) {
    if (task === 'clean') {
      modules.forEach((module) => cleanModule(module));
    } else if (task === 'assembleHap' || task === 'assembleApp' || task === 'assembleHar') {
      for (const module of modules) {
        const status = buildModule(module);
        if (status !== 0) {
          console.error(`hvigorw: building module ${module.name} failed`);
          return status;
        }
      }
    } else {
      console.error(`hvigorw: unknown task ${task}`);
      return 1;
    }
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
