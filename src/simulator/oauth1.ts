/**
 * Checks OAuth 1.0 (HMAC-SHA1) `Authorization: OAuth ...` headers by recomputing the signature
 * with the same library a client uses. The signature base is the method, the URL without its
 * query, and the query plus oauth_* parameters; a JSON body is not part of it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import OAuth from 'oauth-1.0a';

export interface OAuth1Keys {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/** The parameters of an `OAuth k="v", ...` header, percent-decoded; undefined when it is not one. */
export function parseOAuthHeader(header: string): Record<string, string> | undefined {
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const part of match[1]!.matchAll(/([A-Za-z0-9_%.-]+)\s*=\s*"([^"]*)"/g)) {
    try {
      params[decodeURIComponent(part[1]!)] = decodeURIComponent(part[2]!);
    } catch {
      return undefined;
    }
  }
  return params;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * True when the header is signed with the configured keys for this request.
 * @param urls the request URL as the client may have written it (with its query string), one per
 *   scheme the client might have used: the simulator serves plain http but a client may sign https.
 */
export function verifyOAuth1(header: string, method: string, urls: readonly string[], keys: OAuth1Keys): boolean {
  const params = parseOAuthHeader(header);
  if (!params) return false;
  const { oauth_signature: signature, realm: _realm, ...data } = params;
  if (!signature || data.oauth_signature_method !== 'HMAC-SHA1') return false;
  if (data.oauth_consumer_key !== keys.appKey || data.oauth_token !== keys.accessToken) return false;
  if (!data.oauth_nonce || !data.oauth_timestamp) return false;
  const oauth = new OAuth({
    consumer: { key: keys.appKey, secret: keys.appSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  return urls.some((url) => {
    // getSignature merges into the object it is given: hand it a fresh copy each time.
    const oauthData = { ...data } as unknown as OAuth.Data;
    return sameText(oauth.getSignature({ url, method }, keys.accessTokenSecret, oauthData), signature);
  });
}
