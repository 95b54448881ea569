/**
 * HTTP basic authentication against bcrypt hashes, as the exporter-toolkit does it: bcrypt at
 * cost 10 costs tens of milliseconds of CPU per check, so a verified answer is remembered (keyed
 * by a hash of user, stored hash and password, never the password itself) and Prometheus's scrape
 * every few seconds costs one lookup. Unknown users are checked against a dummy hash, so the
 * answer takes as long as for a known one.
 *
 * bcrypt is CPU an outside party can make us spend: at most a few checks run at once, and
 * requests beyond that are turned away with 429 until one finishes, without being checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

export type AuthOutcome = 'ok' | 'denied' | 'busy';

/** Answers remembered, each kind apart: wrong guesses cannot push a verified password out. */
const CACHE_SIZE = 256;
/** bcrypt checks running at once; beyond that, `busy`. */
const MAX_CHECKS = 4;
/** Hash (cost 10) of a random password nobody kept, compared against when the user is unknown. */
const DUMMY_HASH = '$2b$10$8KCzXyzTEe2HPFvVlRIHR.A.OTkyHHNE7lfr2vgfShpWNpk8.bJyu';

export interface BasicAuthChecker {
  /** Checks the `Authorization` header against the users of the web config. */
  check(users: ReadonlyMap<string, string>, authorization: string | undefined): Promise<AuthOutcome>;
}

/** `user` and `password` from `Basic <base64(user:password)>`; undefined for anything else. */
export function parseBasic(authorization: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function createBasicAuthChecker(): BasicAuthChecker {
  // A per-process key: the cache's keys say nothing about the passwords even in a heap dump.
  const salt = randomBytes(16);
  const granted = new Set<string>();
  const denied = new Set<string>();
  const pending = new Map<string, Promise<boolean>>();

  const remember = (key: string, ok: boolean): void => {
    const set = ok ? granted : denied;
    set.add(key);
    if (set.size > CACHE_SIZE) set.delete(set.values().next().value as string);
  };

  return {
    async check(users, authorization) {
      const given = parseBasic(authorization);
      if (!given) return 'denied';
      const hash = users.get(given.user);
      const key = createHash('sha256').update(salt).update(`${given.user}\0${hash ?? ''}\0${given.password}`).digest('hex');
      if (granted.has(key)) return 'ok';
      if (denied.has(key)) return 'denied';
      let running = pending.get(key);
      if (!running) {
        if (pending.size >= MAX_CHECKS) return 'busy';
        running = bcrypt
          .compare(given.password, hash ?? DUMMY_HASH)
          .then((match) => match && hash !== undefined)
          .catch(() => false)
          .then((ok) => {
            remember(key, ok);
            return ok;
          })
          .finally(() => pending.delete(key));
        pending.set(key, running);
      }
      return (await running) ? 'ok' : 'denied';
    },
  };
}
