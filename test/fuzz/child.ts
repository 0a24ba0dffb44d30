// The fuzzer's child process: tries every mutated blob with OH_JSVM_CreateVM
// and, when one is accepted, restores env 0 and calls its hello() and add().
// Before each case it writes "> index kind" to stdout (synchronously), so that
// if the process dies the parent knows which case killed it; at the end it
// writes "= " and a JSON summary.
//
//   node -r ts-node/register/transpile-only test/fuzz/child.ts SEED COUNT BLOB...
// The first blob file is made in a process like this one (genuine); the others
// come from processes with other reference tables (foreign).
import fs from 'fs';

import { addon, Status } from '../helpers/addon';
import { mutations, rng } from './mutations';

export interface KindCount {
  tried: number;
  accepted: number;
  refused: number;
  /** Mutations that gave back a genuine blob byte for byte (a splice at the same offset): accepting them is right. */
  unchanged: number;
}

export interface Summary {
  seed: number;
  count: number;
  kinds: Record<string, KindCount>;
  /** Accepted, but hello() did not run hello (or add did not add). */
  wrongCallbacks: string[];
  /** Refused other than with JSVM_INVALID_ARG and a reason. */
  badRefusals: string[];
}

function main(): void {
  const [seedArg, countArg, ...files] = process.argv.slice(2);
  const seed = Number(seedArg) >>> 0;
  const count = Number(countArg);
  const random = rng(seed);
  const made = addon.makeSnapshot(["globalThis.answer = 42; 'ready'"]);
  const other = addon.makeSnapshot(["globalThis.answer = 42; globalThis.more = [1, 2, 3]; 'ready'"]);
  const blobs = { genuine: [made.blob!, other.blob!, fs.readFileSync(files[0])], foreign: files.slice(1).map((f) => fs.readFileSync(f)) };
  const kinds = mutations();
  const names = Object.keys(kinds);
  const summary: Summary = { seed, count, kinds: {}, wrongCallbacks: [], badRefusals: [] };
  for (const name of names) summary.kinds[name] = { tried: 0, accepted: 0, refused: 0, unchanged: 0 };

  for (let i = 0; i < count; i++) {
    // Genuine blobs are rarer: each one costs a whole restore.
    const kind = random() < 0.02 ? 'genuine' : names[Math.floor(random() * (names.length - 1))];
    fs.writeSync(1, `> ${i} ${kind}\n`);
    const bytes = kinds[kind](blobs, random);
    const tally = summary.kinds[kind];
    tally.tried++;
    if (kind !== 'genuine' && blobs.genuine.some((blob) => blob.equals(bytes))) tally.unchanged++;
    const r = addon.restore(bytes, 0, "hello() + '|' + add(2, 3)");
    if (r.createVM.status === Status.OK) {
      tally.accepted++;
      if (r.result !== 'Hello world!|5') summary.wrongCallbacks.push(`#${i} ${kind}: ${r.result ?? JSON.stringify(r.createEnv)}`);
    } else {
      tally.refused++;
      if (r.createVM.status !== Status.INVALID_ARG || !/^invalid snapshot blob: ./.test(r.createVM.message)) {
        summary.badRefusals.push(`#${i} ${kind}: ${Status[r.createVM.status]} ${JSON.stringify(r.createVM.message)}`);
      }
    }
  }
  fs.writeSync(1, `= ${JSON.stringify(summary)}\n`);
}

main();
