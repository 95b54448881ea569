import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { registerSecret } from '../log.js';
import type { Authorizer } from './authorizer.js';

/** LivePerson's legacy app keys (retired 2026, kept for accounts that still have them). */
export interface OAuth1Credentials {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/**
 * OAuth 1.0 HMAC-SHA1: signs the method and the full URL (query included) of every request.
 * The JSON body is not part of the signature (OAuth 1.0 signs form bodies only).
 */
export function createOAuth1Authorizer(credentials: OAuth1Credentials): Authorizer {
  for (const secret of Object.values(credentials)) registerSecret(secret);
  const oauth = new OAuth({
    consumer: { key: credentials.appKey, secret: credentials.appSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  const token = { key: credentials.accessToken, secret: credentials.accessTokenSecret };
  return {
    refreshable: false,
    header: async (method, url) => oauth.toHeader(oauth.authorize({ method, url }, token)).Authorization,
    invalidate: () => {},
  };
}
