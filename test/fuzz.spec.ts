// Mutated snapshot blobs, thousands of them, in a child process (see
// test/fuzz/): no crash, no hang, no blob accepted that runs the wrong native
// callback, every refusal JSVM_INVALID_ARG with a reason. `npm run fuzz` runs
// the same harness longer.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { describe as describeRun, prepareBlobs, runFuzz } from './fuzz/harness';

describe('blob fuzzing (child process)', () => {
  let dir: string;
  let files: string[];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-fuzz-'));
    files = prepareBlobs(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('5,000 mutated blobs: 0 crashes, 0 hangs, 0 wrong callbacks, every refusal INVALID_ARG with a reason', function () {
    this.timeout(120000);
    const seed = Number(process.env.JSVM_FUZZ_SEED ?? Date.now() % 2 ** 31);
    const run = runFuzz(seed, 5000, files, 90000);
    assert.ok(run.summary, run.failure);
    const s = run.summary!;
    console.log(`      fuzz seed ${seed}: kind tried/accepted/refused: ${describeRun(s)}`);
    assert.deepStrictEqual(s.wrongCallbacks, []);
    assert.deepStrictEqual(s.badRefusals, []);
    const tried = Object.values(s.kinds).reduce((n, c) => n + c.tried, 0);
    assert.strictEqual(tried, 5000);
    for (const [kind, c] of Object.entries(s.kinds)) {
      assert.ok(c.tried > 0, `${kind} was tried`);
      if (kind === 'genuine') assert.strictEqual(c.accepted, c.tried, 'genuine blobs restore');
      else assert.strictEqual(c.accepted, c.unchanged, `no ${kind} blob is accepted unless it is a genuine one`);
    }
  });
});
