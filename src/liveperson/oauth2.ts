import { registerSecret } from '../log.js';
import type { Authorizer } from './authorizer.js';
import type { DomainResolver } from './domain.js';
import { LivePersonError } from './errors.js';
import { jsonBody } from './http.js';
import { callApi } from './request.js';
import type { RequestDeps } from './retry.js';

export interface OAuth2Options extends RequestDeps {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Finds the `sentinel` host (configured or discovered). */
  readonly resolver: DomainResolver;
}

interface CachedToken {
  readonly header: string;
  /** When to stop using the token (expiry minus the safety margin); undefined when its lifetime is unknown. */
  readonly renewAt?: number;
}

/** Longest safety margin before expiry: renew a minute early at most. */
const MAX_MARGIN_MS = 60_000;

/**
 * OAuth 2.0 client credentials against LivePerson's sentinel. The token is reused until shortly
 * before it expires (margin: min(60 s, 10% of its lifetime)); when its lifetime is unknown it is
 * reused until a 401 invalidates it. Concurrent callers share one token request.
 */
export function createOAuth2Authorizer(options: OAuth2Options): Authorizer {
  registerSecret(options.clientSecret);
  const now = options.now ?? Date.now;
  let cached: CachedToken | undefined;
  let pending: Promise<string> | undefined;

  const requestToken = async (signal?: AbortSignal): Promise<CachedToken> => {
    const base = await options.resolver.baseUrl('sentinel', signal);
    const url = `${base}/sentinel/api/v2/account/${encodeURIComponent(options.accountId)}/app/token`;
    const body = new URLSearchParams({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'client_credentials',
    }).toString();
    // Taken before the first attempt: a retried request can only make the token look older than it is.
    const requestedAt = now();
    return callApi(options, {
      api: 'token',
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      ...(signal && { signal }),
      read: (res) => readToken(jsonBody('token', res, 'token response'), requestedAt),
    }).catch((err: unknown) => {
      if (err instanceof LivePersonError && err.kind === 'network_error') options.resolver.forget?.('sentinel');
      throw err;
    });
  };

  return {
    refreshable: true,
    async header(_method, _url, signal) {
      if (cached && (cached.renewAt === undefined || now() < cached.renewAt)) return cached.header;
      if (!pending) {
        pending = requestToken(signal)
          .then((token) => {
            cached = token;
            options.logger?.debug('OAuth 2.0 access token obtained', {
              renewInMs: token.renewAt === undefined ? undefined : token.renewAt - now(),
            });
            return token.header;
          })
          .finally(() => {
            pending = undefined;
          });
      }
      return pending;
    },
    invalidate(rejected) {
      // Pages that were in flight with the old token all see 401: only the first should drop the cache.
      if (rejected === undefined || rejected === cached?.header) cached = undefined;
    },
  };
}

function readToken(json: unknown, requestedAt: number): CachedToken {
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const token = obj['access_token'];
  if (typeof token !== 'string' || !token) {
    throw new LivePersonError({ api: 'token', kind: 'bad_response', message: 'token response has no access_token' });
  }
  registerSecret(token, 'oauth2-access-token');
  const expiresAt = expiryFromExpiresIn(obj['expires_in'], requestedAt) ?? expiryFromJwt(token);
  // A token that says it has expired already (our clock or LivePerson's is off) is used until a
  // 401 says otherwise, rather than fetched anew for every request.
  if (expiresAt === undefined || expiresAt <= requestedAt) return { header: `Bearer ${token}` };
  const lifetime = Math.max(0, expiresAt - requestedAt);
  return { header: `Bearer ${token}`, renewAt: expiresAt - Math.min(MAX_MARGIN_MS, lifetime * 0.1) };
}

function expiryFromExpiresIn(value: unknown, requestedAt: number): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return requestedAt + seconds * 1000;
}

/** The `exp` claim of a JWT, in epoch ms; undefined for an opaque token. The signature is not ours to check. */
export function expiryFromJwt(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)['exp'] : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
