/**
 * Structured logging: one JSON object per line (the default, for log pipelines) or a
 * human-readable line for a terminal. Every line passes through the secret scrubber
 * (secrets.ts), so a credential that slipped into an error message still never reaches the output.
 */
import { scrub, snippet } from './secrets.js';

// The scrubber lives in secrets.ts; these are re-exported because most callers already import the logger.
export { registerSecret, registerUrlCredentials, scrub, snippet } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';
export type LogFields = Record<string, unknown>;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** A field's text is cut to this many characters: a value a server sent must not make a megabyte log line. */
export const MAX_FIELD_CHARS = 2000;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  /** Changes the lowest level logged, for this logger and every logger made from it (a reload). */
  setLevel?(level: LogLevel): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  write?: (line: string) => void;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) return snippet(value.message, MAX_FIELD_CHARS);
  if (typeof value === 'string') return snippet(value, MAX_FIELD_CHARS);
  return value;
}

function textValue(value: unknown): string {
  const v = serialise(value);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\s"=]/.test(s ?? '') ? JSON.stringify(s) : String(s);
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}, shared = { min: LEVELS[options.level ?? 'info'] }): Logger {
  const format = options.format ?? 'json';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));

  const log = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVELS[level] < shared.min) return;
    // A field without a value is left out: `status=undefined` tells a reader nothing.
    const all = Object.fromEntries(Object.entries({ ...bound, ...fields }).filter(([, v]) => v !== undefined));
    let line: string;
    if (format === 'json') {
      const record: LogFields = { time: new Date().toISOString(), level, msg };
      for (const [k, v] of Object.entries(all)) record[k] = serialise(v);
      line = JSON.stringify(record);
    } else {
      const pairs = Object.entries(all).map(([k, v]) => `${k}=${textValue(v)}`);
      line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${pairs.length ? ' ' + pairs.join(' ') : ''}`;
    }
    write(scrub(line));
  };

  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }, shared),
    setLevel: (level) => {
      shared.min = LEVELS[level];
    },
  };
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = createLogger({ write: () => {} });
