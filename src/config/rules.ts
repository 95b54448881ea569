/**
 * Rules that involve more than one key, checked once every key is valid on its own: which
 * credentials the chosen auth mode needs, what demo mode ignores, which headers gRPC can send.
 */
import { acceptedEntries, headerProblem } from './key-value-list.js';
import { keyAt, valueAt, type ConfigKey } from './keys.js';
import { keyProblem } from './messages.js';
import type { AuthMode, Config } from './schema.js';
import { readWebConfig } from '../web/read.js';

interface Credentials {
  /** How the account message names them: "set LP_ACCOUNT_ID and <label> (...)". */
  readonly label: string;
  readonly paths: readonly string[];
}

const CREDENTIALS: Readonly<Record<AuthMode, Credentials>> = {
  oauth2: { label: 'OAuth 2.0 credentials', paths: ['liveperson.clientId', 'liveperson.clientSecret'] },
  oauth1: {
    label: 'OAuth 1.0 app keys',
    paths: ['liveperson.appKey', 'liveperson.appSecret', 'liveperson.accessToken', 'liveperson.accessTokenSecret'],
  },
  bearer: { label: 'a bearer token', paths: ['liveperson.bearerToken'] },
};

const ALL_CREDENTIALS = [...new Set(Object.values(CREDENTIALS).flatMap((c) => c.paths))];

function isGiven(config: Config, key: ConfigKey): boolean {
  return valueAt(config, key.path) !== '';
}

function envList(keys: readonly ConfigKey[]): string {
  return keys.map((k) => k.env).join(', ');
}

/** Errors of a configuration whose keys are each valid. Demo mode needs no account: main wires the simulator. */
export function checkRules(config: Config): string[] {
  // The web config is a file of its own, checked with the files it names so that --check-config
  // catches a wrong certificate path as well as a misspelt key.
  const otlp = [...otlpRules(config), ...webConfigProblems(config.server.webConfigFile)];
  if (config.demo) return otlp;
  return [...accountRules(config), ...otlp];
}

function webConfigProblems(path: string): string[] {
  if (path === '') return [];
  const read = readWebConfig(path);
  return read.ok ? [] : read.errors;
}

/** gRPC metadata cannot carry binary (`-bin`) headers from a text list; HTTP headers can have any name. */
function otlpRules(config: Config): string[] {
  const { metricsExporter, protocol, headers } = config.otlp;
  if (metricsExporter !== 'otlp' || protocol !== 'grpc') return [];
  const problem = headerProblem(acceptedEntries(headers), { grpc: true });
  return problem === undefined ? [] : [keyProblem(keyAt('otlp.headers'), problem)];
}

function accountRules(config: Config): string[] {
  const mode = config.liveperson.authMode;
  const account = keyAt('liveperson.accountId');
  const modeKey = keyAt('liveperson.authMode');
  const needed = CREDENTIALS[mode].paths.map(keyAt);
  const missing = needed.filter((k) => !isGiven(config, k));
  const errors: string[] = [];

  const accountMissing = !isGiven(config, account);
  if (accountMissing) {
    const credentials = missing.length > 0 ? ` and ${CREDENTIALS[mode].label} (${envList(needed)})` : '';
    errors.push(keyProblem(account, `required: set ${account.env}${credentials}, or run with --demo to use the built-in simulator`));
  }
  // With nothing configured at all, the account line above already says everything to set.
  const nothingGiven = accountMissing && missing.length === needed.length;
  if (!nothingGiven) {
    for (const key of missing) {
      const alternatives = key.fileEnv ? `${key.env} or ${key.fileEnv}` : key.env;
      errors.push(keyProblem(key, `required when ${modeKey.env} is ${mode}: set ${alternatives}`));
    }
  }
  return errors;
}

/**
 * Things that work but are probably not what the user meant. Names variables and flags,
 * never values.
 */
export function configWarnings(config: Config, args: readonly string[]): string[] {
  const warnings: string[] = [];
  const modeKey = keyAt('liveperson.authMode');
  const mode = config.liveperson.authMode;
  const given = (paths: readonly string[]): ConfigKey[] => paths.map(keyAt).filter((k) => isGiven(config, k));

  if (config.demo) {
    const ignored = given(['liveperson.accountId', ...ALL_CREDENTIALS]);
    if (ignored.length > 0) warnings.push(`demo mode uses the built-in simulator: ignoring ${envList(ignored)}`);
  } else {
    const unused = given(ALL_CREDENTIALS.filter((p) => !CREDENTIALS[mode].paths.includes(p)));
    if (unused.length > 0) warnings.push(`${modeKey.env} is ${mode}: ignoring ${envList(unused)}`);
    if (mode === 'oauth1') {
      warnings.push(
        `${modeKey.env} is oauth1: LivePerson retires OAuth 1.0 app keys (read-only from 30 Sep 2025, end of life 31 May 2026); ` +
          `move to oauth2 with ${envList(CREDENTIALS.oauth2.paths.map(keyAt))}`,
      );
    }
  }

  for (const key of ALL_CREDENTIALS.map(keyAt)) {
    if (!key.sensitive) continue;
    const flag = `--${key.arg}`;
    if (args.some((a) => a === flag || a.startsWith(`${flag}=`))) {
      warnings.push(`${flag}: a secret on the command line can be read by anyone on the machine from the process list; prefer ${key.fileEnv ?? key.env}`);
    }
  }
  return warnings;
}
