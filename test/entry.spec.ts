import assert from 'assert';
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

import { addon, childReport, expectOutcome, Outcome, Report, root, runInChild, Status } from './helpers/addon';

interface EntryAddon {
  entryOrder(): Report;
  escapableInVMScope(): Report;
  vmScopeOrder(): Report;
}
const entry = addon as unknown as EntryAddon;

const generator = path.join(root, 'scripts/gen-stale-calls.js');
const generated = path.join(root, 'test/addon/generated_stale_calls.cc');
const header = fs.readFileSync(path.join(root, 'cpp/include/ark_runtime/jsvm.h'), 'utf8');
const pending = new Set<string>(
  JSON.parse(execFileSync(process.execPath, [path.join(root, 'scripts/gen-pending.js'), '--list'], { encoding: 'utf8' }))
    .pending,
);

/** The functions of jsvm.h with a JSVM_Env or JSVM_VM parameter, read independently of the generator. */
const withHandle = [...header.matchAll(/^JSVM_EXTERN JSVM_Status (OH_JSVM_\w+)\((.*)\);$/gm)]
  .filter((m) => /(^|, )(JSVM_Env|JSVM_VM) \w+(,|$)/.test(m[2]))
  .map((m) => m[1]);

interface StaleOutcome extends Outcome {
  name: string;
  touchedArgs: boolean; // wrote into the argument buffer
  wroteThroughHandle: boolean; // wrote into the block a made-up handle points at
}

interface StaleRun {
  report?: Report;
  outcomes: StaleOutcome[];
  crashes: string[];
}

/**
 * Runs the whole table with the handle `mode` names, in child processes: when
 * one crashes, the call it printed last is recorded and the next child goes on
 * after it.
 */
function runStale(mode: string): StaleRun {
  const result: StaleRun = { outcomes: [], crashes: [] };
  let start = 0;
  for (let attempt = 0; attempt <= withHandle.length; attempt++) {
    const run = runInChild(`staleCalls(${JSON.stringify(mode)}, ${start})`);
    const names = new Map<number, string>();
    for (const m of run.stderr.matchAll(/^stale call: (\d+) (\S+)$/gm)) names.set(Number(m[1]), m[2]);
    for (const m of run.stderr.matchAll(/^stale outcome: (\d+) (\d+) ([01]) ([01]) (.*)$/gm)) {
      result.outcomes[Number(m[1])] = {
        name: names.get(Number(m[1]))!, status: Number(m[2]), touchedArgs: m[3] === '1', wroteThroughHandle: m[4] === '1',
        message: m[5],
      };
    }
    if (run.status === 0) {
      result.report = run.report;
      return result;
    }
    const last = Math.max(-1, ...names.keys());
    assert.ok(last >= start, `the child died before its first call: ${run.stderr.slice(-2000)}`);
    result.crashes.push(`${names.get(last)} (${run.signal ?? `status ${run.status}`})`);
    start = last + 1;
  }
  return result;
}

/** What every function of the table must do with the handle; the problems found. */
function problems(run: StaleRun, handleMessage: (isVM: boolean) => RegExp, allowed: Record<string, Status> = {}): string[] {
  const found = run.crashes.map((crash) => `crashed: ${crash}`);
  const vmFunctions = new Set<string>(run.report ? run.report.vmFunctions : []);
  for (const name of withHandle) {
    const outcome = run.outcomes.find((o) => o && o.name === name);
    if (!outcome) {
      if (!run.crashes.some((crash) => crash.startsWith(`${name} `))) found.push(`${name}: no outcome`);
      continue;
    }
    const describe = `${name}: status ${outcome.status} (${outcome.message})`;
    if (name in allowed) {
      if (outcome.status !== allowed[name]) found.push(describe);
      continue;
    }
    if (outcome.touchedArgs) found.push(`${name}: wrote through an argument pointer`);
    if (outcome.wroteThroughHandle) found.push(`${name}: wrote into the memory the made-up handle points at`);
    if (pending.has(name)) {
      if (outcome.status === Status.OK) found.push(describe); // not implemented: any refusal will do
    } else if (outcome.status !== Status.INVALID_ARG || !handleMessage(vmFunctions.has(name)).test(outcome.message)) {
      found.push(describe);
    }
  }
  return found;
}

const unknownHandle = (isVM: boolean) => (isVM ? /^unknown or destroyed vm\b/ : /^unknown or destroyed env\b/);

describe('entry: stale, made-up and NULL handles; the order of the entry checks; scopes', () => {
  it('the generated call table is up to date and covers every function taking an env or a VM', () => {
    const expected = execFileSync(process.execPath, [generator, '--stdout'], { encoding: 'utf8' });
    assert.ok(fs.readFileSync(generated, 'utf8') === expected,
      'test/addon/generated_stale_calls.cc is stale: run node scripts/gen-stale-calls.js');
    const table = [...expected.matchAll(/^ {4}\{"(OH_JSVM_\w+)"/gm)].map((m) => m[1]);
    assert.deepStrictEqual(table, withHandle);
    assert.ok(table.length >= 200, `${table.length} functions`);
  });

  describe('every function refuses a handle that names no live env or VM, and touches nothing', function () {
    this.timeout(60000);
    const modes: Array<[string, string]> = [
      ['destroyed', 'an env and its VM, both destroyed'],
      ['reused', 'an env destroyed before 100 others were created (their VM entered)'],
      ['address', 'the made-up address 0x1000'],
      ['stack', 'an address on the stack'],
      ['heap', 'a pointer into a malloc\'ed block'],
    ];
    for (const [mode, what] of modes) {
      it(`${what}: JSVM_INVALID_ARG "unknown or destroyed env/vm", never a crash`, () => {
        const run = runStale(mode);
        assert.deepStrictEqual(problems(run, unknownHandle), []);
        const r = childReport({ status: 0, signal: null, stderr: '', report: run.report });
        assert.strictEqual(r.count, withHandle.length);
        if (mode === 'destroyed' || mode === 'reused') {
          expectOutcome(r.destroyEnv, Status.OK);
          expectOutcome(r.destroyVM, Status.OK);
        }
        if (mode === 'reused') {
          assert.strictEqual(r.laterEnvs, 100);
          assert.strictEqual(r.laterEnvsDistinct, true, 'a new env took the destroyed one\'s address');
          assert.strictEqual(r.laterEnvWorks, '42');
          assert.strictEqual(r.laterEnvsDestroyed, 100);
          expectOutcome(r.laterCloseScope, Status.OK);
          expectOutcome(r.laterDestroyVM, Status.OK);
        }
      });
    }

    it('NULL: JSVM_INVALID_ARG "env is NULL" / "vm is NULL" (GetLastErrorInfo(NULL) reads the thread\'s error)', () => {
      const run = runStale('null');
      const nullHandle = (isVM: boolean) => (isVM ? /^vm is NULL$/ : /^env is NULL$/);
      assert.deepStrictEqual(problems(run, nullHandle, { OH_JSVM_GetLastErrorInfo: Status.OK }), []);
    });
  });

  describe('the entry checks run in order: handle, NULL arguments, state, pending exception', () => {
    const r = entry.entryOrder();
    it('a dead handle is reported before a NULL argument', () => {
      expectOutcome(r.deadEnvNullResult, Status.INVALID_ARG, /^unknown or destroyed env/);
      expectOutcome(r.deadVMNullResult, Status.INVALID_ARG, /^unknown or destroyed vm/);
    });
    it('a NULL argument is reported before the VM or scope state', () => {
      expectOutcome(r.liveVMNullResult, Status.INVALID_ARG, /^result is NULL$/);
      expectOutcome(r.nullResultNotEntered, Status.INVALID_ARG, /^result is NULL$/);
      expectOutcome(r.notEntered, Status.GENERIC_FAILURE, /OH_JSVM_OpenVMScope/);
      expectOutcome(r.nullResultNoScope, Status.INVALID_ARG, /^result is NULL$/);
      expectOutcome(r.noScope, Status.GENERIC_FAILURE, /no handle scope/);
    });
    it('the first NULL argument is the one named', () => {
      expectOutcome(r.firstNullNamed, Status.INVALID_ARG, /^lhs is NULL$/);
    });
    it('a NULL argument is reported before a pending exception, which stays pending', () => {
      expectOutcome(r.nullResultPending, Status.INVALID_ARG, /^result is NULL$/);
      expectOutcome(r.pending, Status.PENDING_EXCEPTION);
      assert.strictEqual(r.pendingException, 'Error: pending');
    });
  });

  it('an escapable scope opened with only a VM scope open works, nests, escapes and closes', () => {
    const r = entry.escapableInVMScope();
    for (const step of ['openVMScope', 'openEscapable', 'createInside', 'openNested', 'createNested', 'closeNested',
      'escape', 'closeEscapable', 'openAfter', 'closeAfter', 'closeVMScope', 'destroyEnv', 'destroyVM']) {
      expectOutcome(r[step], Status.OK, undefined);
    }
    assert.strictEqual(r.nestedValue, '7');
    assert.strictEqual(r.escapedValue, 'made inside');
    assert.strictEqual(r.runInside, '1+2+3');
    assert.strictEqual(r.runAfter, 'AFTER');
  });

  describe('VM scopes close innermost first', () => {
    const r = entry.vmScopeOrder();
    for (const [prefix, what] of [['twoVMs', 'a scope of VM 1, then one of VM 2'], ['oneVM', 'two scopes of one VM']]) {
      it(`${what}: closing the outer one first is HANDLE_SCOPE_MISMATCH and breaks nothing`, () => {
        const step = (name: string) => r[prefix + name];
        expectOutcome(step('OpenOuter'), Status.OK);
        expectOutcome(step('OpenInner'), Status.OK);
        expectOutcome(step('CloseOuterFirst'), Status.HANDLE_SCOPE_MISMATCH);
        assert.strictEqual(step('InnerRuns'), 'inner:4');
        const wrong = prefix === 'twoVMs' ? ['CloseOuterThroughInnerVM', 'CloseInnerThroughOuterVM', 'CloseMadeUp'] : ['CloseMadeUp'];
        for (const name of wrong) {
          assert.notStrictEqual(step(name).status, Status.OK, `${name} (${step(name).message})`);
        }
        expectOutcome(step('CloseInner'), Status.OK);
        assert.strictEqual(step('OuterRuns'), 'outer:6');
        expectOutcome(step('CloseOuter'), Status.OK);
        assert.notStrictEqual(step('CloseOuterAgain').status, Status.OK, 'a closed scope closes once');
      });
    }
    it('a lone scope closed through another VM, or a made-up scope, is refused', () => {
      for (const name of ['closeOnlyWithVM2', 'closeOnlyMadeUp']) {
        assert.notStrictEqual(r[name].status, Status.OK, `${name} (${r[name].message})`);
      }
      expectOutcome(r.openOnly, Status.OK);
      expectOutcome(r.closeOnly, Status.OK);
    });
    it('both VMs stay whole and are destroyed cleanly', () => {
      assert.strictEqual(r.vm1Afterwards, 'vm1 ok');
      assert.strictEqual(r.vm2Afterwards, 'vm2 ok');
      for (const step of ['destroyEnv1', 'destroyEnv2', 'destroyVM1', 'destroyVM2']) expectOutcome(r[step], Status.OK);
    });
  });
});
