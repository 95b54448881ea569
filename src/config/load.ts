/**
 * Loads the configuration from its four sources, lowest to highest: schema defaults, the JSON
 * file named by `--config`, the environment (with `<ENV>_FILE` secrets), command-line flags.
 * Problems come back as data, one readable line each; deciding to exit is the caller's business.
 */
import { parseArgs } from 'node:util';
import { registerSecret, scrub } from '../log.js';
import { registerUrlCredentials } from '../secrets.js';
import { readConfigFile } from './file.js';
import { configKeys, valueAt } from './keys.js';
import { checkRules, configWarnings } from './rules.js';
import { createConfigStore, type Config } from './schema.js';
import { resolveSecretFiles } from './secret-files.js';
import { validateStore } from './validate.js';

export type LoadResult = { ok: true; config: Config; warnings: string[] } | { ok: false; errors: string[] };

/**
 * Builds the configuration from `argv` (arguments after the script name) and `env`. Never reads
 * process.argv or process.env itself, never throws, never exits. Flags it does not know
 * (`--help`, `--check-config`, ...) are left to the caller.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): LoadResult {
  try {
    return load([...argv], env);
  } catch (error) {
    return failed([`cannot load the configuration: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

function load(argv: string[], env: NodeJS.ProcessEnv): LoadResult {
  const errors: string[] = [];
  const path = configFileArg(argv, errors);
  const file = path === undefined ? undefined : readConfigFile(path);
  if (file) errors.push(...file.errors);
  const secrets = resolveSecretFiles(env);
  errors.push(...secrets.errors);

  const store = createConfigStore({ env: secrets.env, args: argv });
  // convict applies the environment and flags again after a file, so they keep precedence over it.
  if (file?.data) store.load(file.data);
  registerSecrets(store.getProperties(), secrets.env);

  errors.push(...validateStore(store));
  if (errors.length > 0) return failed(errors);

  const config = store.getProperties();
  const ruleErrors = checkRules(config);
  if (ruleErrors.length > 0) return failed(ruleErrors);
  return { ok: true, config, warnings: configWarnings(config, argv).map(scrub) };
}

/** The path after `--config`, if any; reports a flag without a usable path. */
function configFileArg(argv: string[], errors: string[]): string | undefined {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string', multiple: true } },
    strict: false,
    allowPositionals: true,
  });
  const given = values.config;
  if (!Array.isArray(given) || given.length === 0) return undefined;
  if (given.length > 1) {
    errors.push(`--config: given ${given.length} times; give one file`);
    return undefined;
  }
  const [path] = given;
  if (typeof path !== 'string' || path === '' || path.startsWith('-')) {
    errors.push('--config: needs the path of a JSON file, such as --config config/example.json');
    return undefined;
  }
  return path;
}

/** Tells the log scrubber every secret value, wherever it came from, before anything can print it. */
function registerSecrets(properties: unknown, env: NodeJS.ProcessEnv): void {
  for (const key of configKeys()) {
    if (!key.sensitive) continue;
    // A URL (the proxy's) is secret only in its user and password: its host stays readable in errors.
    const register = key.format === 'url' ? registerUrlCredentials : registerSecret;
    const value = valueAt(properties, key.path);
    if (value !== undefined && value !== null) register(String(value));
    register(env[key.env]);
  }
}

function failed(errors: string[]): LoadResult {
  return { ok: false, errors: errors.map(scrub) };
}
