import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/liveperson/auth.js';
import { createBearerAuthorizer } from '../../src/liveperson/authorizer.js';
import { createDomainResolver } from '../../src/liveperson/domain.js';
import { createOAuth1Authorizer } from '../../src/liveperson/oauth1.js';

const keys = { appKey: 'app-key-1', appSecret: 'app secret&1', accessToken: 'token-1', accessTokenSecret: 'token secret/1' };

/** RFC 3986 percent-encoding, as OAuth 1.0 (RFC 5849 §3.6) requires. */
const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function headerParams(header: string): Record<string, string> {
  expect(header.startsWith('OAuth ')).toBe(true);
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
}

/** The signature RFC 5849 §3.4 prescribes, computed here independently of the signing library. */
function expectedSignature(method: string, url: string, oauth: Record<string, string>): string {
  const u = new URL(url);
  const params: [string, string][] = [...u.searchParams, ...Object.entries(oauth).filter(([k]) => k !== 'oauth_signature')];
  const normalized = params
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = [method.toUpperCase(), enc(`${u.protocol}//${u.host}${u.pathname}`), enc(normalized)].join('&');
  return createHmac('sha1', `${enc(keys.appSecret)}&${enc(keys.accessTokenSecret)}`).update(base).digest('base64');
}

describe('OAuth 1.0 signing', () => {
  it.each([
    ['POST', 'https://va.data.liveperson.net/operations/api/account/123/nht'],
    ['GET', 'https://va.data.liveperson.net/operations/api/account/123/nht?offset=10&limit=10&source=a b&v=2'],
  ])('signs %s %s with HMAC-SHA1 over method, URL and query', async (method, url) => {
    const header = await createOAuth1Authorizer(keys).header(method, url);
    const params = headerParams(header);

    expect(params).toMatchObject({ oauth_consumer_key: 'app-key-1', oauth_token: 'token-1', oauth_signature_method: 'HMAC-SHA1', oauth_version: '1.0' });
    expect(params['oauth_signature']).toBe(expectedSignature(method, url, params));
  });

  it('uses a fresh nonce for every request', async () => {
    const auth = createOAuth1Authorizer(keys);
    const a = headerParams(await auth.header('POST', 'https://h/p'));
    const b = headerParams(await auth.header('POST', 'https://h/p'));
    expect(a['oauth_nonce']).not.toBe(b['oauth_nonce']);
  });

  it('cannot be refreshed: a 401 is final', () => {
    expect(createOAuth1Authorizer(keys).refreshable).toBe(false);
  });
});

describe('createAuthorizer', () => {
  const deps = {
    accountId: '1',
    resolver: createDomainResolver({ accountId: '1', csdsUrl: 'http://127.0.0.1:9', timeoutMs: 100, retry: { maxRetries: 0, retryDelayMs: 0, throttleDelayMs: 0 } }),
    timeoutMs: 100,
    retry: { maxRetries: 0, retryDelayMs: 0, throttleDelayMs: 0 },
  };

  it('builds the scheme the configuration names', async () => {
    expect(createAuthorizer({ mode: 'oauth2', clientId: 'c', clientSecret: 'secret-123' }, deps).refreshable).toBe(true);
    expect(await createAuthorizer({ mode: 'oauth1', ...keys }, deps).header('GET', 'https://h/')).toMatch(/^OAuth /);
    expect(await createAuthorizer({ mode: 'bearer', token: 'tok-abc' }, deps).header('GET', 'https://h/')).toBe('Bearer tok-abc');
  });

  it('a static bearer token is not refreshable', () => {
    expect(createBearerAuthorizer('tok-abc').refreshable).toBe(false);
  });
});
