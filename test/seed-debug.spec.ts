// The README's "Debugging the seed's restored env" steps, done by a CDP client
// instead of a person: `npm start` (scripts/start.js) with JSVM_INSPECT and
// JSVM_INSPECT_BRK, unmodified seed code. Each env the seed creates waits for
// a debugger; the second is the env restored from the snapshot.
import assert from 'assert';
import { spawn } from 'child_process';
import path from 'path';

import { InspectorSession, InspectorTarget, listInspectors } from '../ets';
import { root } from './helpers/addon';

async function nextTarget(pid: number | null, seen: Set<string>, timeoutMs = 20_000): Promise<InspectorTarget> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = listInspectors(pid === null ? {} : { pid }).find((t) => !seen.has(t.id) && t.title.startsWith('jsvm-desktop['));
    if (found && (pid !== null || found.pid !== process.pid)) return found;
    if (Date.now() > deadline) throw new Error('the seed opened no (further) inspector');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Releases a waiting env, checks where it paused, evaluates there, resumes.
async function debugOnce(target: InspectorTarget, expression: string) {
  const session = await InspectorSession.connect(target);
  try {
    await session.send('Debugger.enable');
    const paused = session.once('Debugger.paused');
    await session.send('Runtime.runIfWaitingForDebugger');
    const { callFrames } = await paused;
    const { scriptSource } = await session.send('Debugger.getScriptSource', { scriptId: callFrames[0].location.scriptId });
    const { result } = await session.send('Debugger.evaluateOnCallFrame', { callFrameId: callFrames[0].callFrameId, expression });
    await session.send('Debugger.resume');
    return { scriptSource, value: result.value };
  } finally {
    await session.close();
  }
}

describe('debugging the seed app unmodified (JSVM_INSPECT + JSVM_INSPECT_BRK, npm start)', function () {
  this.timeout(90_000);

  it('pauses each env on its first statement, evaluates there, and the demo still passes', async () => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
      cwd: root,
      env: { ...process.env, JSVM_INSPECT: '0', JSVM_INSPECT_BRK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const seen = new Set<string>();
      // start.js re-runs itself inside the sandbox: the env's process is its child.
      const first = await nextTarget(null, seen);
      seen.add(first.id);
      const demoPid = first.pid;
      assert.notStrictEqual(demoPid, process.pid);
      const one = await debugOnce(first, 'typeof adjustExternalMemory');
      assert.deepStrictEqual(one, { scriptSource: 'adjustExternalMemory();', value: 'function' });

      const restored = await nextTarget(demoPid, seen);
      const two = await debugOnce(restored, 'typeof createHelloString');
      assert.deepStrictEqual(two, { scriptSource: 'createHelloString()', value: 'function' },
                             'the env restored from the snapshot, with its native function');

      assert.strictEqual(await exited, 0, output);
      assert.match(output, /createHelloString\(\) = Hello world!/);
      assert.match(output, /demo passed/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
