// Loads the test addon (build/Release/jsvm_test.node) that drives the JSVM-API
// from C++ and reports what it observed. The specs hold the assertions.
import assert from 'assert';
import { spawnSync } from 'child_process';
import path from 'path';

export const root = path.resolve(__dirname, '..', '..');
export const buildDir = path.join(path.resolve(root, process.env.JSVM_BUILD_DIR || 'build'), 'Release');
export const addonPath = path.join(buildDir, 'jsvm_test.node');
export const libjsvmPath = path.join(buildDir, 'libjsvm.so');

/**
 * What a child process given an environment of its own needs to load the
 * sanitized build under `npm run test:asan` (nothing otherwise).
 */
export function sanitizerEnv(): Record<string, string> {
  const preload = process.env.JSVM_ASAN_PRELOAD;
  if (!preload) return {};
  const keep: Record<string, string> = { LD_PRELOAD: preload, JSVM_ASAN_PRELOAD: preload };
  for (const name of ['ASAN_OPTIONS', 'UBSAN_OPTIONS']) {
    const value = process.env[name];
    if (value !== undefined) keep[name] = value;
  }
  return keep;
}

/**
 * For specs whose children crash on purpose to test our crash reports: under
 * npm run test:asan the sanitizers would stop the deliberate crash first
 * (UBSan at a null store, ASan at SIGSEGV and SIGABRT) and end the child with
 * their own report; with these options the signal reaches our handler.
 */
export function sanitizersLeaveSignals(): Record<string, string> {
  if (!process.env.ASAN_OPTIONS) return {};
  return {
    ASAN_OPTIONS: `${process.env.ASAN_OPTIONS}:handle_segv=0:handle_sigbus=0:handle_abort=0`,
    UBSAN_OPTIONS: `${process.env.UBSAN_OPTIONS || ''}:halt_on_error=0`,
  };
}

/** JSVM_Status values, as the interface spec lists them. */
export enum Status {
  OK = 0,
  INVALID_ARG = 1,
  OBJECT_EXPECTED = 2,
  STRING_EXPECTED = 3,
  NAME_EXPECTED = 4,
  FUNCTION_EXPECTED = 5,
  NUMBER_EXPECTED = 6,
  BOOLEAN_EXPECTED = 7,
  ARRAY_EXPECTED = 8,
  GENERIC_FAILURE = 9,
  PENDING_EXCEPTION = 10,
  CANCELLED = 11,
  ESCAPE_CALLED_TWICE = 12,
  HANDLE_SCOPE_MISMATCH = 13,
}

/** JSVM_ValueType values. */
export enum ValueType {
  UNDEFINED = 0,
  NULL = 1,
  BOOLEAN = 2,
  NUMBER = 3,
  STRING = 4,
  SYMBOL = 5,
  OBJECT = 6,
  FUNCTION = 7,
  EXTERNAL = 8,
  BIGINT = 9,
}

/** A call's status and the last-error message that explains it. */
export interface Outcome {
  status: Status;
  message: string;
}

/** A scenario's observations: outcomes, strings, numbers, flags. */
export type Report = Record<string, any>;

export interface SnapshotReport extends Report {
  create: Outcome;
  blob?: Buffer;
}

export interface RestoreReport {
  createVM: Outcome;
  createEnv?: Outcome;
  result?: string;
  destroyVM?: Status;
}

export interface TestAddon {
  initResult(): Outcome;
  initAgain(): Outcome;
  vmInfo(): Report;
  lifecycleBadInput(): Record<string, Outcome>;
  envProperties(): Report;
  instanceData(): Report;
  handleScopes(): Report;
  heapLimit(maxOldMb: number, allocateMb: number): Report;
  evalInFreshVm(source: string): string;
  sharedVmCreate(): bigint;
  sharedVmEval(vm: bigint, source: string): string;
  sharedVmDestroy(vm: bigint): number;
  orphanFunction(): Report;
  memory(): Report;

  primitives(): Report;
  strings(): Report;
  typeofAll(): Report;
  coercion(): Report;
  objectsAndFunctions(): Report;

  throwing(): Report;
  errorObjects(): Report;
  callbackExceptions(): Report;
  scripts(): Report;

  makeSnapshot(scripts: string[], withUnregistered?: boolean): SnapshotReport;
  snapshotMisuse(): Record<string, Outcome>;
  createVmFromBlob(blob: Buffer | null): Outcome;
  restore(blob: Buffer, index: number, source: string): RestoreReport;
  restoreAfterCallerFrees(blob: Buffer, source: string): Report;
  desktopExtensions(blob: Buffer): Report;
  restoreMany(blob: Buffer, vms: number, envsPerVm: number, source: string): string[];
  snapshotWithHandles(withExternal?: boolean): Report;

  hilogCases(): Report;
  /** One line logged by native code (level 3..7 = D..F); returns what OH_LOG_Print returned. */
  hilogLog(level: number, domain: number, tag: string, message: string): number;
  /** Ends the process as a native bug would ("segv": a null write; "abort"), after one HiLog line. */
  crashNow(kind: "segv" | "abort"): void;

  /** napi_in_vm.cc: Node-API calls inside VM scopes and JSVM callbacks. */
  napiInsideVMScopes(count: number, nodeGc: () => void, nodeFunction: (x: number) => number): Report;
  jsvmFromNode(x: number): number;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const addon: TestAddon = require(addonPath);

/** Asserts a call's status and, when given, what its last-error message says. */
export function expectOutcome(outcome: Outcome, status: Status, message?: RegExp): void {
  assert.ok(outcome, 'the scenario did not report this call');
  assert.strictEqual(outcome.status, status, `status ${outcome.status} (${outcome.message})`);
  if (message) assert.match(outcome.message, message);
}

/** What a scenario run in a child process left: its exit, its output and, if it exited 0, its report. */
export interface ChildRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  report?: Report;
}

/**
 * Runs `call` (e.g. `sizeLimits()`) on the addon in a fresh node process, so
 * that an abort or a crash fails the spec instead of ending mocha. `env` adds
 * to its environment (e.g. JSVM_TEST_INIT_ARG, one more flag for OH_JSVM_Init);
 * `timeout` (ms) kills a child that hangs (its status is then null).
 */
export function runInChild(call: string, options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): ChildRun {
  const source = `const r = require(${JSON.stringify(addonPath)}).${call}; process.stdout.write(JSON.stringify(r));`;
  const child = spawnSync(process.execPath, ['-e', source], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    timeout: options.timeout,
  });
  return {
    status: child.status,
    signal: child.signal,
    stderr: child.stderr,
    report: child.status === 0 ? JSON.parse(child.stdout) : undefined,
  };
}

/** The report of a child run, or a failure saying how the child died. */
export function childReport(run: ChildRun): Report {
  assert.ok(run.report, `the child died (status ${run.status}, signal ${run.signal}):\n${run.stderr.slice(-4000)}`);
  return run.report;
}
