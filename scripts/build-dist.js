#!/usr/bin/env node
// Compiles ets/*.ts into dist/ets/ (JS + .d.ts): what `require('jsvm-desktop/ets/…')`
// and `jsvm-desktop/register` load in a project that installed the package
// (its TypeScript loader, if any, does not compile files in node_modules).
// Run by npm install in this checkout and by npm pack; skipped when dist/ is
// newer than every source, or when TypeScript is not installed but dist/ is
// there (an installed package carries it). --force: always compile.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const sources = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) sources.push(full);
  }
})(path.join(root, 'ets'));
const outputs = sources.map((f) => path.join(root, 'dist', 'ets', path.relative(path.join(root, 'ets'), f).replace(/\.ts$/, '.js')));
const newest = Math.max(...sources.map((f) => fs.statSync(f).mtimeMs));
const fresh = outputs.every((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs >= newest);
if (fresh && !process.argv.includes('--force')) process.exit(0);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  if (outputs.every((f) => fs.existsSync(f))) process.exit(0);  // the package's own copy
  console.error('build-dist: TypeScript is not installed and dist/ets is missing: run npm install in ' + root);
  process.exit(1);
}
const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.dist.json')], { stdio: 'inherit' });
process.exit(run.status === null ? 1 : run.status);
