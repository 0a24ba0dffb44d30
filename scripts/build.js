#!/usr/bin/env node
// Builds the native parts with cmake-js against the Node headers installed
// beside the running node (never downloaded). Run by `npm install`.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const nodeInclude = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
if (!fs.existsSync(path.join(nodeInclude, 'v8.h'))) {
  console.error(`jsvm-desktop: Node's headers are missing at ${nodeInclude}; install Node with its headers.`);
  process.exit(1);
}
const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
// JSVM_BUILD_DIR lets several checkouts' builds coexist (default: build/).
const buildDir = path.resolve(root, process.env.JSVM_BUILD_DIR || 'build');
const args = [cmakeJs, 'compile', '-d', root, '-O', buildDir, '-p', '2',
  `--CDNODE_INCLUDE_DIR=${nodeInclude}`, `--CDNODE_EXECUTABLE=${process.execPath}`];
// JSVM_SANITIZE=1: AddressSanitizer + UBSan build (npm run test:asan uses build-asan/).
if (process.env.JSVM_SANITIZE === '1') args.push('--CDJSVM_SANITIZE=ON');
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(run.status === null ? 1 : run.status);
