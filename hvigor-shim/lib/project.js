'use strict';
// Reading a DevEco project: the root build-profile.json5 (products, build
// modes, modules), each module's build-profile.json5 (its native build
// options, per build mode and target), the bundle name, the ABI folder name.
const fs = require('fs');
const path = require('path');
const JSON5 = require('json5');

function readJson5(file) {
  try {
    return JSON5.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error.message}`);
  }
}

/** The nearest folder at or above `start` whose build-profile.json5 lists modules. */
function findProjectRoot(start = process.cwd()) {
  let dir = path.resolve(start);
  for (;;) {
    const profile = path.join(dir, 'build-profile.json5');
    if (fs.existsSync(profile) && Array.isArray(readJson5(profile).modules)) return dir;
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

/** Splits a CMake `arguments` string as a shell would (quotes group words). */
function splitWords(text) {
  const words = [];
  let current = null;
  let quote = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current = current === null ? '' : current;
    } else if (/\s/.test(ch)) {
      if (current !== null) words.push(current);
      current = null;
    } else {
      current = (current === null ? '' : current) + ch;
    }
  }
  if (quote) throw new Error(`unbalanced ${quote} in "${text}"`);
  if (current !== null) words.push(current);
  return words;
}

function words(value) {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => splitWords(String(item)));
  return splitWords(String(value));
}

/** The project's products, build modes and modules. */
function readProject(root) {
  const profile = readJson5(path.join(root, 'build-profile.json5'));
  const app = profile.app || {};
  return {
    root,
    products: (app.products || []).map((product) => product.name).filter(Boolean),
    buildModes: (app.buildModeSet || []).map((mode) => mode.name).filter(Boolean),
    modules: (profile.modules || []).map((module) => readModule(root, module)),
  };
}

function readModule(root, entry) {
  const dir = path.resolve(root, entry.srcPath || entry.name);
  const file = path.join(dir, 'build-profile.json5');
  const profile = fs.existsSync(file) ? readJson5(file) : {};
  return {
    name: entry.name,
    dir,
    profile,
    targets: (profile.targets || [{ name: 'default' }]).map((target) => target.name),
    outputDir: path.join(dir, 'build', 'default', 'intermediates', 'libs', 'default', abiName()),
  };
}

/**
 * A module's native build options for a build mode and target: the module's
 * buildOption, overridden field by field by the buildOptionSet entry that
 * buildModeBinder maps (mode, target) to, or else the entry named after the
 * mode. Returns { cmakeLists, arguments, cppFlags, cFlags, abiFilters, optionName }.
 */
function nativeOptions(module, buildMode, target = 'default') {
  const profile = module.profile;
  const base = (profile.buildOption || {}).externalNativeOptions || {};
  let optionName = null;
  for (const binder of profile.buildModeBinder || []) {
    if (binder.buildModeName !== buildMode) continue;
    const mapping = (binder.mappings || []).find((m) => m.targetName === target);
    if (mapping) optionName = mapping.buildOptionName;
  }
  const sets = profile.buildOptionSet || [];
  const named = sets.find((set) => set.name === (optionName || buildMode));
  if (named) optionName = named.name;
  const options = { ...base, ...((named && named.externalNativeOptions) || {}) };
  return {
    optionName,
    cmakeLists: options.path ? path.resolve(module.dir, options.path) : null,
    arguments: words(options.arguments),
    cppFlags: words(options.cppFlags),
    cFlags: words(options.cFlags),
    abiFilters: Array.isArray(options.abiFilters) ? options.abiFilters : null,
  };
}

function bundleName(root) {
  const file = path.join(root, 'AppScope', 'app.json5');
  if (!fs.existsSync(file)) return 'com.example.app';
  return (readJson5(file).app || {}).bundleName || 'com.example.app';
}

/** Kept for the loader and the demo: every module with its default native options. */
function listModules(root) {
  return readProject(root).modules.map((module) => ({ ...module, cmakeLists: nativeOptions(module, 'debug').cmakeLists }));
}

module.exports = { abiName, bundleName, findProjectRoot, listModules, nativeOptions, readJson5, readProject, splitWords };
