'use strict';
// Reading a DevEco project: root build-profile.json5, its modules, their
// native build options, the bundle name, the ABI folder name.
const fs = require('fs');
const path = require('path');
const JSON5 = require('json5');

function readJson5(file) {
  return JSON5.parse(fs.readFileSync(file, 'utf8'));
}

/** The nearest folder at or above `start` whose build-profile.json5 lists modules. */
function findProjectRoot(start = process.cwd()) {
  let dir = path.resolve(start);
  for (;;) {
    const profile = path.join(dir, 'build-profile.json5');
    if (fs.existsSync(profile)) {
      try {
        if (Array.isArray(readJson5(profile).modules)) return dir;
      } catch (error) {
        throw new Error(`${profile}: ${error.message}`);
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function abiName(arch = process.arch) {
  if (arch === 'x64') return 'x86_64';
  if (arch === 'arm64') return 'arm64-v8a';
  if (arch === 'arm') return 'armeabi-v7a';
  return arch;
}

/** The modules of a project, with their folders and native CMakeLists (or null). */
function listModules(root) {
  const profile = readJson5(path.join(root, 'build-profile.json5'));
  return (profile.modules || []).map((module) => {
    const dir = path.resolve(root, module.srcPath || module.name);
    const moduleProfile = path.join(dir, 'build-profile.json5');
    let cmakeLists = null;
    if (fs.existsSync(moduleProfile)) {
      const native = ((readJson5(moduleProfile).buildOption || {}).externalNativeOptions) || {};
      if (native.path) cmakeLists = path.resolve(dir, native.path);
    }
    return {
      name: module.name,
      dir,
      cmakeLists,
      outputDir: path.join(dir, 'build', 'default', 'intermediates', 'libs', 'default', abiName()),
      buildDir: path.join(dir, 'build', 'default', '.cxx', abiName()),
    };
  });
}

function bundleName(root) {
  const file = path.join(root, 'AppScope', 'app.json5');
  if (!fs.existsSync(file)) return 'com.example.app';
  return (readJson5(file).app || {}).bundleName || 'com.example.app';
}

module.exports = { abiName, bundleName, findProjectRoot, listModules, readJson5 };
