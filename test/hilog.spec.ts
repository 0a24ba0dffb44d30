import assert from 'assert';
import { spawnSync } from 'child_process';
import sinon from 'sinon';

import { flushHilog, hilogSink, parseHilogLine, setHilogStderr } from '../ets/hilog';
import { addon, addonPath } from './helpers/addon';

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
