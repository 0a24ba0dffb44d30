'use strict';
// hvigorw's command line, as DevEco Studio runs it:
//   hvigorw [--mode module|project] [-p product=NAME] [-p module=NAME@TARGET,...]
//           [-p buildMode=debug|release] [-p debuggable=true|false]
//           [--no-daemon|--daemon] [--info|--debug|--stacktrace] TASK...
const TASKS = {
  assembleHap: 'build the native libraries of the modules (the HAP\'s libs)',
  assembleApp: 'the same, in release mode unless -p buildMode says otherwise',
  assembleHar: 'the same as assembleHap',
  onDeviceTest: 'build, then run the modules\' Hypium suites (src/ohosTest/ets/test/List.test.ets) here',
  test: 'build, then run the modules\' local Hypium suites (src/test/List.test.ets) here',
  preview: 'build, then serve a page (-p page=pages/Index) in the browser with its native modules running here',
  clean: 'remove what the builds wrote (each module\'s build/ folder, compile_commands.json)',
  tasks: 'list these tasks',
};

const USAGE = `usage: hvigorw [options] TASK...

Builds the native code (externalNativeOptions) of a DevEco project's modules
for this machine, against jsvm-desktop's libjsvm.so, libace_napi.z.so and
libhilog_ndk.z.so. Run it in the project or below.

Tasks:
${Object.entries(TASKS).map(([name, text]) => `  ${name.padEnd(12)} ${text}`).join('\n')}

Options:
  --mode module|project      accepted (modules are always built one by one)
  -p product=NAME            the product of build-profile.json5 (default: default)
  -p module=NAME[@TARGET],.. only these modules (and targets)
  -p buildMode=debug|release debug: -O0 -g (the default for HAPs); release:
                             optimised (the default for assembleApp)
  -p debuggable=true|false   the same as buildMode=debug / release
  -p testParam={"class":"Suite#test","level":"0",...}
                             Hypium's filters for onDeviceTest / test (JSON):
                             class, notClass, itName, suite, level, size,
                             testType, timeout, dryRun, breakOnError, random,
                             stress; each also works alone (-p level=0)
  -p scope=Suite[#test],...  the same as class=
  -p page=pages/NAME         the page preview serves (default: the module's
                             first page in main_pages.json)
  -p port=N                  the loopback port preview listens on (default: a
                             free one; the address is printed)
  --info, --debug            show CMake's and the compiler's output
  --stacktrace               show where hvigorw itself failed
  --watch                    run the tasks again, in a fresh process, whenever a
                             file of the project changes (C/C++ sources, suites)
  --no-daemon, --daemon      accepted (there is no daemon)
  -h, --help                 this text
  -v, --version              hvigorw's version

Environment: HVIGORW_COMPILER=auto|clang-15|clang|g++ picks the compiler
(auto: clang 15 with libc++ 15, as the NDK, else another clang, else g++).`;

class UsageError extends Error {}

// Hypium's own parameters (aa test -s KEY VALUE on a device).
const HYPIUM_PARAMS = ['class', 'notClass', 'itName', 'suite', 'level', 'size', 'testType', 'timeout', 'dryRun',
  'breakOnError', 'random', 'stress'];

/** Parses argv into { tasks, mode, product, modules, buildMode, verbose, stacktrace, help, version, notes }. */
function parseArgs(argv) {
  const out = { tasks: [], mode: null, product: 'default', modules: null, buildMode: null, verbose: false,
    stacktrace: false, help: false, version: false, notes: [], testParams: {}, page: null, port: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`hvigorw: ${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '-h' || arg === '--help' || arg === 'help') out.help = true;
    else if (arg === '-v' || arg === '--version') out.version = true;
    else if (arg === '--mode' || arg.startsWith('--mode=')) {
      out.mode = arg.startsWith('--mode=') ? arg.slice(7) : value();
      if (out.mode !== 'module' && out.mode !== 'project') {
        throw new UsageError(`hvigorw: --mode ${out.mode}: expected module or project`);
      }
    } else if (arg === '-p' || (arg.startsWith('-p') && arg.length > 2 && !arg.startsWith('--'))) {
      setProperty(out, arg === '-p' ? value() : arg.slice(2));
    } else if (arg === '--info' || arg === '--debug' || arg === '--verbose') out.verbose = true;
    else if (arg === '--stacktrace') out.stacktrace = true;
    else if (arg === '--watch') out.watch = true;
    else if (arg === '--no-daemon' || arg === '--daemon' || arg === '--sync' || arg === '--parallel' ||
      arg === '--no-parallel' || arg === '--incremental' || arg === '--no-incremental') {
      // DevEco passes these; with no daemon and one build at a time they change nothing.
    } else if (arg.startsWith('-')) {
      throw new UsageError(`hvigorw: unknown option ${arg} (hvigorw --help lists the options)`);
    } else if (Object.prototype.hasOwnProperty.call(TASKS, arg)) out.tasks.push(arg);
    else throw new UsageError(`hvigorw: unknown task ${arg} (hvigorw tasks lists them)`);
  }
  return out;
}

function setProperty(out, text) {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`hvigorw: -p ${text}: expected KEY=VALUE`);
  const key = text.slice(0, at);
  const val = text.slice(at + 1);
  if (key === 'product') out.product = val;
  else if (key === 'module') {
    out.modules = val.split(',').filter(Boolean).map((item) => {
      const [name, target] = item.split('@');
      return { name, target: target || 'default' };
    });
  } else if (key === 'buildMode') out.buildMode = val;
  else if (key === 'debuggable') {
    if (val !== 'true' && val !== 'false') throw new UsageError(`hvigorw: -p debuggable=${val}: expected true or false`);
    out.buildMode = val === 'true' ? 'debug' : 'release';
  } else if (key === 'testParam') {
    let parsed;
    try {
      parsed = JSON.parse(val);
    } catch (error) {
      throw new UsageError(`hvigorw: -p testParam=${val}: expected a JSON object (${error.message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError(`hvigorw: -p testParam=${val}: expected a JSON object`);
    }
    for (const [name, item] of Object.entries(parsed)) out.testParams[name.replace(/^-s /, '')] = String(item);
  } else if (key === 'scope') out.testParams.class = val;
  else if (key === 'page') out.page = val;
  else if (key === 'port') {
    if (!/^\d+$/.test(val) || Number(val) > 65535) throw new UsageError(`hvigorw: -p port=${val}: expected a port number`);
    out.port = Number(val);
  }
  else if (HYPIUM_PARAMS.includes(key)) out.testParams[key] = val;
  else {
    out.notes.push(`hvigorw: -p ${key} is not used by the desktop build; ignored`);
  }
}

module.exports = { TASKS, USAGE, UsageError, parseArgs };
