/**
 * Rotation of `<ENV>_FILE` secrets (LP_CLIENT_SECRET_FILE, the OAuth 1.0 keys, LP_BEARER_TOKEN_FILE,
 * OTEL_EXPORTER_OTLP_HEADERS_FILE, ...): the files are read again every few seconds and whenever
 * LivePerson refuses the credentials, and a changed value is handed on. Their content is compared,
 * not their timestamps: Kubernetes updates a mounted Secret by swapping a `..data` symlink, and
 * a file rewritten within the same second must count too.
 */
import { configKeys, type ConfigKey } from '../config/keys.js';
import { resolveSecretFiles } from '../config/secret-files.js';
import type { Logger } from '../log.js';

export interface RotatedSecret {
  readonly key: ConfigKey;
  readonly value: string;
}

export interface SecretFileWatch {
  /** Reads the files now; resolves to true when any value changed (and onRotate has run). */
  check(): Promise<boolean>;
  stop(): void;
}

export interface SecretFileWatchOptions {
  /** The environment naming the files (`LP_CLIENT_SECRET_FILE=/path`). */
  readonly env: NodeJS.ProcessEnv;
  /** Applies the new values; resolves to true when they were taken. */
  readonly onRotate: (rotated: readonly RotatedSecret[]) => Promise<boolean>;
  readonly logger: Logger;
  /** How often to look, ms; 0: only when check() is called. */
  readonly intervalMs: number;
}

/** The keys whose value comes from a file in `env`. */
export function fileSecrets(env: NodeJS.ProcessEnv): ConfigKey[] {
  return configKeys().filter((k) => k.fileEnv !== undefined && (env[k.fileEnv] ?? '') !== '');
}

function readValues(env: NodeJS.ProcessEnv, keys: readonly ConfigKey[]): { values: Map<string, string>; errors: string[] } {
  const resolved = resolveSecretFiles(env);
  const values = new Map<string, string>();
  for (const key of keys) {
    const value = resolved.env[key.env];
    if (value !== undefined && value !== '') values.set(key.path, value);
  }
  return { values, errors: resolved.errors };
}

/** Watches the secret files named in `env`; undefined when there are none. */
export function watchSecretFiles(options: SecretFileWatchOptions): SecretFileWatch | undefined {
  const keys = fileSecrets(options.env);
  if (keys.length === 0) return undefined;
  let known = readValues(options.env, keys).values;
  let lastProblem = '';
  let running: Promise<boolean> | undefined;

  const check = (): Promise<boolean> =>
    (running ??= (async () => {
      const { values, errors } = readValues(options.env, keys);
      if (errors.length > 0) {
        // Mid-rotation a file can be missing for a moment: keep the running secrets, say it once.
        const problem = errors.join('; ');
        if (problem !== lastProblem) options.logger.warn('cannot read a rotated secret file; keeping the running secret', { errors });
        lastProblem = problem;
        return false;
      }
      lastProblem = '';
      const rotated = keys.filter((k) => values.get(k.path) !== known.get(k.path)).map((key) => ({ key, value: values.get(key.path) ?? '' }));
      if (rotated.length === 0) return false;
      const taken = await options.onRotate(rotated);
      if (taken) known = values;
      return taken;
    })().finally(() => {
      running = undefined;
    }));

  const timer = options.intervalMs > 0 ? setInterval(() => void check().catch(() => {}), options.intervalMs) : undefined;
  timer?.unref();
  return { check, stop: () => clearInterval(timer) };
}
