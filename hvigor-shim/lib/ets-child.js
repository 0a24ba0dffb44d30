'use strict';
// The children hvigorw starts to run a project's ArkTS side (the Hypium runner,
// the previewer): node with the loader (ets/register.js) in the project
// directory, running one of jsvm-desktop's ets/ modules — its TypeScript source
// in a checkout, its compiled copy in an installed package (no ts-node).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const desktopRoot = path.resolve(__dirname, '..', '..');

/** The file to run for ets/<name>.ts. */
function etsScript(name) {
  const compiled = path.join(desktopRoot, 'dist', 'ets', `${name}.js`);
  try {
    require.resolve('ts-node', { paths: [desktopRoot] });
  } catch {
    if (fs.existsSync(compiled)) return compiled;
  }
  return path.join(desktopRoot, 'ets', `${name}.ts`);
}

/** Runs ets/<name> in `root` with `env`, its output this process's; returns spawnSync's result. */
function runEts(name, root, env) {
  return spawnSync(process.execPath, [
    '--enable-source-maps',
    '-r', path.join(desktopRoot, 'ets', 'register.js'),
    etsScript(name),
  ], { cwd: root, stdio: 'inherit', env });
}

module.exports = { etsScript, runEts };
