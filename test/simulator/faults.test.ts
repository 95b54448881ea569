import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import type { FaultRequest } from '../../src/simulator/index.js';
import { fetchToken, nhtUrl, NOW, postNht, recentQuery, withSimulator } from './helpers.js';

async function rawNht(url: string, token: string, body: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
}

describe('injected faults', () => {
  it('lets a script answer 429 with Retry-After for one page only, then the next page still succeeds', async () => {
    const seen: FaultRequest[] = [];
    await withSimulator(
      {
        skills: 23,
        faults: {
          script: (req) => {
            seen.push(req);
            return req.api === 'nht' && req.offset === 10 && req.seq === 1 ? { kind: 'status', status: 429, retryAfterSeconds: 2 } : undefined;
          },
        },
      },
      async (sim) => {
        const token = await fetchToken(sim);
        const first = await rawNht(nhtUrl(sim), token, recentQuery());
        const throttled = await rawNht(nhtUrl(sim), token, recentQuery({ offset: 10 }));
        const retried = await rawNht(nhtUrl(sim), token, recentQuery({ offset: 10 }));
        expect([first.status, throttled.status, retried.status]).toEqual([200, 429, 200]);
        expect(throttled.retryAfter).toBe('2');
        expect(seen.map((r) => r.api)).toEqual(['token', 'nht', 'nht', 'nht']);
        expect(seen.filter((r) => r.api === 'nht').map((r) => r.seq)).toEqual([0, 1, 2]);
        expect(sim.stats.nhtRequests).toBe(3);
      },
    );
  });

  it('answers every NHT request 429 with the default Retry-After of 1 s when rate429 is 1', async () => {
    await withSimulator({ skills: 3, faults: { rate429: 1 } }, async (sim) => {
      const res = await rawNht(nhtUrl(sim), await fetchToken(sim), recentQuery());
      expect(res.status).toBe(429);
      expect(res.retryAfter).toBe('1');
    });
  });

  it('alternates 500 and 503 when rate5xx is 1, and recovers after setFaults(undefined)', async () => {
    await withSimulator({ skills: 3, faults: { rate5xx: 1 } }, async (sim) => {
      const token = await fetchToken(sim);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await rawNht(nhtUrl(sim), token, recentQuery())).status);
      expect(statuses).toEqual([500, 503, 500, 503]);
      sim.setFaults(undefined);
      expect((await rawNht(nhtUrl(sim), token, recentQuery())).status).toBe(200);
    });
  });

  it('cuts the JSON body short when malformedRate is 1', async () => {
    await withSimulator({ skills: 3, faults: { malformedRate: 1 } }, async (sim) => {
      const res = await rawNht(nhtUrl(sim), await fetchToken(sim), recentQuery());
      expect(res.status).toBe(200);
      expect(res.text.length).toBeGreaterThan(10);
      expect(() => JSON.parse(res.text)).toThrow();
    });
  });

  it('fails the same requests in two runs with the same seed', async () => {
    const run = () =>
      withSimulator({ skills: 3, seed: 9, faults: { rate429: 0.3, rate5xx: 0.2 } }, async (sim) => {
        const token = await fetchToken(sim);
        const statuses = [];
        for (let i = 0; i < 20; i++) statuses.push((await rawNht(nhtUrl(sim), token, recentQuery())).status);
        return statuses;
      });
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(429);
    expect(first.some((s) => s === 500 || s === 503)).toBe(true);
  });

  it('counts the highest number of NHT requests in flight while responses are slowed down', async () => {
    await withSimulator({ skills: 3, faults: { delayMs: 100 } }, async (sim) => {
      const token = await fetchToken(sim);
      const started = Date.now();
      const results = await Promise.all([0, 1, 2, 3].map(() => postNht(sim, token, recentQuery())));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      expect(sim.stats.maxInFlight).toBe(4);
    });
  });

  it('lets a script delay a single request', async () => {
    await withSimulator({ skills: 3, faults: { script: (req) => (req.api === 'nht' ? { kind: 'delay', ms: 80 } : undefined) } }, async (sim) => {
      const token = await fetchToken(sim);
      const started = Date.now();
      expect((await postNht(sim, token, recentQuery())).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    });
  });

  it('stops at once even while a slow response is pending', async () => {
    const sim = await startSimulator({ skills: 3, now: () => NOW, faults: { delayMs: 60_000 } });
    const token = await fetchToken(sim);
    const pending = fetch(nhtUrl(sim), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(recentQuery()) }).catch(
      (err: unknown) => err,
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sim.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
