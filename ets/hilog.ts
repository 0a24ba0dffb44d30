// The HiLog sink on the TypeScript side. Native code logs into libhilog_ndk.z.so;
// flushHilog() moves those lines here and hands each to hilogSink.write, which
// tests spy on (sinon.spy(hilogSink, 'write')) and apps subscribe to.
import path from 'path';

import { desktopRoot } from './project';

interface DesktopAddon {
  /** Native crashes of this process are reported to `file` (cpp/desktop/crash_report.cc). */
  crashReportInstall(file: string): void;
  hilogDrain(): string[];
  hilogSetStderr(enabled: boolean): void;
  sandboxMap(path: string): string | null | undefined;
}

let addon: DesktopAddon | undefined;

/** The native helpers (build/Release/jsvm_desktop.node). */
export function desktopAddon(): DesktopAddon {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  addon ??= require(path.join(desktopRoot, 'build', 'Release', 'jsvm_desktop.node')) as DesktopAddon;
  return addon;
}

export type HilogListener = (line: string) => void;

export interface ParsedLine {
  level: 'D' | 'I' | 'W' | 'E' | 'F';
  domain: number;
  tag: string;
  message: string;
}

/** Splits a device-format line: `MM-DD hh:mm:ss.mmm  pid  tid L A0dddd/TAG: message`. */
export function parseHilogLine(line: string): ParsedLine | null {
  const match = /^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\s+\d+\s+\d+ ([DIWEF]) A0([0-9A-F]{4})\/([^:]*): (.*)$/s.exec(line);
  if (!match) return null;
  return { level: match[1] as ParsedLine['level'], domain: parseInt(match[2], 16), tag: match[3], message: match[4] };
}

const LEVELS = ['D', 'I', 'W', 'E', 'F'] as const;

/** Which lines a filter keeps: all given criteria must match; `level` is the least severe level kept. */
export interface HilogCriteria {
  tag?: string | RegExp;
  domain?: number;
  level?: ParsedLine['level'];
}

/** True when `line` (device format) meets `criteria`. Lines not in the device format never do. */
export function matchesHilog(line: string, criteria: HilogCriteria): boolean {
  const parsed = parseHilogLine(line);
  if (!parsed) return false;
  if (criteria.tag !== undefined) {
    if (typeof criteria.tag === 'string' ? parsed.tag !== criteria.tag : !criteria.tag.test(parsed.tag)) return false;
  }
  if (criteria.domain !== undefined && parsed.domain !== criteria.domain) return false;
  if (criteria.level !== undefined && LEVELS.indexOf(parsed.level) < levelIndex(criteria.level)) return false;
  return true;
}

function levelIndex(level: string): number {
  const index = (LEVELS as readonly string[]).indexOf(level);
  if (index < 0) throw new RangeError(`hilog level must be one of ${LEVELS.join(', ')}, not ${String(level)}`);
  return index;
}

/** What hilogSink.filter() returns: the matching lines flushed since, until stopped. */
export interface HilogCapture {
  /** The matching lines, in order. */
  readonly lines: string[];
  /** Calls `listener` with each matching line from now on; returns the unsubscribe function. */
  subscribe(listener: HilogListener): () => void;
  clear(): void;
  /** Stops collecting (the lines stay). */
  stop(): void;
}

class HilogSink {
  private readonly listeners = new Set<HilogListener>();

  /**
   * Collects the lines that meet `criteria` from now on, e.g.
   * `hilogSink.filter({ tag: 'JSVM', level: 'W' })` for warnings and worse of tag JSVM.
   */
  filter(criteria: HilogCriteria): HilogCapture {
    if (criteria.level !== undefined) levelIndex(criteria.level);  // a bad level throws here, not at the first line
    const lines: string[] = [];
    const listeners = new Set<HilogListener>();
    const stop = this.subscribe((line) => {
      if (!matchesHilog(line, criteria)) return;
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
    return {
      lines,
      subscribe(listener: HilogListener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      clear() {
        lines.length = 0;
      },
      stop,
    };
  }

  /** Receives every line flushed from native code. */
  write(line: string): void {
    for (const listener of this.listeners) listener(line);
  }

  /** Calls `listener` with each line from now on; returns the unsubscribe function. */
  subscribe(listener: HilogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

export const hilogSink = new HilogSink();

/** Moves the lines native code logged since the last flush into hilogSink. */
export function flushHilog(): string[] {
  const lines = desktopAddon().hilogDrain();
  for (const line of lines) hilogSink.write(line);
  return lines;
}

/**
 * The HiLog lines of the test running (the last `max` of them), for its
 * failure report: the mocha plugin and the Hypium runner keep them alike.
 */
export class TestHilog {
  private lines: string[] = [];
  private readonly stop: () => void;

  constructor(private readonly max = 200) {
    this.stop = hilogSink.subscribe((line) => {
      this.lines.push(line);
      if (this.lines.length > max) this.lines.shift();
    });
  }

  /** A new test starts: what was logged before is not its. */
  clear(): void {
    this.lines = [];
  }

  /** A heading and the lines, each indented by `indent`; none when the test logged nothing. */
  report(indent = '  '): string[] {
    const n = this.lines.length;
    if (n === 0) return [];
    return [`HiLog lines logged during this test (${n}${n === this.max ? ', the last ones' : ''}):`,
      ...this.lines.map((line) => `${indent}${line}`)];
  }

  close(): void {
    this.stop();
  }
}

let stderrOn = true;

/**
 * Stops (or restarts) printing lines to stderr, native code's and ArkTS's
 * `@ohos.hilog` alike; the sink still gets them.
 */
export function setHilogStderr(enabled: boolean): void {
  desktopAddon().hilogSetStderr(enabled);
  stderrOn = enabled;
}

/** Whether lines are printed to stderr as they are logged (see setHilogStderr). */
export function hilogStderr(): boolean {
  return stderrOn;
}

/**
 * What test runs do with HiLog lines (JSVM_HILOG): `buffer` (the default)
 * keeps each test's lines and prints them with its failure report, `stderr`
 * prints them live, `quiet` drops them.
 */
export function hilogMode(): 'buffer' | 'stderr' | 'quiet' {
  const setting = process.env.JSVM_HILOG;
  if (setting === 'stderr' || setting === 'quiet') return setting;
  if (setting !== undefined && setting !== '' && setting !== 'buffer') {
    throw new Error(`JSVM_HILOG=${setting}: expected stderr, quiet or buffer (the default)`);
  }
  return 'buffer';
}
