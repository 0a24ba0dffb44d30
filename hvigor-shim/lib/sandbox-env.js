'use strict';
// The environment that puts an app sandbox in front of a child process's
// native code: libjsvm_sandbox.so preloaded (after a sanitizer runtime, if
// any; another copy of it dropped), the sandbox's root and bundle name. Used by
// hvigorw's test tasks (lib/hypium.js) and ets/sandbox.ts.
const path = require('path');

const desktopRoot = path.resolve(__dirname, '..', '..');

function sandboxEnv({ root, bundleName }, base = process.env) {
  const libDir = base.JSVM_DESKTOP_LIB_DIR || path.join(desktopRoot, 'build', 'Release');
  const preload = path.join(libDir, 'libjsvm_sandbox.so');
  const first = (base.JSVM_ASAN_PRELOAD || '').split(':').filter(Boolean);
  const others = (base.LD_PRELOAD || '').split(/[: ]/)
    .filter((entry) => entry && !entry.endsWith('/libjsvm_sandbox.so') && !first.includes(entry));
  return {
    ...base,
    LD_PRELOAD: [...first, preload, ...others].join(':'),
    JSVM_SANDBOX_ROOT: root,
    JSVM_BUNDLE_NAME: bundleName,
  };
}

module.exports = { sandboxEnv };
