import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { LivePersonError } from '../../src/liveperson/errors.js';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';
import { countingObserver, ids, rejection, simClient, windowAt } from './helpers.js';
import { useSimulator } from '../support/for-this-test.js';

const oauth1 = {
  appKey: 'app-key-0001',
  appSecret: 'app-secret-0001',
  accessToken: 'access-token-0001',
  accessTokenSecret: 'access-token-secret-0001',
};

describe('OAuth 2.0 client credentials', () => {
  it('fetches one token and reuses it for every page', async () => {
    const sim = await useSimulator({ skills: 57 });
    const client = simClient(sim);

    await client.fetchWindow(windowAt(Date.now()));
    await client.fetchWindow(windowAt(Date.now()));

    expect(sim.stats.nhtRequests).toBe(12);
    expect(sim.stats.tokenRequests).toBe(1);
  });

  it('fetches a new token once the old one is about to expire, by the clock', async () => {
    let clock = Date.now();
    const now = (): number => clock;
    const sim = await useSimulator({ skills: 15, tokenTtlSeconds: 600, now });
    const client = simClient(sim, { now });

    await client.fetchWindow(windowAt(clock));
    clock += 500_000; // 100 s before expiry: beyond the 60 s margin, the token is still used
    await client.fetchWindow(windowAt(clock));
    expect(sim.stats.tokenRequests).toBe(1);

    clock += 50_000; // 50 s before expiry: inside the margin, renewed before LivePerson rejects it
    await client.fetchWindow(windowAt(clock));
    expect(sim.stats.tokenRequests).toBe(2);
    expect(sim.stats.nhtRequests).toBe(6);
  });

  it('after a 401, fetches a new token once and repeats the page', async () => {
    const sim = await useSimulator({
      skills: 40,
      faults: { script: (req) => (req.api === 'nht' && req.seq === 2 ? { kind: 'status', status: 401 } : undefined) },
    });
    const observer = countingObserver();
    const client = simClient(sim, { observer });

    const skills = await client.fetchWindow(windowAt(Date.now()));

    expect(ids(skills)).toEqual(sim.skillIds);
    expect(sim.stats.tokenRequests).toBe(2);
    expect(sim.stats.nhtRequests).toBe(5);
    expect(observer.retries.get('nht unauthorized')).toBe(1);
  });

  it('when LivePerson keeps answering 401, gives up after the one fresh token', async () => {
    const sim = await useSimulator({
      skills: 5,
      faults: { script: (req) => (req.api === 'nht' ? { kind: 'status', status: 401 } : undefined) },
    });
    const client = simClient(sim);

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err).toMatchObject({ api: 'nht', kind: 'unauthorized', status: 401, offset: 0 });
    expect(err.message).toContain('oauth_problem=token_rejected');
    expect(sim.stats.nhtRequests).toBe(2);
    expect(sim.stats.tokenRequests).toBe(2);
  });

  it('with a wrong client secret, fails saying why, and neither the message nor the logs show the secret', async () => {
    const sim = await useSimulator({ skills: 5 });
    const lines: string[] = [];
    const secret = 'wrong-secret-7f3a9c';
    const client = simClient(sim, {
      auth: { mode: 'oauth2', clientId: SIMULATOR_DEFAULTS.clientId, clientSecret: secret },
      logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err).toBeInstanceOf(LivePersonError);
    expect(err).toMatchObject({ api: 'token', kind: 'unauthorized', status: 401, offset: 0 });
    expect(err.message).toContain('HTTP 401');
    expect(err.message).toContain('invalid_client');
    expect(err.message).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(secret);
    expect(sim.stats.tokenRequests).toBe(1);
    expect(sim.stats.nhtRequests).toBe(0);
  });
});

describe('OAuth 1.0 app keys', () => {
  it('signs every page so that LivePerson accepts it', async () => {
    const sim = await useSimulator({ skills: 31, oauth1 });
    const client = simClient(sim, { auth: { mode: 'oauth1', ...oauth1 } });

    const skills = await client.fetchWindow(windowAt(Date.now()));

    expect(ids(skills)).toEqual(sim.skillIds);
    expect(sim.stats.tokenRequests).toBe(0);
    expect(sim.stats.domainRequests).toBe(1);
  });

  it('with a wrong secret, fails at once with the reason: there is no other key to try', async () => {
    const sim = await useSimulator({ skills: 5, oauth1 });
    const client = simClient(sim, { auth: { mode: 'oauth1', ...oauth1, appSecret: 'not-the-app-secret' } });

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(err.message).toContain('token_rejected');
    expect(err.message).not.toContain('not-the-app-secret');
    expect(sim.stats.nhtRequests).toBe(1);
  });
});

describe('a static bearer token', () => {
  it('is sent as is', async () => {
    const sim = await useSimulator({ skills: 12, bearerToken: 'static-bearer-token-1' });
    const client = simClient(sim, { auth: { mode: 'bearer', token: 'static-bearer-token-1' } });

    await expect(client.fetchWindow(windowAt(Date.now()))).resolves.toHaveLength(12);
    expect(sim.stats.tokenRequests).toBe(0);
  });

  it('that LivePerson rejects fails without a retry, and the message does not show it', async () => {
    const sim = await useSimulator({ skills: 12, bearerToken: 'static-bearer-token-1' });
    const client = simClient(sim, { auth: { mode: 'bearer', token: 'expired-bearer-token-2' } });

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err.kind).toBe('unauthorized');
    expect(err.message).not.toContain('expired-bearer-token-2');
    expect(sim.stats.nhtRequests).toBe(1);
  });
});
