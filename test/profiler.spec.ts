import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { addon, addonPath, expectOutcome, Report, sanitizerEnv, Status } from './helpers/addon';

// OH_JSVM_StartCpuProfiler / StopCpuProfiler, OH_JSVM_TakeHeapSnapshot /
// TakeRawHeapSnapshot, OH_JSVM_TraceStart / TraceStop and JSVM_TRACE
// (cpp/jsvm/profiler/; docs: jsvm-debugger-cpuprofiler-heapsnapshot.md,
// use-jsvm-heapstatistics-debugger-cpuprofiler-heapsnapshot.md, use-jsvm-about-trace.md,
// use-jsvm-threshold-callback.md for the raw heap snapshot).
describe('Profiles, heap snapshots and traces', function () {
  this.timeout(120000);
  const run = (name: string): Report => (addon as any)[name]();

  interface CallFrame {
    functionName: string;
    scriptId: string;
    url: string;
    lineNumber: number;
    columnNumber: number;
  }
  interface ProfileNode {
    id: number;
    callFrame: CallFrame;
    hitCount: number;
    children?: number[];
  }
  interface TraceEvent {
    cat: string;
    name: string;
    ph: string;
    ts: number;
    pid: number;
    tid: number;
  }

  // A node script with the test addon loaded as `a`, given `env` (and `args`
  // for node), run in a temporary directory (Node's own tracing writes
  // node_trace.*.log files into the working directory).
  function child(code: string, env: Record<string, string>, args: string[] = []) {
    const source = `const a = require(${JSON.stringify(addonPath)}); ${code}`;
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-trace-cwd-'));
    try {
      return spawnSync(process.execPath, [...args, '-e', source], {
        encoding: 'utf8',
        cwd,
        env: { PATH: process.env.PATH || '', ...sanitizerEnv(), ...env },
        maxBuffer: 64 << 20,
      });
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }

  describe('CPU profiles', () => {
    let r: Report;
    let profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
    before(() => {
      r = run('profilerCpu');
      profile = JSON.parse(r.text as string);
    });

    it('profiles a named JS function running ~60 ms between Start and Stop', () => {
      expectOutcome(r.start, Status.OK);
      assert.strictEqual(r.run, 'true');
      expectOutcome(r.stop, Status.OK);
      assert.ok((r.writes as number) >= 2);
      // The end of the data: one call with NULL and 0, last (the docs' example closes its file on it).
      assert.strictEqual(r.ends, 1);
      assert.strictEqual(r.endLast, true);
      const busy = profile.nodes.filter((n) => n.callFrame.functionName.includes('jsvmBusyLoop'));
      assert.ok(busy.length > 0, `no jsvmBusyLoop node among ${profile.nodes.map((n) => n.callFrame.functionName)}`);
      assert.strictEqual(busy[0].callFrame.lineNumber, 0); // 0-based, as in the DevTools protocol
      assert.strictEqual(typeof busy[0].callFrame.scriptId, 'string');
    });

    it('writes the DevTools Profiler.Profile shape (.cpuprofile)', () => {
      assert.strictEqual(profile.nodes[0].callFrame.functionName, '(root)');
      const ids = new Set(profile.nodes.map((n) => n.id));
      for (const node of profile.nodes) {
        for (const key of ['functionName', 'scriptId', 'url', 'lineNumber', 'columnNumber']) {
          assert.ok(key in node.callFrame, `callFrame.${key} missing`);
        }
        assert.strictEqual(typeof node.hitCount, 'number');
        for (const c of node.children || []) assert.ok(ids.has(c), `child ${c} is not a node`);
      }
      assert.ok(profile.samples.length > 0);
      assert.strictEqual(profile.timeDeltas.length, profile.samples.length);
      for (const s of profile.samples) assert.ok(ids.has(s), `sample ${s} is not a node`);
      assert.ok(profile.endTime >= profile.startTime);
      const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
      assert.ok(profile.startTime + total <= profile.endTime + 1);
    });

    describe('bad input', () => {
      let b: Report;
      before(() => {
        b = run('profilerCpuBadInputs');
      });

      it('refuses NULL vm, result, profiler and stream', () => {
        expectOutcome(b.startNullVm, Status.INVALID_ARG, /vm/);
        expectOutcome(b.startNullResult, Status.INVALID_ARG, /result/);
        expectOutcome(b.stopNullVm, Status.INVALID_ARG, /vm/);
        expectOutcome(b.stopNullProfiler, Status.INVALID_ARG, /profiler/);
        expectOutcome(b.stopNullStream, Status.INVALID_ARG, /stream/);
      });

      it('refuses a profiler of another VM and a made-up one, without writing; the profiler still stops on its VM', () => {
        expectOutcome(b.startA, Status.OK);
        expectOutcome(b.stopOnOtherVm, Status.INVALID_ARG, /another VM/);
        expectOutcome(b.stopMadeUp, Status.INVALID_ARG, /unknown CPU profiler/);
        assert.strictEqual(b.writesBeforeStop, 0);
        expectOutcome(b.stopA, Status.OK);
        assert.ok(Array.isArray(JSON.parse(b.stopAText as string).nodes));
      });

      it('refuses a profiler stopped twice', () => {
        expectOutcome(b.stopTwice, Status.INVALID_ARG, /already stopped/);
      });

      it('stops writing when the stream returns false (or throws), says so, and frees the profiler', () => {
        expectOutcome(b.startRefused, Status.OK);
        expectOutcome(b.stopRefused, Status.GENERIC_FAILURE, /returned false/);
        assert.strictEqual(b.refusedWrites, 1);
        expectOutcome(b.stopAfterRefused, Status.INVALID_ARG, /already stopped/);
        expectOutcome(b.stopRaising, Status.GENERIC_FAILURE, /returned false \(or threw\)/);
        assert.strictEqual(b.raisingWrites, 1);
      });

      it('frees the profilers still running when their VM is destroyed', () => {
        expectOutcome(b.startOnB, Status.OK);
        expectOutcome(b.startOnBAgain, Status.OK);
        expectOutcome(b.destroyB, Status.OK);
        expectOutcome(b.stopLeftOnA, Status.INVALID_ARG, /unknown CPU profiler/);
      });
    });
  });

  it('on a snapshotting VM: a heap snapshot works, a blob waits for the CPU profiler to stop, nothing runs after it', () => {
    const r = run('profilerSnapshotVm');
    expectOutcome(r.start, Status.OK);
    assert.strictEqual(r.run, '3');
    expectOutcome(r.heap, Status.OK);
    expectOutcome(r.createWhileProfiling, Status.GENERIC_FAILURE, /a CPU profiler runs on this VM/);
    expectOutcome(r.stop, Status.OK);
    expectOutcome(r.create, Status.OK);
    expectOutcome(r.heapAfter, Status.GENERIC_FAILURE, /snapshot was taken/);
    expectOutcome(r.startAfter, Status.GENERIC_FAILURE, /snapshot was taken/);
  });

  describe('heap snapshots', () => {
    let r: Report;
    before(() => {
      r = run('profilerHeap');
    });

    function checkSnapshot(text: string) {
      const snapshot = JSON.parse(text);
      assert.ok(snapshot.snapshot.meta.node_fields.includes('name'));
      assert.ok(Array.isArray(snapshot.nodes) && snapshot.nodes.length > 0);
      assert.ok(Array.isArray(snapshot.edges) && snapshot.edges.length > 0);
      assert.ok(snapshot.strings.includes('JsvmSnapshotMarker'), 'the marker class is not in the snapshot');
    }

    it('writes a .heapsnapshot (DevTools Memory panel JSON) holding an object the env keeps alive, in chunks', () => {
      assert.strictEqual(r.run, 'object');
      expectOutcome(r.take, Status.OK);
      checkSnapshot(r.text as string);
      assert.ok((r.writes as number) > 2, `${r.writes} writes`);
      assert.strictEqual(r.ends, 1);
      assert.strictEqual(r.endLast, true);
    });

    it('writes the same standard JSON for the raw snapshot (V8 11.3 has no raw format)', () => {
      expectOutcome(r.takeRaw, Status.OK);
      checkSnapshot(r.rawText as string);
      assert.strictEqual(r.rawEnds, 1);
      assert.strictEqual(r.rawEndLast, true);
    });

    it('passes a NULL streamData on to the stream', () => {
      expectOutcome(r.takeNullData, Status.OK);
      expectOutcome(r.takeRawNullData, Status.OK);
    });

    describe('bad input', () => {
      let b: Report;
      before(() => {
        b = run('profilerHeapBadInputs');
      });

      it('refuses NULL vm and stream, without writing', () => {
        expectOutcome(b.takeNullVm, Status.INVALID_ARG, /vm/);
        expectOutcome(b.takeNullStream, Status.INVALID_ARG, /stream/);
        expectOutcome(b.rawNullVm, Status.INVALID_ARG, /vm/);
        expectOutcome(b.rawNullStream, Status.INVALID_ARG, /stream/);
        assert.strictEqual(b.writesBefore, 0);
      });

      it('stops at a stream returning false: a failure for TakeHeapSnapshot, JSVM_OK for the raw one (the docs)', () => {
        expectOutcome(b.takeRefused, Status.GENERIC_FAILURE, /returned false/);
        assert.strictEqual(b.refusedWrites, 1);
        expectOutcome(b.rawRefused, Status.OK);
        assert.strictEqual(b.rawRefusedWrites, 1);
      });

      it('refuses a snapshot from inside a GC (a GC handler) instead of crashing', () => {
        assert.strictEqual(b.gcHandlerRan, true);
        expectOutcome(b.inGC, Status.GENERIC_FAILURE, /in the middle of a GC/);
      });
    });
  });

  describe('traces', () => {
    let r: Report;
    before(() => {
      r = run('profilerTrace');
    });

    const events = (text: unknown): TraceEvent[] => JSON.parse(text as string).traceEvents;

    it('traces COMPILE and EXECUTE while a VM compiles and runs a script: Chrome trace-event JSON of V8 events', () => {
      expectOutcome(r.start, Status.OK);
      assert.strictEqual(r.run, 'true');
      expectOutcome(r.stop, Status.OK);
      // The whole trace in one call and no end call: the docs' example keeps what the last call gives it.
      assert.strictEqual(r.writes, 1);
      assert.strictEqual(r.ends, 0);
      const list = events(r.text);
      assert.ok(list.length > 0);
      const categories = new Set(list.map((e) => e.cat));
      for (const cat of categories) assert.match(cat, /v8\.(compile|execute)$/, `unexpected category ${cat}`);
      assert.ok(list.some((e) => e.cat.endsWith('v8.compile') && /^V8\.(Compile|Parse)/.test(e.name)));
      assert.ok(list.some((e) => e.cat === 'v8.execute'));
      for (const e of list) {
        assert.strictEqual(typeof e.ts, 'number');
        assert.strictEqual(e.pid, process.pid);
      }
    });

    it('keeps the tag in the trace metadata', () => {
      assert.deepStrictEqual(JSON.parse(r.text as string).metadata, { 'jsvm-tag': 'jsvm-test' });
    });

    it('keeps at most eventsCount events', () => {
      expectOutcome(r.startLimited, Status.OK);
      expectOutcome(r.stopLimited, Status.OK);
      const list = events(r.limitedText);
      assert.ok(list.length > 0 && list.length <= 64, `${list.length} events`);
    });

    it('traces the default categories (VM, COMPILE, EXECUTE, RUNTIME) when count is 0', () => {
      expectOutcome(r.startDefault, Status.OK);
      expectOutcome(r.stopDefault, Status.OK);
      const categories = new Set(events(r.defaultText).map((e) => e.cat));
      assert.ok(categories.has('v8'), [...categories].join());
      assert.ok(categories.has('disabled-by-default-v8.compile'), [...categories].join());
    });

    describe('bad input and state', () => {
      let b: Report;
      before(() => {
        b = run('profilerTraceBadInputs');
      });

      it('refuses TraceStop before TraceStart', () => {
        expectOutcome(b.stopWithoutStart, Status.GENERIC_FAILURE, /not started/);
      });

      it('refuses bad categories: count > 0 with NULL, a value outside JSVM_TraceCategory', () => {
        expectOutcome(b.countWithNull, Status.INVALID_ARG, /categories is NULL but count is 2/);
        expectOutcome(b.badCategory, Status.INVALID_ARG, /categories\[1\] \(99\)/);
        expectOutcome(b.negativeCategory, Status.INVALID_ARG, /categories\[0\] \(-1\)/);
        expectOutcome(b.stopAfterRefusedStarts, Status.GENERIC_FAILURE, /not started/);
      });

      it('refuses a second TraceStart', () => {
        expectOutcome(b.start, Status.OK);
        expectOutcome(b.startTwice, Status.GENERIC_FAILURE, /already started/);
      });

      it('refuses NULL stream and streamData (the docs), leaving the trace running', () => {
        expectOutcome(b.stopNullStream, Status.INVALID_ARG, /stream/);
        expectOutcome(b.stopNullData, Status.INVALID_ARG, /streamData/);
        assert.strictEqual(b.writesBefore, 0);
      });

      it('says so when the stream returns false; the trace is stopped all the same and can start again', () => {
        expectOutcome(b.stopRefused, Status.GENERIC_FAILURE, /returned false/);
        assert.strictEqual(b.refusedWrites, 1);
        expectOutcome(b.stopAgain, Status.GENERIC_FAILURE, /not started/);
        expectOutcome(b.restart, Status.OK);
        expectOutcome(b.restop, Status.OK);
        assert.deepStrictEqual(JSON.parse(b.restopText as string), { traceEvents: [] });
      });
    });

    describe("beside Node's own tracing", () => {
      it('refuses TraceStart when node runs with --trace-event-categories or NODE_OPTIONS=--trace-events-enabled', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-trace-'));
        try {
          const print = 'process.stdout.write(JSON.stringify(a.profilerTraceStartStop()))';
          const flagged = child(print, {}, ['--trace-event-categories', 'v8', '--trace-event-file-pattern', path.join(dir, 'n.log')]);
          assert.strictEqual(flagged.status, 0, flagged.stderr);
          expectOutcome(JSON.parse(flagged.stdout).start, Status.GENERIC_FAILURE, /Node's own tracing is on/);
          const viaOptions = child(print, { NODE_OPTIONS: '--trace-events-enabled' });
          assert.strictEqual(viaOptions.status, 0, viaOptions.stderr);
          expectOutcome(JSON.parse(viaOptions.stdout).start, Status.GENERIC_FAILURE, /Node's own tracing is on/);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });

      it("refuses TraceStart while the trace_events module records, and reports a trace it took over", () => {
        const code =
          "const t = require('trace_events').createTracing({ categories: ['v8'] });" +
          'const started = a.profilerTraceStartOnly(); t.enable(); a.profilerTraceWork();' +
          'const stopped = a.profilerTraceStopOnly(); const during = a.profilerTraceStartStop(); t.disable();' +
          'process.stdout.write(JSON.stringify({ started, stopped, during }))';
        const result = child(code, {});
        assert.strictEqual(result.status, 0, result.stderr);
        const out = JSON.parse(result.stdout);
        expectOutcome(out.started.start, Status.OK);
        expectOutcome(out.stopped.stop, Status.GENERIC_FAILURE, /took V8's tracing controller over/);
        expectOutcome(out.during.start, Status.GENERIC_FAILURE, /Node's own tracing is on/);
      });
    });

    describe('JSVM_TRACE=<file>[:categories]', () => {
      let dir: string;
      before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-trace-'));
      });
      after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it('traces from OH_JSVM_Init to the exit of the process into the file', () => {
        const file = path.join(dir, 'compile.json');
        const run1 = child('process.stdout.write(JSON.stringify(a.profilerTraceWork()))', {
          JSVM_TRACE: `${file}:compile,execute`,
        });
        assert.strictEqual(run1.status, 0, run1.stderr);
        assert.strictEqual(JSON.parse(run1.stdout).run, 'true');
        const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
        const categories = new Set((trace.traceEvents as TraceEvent[]).map((e) => e.cat));
        assert.ok(categories.has('disabled-by-default-v8.compile'), [...categories].join());
        for (const cat of categories) assert.match(cat, /v8\.(compile|execute)$/);
      });

      it('writes the file on process.exit() too, with the default categories; TraceStart/Stop are refused meanwhile', () => {
        const file = path.join(dir, 'default.json');
        const run2 = child(
          'a.profilerTraceWork(); process.stdout.write(JSON.stringify(a.profilerTraceStartStop())); process.exit(3)',
          { JSVM_TRACE: file },
        );
        assert.strictEqual(run2.status, 3, run2.stderr);
        const calls = JSON.parse(run2.stdout);
        expectOutcome(calls.start, Status.GENERIC_FAILURE, /already started by JSVM_TRACE/);
        expectOutcome(calls.stop, Status.GENERIC_FAILURE, /started by JSVM_TRACE/);
        const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
        assert.ok(trace.traceEvents.some((e: TraceEvent) => e.cat === 'v8'));
      });
    });
  });
});
