// The benchmark harness itself, in one round with tiny inputs (`--smoke`): it
// must run every case of the benchmark issue and write the JSON it promises.
// The figures of a smoke run mean nothing and are not checked.
import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { root } from './helpers/addon';

const expectedCases = [
  'snapshot_vs_init_typescript',
  'snapshot_vs_init_typescript_warm',
  'restore_vs_raw_v8',
  'snapshot_vs_init_small',
  'snapshot_vs_init_data',
  'snapshot_vs_codecache_typescript',
  'codecache_vs_compile_typescript',
  'jsvm_vs_napi_int32',
  'jsvm_vs_napi_string_short',
  'jsvm_vs_napi_string_1kb',
  'jsvm_vs_napi_property',
  'jsvm_vs_napi_call_js',
  'jsvm_vs_napi_js_calls_native',
  'vm_env_vs_raw_v8',
  'env_vs_raw_context',
  'blob_validation_share',
  'snapshot_vs_node_vm_typescript',
  'wasm_compile_cached',
  'wasm_compile_cached_16',
  'wasm_cache_vs_optimise',
];

interface BenchCase {
  name: string;
  unit: string;
  a: number | null;
  b: number | null;
  ratio: number | null;
  goal: string | null;
  status: string;
  a_label?: string;
  b_label?: string;
  note?: string;
  blob_bytes?: number;
  cache_bytes?: number;
}

describe('npm run bench (smoke: one round, tiny inputs)', function () {
  this.timeout(120000);
  let stdout = '';
  let results: { machine: Record<string, unknown>; cases: BenchCase[] };
  let dir = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-bench-'));
    const out = path.join(dir, 'results.json');
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '-r', 'ts-node/register/transpile-only', 'bench/run.ts', '--smoke', '--out', out],
      { cwd: root, encoding: 'utf8' },
    );
    assert.strictEqual(run.status, 0, run.stderr);
    stdout = run.stdout;
    results = JSON.parse(fs.readFileSync(out, 'utf8'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the table', () => {
    assert.match(stdout, /^case\s+a \(median\)\s+b \(median\)\s+unit\s+ratio a\/b\s+goal\s+status/m);
    for (const name of expectedCases) assert.match(stdout, new RegExp(`^${name}\\s`, 'm'), name);
  });

  it('writes every case of the issue, with the fields it names', () => {
    const names = results.cases.map((c) => c.name);
    for (const name of expectedCases) assert.ok(names.includes(name), `${name} is missing`);
    for (const c of results.cases) {
      for (const key of ['name', 'unit', 'a', 'b', 'ratio', 'goal']) assert.ok(key in c, `${c.name}.${key}`);
    }
  });

  it('measured cases carry numbers, labels and a status that follows from ratio and goal', () => {
    for (const c of results.cases.filter((x) => x.status !== 'skipped')) {
      assert.notStrictEqual(c.status, 'failed', `${c.name}: ${c.note}`);
      assert.ok(c.a! > 0 && c.b! > 0, c.name);
      assert.ok(Math.abs(c.ratio! - c.a! / c.b!) / c.ratio! < 1e-9, `${c.name}: one round, so ratio = a / b`);
      assert.ok(c.a_label && c.b_label, c.name);
      if (c.goal === null) {
        assert.strictEqual(c.status, 'reported', c.name);
      } else {
        const [op, bound] = c.goal.split(' ');
        const met = op === '>=' ? c.ratio! >= Number(bound) : c.ratio! <= Number(bound);
        assert.strictEqual(c.status, met ? 'met' : 'missed', c.name);
      }
    }
  });

  it('the code-cache cases run and report the cache size', () => {
    for (const name of ['snapshot_vs_codecache_typescript', 'codecache_vs_compile_typescript']) {
      const c = results.cases.find((x) => x.name === name)!;
      assert.notStrictEqual(c.status, 'skipped', name);
      assert.notStrictEqual(c.status, 'failed', `${name}: ${c.note}`);
      assert.ok(c.cache_bytes! > 12, name);
    }
  });

  it('reports blob sizes and the machine', () => {
    const c = results.cases.find((x) => x.name === 'snapshot_vs_init_typescript')!;
    assert.ok(c.blob_bytes! > 96, 'a blob is at least its header');
    for (const key of ['cpu', 'cores', 'memory_gib', 'os', 'node', 'v8']) assert.ok(key in results.machine, key);
    assert.strictEqual(results.machine.mode, 'smoke');
  });
});
