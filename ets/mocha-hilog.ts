// A mocha root-hook plugin (`--require <jsvm-desktop>/ets/mocha-hilog`, in this
// repo's .mocharc.json): HiLog lines are kept per test instead of interleaving
// with the reporter's output, and a failing test's report ends with the lines
// it logged. JSVM_HILOG=stderr prints them live instead (nothing kept);
// JSVM_HILOG=quiet drops them.
import { flushHilog, hilogMode, setHilogStderr, TestHilog } from './hilog';

const mode = hilogMode;

let kept: TestHilog | null = null;

interface HookContext {
  currentTest?: { state?: string; err?: Error & { hilogAttached?: boolean } };
}

export const mochaHooks = {
  beforeAll(): void {
    if (mode() === 'stderr') return;
    setHilogStderr(false);
    kept = new TestHilog();
  },
  beforeEach(): void {
    if (kept === null) return;
    flushHilog();  // what earlier hooks logged does not belong to this test
    kept.clear();
    setHilogStderr(false);  // a spec may have turned printing back on
  },
  afterEach(this: HookContext): void {
    if (kept === null) return;
    flushHilog();
    const test = this.currentTest;
    const report = kept.report();
    if (mode() === 'buffer' && test?.state === 'failed' && test.err && !test.err.hilogAttached && report.length > 0) {
      test.err.message += `\n\n${report.join('\n')}`;
      test.err.hilogAttached = true;
    }
    kept.clear();
  },
  afterAll(): void {
    if (kept === null) return;
    kept.close();
    kept = null;
    setHilogStderr(mode() !== 'quiet');
  },
};
