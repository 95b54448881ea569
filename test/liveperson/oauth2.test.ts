import { describe, expect, it } from 'vitest';
import type { Authorizer } from '../../src/liveperson/authorizer.js';
import { createDomainResolver } from '../../src/liveperson/domain.js';
import { createOAuth2Authorizer, expiryFromJwt } from '../../src/liveperson/oauth2.js';
import { instantSleep } from './helpers.js';
import { sendJson, type FakeServer } from './fake-server.js';
import { useFake } from '../support/for-this-test.js';

const retry = { maxRetries: 2, retryDelayMs: 5000, throttleDelayMs: 1000 };

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.sig`;
}

/** A sentinel that answers each token request with the next body from `bodies` (the last one repeats). */
async function sentinel(bodies: ((n: number) => unknown)[], delayMs = 0): Promise<FakeServer> {
  let n = 0;
  return useFake((_req, res) => {
    const body = bodies[Math.min(n, bodies.length - 1)]!(n);
    n += 1;
    setTimeout(() => sendJson(res, 200, body), delayMs);
  });
}

function authorizer(url: string, now: () => number, sleep = instantSleep().sleep): Authorizer {
  const resolver = createDomainResolver({ accountId: '42', csdsUrl: 'http://127.0.0.1:9', overrides: { sentinel: url }, timeoutMs: 2000, retry });
  return createOAuth2Authorizer({ accountId: '42', clientId: 'cid', clientSecret: 'client-secret-1', resolver, timeoutMs: 2000, retry, now, sleep });
}

describe('OAuth 2.0 token lifetime', () => {
  it('sends the documented form body to the sentinel path of the account', async () => {
    const fake = await sentinel([() => ({ access_token: 'tok-1', expires_in: 3600 })]);
    const auth = authorizer(fake.url, Date.now);

    expect(await auth.header('POST', 'http://x/nht')).toBe('Bearer tok-1');
    const req = fake.seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/sentinel/api/v2/account/42/app/token');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      client_id: 'cid',
      client_secret: 'client-secret-1',
      grant_type: 'client_credentials',
    });
  });

  it('concurrent callers share one token request', async () => {
    const fake = await sentinel([(n) => ({ access_token: `tok-${n}`, expires_in: 3600 })], 50);
    const auth = authorizer(fake.url, Date.now);

    const headers = await Promise.all(Array.from({ length: 8 }, () => auth.header('POST', 'http://x/nht')));

    expect(new Set(headers)).toEqual(new Set(['Bearer tok-0']));
    expect(fake.seen).toHaveLength(1);
  });

  it.each([
    // [what, body, time after issue still reused, time after issue renewed]
    ['expires_in 3600 s: renewed 60 s early', { expires_in: 3600 }, 3_539_000, 3_541_000],
    ['expires_in 300 s: renewed 10% (30 s) early', { expires_in: 300 }, 269_000, 271_000],
    ['expires_in as a string', { expires_in: '300' }, 269_000, 271_000],
  ])('%s', async (_what, extra, reusedAt, renewedAt) => {
    const t0 = 1_700_000_000_000;
    let clock = t0;
    const fake = await sentinel([(n) => ({ access_token: `tok-${n}`, ...extra })]);
    const auth = authorizer(fake.url, () => clock);

    await auth.header('POST', 'u');
    clock = t0 + reusedAt;
    expect(await auth.header('POST', 'u')).toBe('Bearer tok-0');
    clock = t0 + renewedAt;
    expect(await auth.header('POST', 'u')).toBe('Bearer tok-1');
    expect(fake.seen).toHaveLength(2);
  });

  it('without expires_in, reads the JWT exp claim', async () => {
    const t0 = 1_700_000_000_000;
    let clock = t0;
    const fake = await sentinel([(n) => ({ access_token: jwt({ exp: t0 / 1000 + 1200, n }) })]);
    const auth = authorizer(fake.url, () => clock);

    const first = await auth.header('POST', 'u');
    clock = t0 + 1_139_000;
    expect(await auth.header('POST', 'u')).toBe(first);
    clock = t0 + 1_141_000;
    expect(await auth.header('POST', 'u')).not.toBe(first);
  });

  it('with no lifetime at all, reuses the token until a 401 invalidates it', async () => {
    let clock = 0;
    const fake = await sentinel([(n) => ({ access_token: `opaque-${n}` })]);
    const auth = authorizer(fake.url, () => clock);

    await auth.header('POST', 'u');
    clock = 365 * 24 * 3_600_000;
    expect(await auth.header('POST', 'u')).toBe('Bearer opaque-0');
    auth.invalidate('Bearer opaque-0');
    expect(await auth.header('POST', 'u')).toBe('Bearer opaque-1');
  });

  it('a late 401 for an old token does not throw away the new one', async () => {
    const fake = await sentinel([(n) => ({ access_token: `tok-${n}`, expires_in: 3600 })]);
    const auth = authorizer(fake.url, Date.now);

    await auth.header('POST', 'u');
    auth.invalidate('Bearer tok-0');
    expect(await auth.header('POST', 'u')).toBe('Bearer tok-1');
    auth.invalidate('Bearer tok-0'); // a page that was still in flight with tok-0
    expect(await auth.header('POST', 'u')).toBe('Bearer tok-1');
    expect(fake.seen).toHaveLength(2);
  });

  it('a token answer without access_token is a bad response', async () => {
    const fake = await sentinel([() => ({ token_type: 'Bearer' })]);
    const auth = authorizer(fake.url, Date.now);
    await expect(auth.header('POST', 'u')).rejects.toMatchObject({ api: 'token', kind: 'bad_response' });
    expect(fake.seen).toHaveLength(3); // retried maxRetries times like any malformed answer
  });

  it('a sentinel answering 503 is retried, then the token is used', async () => {
    let n = 0;
    const fake = await useFake((_req, res) => (n++ === 0 ? sendJson(res, 503, { message: 'down' }) : sendJson(res, 200, { access_token: 'tok' })));
    const slept = instantSleep();
    const auth = authorizer(fake.url, Date.now, slept.sleep);
    expect(await auth.header('POST', 'u')).toBe('Bearer tok');
    expect(slept.waits).toEqual([5000]);
  });
});

describe('expiryFromJwt', () => {
  it.each([
    [jwt({ exp: 1_700_000_000 }), 1_700_000_000_000],
    [jwt({ sub: 'x' }), undefined],
    ['opaque-token', undefined],
    ['a.%%%.c', undefined],
  ])('%s → %s', (token, expected) => {
    expect(expiryFromJwt(token)).toBe(expected);
  });
});
