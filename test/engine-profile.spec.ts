import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addonPath, root, sanitizerEnv, Status } from './helpers/addon';

// The device engine profile (cpp/jsvm/vm/engine_profile.h): OH_JSVM_Init's
// --jsvm-profile=NAME or JSVM_PROFILE=NAME makes the JS features of every env
// match the device's V8 as far as this Node line's V8 allows. Each case runs in
// a child process: the profile is chosen once per process, at Init.

// eslint-disable-next-line @typescript-eslint/no-var-requires
const features = require('../scripts/js-features.js');

type State = 'yes' | 'partial' | 'no';
type States = Record<string, State>;
interface Feature { id: string; name: string; shipped: string }
interface Profile { name: string; v8: string }

const line = process.versions.node.split('.')[0];
const lineV8 = process.versions.v8.split('.').slice(0, 2).join('.');

// What the profiles turn on by flag on each line (the flags' features this
// V8 has, engine_profile.cc's table): any other feature newer than the line's
// V8 stays off. On V8 12.4 the explicit-resource-management flag gives the
// `using` syntax but no DisposableStack / SuppressedError yet.
const BY_FLAG: Record<string, Record<string, State>> = {
  20: { 'arraybuffer-transfer': 'yes', 'json-parse-with-source': 'yes', 'iterator-helpers': 'yes',
    'intl-duration-format': 'yes' },
  22: { 'regexp-modifiers': 'yes', 'regexp-duplicate-named-groups': 'yes', 'intl-duration-format': 'yes',
    'explicit-resource-management': 'partial', 'float16array': 'yes' },
  24: { 'uint8array-base64': 'yes' },
};

interface ChildResult {
  init: { status: number; message: string; argv: string[] };
  fresh?: string;
  restored?: string;
  restoredNew?: string;
  symbolDispose?: string;
}

/** Loads the test addon in a child with `env` and probes an env (and, given a blob file, restored ones). */
function child(env: Record<string, string>, blobIn?: string, blobOut?: string): ChildResult {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.JSVM_PROFILE;
  delete base.JSVM_TEST_INIT_ARG;
  delete base.JSVM_TEST_REMOVE_FLAGS;
  const code = `
    const fs = require('fs');
    const addon = require(${JSON.stringify(addonPath)});
    const src = ${JSON.stringify(features.probeSource())};
    const out = { init: addon.initResult() };
    if (out.init.status === 0) {
      out.fresh = addon.evalInFreshVm(src);
      out.symbolDispose = addon.evalInFreshVm('typeof Symbol.dispose');
      if (${JSON.stringify(blobOut ?? '')}) {
        const made = addon.makeSnapshot(['globalThis.made = 1']);
        fs.writeFileSync(${JSON.stringify(blobOut ?? '')}, made.blob);
      }
      if (${JSON.stringify(blobIn ?? '')}) {
        const blob = fs.readFileSync(${JSON.stringify(blobIn ?? '')});
        out.restored = addon.restore(blob, 0, src).result;
        out.restoredNew = addon.restore(blob, -1, src).result;
      }
    }
    console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['-e', code], {
    env: { ...base, ...sanitizerEnv(), ...env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60000,
  });
  assert.strictEqual(run.status, 0, `child exited ${run.status} (${run.signal}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string);
}

function expected(profile: Profile | null): States {
  const out: States = {};
  for (const f of features.FEATURES as Feature[]) {
    if (profile === null) {
      out[f.id] = features.notAfter(f.shipped, lineV8) ? 'yes' : 'no';
    } else if (!features.notAfter(f.shipped, profile.v8)) {
      out[f.id] = 'no';
    } else if (features.notAfter(f.shipped, lineV8)) {
      out[f.id] = 'yes';
    } else {
      out[f.id] = (BY_FLAG[line] ?? {})[f.id] ?? 'no';
    }
  }
  return out;
}

const profiles = features.PROFILES as Profile[];

describe('device engine profile (--jsvm-profile / JSVM_PROFILE)', function () {
  this.timeout(120000);
  const measured: Record<string, States> = {};
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-profile-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("without a profile an env offers exactly what this line's V8 ships", () => {
    const r = child({}, undefined, path.join(tmp, 'plain.blob'));
    assert.strictEqual(r.init.status, Status.OK, r.init.message);
    measured.node = features.states(r.fresh);
    assert.deepStrictEqual(measured.node, expected(null));
  });

  for (const profile of profiles) {
    it(`--jsvm-profile=${profile.name}: features after V8 ${profile.v8} are gone, the flagged ones the device has are on`,
      () => {
        const r = child({ JSVM_TEST_INIT_ARG: `--jsvm-profile=${profile.name}` });
        assert.strictEqual(r.init.status, Status.OK, r.init.message);
        measured[profile.name] = features.states(r.fresh);
        assert.deepStrictEqual(measured[profile.name], expected(profile));
      });
  }

  it('JSVM_PROFILE gives unmodified code the same envs as the flag; the flag wins over it', () => {
    const byEnv = child({ JSVM_PROFILE: 'api20' });
    assert.strictEqual(byEnv.init.status, Status.OK, byEnv.init.message);
    assert.deepStrictEqual(features.states(byEnv.fresh), expected(profiles[0]));
    const both = child({ JSVM_PROFILE: 'api20', JSVM_TEST_INIT_ARG: '--jsvm-profile=node' });
    assert.strictEqual(both.init.status, Status.OK, both.init.message);
    assert.deepStrictEqual(features.states(both.fresh), expected(null));
  });

  it('envs restored from a snapshot made without the profile, and new envs of its VM, get the profile', () => {
    const blob = path.join(tmp, 'plain.blob');
    assert.ok(fs.existsSync(blob), 'the first case wrote the blob');
    const r = child({ JSVM_PROFILE: 'api20' }, blob);
    assert.strictEqual(r.init.status, Status.OK, r.init.message);
    assert.deepStrictEqual(features.states(r.restored), expected(profiles[0]), 'CreateEnvFromSnapshot');
    assert.deepStrictEqual(features.states(r.restoredNew), expected(profiles[0]), 'CreateEnv in a VM from the blob');
  });

  it("V8's flags next to the profile flag still apply; removeFlags takes ours out of argv with V8's", () => {
    const kept = child({ JSVM_TEST_INIT_ARG: '--jsvm-profile=api20' });
    assert.deepStrictEqual(kept.init.argv, ['jsvm_test', '--stack-size=900', '--expose-gc', '--jsvm-profile=api20']);
    const removed = child({ JSVM_TEST_INIT_ARG: '--jsvm-profile=api20', JSVM_TEST_REMOVE_FLAGS: '1' });
    assert.strictEqual(removed.init.status, Status.OK, removed.init.message);
    assert.deepStrictEqual(removed.init.argv, ['jsvm_test']);
    assert.deepStrictEqual(features.states(removed.fresh), expected(profiles[0]));
    // --expose-gc, given with the profile flag, reached V8.
    assert.ok(kept.fresh);
    const gc = spawnSync(process.execPath, ['-e', `const a = require(${JSON.stringify(addonPath)});
      console.log(a.evalInFreshVm('typeof gc'))`], {
      env: { ...process.env, ...sanitizerEnv(), JSVM_TEST_INIT_ARG: '--jsvm-profile=api20' }, encoding: 'utf8',
    });
    assert.strictEqual(gc.stdout.trim(), 'function', gc.stderr);
  });

  it('an unknown profile name fails OH_JSVM_Init with INVALID_ARG naming the profiles (flag or variable)', () => {
    const byFlag = child({ JSVM_TEST_INIT_ARG: '--jsvm-profile=api99' });
    assert.strictEqual(byFlag.init.status, Status.INVALID_ARG);
    assert.match(byFlag.init.message,
      /unknown engine profile "api99" \(from the flag --jsvm-profile\): the profiles are node, api20 \(V8 13\.2\) and v8-14\.4/);
    const byEnv = child({ JSVM_PROFILE: 'device' });
    assert.strictEqual(byEnv.init.status, Status.INVALID_ARG);
    assert.match(byEnv.init.message, /unknown engine profile "device" \(from the environment variable JSVM_PROFILE\)/);
  });

  it('Symbol.dispose stays where this V8 ships it (a non-configurable property of Symbol): documented', () => {
    const r = child({ JSVM_PROFILE: 'api20' });
    const ships = features.notAfter('13.4', lineV8);
    assert.strictEqual(r.symbolDispose, ships ? 'symbol' : 'undefined');
  });

  it("the README's feature table is this measurement (docs/js-features.json, rendered by scripts/js-features.js)",
    function () {
      if (!['node', ...profiles.map((p) => p.name)].every((name) => measured[name])) this.skip();
      const file = features.MEASURED as string;
      const recorded = features.readMeasured();
      const mine = { node: process.version, v8: process.versions.v8, states: measured };
      if (process.env.JSVM_UPDATE_FEATURES === '1') {
        recorded[line] = mine;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
        const readme = path.join(root, 'README.md');
        fs.writeFileSync(readme, features.withTable(fs.readFileSync(readme, 'utf8'), features.render(recorded)));
      }
      const update = `JSVM_UPDATE_FEATURES=1 npm run spec -- test/engine-profile.spec.ts (with Node ${line})`;
      assert.ok(recorded[line], `docs/js-features.json has no Node ${line} column: run ${update}`);
      assert.deepStrictEqual(recorded[line].states, measured, `the recorded Node ${line} column is stale: run ${update}`);
      const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
      assert.strictEqual(features.withTable(readme, features.render(recorded)), readme,
        'README.md\'s table is not docs/js-features.json rendered: run node scripts/js-features.js --write');
    });
});
