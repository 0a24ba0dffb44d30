#!/usr/bin/env node
// The ArkTS parser ets/page-compiler.ts uses (ohos-typescript, installed as
// `typescript-ohos`) declares the same `tsc` and `tsserver` commands as
// TypeScript, and npm links the commands of every package it installs into
// node_modules/.bin: the first of two in name order, or the newest when a
// package is added later. So `npx tsc` in this checkout, or in a project that
// added jsvm-desktop to its dependencies, could run the fork (TypeScript 4.9).
// Run by npm install (after npm linked the commands): where a link points into
// the fork and TypeScript itself is installed beside it, it points back at
// TypeScript.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** Repairs the tsc/tsserver links of the node_modules folder `modules`. */
function repair(modules) {
  const bin = path.join(modules, '.bin');
  for (const command of ['tsc', 'tsserver']) {
    const link = path.join(bin, command);
    let target;
    try {
      target = fs.readlinkSync(link);
    } catch {
      continue;  // not a symlink (Windows shims) or not there: nothing to repair
    }
    if (!target.includes('typescript-ohos') && !target.includes('ohos-typescript')) continue;
    const own = path.join('..', 'typescript', 'bin', command);
    if (!fs.existsSync(path.join(bin, own))) continue;  // no TypeScript beside it: the fork's is the only tsc
    fs.unlinkSync(link);
    fs.symlinkSync(own, link);
  }
}

// This checkout's own node_modules, and, when jsvm-desktop is itself installed
// in a project's node_modules, that project's.
repair(path.join(root, 'node_modules'));
if (path.basename(path.dirname(root)) === 'node_modules') repair(path.dirname(root));
