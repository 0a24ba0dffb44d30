// node -r <repo>/ets/register.js: lib<name>.so imports resolve to the DevEco
// project's built libraries; .ets files (plain TypeScript), @ohos/hypium and the
// @ohos.* / @kit.* modules the desktop stands in for load (ets/arkts.ts). Works with or without ts-node already loaded, from
// any working directory (the DevEco project's).
'use strict';
const path = require('path');

if (!require.extensions['.ts']) {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
}
require('./loader').install();
require('./arkts').install();
