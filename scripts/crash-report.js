// Reading a native crash report (what cpp/desktop/crash_report.cc's handler
// wrote: the signal, the raw frames, the last HiLog lines) and describing it for
// a person: the test that was running, the native stack symbolised to function
// and file:line (addr2line; lines need debug info, as hvigorw's debug build
// has), the HiLog lines. Shared by the mocha runner (scripts/mocha-isolated.js)
// and the Hypium runner (hvigor-shim/lib/hypium.js).
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function readLines(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** "function at file:line" per frame, from the handler's "frame <module> <offset> <symbol>" lines. */
function symbolise(frames) {
  const byModule = new Map();
  for (const frame of frames) {
    let module = frame.module === 'node' || !path.isAbsolute(frame.module) ? process.execPath : frame.module;
    if (!fs.existsSync(module)) module = null;
    frame.path = module;
    if (module) {
      if (!byModule.has(module)) byModule.set(module, []);
      byModule.get(module).push(frame);
    }
  }
  for (const [module, list] of byModule) {
    const run = spawnSync('addr2line', ['-f', '-C', '-e', module, ...list.map((f) => f.offset)], { encoding: 'utf8' });
    if (run.status !== 0) continue;
    const out = run.stdout.split('\n');
    list.forEach((frame, i) => {
      const fn = out[2 * i];
      const where = out[2 * i + 1];
      if (fn && fn !== '??') frame.function = fn;
      if (where && !where.startsWith('??')) frame.where = where.replace(/ \(discriminator \d+\)$/, '');
    });
  }
  return frames;
}

function parseReport(file) {
  const lines = readLines(file);
  if (lines.length === 0) return null;
  const report = { signal: null, frames: [], hilog: [] };
  let section = 'head';
  for (const line of lines) {
    if (line === 'hilog') section = 'hilog';
    else if (line === 'end') section = 'end';
    else if (section === 'hilog') report.hilog.push(line);
    else if (line.startsWith('signal ')) report.signal = line.split(' ')[2];
    else if (line.startsWith('frame ')) {
      const [, module, offset, ...symbol] = line.split(' ');
      report.frames.push({ module, offset, symbol: symbol.join(' ') });
    }
  }
  return report;
}

function demangle(names) {
  if (names.length === 0) return [];
  const run = spawnSync('c++filt', [], { input: names.join('\n'), encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n') : names;
}

/** The frames below the crash handler, each with a readable name and place. */
function readableFrames(report) {
  let frames = symbolise(report.frames);
  const handler = frames.findIndex((f) => /OnCrash/.test(`${f.function || ''} ${f.symbol}`));
  if (handler >= 0) frames = frames.slice(handler + 2);  // the handler and the kernel's signal trampoline
  const symbols = demangle(frames.map((f) => (f.symbol && f.symbol !== '?' ? f.symbol : '')));
  return frames.map((f, i) => {
    const where = f.where && !/^:?\?/.test(f.where) ? f.where.replace(/:\?$/, '') : null;
    // Without debug info addr2line guesses a name from the nearest symbol; the dynamic symbol is surer.
    const name = (where && f.function) || symbols[i] || f.function || '?';
    return { name, place: where || `${path.basename(f.module)}+${f.offset}` };
  });
}

/**
 * The report a person reads: what ended the process, in which test (`current`,
 * { title, file? }; `outside` says where when no test ran), the native stack
 * and the last HiLog lines.
 */
function describeCrash(status, signal, report, current, fileHint, outside = 'outside a test (loading a spec file or in a hook)') {
  const out = [];
  const what = report && report.signal ? report.signal : signal || `exit status ${status}`;
  const where = current ? `in test "${current.title}"` : outside;
  const file = current && current.file ? current.file : fileHint;
  out.push('', `  CRASH: ${what} ${where}${file ? ` of ${path.relative(process.cwd(), file)}` : ''}`);
  if (report) {
    out.push('  native stack:');
    readableFrames(report).slice(0, 24).forEach((frame, i) => out.push(`    #${i} ${frame.name} at ${frame.place}`));
    if (report.hilog.length > 0) {
      out.push('  last HiLog lines:');
      report.hilog.forEach((line) => out.push(`    ${line}`));
    } else {
      out.push('  last HiLog lines: none');
    }
  } else {
    out.push('  (no native report: the process ended before the crash handler was installed or ran)');
  }
  out.push('');
  return out.join('\n');
}

/**
 * Reads and removes a crash folder a test child wrote (JSVM_CRASH_DIR): the
 * native report (null without a crash), the finished tests (`events`, one JSON
 * object a line) and the test that was running (`current`, null between tests).
 */
function takeCrashDir(dir) {
  const report = parseReport(path.join(dir, 'report'));
  const events = readLines(path.join(dir, 'events')).map((line) => JSON.parse(line));
  const currentFile = path.join(dir, 'current');
  const currentText = fs.existsSync(currentFile) ? fs.readFileSync(currentFile, 'utf8') : '';
  fs.rmSync(dir, { recursive: true, force: true });
  return { report, events, current: currentText ? JSON.parse(currentText) : null };
}

module.exports = { describeCrash, takeCrashDir };
