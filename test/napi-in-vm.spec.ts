import assert from 'assert';
import { execFileSync } from 'child_process';

import { addon, addonPath } from './helpers/addon';

// Device code makes Node-API calls while a JSVM VM scope is open and from
// inside JSVM callbacks; libace_napi.z.so's wrappers run them in Node's
// isolate. Without that step the scenario corrupts Node's heap (measured: it
// aborts under --stress-incremental-marking).
const scenario = `
  const addon = require(${JSON.stringify(addonPath)});
  const nodeGc = globalThis.gc;
  const results = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = addon.napiInsideVMScopes(20000, nodeGc, (x) => addon.jsvmFromNode(x) + 1);
    results.push([r.kept, r.damaged, r.napiFailures, r.callbackLoop, r.throughNode, r.first, r.last]);
  }
  console.log(JSON.stringify(results));`;

function expectIntact(results: any[]): void {
  for (const [kept, damaged, failures, loop, throughNode, first, last] of results) {
    assert.strictEqual(kept, 40000, 'objects made: 20,000 from native code + 20,000 from a JSVM callback');
    assert.strictEqual(damaged, 0, 'every object reads back as made');
    assert.strictEqual(failures, 0, 'every Node-API call returned napi_ok');
    assert.strictEqual(loop, 'done');
    // sum over i < 200 of (2i + 1): JSVM -> Node-API -> Node -> JSVM (x * 2) -> Node (+ 1)
    assert.strictEqual(throughNode, '40000');
    assert.deepStrictEqual(first, { i: 0, s: 'v0', list: [0, 1] });
    assert.deepStrictEqual(last, { i: 39999, s: 'v39999', list: [39999, 40000] });
  }
}

describe('Node-API inside VM scopes', function () {
  this.timeout(300000);

  it('40,000 Node objects made inside a VM scope and JSVM callbacks survive both heaps\' GCs intact', () => {
    const gc = (globalThis as any).gc || (() => Array.from({ length: 200000 }, (_, i) => ({ i })));
    const r = addon.napiInsideVMScopes(20000, gc, (x: number) => addon.jsvmFromNode(x) + 1);
    expectIntact([[r.kept, r.damaged, r.napiFailures, r.callbackLoop, r.throughNode, r.first, r.last]]);
  });

  it('the same, three rounds, under --stress-incremental-marking with Node\'s gc()', () => {
    const out = execFileSync(process.execPath,
      ['--stress-incremental-marking', '--expose-gc', '-e', scenario.replace('ROUNDS', '3')], { encoding: 'utf8' });
    expectIntact(JSON.parse(out));
  });
});

describe('the Node-API wrappers', () => {
  it('rename every function of this node\'s Node-API headers, and libace_napi.z.so wraps each (scripts/gen-napi-wrappers.js)', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    const { buildDir } = require('./helpers/addon') as typeof import('./helpers/addon');
    const root = path.resolve(__dirname, '..');
    const out = JSON.parse(execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-napi-wrappers.js'), '--stdout'],
      { encoding: 'utf8' })) as { names: string[] };
    assert.ok(out.names.includes('napi_create_object') && out.names.length > 100, `${out.names.length} names`);
    const renames = fs.readFileSync(path.join(root, 'cpp/include/napi/jsvm_desktop_napi_renames.h'), 'utf8');
    const missing = out.names.filter((name) => !renames.includes(`#define ${name} jsvm_desktop_${name}\n`));
    assert.deepStrictEqual(missing, [], 'the renames miss this line\'s functions: run node scripts/gen-napi-wrappers.js ' +
      '--renames --include <headers of every supported line>');
    const exported = new Set(execFileSync('nm', ['-D', '--defined-only', path.join(buildDir, 'libace_napi.z.so')],
      { encoding: 'utf8' }).split('\n').map((line) => line.trim().split(/\s+/).pop()));
    assert.deepStrictEqual(out.names.filter((name) => !exported.has(`jsvm_desktop_${name}`)), []);
  });
});
