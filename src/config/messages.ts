/**
 * The wording of configuration problems: one line each, starting with what the user has to look
 * at (`poll.interval (NHT_POLL_INTERVAL): ...` or `<file>: ...`). Values of sensitive keys are
 * never shown.
 */
import { formatDuration } from './duration.js';
import { REDACTED } from '../secrets.js';
import type { ConfigKey } from './keys.js';


/** `poll.interval (NHT_POLL_INTERVAL): <message>`; `variable` overrides the variable named, e.g. `LP_CLIENT_SECRET_FILE`. */
export function keyProblem(key: ConfigKey, message: string, variable: string = key.env): string {
  return `${key.path} (${variable}): ${message}`;
}

/** A value as the user wrote it, for `got ...`: durations back in 5m form, secrets redacted. */
export function showValue(key: ConfigKey, value: unknown): string {
  if (key.sensitive) return REDACTED;
  if (key.format === 'duration' && typeof value === 'number') return JSON.stringify(formatDuration(value));
  return JSON.stringify(value) ?? String(value);
}

const IO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many symbolic links',
};

/** Why a file could not be read, from the error code only: Node's messages repeat the path and vary between versions. */
export function ioReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const reason = IO_REASONS[code];
  if (reason) return `${reason} (${code})`;
  return code || 'unreadable';
}
