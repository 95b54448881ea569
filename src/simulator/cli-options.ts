/**
 * The stand-alone simulator's options (`node dist/simulator/cli.js`): one table for parsing,
 * `--help` and the docs check, which accepts a flag the docs name only if a table holds it.
 */
import { SIMULATOR_DEFAULTS } from './server.js';

export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** `--port <n>`: the usage column of `--help`. */
  readonly usage: string;
  readonly doc: string;
}

/** The stand-alone simulator's default port: a fixed one, so the printed settings stay valid across restarts. */
export const SIMULATOR_CLI_PORT = 8081;

export const SIMULATOR_CLI_OPTIONS = {
  host: { type: 'string', usage: '--host <addr>', doc: `bind address (default ${SIMULATOR_DEFAULTS.host})` },
  port: { type: 'string', usage: '--port <n>', doc: `port, 0 = any free port (default ${SIMULATOR_CLI_PORT})` },
  skills: { type: 'string', usage: '--skills <n>', doc: `number of skills (default ${SIMULATOR_DEFAULTS.skills})` },
  seed: { type: 'string', usage: '--seed <n>', doc: `data seed (default ${SIMULATOR_DEFAULTS.seed})` },
  account: { type: 'string', usage: '--account <id>', doc: `account id (default ${SIMULATOR_DEFAULTS.accountId})` },
  'client-id': { type: 'string', usage: '--client-id <id>', doc: `accepted OAuth 2.0 client id (default ${SIMULATOR_DEFAULTS.clientId})` },
  'client-secret': { type: 'string', usage: '--client-secret <s>', doc: `accepted OAuth 2.0 client secret (default ${SIMULATOR_DEFAULTS.clientSecret})` },
  'token-ttl': { type: 'string', usage: '--token-ttl <seconds>', doc: `access token lifetime (default ${SIMULATOR_DEFAULTS.tokenTtlSeconds})` },
  rate429: { type: 'string', usage: '--rate429 <0..1>', doc: 'share of NHT requests answered 429' },
  rate5xx: { type: 'string', usage: '--rate5xx <0..1>', doc: 'share of NHT requests answered 500/503' },
  'delay-ms': { type: 'string', usage: '--delay-ms <n>', doc: 'added latency per NHT request' },
  help: { type: 'boolean', short: 'h', usage: '-h, --help', doc: 'print this help' },
} as const satisfies Readonly<Record<string, CliOption>>;
