/**
 * The configuration as it may be logged at start-up or printed by `--check-config`.
 */
import { formatDuration } from './duration.js';
import { configKeys, valueAt } from './keys.js';
import { REDACTED } from '../secrets.js';
import type { Config } from './schema.js';

/**
 * A copy of the configuration, same shape, safe to print: every sensitive value that is set
 * reads `[REDACTED]` (an unset one stays empty, so the reader still sees what is missing), and
 * durations read `5m` rather than 300000.
 */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of configKeys()) {
    let value = valueAt(config, key.path);
    if (key.sensitive) value = value === '' || value === undefined ? '' : REDACTED;
    else if (key.format === 'duration' && typeof value === 'number') value = formatDuration(value);
    setAt(out, key.path, value);
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop() as string;
  let node = root;
  for (const part of parts) {
    const next = node[part];
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
    else node = node[part] = {};
  }
  node[last] = Array.isArray(value) ? [...(value as unknown[])] : value;
}
