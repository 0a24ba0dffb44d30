'use strict';
// The compiler a DevEco module is built with. The OpenHarmony NDK is LLVM 15:
// clang 15 with its libc++ (shared, the NDK's default OHOS_STL=c++_shared).
// Debian's clang-15 + libc++-15-dev + libc++abi-15-dev are that toolchain for
// the host. Without them: another clang, then g++, with one clear warning of
// what device code will not compile.
//
// HVIGORW_COMPILER=clang-15|clang|g++ picks one explicitly (auto: the search).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const INSTALL_LINE = 'apt-get install clang-15 libc++-15-dev libc++abi-15-dev';

// Flags the NDK's toolchain file gives every compile, as far as they mean
// anything on the host (no --target / --sysroot: we build for the host).
const NDK_COMMON_FLAGS = ['-fdata-sections', '-ffunction-sections', '-funwind-tables', '-fstack-protector-strong'];

function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch (error) {
      // not here
    }
  }
  return null;
}

function versionOf(compiler) {
  const run = spawnSync(compiler, ['--version'], { encoding: 'utf8' });
  if (run.status !== 0) return null;
  return run.stdout.split('\n')[0].trim();
}

// Whether `cxx` compiles and links a program using <fstream> against libc++.
function linksWithLibcxx(cxx) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hvigorw-probe-'));
  try {
    const source = path.join(dir, 'probe.cpp');
    fs.writeFileSync(source, '#include <fstream>\nint main() { std::ofstream f; return f.is_open() ? 1 : 0; }\n');
    const run = spawnSync(cxx, ['-stdlib=libc++', source, '-o', path.join(dir, 'probe')], { encoding: 'utf8' });
    return run.status === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function clang(cc, cxx, libcxx) {
  const flags = libcxx ? ['-stdlib=libc++'] : [];
  return {
    id: path.basename(cxx),
    cc: which(cc) || cc,
    cxx: which(cxx) || cxx,
    version: versionOf(cxx),
    isClang: true,
    libcxx,
    cxxFlags: flags,
    linkFlags: flags,
  };
}

function gcc() {
  return { id: 'g++', cc: which('gcc') || 'gcc', cxx: which('g++') || 'g++', version: versionOf('g++'), isClang: false,
    libcxx: false, cxxFlags: [], linkFlags: [] };
}

/**
 * The toolchain to build with: { id, cc, cxx, version, isClang, libcxx,
 * cxxFlags, linkFlags, ndk (clang 15 + libc++), warning (text or null) }.
 */
function findToolchain(env = process.env) {
  const wanted = env.HVIGORW_COMPILER || 'auto';
  let chosen = null;
  if (wanted === 'auto' || wanted === 'clang-15') {
    if (which('clang++-15') && which('clang-15') && linksWithLibcxx('clang++-15')) chosen = clang('clang-15', 'clang++-15', true);
  }
  if (!chosen && (wanted === 'auto' || wanted === 'clang')) {
    for (const v of ['', '-19', '-18', '-17', '-16', '-14']) {
      if (which(`clang++${v}`) && which(`clang${v}`)) {
        chosen = clang(`clang${v}`, `clang++${v}`, linksWithLibcxx(`clang++${v}`));
        break;
      }
    }
  }
  if (!chosen && wanted !== 'clang-15' && wanted !== 'clang' && which('g++')) chosen = gcc();
  if (!chosen) {
    throw new Error(`hvigorw: no C++ compiler found${wanted === 'auto' ? '' : ` (HVIGORW_COMPILER=${wanted})`}; ` +
      `install the NDK's: ${INSTALL_LINE}`);
  }
  chosen.ndk = chosen.id === 'clang++-15' && chosen.libcxx;
  chosen.warning = chosen.ndk ? null : fallbackWarning(chosen);
  return chosen;
}

function fallbackWarning(chosen) {
  const what = [];
  if (!chosen.isClang) {
    what.push('designated initialisers out of declaration order ({.data = x, .callback = f}, as the JSVM docs ' +
      'write them) are errors in g++');
  }
  if (!chosen.libcxx) {
    what.push('code that relies on libc++\'s transitive includes (std::vector through <fstream>) does not ' +
      'compile against libstdc++');
  }
  if (chosen.isClang && chosen.libcxx) what.push('a clang other than 15 may accept or reject code the NDK does not');
  return `hvigorw: the OpenHarmony NDK compiles with clang 15 and libc++ 15, which are not installed; building ` +
    `with ${chosen.version || chosen.id} instead. Device code may not compile here: ${what.join('; ')}. ` +
    `Install them with: ${INSTALL_LINE}`;
}

/**
 * Splits user flags (cppFlags / cFlags) into those `compiler` accepts and those
 * it does not (each with the compiler's complaint).
 */
function filterFlags(compiler, language, flags) {
  const kept = [];
  const dropped = [];
  for (const flag of flags) {
    // Only warning, code-generation, machine and language flags are asked about
    // (-D, -I, -U and the like every compiler knows); linker flags (-Wl,...)
    // are passed on, as the NDK passes them.
    if (flag.startsWith('-Wl,') || !/^-(W|f|m|O|g|std=)/.test(flag)) {
      kept.push(flag);
      continue;
    }
    const run = spawnSync(compiler, [flag, '-x', language, '-fsyntax-only', '-'], { input: '', encoding: 'utf8' });
    const complaint = (run.stderr || '').trim();
    if (run.status === 0 && complaint === '') kept.push(flag);
    else dropped.push({ flag, complaint: complaint.split('\n')[0] });
  }
  return { kept, dropped };
}

module.exports = { INSTALL_LINE, NDK_COMMON_FLAGS, filterFlags, findToolchain, which };
