import assert from 'assert';
import { spawnSync } from 'child_process';
import path from 'path';
import sinon from 'sinon';

import { flushHilog, hilogSink, parseHilogLine, setHilogStderr } from '../ets/hilog';
import { addon, addonPath, root, sanitizerEnv } from './helpers/addon';

describe('hilog', () => {
  let lines: string[];
  let report: Record<string, any>;
  let write: sinon.SinonSpy;

  before(() => {
    flushHilog();
    setHilogStderr(false);
    write = sinon.spy(hilogSink, 'write');
    report = addon.hilogCases();
    lines = flushHilog();
    setHilogStderr(true);
  });
  after(() => write.restore());

  const messages = () => lines.map((line) => parseHilogLine(line)!.message);

  it('every line reaches the TypeScript sink, in the device format', () => {
    assert.strictEqual(write.callCount, lines.length);
    assert.ok(lines.length >= 10);
    for (const line of lines) {
      assert.match(line, /^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +\d+ +\d+ [DIWEF] A0[0-9A-F]{4}\/[^:]*: /);
      assert.match(line, new RegExp(`^\\S+ \\S+ +${process.pid} `), 'the pid of this process');
    }
    const first = parseHilogLine(lines[0])!;
    assert.deepStrictEqual([first.level, first.domain, first.tag], ['I', 0x3200, 'testTag']);
  });

  it('%{public} prints values, private and unmarked ones print <private>', () => {
    assert.ok(messages().includes('count 42 name jsvm'));
    assert.ok(messages().includes('secret <private> default <private>'));
    assert.ok(messages().includes('user=<private> (99.50%)'), 'mixed, with %% and precision');
    assert.strictEqual(report.public, 'count 42 name jsvm'.length, 'OH_LOG_Print returns the message length');
  });

  it('%{public}s with NULL prints (null)', () => {
    assert.ok(messages().includes('value (null)'));
  });

  it('honours flags, width, precision, * and length modifiers', () => {
    assert.ok(messages().includes('[   42] [ab    ] [0003.142] [abc] [   7]'));
    assert.ok(messages().includes('-9000000000 12 65 ff Z'));
  });

  it('refuses %n without writing through the pointer', () => {
    assert.strictEqual(report.percentN, -1);
    assert.strictEqual(report.percentNWritten, 0);
    assert.ok(!messages().some((m) => m.startsWith('bad')));
  });

  it('cuts messages at 4095 bytes and tags at 31', () => {
    assert.strictEqual(report.long, 4095);
    assert.ok(messages().includes('x'.repeat(4095)));
    const fatal = lines.map(parseHilogLine).find((line) => line!.level === 'F')!;
    assert.strictEqual(fatal.tag, 'a-tag-that-is-far-longer-than-t');
    assert.strictEqual(fatal.tag.length, 31);
    assert.strictEqual(fatal.domain, 1);
  });

  it('a NULL tag, a NULL format or a domain above 0xFFFF prints nothing', () => {
    assert.strictEqual(report.nullTag, -1);
    assert.strictEqual(report.nullFormat, -1);
    assert.strictEqual(report.bigDomain, -1);
    assert.ok(!messages().includes('dropped'));
    assert.ok(!messages().includes('macro with the default NULL tag'), 'LOG_TAG defaults to NULL');
  });

  it('PrintMsg prints as is; PrintMsgByLen honours the lengths', () => {
    assert.ok(messages().includes('raw %d %{public}s'));
    assert.ok(lines.some((line) => line.endsWith(' A03200/tag: message')));
  });

  it('IsLoggable, SetCallback and SetMinLogLevel', () => {
    assert.strictEqual(report.loggable, true);
    assert.strictEqual(report.loggableNullTag, false);
    assert.strictEqual(report.loggableBigDomain, false);
    assert.strictEqual(report.callback, `4|${0x3200}|testTag|to callback 5`);
    assert.strictEqual(report.belowMin, -1);
    assert.strictEqual(report.loggableBelowMin, false);
    assert.ok(!messages().includes('filtered'));
  });

  it('JSVM_HILOG_PRIVATE=off prints private values (like hilog -p off), on stderr', () => {
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addonPath)}).hilogCases()`],
      { env: { ...process.env, JSVM_HILOG_PRIVATE: 'off' }, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    const out = run.stderr;
    assert.ok(out.includes('I A03200/testTag: secret pw default 7'));
    assert.ok(out.includes('W A03200/testTag: user=bob (99.50%)'));
  });
});

describe('hilog: filters, per-test lines under mocha, JSVM_HILOG', () => {
  const line = (level: number, domain: number, tag: string, message: string) => {
    addon.hilogLog(level, domain, tag, message);
  };

  it('hilogSink.filter keeps the lines of a tag, a domain and a least level, until stopped', () => {
    flushHilog();
    setHilogStderr(false);
    const byTag = hilogSink.filter({ tag: 'alpha' });
    const warnings = hilogSink.filter({ level: 'W' });
    const domainAndLevel = hilogSink.filter({ domain: 0x22, level: 'E', tag: /^al/ });
    const seen: string[] = [];
    const stopListening = warnings.subscribe((l) => seen.push(l));
    try {
      line(4, 0x11, 'alpha', 'info alpha');
      line(5, 0x11, 'beta', 'warn beta');
      line(6, 0x22, 'alpha', 'error alpha 22');
      line(7, 0x22, 'beta', 'fatal beta 22');
      line(3, 0x22, 'alpha', 'debug alpha 22');
      flushHilog();
    } finally {
      setHilogStderr(true);
    }
    const messages = (lines: string[]) => lines.map((l) => parseHilogLine(l)!.message);
    assert.deepStrictEqual(messages(byTag.lines), ['info alpha', 'error alpha 22', 'debug alpha 22']);
    assert.deepStrictEqual(messages(warnings.lines), ['warn beta', 'error alpha 22', 'fatal beta 22']);
    assert.deepStrictEqual(messages(seen), messages(warnings.lines));
    assert.deepStrictEqual(messages(domainAndLevel.lines), ['error alpha 22']);
    byTag.stop();
    stopListening();
    warnings.clear();
    setHilogStderr(false);
    line(6, 0x22, 'alpha', 'after stop');
    flushHilog();
    setHilogStderr(true);
    assert.strictEqual(byTag.lines.length, 3, 'a stopped filter collects nothing more');
    assert.deepStrictEqual(messages(warnings.lines), ['after stop'], 'clear() empties, collecting goes on');
    assert.strictEqual(seen.length, 3, 'an unsubscribed listener hears nothing more');
    warnings.stop();
    domainAndLevel.stop();
  });

  it('a level that is not D, I, W, E or F is refused when the filter is made', () => {
    assert.throws(() => hilogSink.filter({ level: 'X' as 'D' }), /hilog level must be one of D, I, W, E, F, not X/);
  });

  function childMocha(env: Record<string, string>) {
    return spawnSync(process.execPath, [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config',
      '-r', 'ts-node/register/transpile-only', '-r', path.join(root, 'ets', 'mocha-hilog.ts'),
      path.join(root, 'test', 'fixtures', 'hilog-mocha', 'log.spec.js')], {
      cwd: root, encoding: 'utf8', env: { ...process.env, ...sanitizerEnv(), JSVM_TEST_ADDON: addonPath, ...env },
    });
  }

  it("under mocha (ets/mocha-hilog) a failing test's report ends with its HiLog lines; passing tests' lines are not printed", () => {
    const run = childMocha({ JSVM_HILOG: '' });
    const out = run.stdout + run.stderr;
    assert.strictEqual(run.status, 1, out);
    assert.match(run.stdout, /2 passing/);
    assert.match(run.stdout, /1 failing/);
    assert.match(run.stdout, /arithmetic[\s\S]*HiLog lines logged during this test \(2\):\n {2}\S+ \S+ +\d+ +\d+ I A00010\/loud: first line of the failing test\n {2}\S+ \S+ +\d+ +\d+ E A00010\/loud: second line of the failing test/);
    assert.doesNotMatch(out, /from the passing test|from the last test/);
  });

  it('JSVM_HILOG=stderr prints every line as it is logged (nothing attached); JSVM_HILOG=quiet prints none', () => {
    const live = childMocha({ JSVM_HILOG: 'stderr' });
    assert.strictEqual(live.status, 1);
    for (const text of ['from the passing test', 'first line of the failing test', 'from the last test']) {
      assert.ok(live.stderr.includes(text), text);
    }
    assert.doesNotMatch(live.stdout, /HiLog lines logged/);
    const quiet = childMocha({ JSVM_HILOG: 'quiet' });
    assert.strictEqual(quiet.status, 1);
    assert.doesNotMatch(quiet.stdout + quiet.stderr, /from the passing test|failing test\n|HiLog lines logged/);
    const plain = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addonPath)}).hilogLog(4, 1, 't', 'hidden')`],
      { env: { ...process.env, ...sanitizerEnv(), JSVM_HILOG: 'quiet' }, encoding: 'utf8' });
    assert.strictEqual(plain.status, 0, plain.stderr);
    assert.ok(!plain.stderr.includes('hidden'), 'outside mocha too');
  });

  it('an unknown JSVM_HILOG value stops the run with the values it takes', () => {
    const run = childMocha({ JSVM_HILOG: 'loud' });
    assert.notStrictEqual(run.status, 0);
    assert.match(run.stdout + run.stderr, /JSVM_HILOG=loud: expected stderr, quiet or buffer/);
  });
});
