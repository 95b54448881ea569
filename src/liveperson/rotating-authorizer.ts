/**
 * An authorizer whose credentials can be replaced while requests are in flight: a rotated secret
 * file or a reload swaps the one inside, and every client keeps the same object.
 *
 * When LivePerson refuses the credentials (a 401 on a request, or the token service refusing the
 * client secret), it asks `recheck` whether new ones have arrived (the secret files are read
 * again) before giving up, so a secret rotated in LivePerson and in its Kubernetes Secret at
 * about the same time costs no failed poll.
 */
import type { Authorizer } from './authorizer.js';
import { LivePersonError } from './errors.js';

export interface RotatingAuthorizer extends Authorizer {
  /** Uses `next` from now on; requests already past `header()` finish with the old credentials. */
  replace(next: Authorizer): void;
}

/** The token service refused the client's credentials (not a network or server problem). */
function credentialsRefused(err: unknown): boolean {
  return err instanceof LivePersonError && err.api === 'token' && (err.kind === 'unauthorized' || err.kind === 'client_error');
}

/** `recheck` resolves to true when it replaced the credentials. */
export function createRotatingAuthorizer(first: Authorizer, recheck: () => Promise<boolean>): RotatingAuthorizer {
  let inner = first;
  let checking: Promise<boolean> | undefined;
  const check = (): Promise<boolean> =>
    (checking ??= recheck()
      .catch(() => false)
      .finally(() => {
        checking = undefined;
      }));

  return {
    // A 401 is always worth one retry: the retry may carry credentials read meanwhile.
    refreshable: true,
    async header(method, url, signal) {
      if (checking) await checking;
      const used = inner;
      try {
        return await used.header(method, url, signal);
      } catch (err) {
        if (!credentialsRefused(err)) throw err;
        const replaced = (await check()) || inner !== used;
        if (!replaced) throw err;
        return inner.header(method, url, signal);
      }
    },
    invalidate(rejected) {
      inner.invalidate(rejected);
      void check();
    },
    replace(next) {
      inner = next;
    },
  };
}
