import assert from 'assert';

import { addon, expectOutcome, Report, Status } from './helpers/addon';
import { laneTags, readKey } from './helpers/blob';

const PENDING_EXCEPTION = 10 as Status;

// Code caches, compile options, retained scripts and background
// deserialisation (cpp/jsvm/script/). Statuses follow OpenHarmony's JSVM docs;
// where they are silent, a bad argument is INVALID_ARG.
describe('code cache', function () {
  this.timeout(60000);
  const run = (name: string): Report => (addon as any)[name]();
  const run2 = (name: string, arg: unknown): Report => (addon as any)[name](arg);

  it('a cache from CreateCodeCache is accepted by a compile in a fresh VM', () => {
    const r = run('codeCacheRoundTrip');
    expectOutcome(r.create, Status.OK);
    assert.ok(r.length > 12, 'V8 bytes and the trailer');
    expectOutcome(r.consume, Status.OK);
    assert.strictEqual(r.consumeRejected, false);
    assert.strictEqual(r.consumeResult, '42:3');
    expectOutcome(r.options, Status.OK);
    assert.strictEqual(r.optionsRejected, false, 'CompileScriptWithOptions writes the rejected flag back');
    for (const name of ['noCacheLeavesTrue', 'noCacheLeavesFalse', 'noCacheOptionsLeavesTrue', 'noCacheOptionsLeavesFalse']) {
      assert.strictEqual(r[name], true, `${name}: without a cache the rejected flag is not written`);
    }
    assert.strictEqual(r.optionsResult, '42:3');
  });

  it('random, truncated, bit-flipped, foreign-V8 and other-source caches are rejected; the script compiles and runs', () => {
    const r = run('codeCacheCorrupt');
    for (const name of ['random', 'truncated', 'oneByte', 'flippedPayload', 'flippedTrailer', 'noTrailer', 'otherV8',
      'otherSource']) {
      expectOutcome(r[name], Status.OK);
      assert.strictEqual(r[name + 'Rejected'], true, `${name} rejected`);
      assert.strictEqual(r[name + 'Result'], '42:3', `${name} still runs`);
    }
    // V8 compares only the source's length; our trailer binds the cache to the text.
    expectOutcome(r.sameLengthSource, Status.OK);
    assert.strictEqual(r.sameLengthSourceRejected, true, 'a cache made for another text of the same length');
    assert.strictEqual(r.sameLengthSourceResult, '44:3', 'the given text ran, not the cached one');
    assert.strictEqual(r.inMemoryRejected, false, 'V8 reused its compiled copy; the cache was not checked');
    assert.strictEqual(r.goodRejected, false);
    assert.strictEqual(r.goodResult, '42:3');
  });

  it('the trailer tags the source text: Latin-1 or UTF-16LE, then a byte saying which, as Node computes them', () => {
    // Texts past one 128 KiB piece and past the lane split, of odd and even
    // lengths, in both forms: the runtime tags them a piece at a time.
    const latin1 = `var a = "${'caf\u00e9 '.repeat(60000)}";\n`;
    const utf16 = `var b = "${'\u20ac\ud83d\ude00 x'.repeat(130000)}";\n// end`;
    for (const [name, text] of [['short', '6 * 7;'], ['latin1', latin1], ['utf16', utf16]] as const) {
      const r = run2('codeCacheSourceTags', text);
      const cache = r.cache as Buffer;
      const trailer = cache.subarray(cache.length - 88);
      assert.strictEqual(trailer.toString('latin1', 0, 4), 'JSC3', name);
      const nonce = trailer.subarray(8, 24);
      const oneByte = [...text].every((c) => c.charCodeAt(0) <= 0xff);
      const form = Buffer.concat([Buffer.from(text, oneByte ? 'latin1' : 'utf16le'), Buffer.from([oneByte ? 1 : 2])]);
      const [lane0, lane1] = laneTags(form, nonce, readKey(), 'jsvm-desktop code cache source key v1');
      assert.ok(trailer.subarray(56, 72).equals(lane0), `${name}: lane 0 of the source tags`);
      assert.ok(trailer.subarray(72, 88).equals(lane1), `${name}: lane 1 of the source tags`);
      assert.strictEqual(r.sameRejected, false, `${name}: accepted for its own text`);
      assert.strictEqual(r.changedRejected, true, `${name}: rejected for the text with its last character changed`);
    }
  });

  it('CreateCodeCache and ReleaseCache: NULL arguments, foreign pointers, wrong types and double releases', () => {
    const r = run('codeCacheErrors');
    expectOutcome(r.nullEnv, Status.INVALID_ARG);
    expectOutcome(r.nullScript, Status.INVALID_ARG, /script/);
    expectOutcome(r.nullData, Status.INVALID_ARG, /data/);
    expectOutcome(r.nullLength, Status.INVALID_ARG, /length/);
    expectOutcome(r.create, Status.OK);
    expectOutcome(r.createAgain, Status.OK);
    assert.strictEqual(r.distinct, true, 'each call hands out its own buffer');
    expectOutcome(r.releaseNullEnv, Status.INVALID_ARG);
    expectOutcome(r.releaseNullData, Status.INVALID_ARG, /cacheData/);
    expectOutcome(r.releaseForeign, Status.INVALID_ARG, /not handed out/);
    expectOutcome(r.releaseInterior, Status.INVALID_ARG, /not handed out/);
    expectOutcome(r.releaseWrongType, Status.INVALID_ARG, /other cache type/);
    expectOutcome(r.releaseBadType, Status.INVALID_ARG, /cache type/);
    expectOutcome(r.release, Status.OK);
    expectOutcome(r.releaseTwice, Status.INVALID_ARG, /released already/);
    expectOutcome(r.releaseSecond, Status.OK);
    expectOutcome(r.releaseAfterVm, Status.OK);
    expectOutcome(r.compileZeroLength, Status.INVALID_ARG);
  });

  it('a retained script runs from later handle scopes until released', () => {
    const r = run('retainedScripts');
    expectOutcome(r.retainNullEnv, Status.INVALID_ARG);
    expectOutcome(r.retainNullScript, Status.INVALID_ARG, /script/);
    expectOutcome(r.retain, Status.OK);
    expectOutcome(r.retainTwice, Status.INVALID_ARG, /retained already/);
    expectOutcome(r.releaseUnretained, Status.INVALID_ARG, /not retained/);
    expectOutcome(r.releaseNullEnv, Status.INVALID_ARG);
    expectOutcome(r.releaseNullScript, Status.INVALID_ARG, /script/);
    assert.strictEqual(r.inScope, 'run 1');
    assert.strictEqual(r.later0, 'run 2');
    assert.strictEqual(r.later1, 'run 3');
    assert.strictEqual(r.later2, 'run 4');
    assert.strictEqual(r.collided, false, 'no new script comes back at a retained address');
    expectOutcome(r.cacheOfRetained, Status.OK);
    expectOutcome(r.release, Status.OK);
    expectOutcome(r.releaseTwice, Status.INVALID_ARG, /not retained/);
    expectOutcome(r.retainAtTeardown, Status.OK);
    assert.strictEqual(r.destroy, Status.OK);
  });

  it('CompileScriptWithOptions: origin, modes, profiles and every bad option', () => {
    const r = run('compileOptions');
    expectOutcome(r.origin, Status.OK);
    assert.match(r.originStack, /where\.js:11:/, 'resource name and line offset from the origin option');
    for (const mode of [0, 2, 3]) {
      expectOutcome(r['mode' + mode], Status.OK);
      assert.strictEqual(r['mode' + mode + 'Result'], '42:3');
    }
    expectOutcome(r.consumeProfile, Status.OK);
    assert.strictEqual(r.consumeProfileResult, '42:3');
    expectOutcome(r.noOptions, Status.OK);
    expectOutcome(r.nullEnv, Status.INVALID_ARG);
    expectOutcome(r.nullScript, Status.INVALID_ARG, /script/);
    expectOutcome(r.nullResult, Status.INVALID_ARG, /result/);
    expectOutcome(r.nullOptions, Status.INVALID_ARG, /options is NULL/);
    expectOutcome(r.notString, Status.STRING_EXPECTED);
    expectOutcome(r.unknownId, Status.INVALID_ARG, /unknown JSVM_CompileOptionId/);
    expectOutcome(r.badMode, Status.INVALID_ARG, /not a JSVM_CompileMode/);
    for (const id of [1, 2, 3, 5, 6]) expectOutcome(r['nullContent' + id], Status.INVALID_ARG, /option 0/);
    expectOutcome(r.emptyCache, Status.OK);  // {NULL, 0}: no cache (the docs' RunWithOption example)
    assert.strictEqual(r.emptyCacheFlagLeft, true, 'without a cache the rejected flag is not written');
    assert.strictEqual(r.emptyCacheResult, '42:3');
    expectOutcome(r.lengthOnlyCache, Status.INVALID_ARG, /a length but no cache/);
    expectOutcome(r.zeroLengthCache, Status.INVALID_ARG, /a cache of length 0/);
    expectOutcome(r.consumeEmptyCache, Status.INVALID_ARG, /needs a code cache/);
    expectOutcome(r.consumeWithoutCache, Status.INVALID_ARG, /needs a code cache/);
    expectOutcome(r.profileWithoutProfile, Status.INVALID_ARG, /needs a JSVM_COMPILE_COMPILE_PROFILE/);
    expectOutcome(r.profileAndCache, Status.INVALID_ARG, /cannot consume a code cache/);
    expectOutcome(r.syntaxError, PENDING_EXCEPTION);
    assert.match(r.syntaxErrorException, /SyntaxError/);
  });

  it('BackgroundDeserialize: a cache deserialised on a worker is consumed once by a compile, then released', () => {
    const r = run('backgroundDeserialize');
    expectOutcome(r.start, Status.OK);
    expectOutcome(r.compile, Status.OK);
    assert.strictEqual(r.rejected, false);
    assert.strictEqual(r.result, '42:3');
    expectOutcome(r.compileAgain, Status.INVALID_ARG, /consumed/);
    expectOutcome(r.release, Status.OK);
    expectOutcome(r.releaseTwice, Status.INVALID_ARG, /released/);
    expectOutcome(r.compileReleased, Status.INVALID_ARG, /released/);
    expectOutcome(r.startCorrupt, Status.OK);
    expectOutcome(r.compileCorrupt, Status.OK);
    assert.strictEqual(r.rejectedCorrupt, true);
    assert.strictEqual(r.resultCorrupt, '42:3');
    expectOutcome(r.compileOtherSource, Status.OK);
    assert.strictEqual(r.rejectedOtherSource, true, 'deserialised for another text of the same length');
    assert.strictEqual(r.resultOtherSource, '44:3');
    expectOutcome(r.nullVm, Status.INVALID_ARG);
    expectOutcome(r.nullResult, Status.INVALID_ARG, /result/);
    expectOutcome(r.emptyCache, Status.INVALID_ARG, /empty/);
    expectOutcome(r.zeroLength, Status.INVALID_ARG, /empty/);
    expectOutcome(r.releaseNull, Status.INVALID_ARG);
    expectOutcome(r.releaseForeign, Status.INVALID_ARG, /not one OH_JSVM_BackgroundDeserialize made/);
    expectOutcome(r.otherVm, Status.INVALID_ARG, /another VM/);
    expectOutcome(r.releaseAfterVm, Status.OK);
  });
});
