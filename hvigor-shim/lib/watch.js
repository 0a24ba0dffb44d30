'use strict';
// Watch mode for hvigorw --watch and jsvm-mocha --watch: runs a command in a
// child (a fresh process each time, so a rebuilt native library is loaded anew
// rather than the one a long-lived process already holds), then again after
// each change under `root` (build output, dependencies, the sandbox and VCS
// folders left out), until interrupted. A change during a run queues one more.
const { spawn } = require('child_process');
const fs = require('fs');

const IGNORED = /(^|[\\/])(build|build-[^\\/]*|dist|node_modules|oh_modules|\.sandbox|\.git|\.cxx|\.hvigor)([\\/]|$)|compile_commands\.json$/;

function watchAndRerun(root, args, { log, name }) {
  let child = null;
  let again = false;
  let timer = null;
  const run = () => {
    if (child) {
      again = true;
      return;
    }
    child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      child = null;
      log(`${name} --watch: ${signal ? `ended by ${signal}` : `exit ${code}`}; watching ${root} for changes (Ctrl-C stops)`);
      if (again) {
        again = false;
        run();
      }
    });
  };
  fs.watch(root, { recursive: true }, (event, file) => {
    if (!file || IGNORED.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      log(`${name} --watch: ${file} changed`);
      run();
    }, 300);
  });
  run();
}

module.exports = { watchAndRerun };
