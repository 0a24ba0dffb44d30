// node -r <repo>/ets/register.js: lib<name>.so imports resolve to the DevEco
// project's built libraries. Works with or without ts-node already loaded.
'use strict';
if (!require.extensions['.ts']) require('ts-node').register({ transpileOnly: true });
require('./loader').install();
