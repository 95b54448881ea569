import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_DEFAULTS, startSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { fetchToken, getJson, nhtUrl, NOW, postNht, recentQuery, testClock, withSimulator } from './helpers.js';

const KEYS = { appKey: 'app-key-1234', appSecret: 'app-secret-5678', accessToken: 'access-token-9012', accessTokenSecret: 'token-secret-3456' };

async function tokenRequest(sim: Simulator, form: Record<string, string>, contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(`${sim.url}/sentinel/api/v2/account/${sim.accountId}/app/token`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function oauth1Header(method: string, url: string, secret = KEYS.appSecret): string {
  const oauth = new OAuth({
    consumer: { key: KEYS.appKey, secret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  return oauth.toHeader(oauth.authorize({ url, method }, { key: KEYS.accessToken, secret: KEYS.accessTokenSecret })).Authorization;
}

describe('sentinel OAuth 2.0 client credentials', () => {
  const good = { client_id: SIMULATOR_DEFAULTS.clientId, client_secret: SIMULATOR_DEFAULTS.clientSecret, grant_type: 'client_credentials' };

  it('issues a JWT-shaped bearer token whose exp claim matches expires_in', async () => {
    await withSimulator({ tokenTtlSeconds: 600 }, async (sim) => {
      const res = await tokenRequest(sim, good);
      expect(res.status).toBe(200);
      expect(res.body.token_type).toBe('Bearer');
      expect(res.body.expires_in).toBe(600);
      const parts = String(res.body.access_token).split('.');
      expect(parts).toHaveLength(3);
      const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as { exp: number };
      expect(claims.exp).toBe(Math.floor(NOW / 1000) + 600);
      expect(sim.stats.tokenRequests).toBe(1);
    });
  });

  it('answers 401 invalid_client for a wrong secret and 400 for a wrong grant type', async () => {
    await withSimulator({}, async (sim) => {
      const wrong = await tokenRequest(sim, { ...good, client_secret: 'not-the-secret' });
      expect(wrong).toEqual({ status: 401, body: { error: 'invalid_client' } });
      const grant = await tokenRequest(sim, { ...good, grant_type: 'password' });
      expect(grant.status).toBe(400);
      expect(grant.body.error).toBe('unsupported_grant_type');
      const json = await tokenRequest(sim, good, 'application/json');
      expect(json.status).toBe(400);
    });
  });

  it('rejects a token once the injected clock passes its expiry, with the documented 401 body', async () => {
    const clock = testClock();
    const sim = await startSimulator({ now: clock.now, tokenTtlSeconds: 60, skills: 3 });
    try {
      const token = await fetchToken(sim);
      expect((await postNht(sim, token, recentQuery())).status).toBe(200);
      clock.advance(59_000);
      expect((await postNht(sim, token, recentQuery())).status).toBe(200);
      clock.advance(1_000);
      const expired = await postNht(sim, token, recentQuery());
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ reason: 'oauth_problem=token_rejected' });
      // A fresh token works again.
      expect((await postNht(sim, await fetchToken(sim), recentQuery())).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});

describe('NHT authentication', () => {
  it('rejects requests without credentials, with an unknown token, or for another account', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const none = await fetch(nhtUrl(sim), { method: 'POST', body: JSON.stringify(recentQuery()) });
      expect(none.status).toBe(401);
      expect((await postNht(sim, 'made-up-token', recentQuery())).status).toBe(401);
      const token = await fetchToken(sim);
      const other = await fetch(`${sim.url}/operations/api/account/999/nht`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify(recentQuery()),
      });
      expect(other.status).toBe(401);
    });
  });

  it('accepts the configured static bearer token', async () => {
    await withSimulator({ skills: 3, bearerToken: 'static-login-token' }, async (sim) => {
      expect((await postNht(sim, 'static-login-token', recentQuery())).status).toBe(200);
    });
  });

  it('accepts an OAuth 1.0 HMAC-SHA1 signed POST and rejects one signed with the wrong secret', async () => {
    await withSimulator({ skills: 3, oauth1: KEYS }, async (sim) => {
      const post = (authorization: string) =>
        fetch(nhtUrl(sim), { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(recentQuery()) });
      expect((await post(oauth1Header('POST', nhtUrl(sim)))).status).toBe(200);
      const bad = await post(oauth1Header('POST', nhtUrl(sim), 'wrong-secret'));
      expect(bad.status).toBe(401);
      expect(await bad.json()).toEqual({ reason: 'oauth_problem=token_rejected' });
      // Signed for GET but sent as POST: the method is part of the signature.
      expect((await post(oauth1Header('GET', nhtUrl(sim)))).status).toBe(401);
    });
  });

  it('accepts an OAuth 1.0 signed GET whose query parameters are part of the signature', async () => {
    await withSimulator({ skills: 3, oauth1: KEYS }, async (sim) => {
      const params = new URLSearchParams(Object.entries(recentQuery()).map(([k, v]): [string, string] => [k, String(v)]));
      const url = `${nhtUrl(sim)}?${params.toString()}`;
      const ok = await getJson(url, { authorization: oauth1Header('GET', url) });
      expect(ok.status).toBe(200);
      expect(ok.body._metadata.count).toBe(3);
      const tampered = url.replace('interval=15', 'interval=30');
      expect((await getJson(tampered, { authorization: oauth1Header('GET', url) })).status).toBe(401);
    });
  });

  it('does not accept OAuth 1.0 when no keys are configured', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const res = await fetch(nhtUrl(sim), { method: 'POST', headers: { authorization: oauth1Header('POST', nhtUrl(sim)) }, body: JSON.stringify(recentQuery()) });
      expect(res.status).toBe(401);
    });
  });
});
