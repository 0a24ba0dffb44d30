// Runs a DevEco module's Hypium suites on the desktop (hvigorw onDeviceTest /
// test start it: node -r ets/register.js ets/hypium-runner.ts, in the project
// directory, with the app sandbox preloaded). The real @ohos/hypium runs the
// suites; the desktop AbilityDelegator receives its report protocol
// (OHOS_REPORT_* blocks, as `aa test` prints them on a device), and this file
// turns that into a line per test, Hypium's totals line and "N passed, F failed".
//
// Under hvigorw (hvigor-shim/lib/hypium.js) the run is crash-isolated:
// JSVM_CRASH_DIR names a folder where native crashes of this process are
// reported (crash_report.cc), the test running is kept in `current` and every
// finished test is appended to `events`. After a crash, hvigorw starts this
// runner again with JSVM_HYPIUM_SKIP (the tests that already ran, and the one
// that crashed) and JSVM_HYPIUM_PRIOR (their counts, added to the totals).
import fs from 'fs';
import path from 'path';

import { hypiumErrors, install as installArkts } from './arkts';
import { desktopAddon, flushHilog, hilogMode, setHilogStderr, TestHilog } from './hilog';
import { install as installLoader } from './loader';
import { AbilityDelegatorArgs, abilityDelegatorRegistry, setupDesktopDelegator } from './ohos/delegator';

export interface RunRequest {
  /** The List.test.ets whose default export registers the suites. */
  list: string;
  bundleName: string;
  /** Hypium's parameters (class, notClass, itName, level, size, testType, timeout, dryRun, ...). */
  parameters: Record<string, string>;
}

/** Hypium's counts, as its totals line gives them. */
export interface Counts {
  total: number;
  failure: number;
  error: number;
  pass: number;
  ignore: number;
}

/** The crash-isolation files (see the top of this file); null when not run by hvigorw. */
const crashDir = process.env.JSVM_CRASH_DIR || null;
// Processes the tests start are not this runner: they must not write into its files.
delete process.env.JSVM_CRASH_DIR;

function noteCrashState(kind: 'start' | 'done', name: string, code?: string): void {
  if (!crashDir) return;
  if (kind === 'start') {
    fs.writeFileSync(path.join(crashDir, 'current'), JSON.stringify({ title: name }));
  } else {
    fs.appendFileSync(path.join(crashDir, 'events'), `${JSON.stringify({ title: name, code: Number(code) })}\n`);
    fs.writeFileSync(path.join(crashDir, 'current'), '');
  }
}

/**
 * HiLog during the run (JSVM_HILOG, as under mocha): by default each test's
 * lines are kept and printed under its FAIL/ERROR line, not interleaved with
 * the report; `stderr` prints them live, `quiet` drops them.
 */
let keptHilog: TestHilog | null = null;

function keepHilog(): void {
  const mode = hilogMode();
  if (mode === 'stderr') return;
  setHilogStderr(false);
  if (mode === 'buffer') keptHilog = new TestHilog();
}

interface Outcome {
  failed: number;
  passed: number;
  totals: string | null;
  hookErrors: number;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const value = (text: string, key: string): string | null => {
  const matches = [...text.matchAll(new RegExp(`^OHOS_REPORT_STATUS: ${key}=(.*)$`, 'gm'))];
  return matches.length > 0 ? matches[matches.length - 1][1] : null;
};

/** Reads one block the delegator printed; prints what it says about a test, suite or the run. */
function readBlock(text: string, outcome: Outcome, dryRun: boolean): void {
  if (!text.includes('OHOS_REPORT_')) {
    // Not the report protocol: a dry run's JSON, or a test's own printSync.
    if (dryRun) process.stdout.write(text);
    else out(text);
    return;
  }
  const code = /^OHOS_REPORT_STATUS_CODE: (-?\d+)$/m.exec(text);
  if (code && code[1] === '1') {
    noteCrashState('start', `${value(text, 'class') ?? '?'}#${value(text, 'test') ?? '?'}`);
    keptHilog?.clear();  // what hooks and earlier tests logged is not this test's
  }
  if (code && code[1] !== '1') {
    const test = value(text, 'test') ?? '?';
    const name = `${value(text, 'class') ?? '?'}#${test}`;
    noteCrashState('done', name, code[1]);
    const ms = value(text, 'consuming');
    const took = ms === null ? '' : ` (${ms} ms)`;
    if (code[1] === '0') {
      out(`  PASS  ${name}${took}`);
      return;
    }
    const start = text.indexOf(`\nError in ${test}\n`);
    const end = text.lastIndexOf('\nOHOS_REPORT_STATUS: test=');
    const detail = start >= 0 && end > start ? text.slice(start + `\nError in ${test}\n`.length, end) : '';
    out(`  ${code[1] === '-1' ? 'ERROR' : 'FAIL '} ${name}${took}`);
    for (const line of detail.split('\n')) if (line) out(`        ${line}`);
    // An exception (not an assertion): its stack, from what Hypium logged.
    const stack = hypiumErrors.last;
    if (code[1] === '-1' && stack && detail && stack.includes(detail.split('\n')[0])) {
      const ours = (line: string) => line.startsWith('at ') && !/[/\\]@ohos[/\\]hypium[/\\]|<anonymous>|node:internal/.test(line);
      for (const line of stack.split('\n').slice(1).map((l) => l.trim()).filter(ours)) out(`        ${line}`);
    }
    hypiumErrors.last = null;
    for (const line of keptHilog?.report() ?? []) out(`        ${line}`);
    keptHilog?.clear();
    return;
  }
  const suiteDone = /^OHOS_REPORT_STATUS: suiteconsuming=\d+\nOHOS_REPORT_STATUS: (.*)$/m.exec(text);
  if (suiteDone) {
    outcome.hookErrors++;
    out(`  ERROR ${value(text, 'class') ?? '?'} (a beforeAll/afterAll hook): ${suiteDone[1]}`);
    return;
  }
  const totals = /^OHOS_REPORT_RESULT: stream=(Tests run: (\d+), Failure: (\d+), Error: (\d+), Pass: (\d+), Ignore: (\d+))$/m.exec(text);
  if (totals) {
    // With the counts of the runs before a crash (JSVM_HYPIUM_PRIOR) added.
    const [total, failure, error, pass, ignore] = totals.slice(2, 7).map(Number);
    const prior = priorCounts();
    const sum: Counts = {
      total: total + prior.total, failure: failure + prior.failure, error: error + prior.error,
      pass: pass + prior.pass, ignore: ignore + prior.ignore,
    };
    outcome.totals = totalsLine(sum);
    outcome.failed = sum.failure + sum.error;
    outcome.passed = sum.pass;
  }
  const breakOnError = /^OHOS_REPORT_RESULT: (breakOnError .*)$/m.exec(text);
  if (breakOnError) out(breakOnError[1]);
}

/** Hypium's totals line for `counts`. */
export function totalsLine(counts: Counts): string {
  return `Tests run: ${counts.total}, Failure: ${counts.failure}, Error: ${counts.error}, Pass: ${counts.pass}, ` +
    `Ignore: ${counts.ignore}`;
}

function priorCounts(): Counts {
  const prior = JSON.parse(process.env.JSVM_HYPIUM_PRIOR || 'null') as Partial<Counts> | null;
  const n = (key: keyof Counts): number => Number(prior?.[key] ?? 0);
  return { total: n('total'), failure: n('failure'), error: n('error'), pass: n('pass'), ignore: n('ignore') };
}

/**
 * Tests named in JSVM_HYPIUM_SKIP ("Suite#test") are left out as Hypium's own
 * notClass filter leaves them out (never registered, not counted), whatever
 * characters their names have (notClass accepts only identifier-like names).
 */
function skipTests(): void {
  const names = new Set(JSON.parse(process.env.JSVM_HYPIUM_SKIP || '[]') as string[]);
  if (names.size === 0) return;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { ConfigService } = require(path.join(path.dirname(require.resolve('@ohos/hypium/package.json')),
    'src', 'main', 'module', 'config', 'configService.js')) as {
    ConfigService: { prototype: { filterDesc(suite: string, desc: string, ...rest: unknown[]): boolean } };
  };
  const filterDesc = ConfigService.prototype.filterDesc;
  ConfigService.prototype.filterDesc = function (suite: string, desc: string, ...rest: unknown[]): boolean {
    return names.has(`${suite}#${desc}`) || filterDesc.call(this, suite, desc, ...rest);
  };
}

let finished = false;

function finish(outcome: Outcome, message: string, dryRun: boolean): never {
  finished = true;
  flushHilog();
  if (dryRun) {
    out('');
    process.exit(0);
  }
  if (outcome.totals === null) {
    // Hypium refused the parameters (or ended early) without running anything.
    process.stderr.write(`hypium: ${message.trim()}\n`);
    process.exit(1);
  }
  out(outcome.totals);
  out(`${outcome.passed} passed, ${outcome.failed} failed`);
  process.exit(outcome.failed > 0 || outcome.hookErrors > 0 ? 1 : 0);
}

export function run(request: RunRequest): void {
  // First: a crash while loading the suites is reported too.
  if (crashDir) desktopAddon().crashReportInstall(path.join(crashDir, 'report'));
  installLoader();
  installArkts();
  skipTests();
  keepHilog();
  const dryRun = request.parameters.dryRun === 'true';
  const outcome: Outcome = { failed: 0, passed: 0, totals: null, hookErrors: 0 };
  const args: AbilityDelegatorArgs = {
    bundleName: request.bundleName,
    parameters: { ...request.parameters },
    testCaseNames: '',
    testRunnerClassName: 'OpenHarmonyTestRunner',
  };
  setupDesktopDelegator(args, {
    print: (message) => {
      flushHilog();
      readBlock(message, outcome, dryRun);
    },
    finish: (message) => finish(outcome, message, dryRun),
  });
  process.on('exit', () => {
    if (finished) return;
    // Hypium never called finishTest: the suites broke before it could report.
    process.stderr.write('hypium: the run ended before Hypium reported its totals (see the errors above)\n');
    process.exitCode = 1;
  });
  process.on('uncaughtException', (error) => {
    outcome.hookErrors++;
    out(`  ERROR uncaught exception outside a test: ${error && error.stack ? error.stack : String(error)}`);
  });
  process.on('unhandledRejection', (reason) => {
    outcome.hookErrors++;
    const text = reason instanceof Error ? reason.stack : String(reason);
    out(`  ERROR unhandled promise rejection outside a test: ${text}`);
  });

  let testsuite: () => void;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const list = require(request.list) as { default?: () => void };
    if (typeof list.default !== 'function') {
      throw new Error(`${request.list} has no default export function (export default function testsuite() { ... })`);
    }
    testsuite = list.default;
  } catch (error) {
    process.stderr.write(`hypium: could not load ${path.relative(process.cwd(), request.list)}: ` +
      `${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Hypium } = require('@ohos/hypium') as {
    Hypium: { hypiumTest(delegator: unknown, args: unknown, suite: () => void): void; setData(data: object): void };
  };
  // Data-driven suites: data.json beside List.test.ets (what a device's TestAbility passes to Hypium.setData).
  const dataFile = path.join(path.dirname(request.list), 'data.json');
  if (fs.existsSync(dataFile)) Hypium.setData(JSON.parse(fs.readFileSync(dataFile, 'utf8')));
  Hypium.hypiumTest(abilityDelegatorRegistry.getAbilityDelegator(), abilityDelegatorRegistry.getArguments(), testsuite);
}

if (require.main === module) {
  const request = JSON.parse(process.env.JSVM_HYPIUM_RUN || 'null') as RunRequest | null;
  if (!request) {
    process.stderr.write('hypium-runner: run it through hvigorw onDeviceTest / hvigorw test\n');
    process.exit(2);
  }
  run(request);
}
