// `@ohos.hilog` / `@kit.PerformanceAnalysisKit` on the desktop: ArkTS's hilog
// writes device-format lines to stderr (unless a test run keeps them: see
// setHilogStderr) and to hilogSink, as native OH_LOG_Print
// does (every argument is <private> unless written %{public}).
import { hilogSink, hilogStderr } from '../hilog';

export enum LogLevel { DEBUG = 3, INFO = 4, WARN = 5, ERROR = 6, FATAL = 7 }

const LETTER: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'D', [LogLevel.INFO]: 'I', [LogLevel.WARN]: 'W', [LogLevel.ERROR]: 'E', [LogLevel.FATAL]: 'F',
};

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function format(text: string, args: unknown[]): string {
  let next = 0;
  const showPrivate = process.env.JSVM_HILOG_PRIVATE === 'off';
  return text.replace(/%(\{(public|private)\})?([dioOsf%])/g, (_match, _brace, privacy: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    const value = args[next++];
    if (privacy !== 'public' && !showPrivate) return '<private>';
    if (conversion === 'd' || conversion === 'i') return String(Math.trunc(Number(value)));
    if (conversion === 'f') return Number(value).toFixed(6);
    if (conversion === 'o' || conversion === 'O') return typeof value === 'string' ? value : JSON.stringify(value);
    return String(value);
  });
}

function print(level: LogLevel, domain: number, tag: string, text: string, args: unknown[]): void {
  if (tag === null || tag === undefined || domain > 0xffff) return;
  const now = new Date();
  const head = `${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:` +
    `${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)} ${String(process.pid).padStart(5)} ` +
    `${String(process.pid).padStart(5)} ${LETTER[level]} A0${domain.toString(16).toUpperCase().padStart(4, '0')}/`;
  const line = `${head}${String(tag).slice(0, 31)}: ${format(String(text), args)}`;
  if (hilogStderr()) process.stderr.write(`${line}\n`);
  hilogSink.write(line);
}

export const hilog = {
  LogLevel,
  debug: (domain: number, tag: string, text: string, ...args: unknown[]) => print(LogLevel.DEBUG, domain, tag, text, args),
  info: (domain: number, tag: string, text: string, ...args: unknown[]) => print(LogLevel.INFO, domain, tag, text, args),
  warn: (domain: number, tag: string, text: string, ...args: unknown[]) => print(LogLevel.WARN, domain, tag, text, args),
  error: (domain: number, tag: string, text: string, ...args: unknown[]) => print(LogLevel.ERROR, domain, tag, text, args),
  fatal: (domain: number, tag: string, text: string, ...args: unknown[]) => print(LogLevel.FATAL, domain, tag, text, args),
  isLoggable: (_domain: number, _tag: string, _level: LogLevel): boolean => true,
};

export default hilog;
