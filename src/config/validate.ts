/**
 * Per-key validation, worded for people. Convict decides whether the configuration is valid;
 * its own report is one block of text with its own phrasing, so when it refuses, the same format
 * checks run again here, key by key, to say which key, which variable, and what was given.
 */
import type convict from 'convict';
import { FORMATS, POSITIONAL_FORMATS } from './formats.js';
import { configKeys, valueAt, type ConfigKey } from './keys.js';
import { keyProblem, showValue } from './messages.js';
import type { ConfigStore } from './schema.js';

/** Validates the store strictly; returns one line per problem, or none. */
export function validateStore(store: ConfigStore): string[] {
  try {
    store.validate({ allowed: 'strict', output: () => {} });
    return [];
  } catch (error) {
    const problems = checkValues(store.getProperties());
    // Only if convict refused something the checks below cannot see: its text omits sensitive values.
    return problems.length > 0 ? problems : String(error instanceof Error ? error.message : error).split('\n');
  }
}

/** `poll.interval (NHT_POLL_INTERVAL): must be a duration such as 30s, 5m or 1h, got "5 minutes"`, for each invalid key. */
export function checkValues(properties: unknown): string[] {
  const problems: string[] = [];
  for (const key of configKeys()) {
    const value = valueAt(properties, key.path);
    const problem = formatProblem(key, value);
    if (problem === undefined) continue;
    const positional = typeof key.format === 'string' && POSITIONAL_FORMATS.has(key.format);
    problems.push(keyProblem(key, positional ? problem : `${problem}, got ${showValue(key, value)}`));
  }
  return problems;
}

/** What is wrong with the value for the key's format, in the words of the format; undefined when it is fine. */
function formatProblem(key: ConfigKey, value: unknown): string | undefined {
  const { format } = key;
  if (Array.isArray(format)) return format.includes(value) ? undefined : `must be one of ${format.join(', ')}`;
  if (format === String) return typeof value === 'string' ? undefined : 'must be a string';
  const custom = typeof format === 'string' ? FORMATS[format] : undefined;
  if (!custom?.validate) return `has a format this validator does not know (${String(format)})`;
  try {
    custom.validate(value, key.spec as convict.SchemaObj);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
