// The per-user key (README "Trust model"): where it is made, with which
// permissions, and what happens to blobs across processes, users and broken
// key files. Each case runs node children with their own HOME / XDG / key file.
import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addonPath, Status, sanitizerEnv } from './helpers/addon';

interface ChildResult {
  made?: { status: number; message: string };
  sameProcess?: string;
  restore?: { status: number; message: string; result?: string };
}

/**
 * A child process with exactly `env` (plus PATH): with `make`, snapshots
 * `answer = 42` into `file` and restores it in the same process; else
 * restores `file`.
 */
function child(env: Record<string, string>, file: string, make: boolean): ChildResult {
  const run = spawnSync(process.execPath, ['-e', `
    const addon = require(${JSON.stringify(addonPath)});
    const fs = require('fs');
    const out = {};
    if (${make}) {
      const r = addon.makeSnapshot(["globalThis.answer = 42; 'ready'"]);
      out.made = r.create;
      if (r.blob) {
        fs.writeFileSync(${JSON.stringify(file)}, r.blob);
        out.sameProcess = addon.restore(r.blob, 0, 'answer + "," + hello()').result;
      }
    } else {
      const r = addon.restore(fs.readFileSync(${JSON.stringify(file)}), 0, 'answer + "," + hello()');
      out.restore = { ...r.createVM, result: r.result };
    }
    console.log(JSON.stringify(out));`], {
    env: { PATH: process.env.PATH ?? '', ...sanitizerEnv(), ...env },
    encoding: 'utf8',
  });
  assert.strictEqual(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the snapshot key', () => {
  let dir: string;
  let blobFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-key-'));
    blobFile = path.join(dir, 'blob.bin');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const restored = (r: ChildResult) => {
    assert.strictEqual(r.restore!.status, Status.OK, r.restore!.message);
    assert.strictEqual(r.restore!.result, '42,Hello world!');
  };
  const refused = (r: ChildResult, reason: RegExp) => {
    assert.strictEqual(r.restore!.status, Status.INVALID_ARG);
    assert.match(r.restore!.message, reason);
  };

  it('is made on first use in $HOME/.config/jsvm-desktop (file 0600, directory 0700); blobs restore in any process of that user', () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const made = child({ HOME: home }, blobFile, true);
    assert.strictEqual(made.made!.status, Status.OK);
    assert.strictEqual(made.sameProcess, '42,Hello world!');
    const key = path.join(home, '.config', 'jsvm-desktop', 'snapshot.key');
    assert.strictEqual(fs.statSync(key).size, 32);
    assert.strictEqual(modeOf(key), 0o600);
    assert.strictEqual(modeOf(path.dirname(key)), 0o700);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(key)), ['snapshot.key'], 'no temporary file left behind');
    restored(child({ HOME: home }, blobFile, false));
  });

  it('another user (another key) is refused; copying the key file over makes the blob restore', () => {
    const home = path.join(dir, 'home');
    const other = path.join(dir, 'other');
    fs.mkdirSync(home);
    fs.mkdirSync(other);
    child({ HOME: home }, blobFile, true);
    refused(
      child({ HOME: other }, blobFile, false),
      /made with another key \(another user or machine\): its header's authentication tag does not match$/,
    );
    const from = path.join(home, '.config', 'jsvm-desktop', 'snapshot.key');
    const to = path.join(other, '.config', 'jsvm-desktop', 'snapshot.key');
    fs.copyFileSync(from, to);
    restored(child({ HOME: other }, blobFile, false));
  });

  it('XDG_CONFIG_HOME (absolute) takes the place of ~/.config', () => {
    const xdg = path.join(dir, 'xdg');
    child({ HOME: path.join(dir, 'home'), XDG_CONFIG_HOME: xdg }, blobFile, true);
    assert.strictEqual(fs.statSync(path.join(xdg, 'jsvm-desktop', 'snapshot.key')).size, 32);
    assert.ok(!fs.existsSync(path.join(dir, 'home')));
    restored(child({ XDG_CONFIG_HOME: xdg }, blobFile, false));
  });

  it('JSVM_SNAPSHOT_KEY_FILE names the key file, made there (and its directories) if missing', () => {
    const key = path.join(dir, 'a', 'b', 'my.key');
    child({ JSVM_SNAPSHOT_KEY_FILE: key }, blobFile, true);
    assert.strictEqual(fs.statSync(key).size, 32);
    assert.strictEqual(modeOf(key), 0o600);
    assert.strictEqual(modeOf(path.dirname(key)), 0o700);
    restored(child({ JSVM_SNAPSHOT_KEY_FILE: key, HOME: path.join(dir, 'elsewhere') }, blobFile, false));
  });

  const unusable: Array<[string, string, (key: string) => void, RegExp]> = [
    ['readable by others', 'snapshot.key', (key) => fs.writeFileSync(key, Buffer.alloc(32, 1), { mode: 0o644 }), /can be used by other users \(chmod 600 it\)/],
    ['of the wrong size', 'snapshot.key', (key) => fs.writeFileSync(key, Buffer.alloc(16, 1), { mode: 0o600 }), /holds 16 bytes, not 32/],
    ['that is a directory', 'snapshot.key', (key) => fs.mkdirSync(key), /is not a regular file/],
    ['under a regular file', 'file/snapshot.key', (key) => fs.writeFileSync(path.dirname(key), ''), /cannot open the key file .*Not a directory/],
  ];
  for (const [what, relative, prepare, problem] of unusable) {
    it(`a key file ${what}: blobs still work within the process; others' are refused, saying why`, () => {
      const key = path.join(dir, relative);
      prepare(key);
      const env = { JSVM_SNAPSHOT_KEY_FILE: key };
      const made = child(env, blobFile, true);
      assert.strictEqual(made.made!.status, Status.OK, made.made!.message);
      assert.strictEqual(made.sameProcess, '42,Hello world!');
      const r = child(env, blobFile, false);
      refused(r, /its header's authentication tag does not match\. This process has no key file \(/);
      refused(r, problem);
      refused(r, /uses a key of its own and accepts only blobs it made itself/);
    });
  }
});
