/**
 * `<ENV>_FILE` variables: a secret can be given as the path of a file holding it
 * (`LP_CLIENT_SECRET_FILE=/var/run/secrets/lp/client_secret`), the way Kubernetes and Docker
 * mount secrets, so that it never sits in the environment or the process list.
 */
import { readFileSync } from 'node:fs';
import { configKeys } from './keys.js';
import { ioReason, keyProblem } from './messages.js';

export interface SecretFileResult {
  /** The environment with each `<ENV>` filled in from its `<ENV>_FILE`. */
  env: NodeJS.ProcessEnv;
  errors: string[];
}

/** A variable counts as set when it holds text: an empty `X=` in a template means "not given". */
function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/**
 * Reads every `<ENV>_FILE` the schema allows and returns the environment the rest of loading
 * sees. Errors name the variable and the path, never the content.
 */
export function resolveSecretFiles(env: NodeJS.ProcessEnv): SecretFileResult {
  const out: NodeJS.ProcessEnv = { ...env };
  const errors: string[] = [];
  for (const key of configKeys()) {
    if (!key.fileEnv) continue;
    const path = env[key.fileEnv];
    if (!isSet(path)) continue;
    if (isSet(env[key.env])) {
      errors.push(keyProblem(key, `both ${key.env} and ${key.fileEnv} are set; set only one`, key.fileEnv));
      continue;
    }
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      errors.push(keyProblem(key, `cannot read ${path}: ${ioReason(error)}`, key.fileEnv));
      continue;
    }
    // `echo secret > file` and most editors end the file with a newline that is not part of the secret.
    const value = content.replace(/[\r\n]+$/, '');
    if (value === '') {
      errors.push(keyProblem(key, `${path} is empty`, key.fileEnv));
      continue;
    }
    out[key.env] = value;
  }
  return { env: out, errors };
}
