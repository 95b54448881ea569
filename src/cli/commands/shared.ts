/** Pieces the configuration-reading commands share. */
import type { CliIo } from '../command.js';
import { USAGE_ERROR } from '../command.js';

/** One line per problem on stderr, then the exit status of a configuration error. */
export function reportInvalid(errors: readonly string[], io: CliIo): number {
  for (const line of errors) io.err(`invalid configuration: ${line}`);
  return USAGE_ERROR;
}

/** `{poll: {interval: '5m'}}` → `{'poll.interval': '5m'}`: one readable field per setting in a log line. */
export function flattenForLog(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) Object.assign(out, flattenForLog(v as Record<string, unknown>, path));
    else out[path] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}
