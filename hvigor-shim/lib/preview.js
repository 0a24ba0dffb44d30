'use strict';
// hvigorw preview: after the build, a page of the module is served to the
// browser by a child node (ets/previewer.ts) in the project directory, with
// the loader, HiLog and the app sandbox (the project's bundle name) in place,
// until Ctrl-C.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { sandboxEnv } = require('./hypium');

const desktopRoot = path.resolve(__dirname, '..', '..');

/** The previewer: its TypeScript source in a checkout, its compiled copy in an installed package (no ts-node). */
function previewerScript() {
  const compiled = path.join(desktopRoot, 'dist', 'ets', 'previewer.js');
  try {
    require.resolve('ts-node', { paths: [desktopRoot] });
  } catch {
    if (fs.existsSync(compiled)) return compiled;
  }
  return path.join(desktopRoot, 'ets', 'previewer.ts');
}

/** Serves `page` of `module` (on `port`, default a free one); returns the child's exit status. */
function runPreview(root, module, { page, port }, { log, warn }) {
  log(`> hvigor Running :${module.name}:default@Preview${page ? ` (${page})` : ''}`);
  const request = { root, module: module.name, page: page || undefined, port: port ? Number(port) : 0 };
  const result = spawnSync(process.execPath, [
    '--enable-source-maps',
    '-r', path.join(desktopRoot, 'ets', 'register.js'),
    previewerScript(),
  ], {
    cwd: root,
    stdio: 'inherit',
    env: { ...sandboxEnv(root), JSVM_PREVIEW: JSON.stringify(request) },
  });
  if (result.error) throw new Error(`hvigorw: could not start the previewer: ${result.error.message}`);
  if (result.status !== 0 && result.signal !== 'SIGINT' && result.signal !== 'SIGTERM') {
    warn(`> hvigor ERROR: Failed :${module.name}:default@Preview (exit status ${result.status ?? result.signal})`);
    return 1;
  }
  return 0;
}

module.exports = { runPreview };
