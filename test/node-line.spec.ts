import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { checkNodeLine } from '../ets/loader';

// scripts/build.js records the Node line a build is for; ets/loader.ts refuses
// to load a module into another line (its V8 C++ ABI differs).
describe('the Node line a build is for', () => {
  const root = path.resolve(__dirname, '..');

  it('build/Release/node-line.json names the running node, and loading checks it', () => {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, 'build', 'Release', 'node-line.json'), 'utf8'));
    assert.deepStrictEqual(stamp, { node: process.version, v8: process.versions.v8, modules: process.versions.modules });
    assert.doesNotThrow(() => checkNodeLine(root));
  });

  it("another line's build is refused with the command that fixes it", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-line-'));
    try {
      fs.mkdirSync(path.join(other, 'build', 'Release'), { recursive: true });
      fs.writeFileSync(path.join(other, 'build', 'Release', 'node-line.json'),
        JSON.stringify({ node: 'v0.0.1', v8: '1.0', modules: '1' }));
      assert.throws(() => checkNodeLine(other),
        /built for Node v0\.0\.1 \(V8 1\.0\); this is Node v\d+.*run npm install \(or npm rebuild\) with this node/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
