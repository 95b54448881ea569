/**
 * What a reload can change in the running exporter, and what needs a restart: the settings are
 * compared key by key with the running configuration.
 */
import { configKeys, valueAt, type ConfigKey } from '../config/keys.js';
import type { Config } from '../config/schema.js';

/** Keys applied without a restart. The rest (host, port, account, URLs, OTLP, ...) need one. */
export const RELOADABLE: ReadonlySet<string> = new Set([
  'liveperson.authMode',
  'liveperson.clientId',
  'liveperson.clientSecret',
  'liveperson.appKey',
  'liveperson.appSecret',
  'liveperson.accessToken',
  'liveperson.accessTokenSecret',
  'liveperson.bearerToken',
  'liveperson.skillIds',
  'liveperson.source',
  'liveperson.requestTimeout',
  'poll.interval',
  'poll.settleDelay',
  'poll.concurrency',
  'poll.maxRetries',
  'poll.retryDelay',
  'poll.throttleDelay',
  'poll.maxSkills',
  'log.level',
  'otlp.headers',
]);

/** Keys that only matter in demo mode, or only outside it: changing them has no effect there. */
const CREDENTIALS = new Set([...RELOADABLE].filter((p) => p.startsWith('liveperson.') && p !== 'liveperson.skillIds' && p !== 'liveperson.source' && p !== 'liveperson.requestTimeout'));

export interface ReloadPlan {
  /** Keys whose new value is applied. */
  readonly apply: readonly ConfigKey[];
  /** Keys that changed but keep their running value until a restart. */
  readonly restart: readonly ConfigKey[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function planReload(running: Config, next: Config): ReloadPlan {
  const apply: ConfigKey[] = [];
  const restart: ConfigKey[] = [];
  for (const key of configKeys()) {
    if (same(valueAt(running, key.path), valueAt(next, key.path))) continue;
    // Demo mode polls the simulator with its own credentials: configured ones are ignored there.
    if (running.demo && next.demo && CREDENTIALS.has(key.path)) continue;
    (RELOADABLE.has(key.path) ? apply : restart).push(key);
  }
  return { apply, restart };
}

/** `server.port (PORT), server.host (HOST)`: how a warning names keys. */
export function nameKeys(keys: readonly ConfigKey[]): string {
  return keys.map((k) => `${k.path} (${k.env})`).join(', ');
}
