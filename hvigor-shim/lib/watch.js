'use strict';
// Watch mode for hvigorw --watch and jsvm-mocha --watch: runs a command in a
// child (a fresh process each time, so a rebuilt native library is loaded anew
// rather than the one a long-lived process already holds), then again after
// each change under `root` (build output, dependencies, the sandbox and VCS
// folders left out), until interrupted. A change during a run queues one more.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

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
  const changed = (file) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      log(`${name} --watch: ${path.relative(root, file)} changed`);
      run();
    }, 300);
  };
  // One watcher per folder outside the ignored ones (Node's recursive watch
  // walks build folders too, and dies when CMake removes one mid-scan).
  const watched = new Map();
  const watchTree = (dir) => {
    if (watched.has(dir) || IGNORED.test(path.relative(root, dir))) return;
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;  // gone already
    }
    let watcher;
    try {
      watcher = fs.watch(dir, (event, file) => {
        if (!file) return;
        const full = path.join(dir, file.toString());
        if (IGNORED.test(path.relative(root, full))) return;
        let isDir = false;
        try {
          isDir = fs.statSync(full).isDirectory();
        } catch {
          // removed
        }
        if (isDir) watchTree(full);
        changed(full);
      });
    } catch {
      return;
    }
    watcher.on('error', () => {
      watcher.close();
      watched.delete(dir);
    });
    watched.set(dir, watcher);
    for (const entry of entries) if (entry.isDirectory()) watchTree(path.join(dir, entry.name));
  };
  watchTree(root);
  run();
}

module.exports = { watchAndRerun };
