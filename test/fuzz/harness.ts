// Runs the blob fuzzer (child.ts) in a child process, so that a crash or a
// hang is a finding to report rather than the end of the run that looks for it.
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';

import { addonPath, buildDir } from '../helpers/addon';
import type { Summary } from './child';

/** Makes the blobs the fuzzer starts from, each in its own process; returns their files (genuine first). */
export function prepareBlobs(dir: string): string[] {
  const make = (name: string, addon: string, env: Record<string, string> = {}) => {
    const file = path.join(dir, name);
    const run = spawnSync(process.execPath, ['-e', `
      const r = require(${JSON.stringify(addon)}).makeSnapshot(["globalThis.answer = 42; 'ready'"]);
      if (!r.blob) throw new Error(JSON.stringify(r.create));
      require('fs').writeFileSync(${JSON.stringify(file)}, r.blob);`], { env: { ...process.env, ...env }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`making ${name} failed: ${run.stderr}`);
    return file;
  };
  // The same addon under another name: every user reference names another library.
  const lib = path.join(dir, 'lib');
  fs.mkdirSync(lib);
  const renamed = path.join(lib, 'jsvm_renamed.node');
  fs.copyFileSync(addonPath, renamed);
  for (const dependency of ['libjsvm.so', 'libhilog_ndk.z.so']) fs.symlinkSync(path.join(buildDir, dependency), path.join(lib, dependency));
  return [
    make('genuine.bin', addonPath),
    make('swapped.bin', addonPath, { JSVM_TEST_SWAP_REFERENCES: '1' }),
    make('renamed.bin', renamed),
  ];
}

export interface FuzzRun {
  summary?: Summary;
  /** Set when the child did not finish: how it ended and the case it was on. */
  failure?: string;
}

export function runFuzz(seed: number, count: number, files: string[], timeoutMs: number): FuzzRun {
  const child = path.join(__dirname, 'child.ts');
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', child, String(seed), String(count), ...files], {
    cwd: path.resolve(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 30,
  });
  const lines = (run.stdout ?? '').trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (run.status === 0 && last.startsWith('= ')) return { summary: JSON.parse(last.slice(2)) };
  const current = [...lines].reverse().find((line) => line.startsWith('> ')) ?? '(before the first case)';
  const how = run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
    ? `hung: killed after ${timeoutMs} ms`
    : `died (status ${run.status}, signal ${run.signal})`;
  return { failure: `seed ${seed}: the child ${how} at case ${current.slice(2)}\n${(run.stderr ?? '').slice(-2000)}` };
}

/** "truncate 190/0/190, …": tried/accepted/refused per mutation kind (and "=n" blobs that came out genuine). */
export function describe(summary: Summary): string {
  return Object.entries(summary.kinds)
    .map(([kind, c]) => `${kind} ${c.tried}/${c.accepted}/${c.refused}${c.unchanged ? `=${c.unchanged}` : ''}`)
    .join(', ');
}
