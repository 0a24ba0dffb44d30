// Runs a DevEco module's Hypium suites on the desktop (hvigorw onDeviceTest /
// test start it: node -r ets/register.js ets/hypium-runner.ts, in the project
// directory, with the app sandbox preloaded). The real @ohos/hypium runs the
// suites; the desktop AbilityDelegator receives its report protocol
// (OHOS_REPORT_* blocks, as `aa test` prints them on a device), and this file
// turns that into a line per test, Hypium's totals line and "N passed, F failed".
import fs from 'fs';
import path from 'path';

import { hypiumErrors, install as installArkts } from './arkts';
import { flushHilog } from './hilog';
import { install as installLoader } from './loader';
import { AbilityDelegatorArgs, abilityDelegatorRegistry, setupDesktopDelegator } from './ohos/delegator';

export interface RunRequest {
  /** The List.test.ets whose default export registers the suites. */
  list: string;
  bundleName: string;
  /** Hypium's parameters (class, notClass, itName, level, size, testType, timeout, dryRun, ...). */
  parameters: Record<string, string>;
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
  if (code && code[1] !== '1') {
    const test = value(text, 'test') ?? '?';
    const name = `${value(text, 'class') ?? '?'}#${test}`;
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
    outcome.totals = totals[1];
    outcome.failed = Number(totals[3]) + Number(totals[4]);
    outcome.passed = Number(totals[5]);
  }
  const breakOnError = /^OHOS_REPORT_RESULT: (breakOnError .*)$/m.exec(text);
  if (breakOnError) out(breakOnError[1]);
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
  installLoader();
  installArkts();
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
