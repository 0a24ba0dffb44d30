// Loaded by mocha before the specs (.mocharc.json): builds the test addon and
// whatever of the runtime changed (scripts/build.js test), then the seed module
// with hvigorw, so that `npm test` and `npx mocha` always test the sources as
// they are. npm run test:asan builds its own tree first and skips this.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

function step(args, what) {
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout || ''}${run.stderr || ''}`);
    throw new Error(`${what} failed (exit ${run.status}): the specs would test stale code`);
  }
  if (run.stdout && !/^> hvigor|^BUILD SUCCESSFUL/m.test(run.stdout)) process.stdout.write(run.stdout);
}

if (!process.env.JSVM_ASAN_PRELOAD && process.env.JSVM_SKIP_BUILD !== '1') {
  step([path.join(root, 'scripts', 'build.js'), 'test', '--quiet'], 'building the test addon');
  step([path.join(root, 'hvigor-shim', 'bin', 'hvigorw.js'), 'assembleHap'], 'building the seed module (hvigorw)');
}
