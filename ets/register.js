// node -r <repo>/ets/register.js: lib<name>.so imports resolve to the DevEco
// project's built libraries; .ets files (plain TypeScript), @ohos/hypium and the
// @ohos.* / @kit.* modules the desktop stands in for load (ets/arkts.ts). Works with or without ts-node already loaded, from
// any working directory (the DevEco project's).
'use strict';
const path = require('path');

const fs = require('fs');

// In a checkout, the TypeScript sources through ts-node; in an installed
// package (no ts-node), the compiled copy in dist/ets (scripts/build-dist.js).
const compiled = path.join(__dirname, '..', 'dist', 'ets');
let tsNode = Boolean(require.extensions['.ts']);
if (!tsNode) {
  try {
    require.resolve('ts-node', { paths: [path.join(__dirname, '..')] });
    tsNode = true;
  } catch {
    tsNode = false;
  }
}
const from = tsNode || !fs.existsSync(path.join(compiled, 'loader.js')) ? __dirname : compiled;
if (from === __dirname && !require.extensions['.ts']) {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
}
require(path.join(from, 'loader')).install();
require(path.join(from, 'arkts')).install();
exports.etsDir = from;
