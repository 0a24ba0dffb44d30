// A mocha root-hook plugin (`--require <jsvm-desktop>/ets/mocha-hilog`, in this
// repo's .mocharc.json): HiLog lines are kept per test instead of interleaving
// with the reporter's output, and a failing test's report ends with the lines
// it logged. JSVM_HILOG=stderr prints them live instead (nothing kept);
// JSVM_HILOG=quiet drops them.
import { flushHilog, hilogMode, hilogSink, setHilogStderr } from './hilog';

const mode = hilogMode;

const MAX_LINES = 200;  // the last ones, when a test logs more

let kept: string[] = [];
let unsubscribe: (() => void) | null = null;

interface HookContext {
  currentTest?: { state?: string; err?: Error & { hilogAttached?: boolean } };
}

export const mochaHooks = {
  beforeAll(): void {
    if (mode() === 'stderr') return;
    setHilogStderr(false);
    unsubscribe = hilogSink.subscribe((line) => {
      kept.push(line);
      if (kept.length > MAX_LINES) kept.shift();
    });
  },
  beforeEach(): void {
    if (unsubscribe === null) return;
    flushHilog();  // what earlier hooks logged does not belong to this test
    kept = [];
    setHilogStderr(false);  // a spec may have turned printing back on
  },
  afterEach(this: HookContext): void {
    if (unsubscribe === null) return;
    flushHilog();
    const test = this.currentTest;
    if (mode() === 'buffer' && test?.state === 'failed' && test.err && !test.err.hilogAttached && kept.length > 0) {
      test.err.message += `\n\nHiLog lines logged during this test (${kept.length}${kept.length === MAX_LINES ? ', the last ones' : ''}):\n` +
        kept.map((line) => `  ${line}`).join('\n');
      test.err.hilogAttached = true;
    }
    kept = [];
  },
  afterAll(): void {
    if (unsubscribe === null) return;
    unsubscribe();
    unsubscribe = null;
    setHilogStderr(mode() !== 'quiet');
  },
};
