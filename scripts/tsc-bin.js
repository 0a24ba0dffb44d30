#!/usr/bin/env node
// ohos-typescript (the ArkTS parser ets/page-compiler.ts uses) declares the
// same `tsc` and `tsserver` commands as TypeScript, and npm links its copies
// into this checkout's node_modules/.bin: `npx tsc` would type-check with the
// ArkTS fork (TypeScript 4.9). Run by npm install: points them back at the
// project's TypeScript. (A project that installs jsvm-desktop is not affected:
// npm links the commands of its direct dependencies only.)
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'node_modules', '.bin');
for (const command of ['tsc', 'tsserver']) {
  const link = path.join(bin, command);
  let target;
  try {
    target = fs.readlinkSync(link);
  } catch {
    continue; // not a symlink (Windows shims) or not there: nothing to repair
  }
  if (!target.includes('ohos-typescript')) continue;
  const own = path.join('..', 'typescript', 'bin', command);
  if (!fs.existsSync(path.join(bin, own))) continue;
  fs.unlinkSync(link);
  fs.symlinkSync(own, link);
}
