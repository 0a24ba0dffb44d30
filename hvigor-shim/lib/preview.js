'use strict';
// hvigorw preview: after the build, a page of the module is served to the
// browser by a child node (ets/previewer.ts) in the project directory, with
// the loader, HiLog and the app sandbox (the project's bundle name) in place,
// until Ctrl-C.
const { runEts } = require('./ets-child');
const { sandboxEnv } = require('./hypium');

/** Serves `page` of `module` (on `port`, default a free one); returns the child's exit status. */
function runPreview(root, module, { page, port }, { log, warn }) {
  log(`> hvigor Running :${module.name}:default@Preview${page ? ` (${page})` : ''}`);
  const request = { root, module: module.name, page: page || undefined, port: port ? Number(port) : 0 };
  const result = runEts('previewer', root, { ...sandboxEnv(root), JSVM_PREVIEW: JSON.stringify(request) });
  if (result.error) throw new Error(`hvigorw: could not start the previewer: ${result.error.message}`);
  if (result.status !== 0 && result.signal !== 'SIGINT' && result.signal !== 'SIGTERM') {
    warn(`> hvigor ERROR: Failed :${module.name}:default@Preview (exit status ${result.status ?? result.signal})`);
    return 1;
  }
  return 0;
}

module.exports = { runPreview };
