// npm run fuzz [-- SEED [COUNT]]: the blob fuzzer of test/fuzz.spec.ts, longer
// (100,000 blobs by default, a few minutes). Prints the seed; pass it back to
// reproduce a run. Exits non-zero on any finding.
import fs from 'fs';
import os from 'os';
import path from 'path';

import { describe, prepareBlobs, runFuzz } from './harness';

const seed = process.argv[2] !== undefined ? Number(process.argv[2]) >>> 0 : Date.now() % 2 ** 31;
const count = Number(process.argv[3] ?? 100000);
console.log(`fuzz: seed ${seed}, ${count} blobs (reproduce with: npm run fuzz -- ${seed} ${count})`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-fuzz-'));
try {
  const started = Date.now();
  const run = runFuzz(seed, count, prepareBlobs(dir), Math.max(600000, count * 20));
  if (!run.summary) {
    console.error(run.failure);
    process.exitCode = 1;
  } else {
    const s = run.summary;
    const unexpected = Object.entries(s.kinds).filter(([kind, c]) => kind !== 'genuine' && c.accepted !== c.unchanged);
    const genuineRefused = s.kinds.genuine.refused;
    console.log(`kind tried/accepted/refused: ${describe(s)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    console.log(`crashes 0, hangs 0, wrong callbacks ${s.wrongCallbacks.length}, bad refusals ${s.badRefusals.length}, ` +
      `mutants accepted ${unexpected.length}, genuine refused ${genuineRefused}`);
    for (const line of [...s.wrongCallbacks, ...s.badRefusals].slice(0, 20)) console.log(`  ${line}`);
    if (s.wrongCallbacks.length || s.badRefusals.length || unexpected.length || genuineRefused) process.exitCode = 1;
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
