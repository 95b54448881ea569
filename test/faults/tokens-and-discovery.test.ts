/**
 * The fault suite, part 4: odd token answers and Domain API garbage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nhtSamples, scrape, startHarness, type Harness } from '../exporter/helpers.js';
import { afterGoodPoll, discovered, expectNoSecret, pollAndCheck, SECRET, type FaultRun } from './support.js';

let run: FaultRun | undefined;
let plain: Harness | undefined;
afterEach(async () => {
  await run?.stop();
  await plain?.stop();
  run = undefined;
  plain = undefined;
});

const jwt = (claims: Record<string, unknown>): string =>
  ['{"alg":"none"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';

describe('when the token endpoint answers oddly', () => {
  it.each([
    ['expires_in 0', { expires_in: 0 }],
    ['a negative expires_in', { expires_in: -30 }],
    ['expires_in as text', { expires_in: 'soon' }],
    ['no expires_in and an opaque token', { expires_in: undefined }],
  ])('keeps polling with a token that has %s, re-fetching it only on a 401', async (_name, change) => {
    run = await afterGoodPoll();
    // Force a new token: the next NHT answer is a 401, the token answer is changed.
    let rejected = false;
    run.fault((req) => {
      if (req.api === 'nht' && !rejected) {
        rejected = true;
        return { kind: 'status', status: 401 };
      }
      if (req.api === 'token') return { kind: 'edit', edit: (json) => ({ ...(json as object), ...change }) };
      return undefined;
    });
    const tokens = run.sim.stats.tokenRequests;
    await pollAndCheck(run, { pollSucceeds: true });
    expect(run.sim.stats.tokenRequests).toBe(tokens + 1);
  });

  it('fails the poll, naming the problem, when the token answer has no access_token', async () => {
    run = await afterGoodPoll();
    run.fault((req) => {
      if (req.api === 'nht') return { kind: 'status', status: 401 };
      if (req.api === 'token') return { kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: '{"token_type":"Bearer"}' };
      return undefined;
    });
    await pollAndCheck(run, { pollSucceeds: false, logSays: /token response has no access_token/ });
  });

  it('keeps a token whose JWT says it expired already (a skewed clock) instead of asking for one per page', async () => {
    run = await afterGoodPoll();
    let rejected = false;
    const stale = jwt({ exp: Math.floor(run.clock.now / 1000) - 3600 });
    run.fault((req) => {
      if (req.api === 'nht' && !rejected) {
        rejected = true;
        return { kind: 'status', status: 401 };
      }
      if (req.api === 'token') return { kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: stale, token_type: 'Bearer' }) };
      return undefined;
    });
    const tokens = run.sim.stats.tokenRequests;
    // The simulator does not know this token: every page answers 401 once, then the poll fails.
    await pollAndCheck(run, { pollSucceeds: false, logSays: /HTTP 401/ });
    expect(run.sim.stats.tokenRequests - tokens).toBeLessThanOrEqual(3);
  });
});

describe('when the Domain API answers garbage', () => {
  const garbage: Array<[string, string]> = [
    ['text that is not JSON', 'Service Unavailable'],
    ['JSON without a baseURI', '{"service":"leDataReporting","account":"12345678"}'],
    ['a baseURI with spaces', '{"baseURI":"va.data liveperson.net"}'],
    ['a JSON array', '[]'],
  ];

  it.each(garbage)('keeps the last known host when a refresh answers %s', async (_name, body) => {
    run = await afterGoodPoll(discovered);
    run.clock.now += 11 * 60_000; // past the 10-minute cache of discovered hosts
    run.fault((req) => (req.api === 'domain' ? { kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body } : undefined));
    const domainBefore = run.sim.stats.domainRequests;
    expect(await run.exporter.poller.pollOnce()).toBe(true);
    expect(run.sim.stats.domainRequests).toBeGreaterThan(domainBefore);
    expect(run.logs.join('\n')).toMatch(/Domain API refresh failed; keeping the last known host/);
    expectNoSecret(run, [...run.logs, (await scrape(run.exporter, '/')).text]);
  });

  it.each(garbage)('fails the first poll, and lives, when the first discovery answers %s', async (_name, body) => {
    plain = await startHarness(
      { skills: 5, clientSecret: SECRET, faults: { script: (req) => (req.api === 'domain' ? { kind: 'reply', status: 200, body } : undefined) } },
      (sim) => ({ ...discovered(sim), LP_CLIENT_SECRET: SECRET }),
    );
    expect(await plain.exporter.poller.pollOnce()).toBe(false);
    expect(plain.exporter.poller.lastResult?.error).toMatch(/Domain API answer for \w+ (is not valid JSON|has no usable baseURI)/);
    const metrics = await scrape(plain.exporter);
    expect(metrics.text).toContain('liveperson_nht_up 0\n');
    expect(nhtSamples(metrics.text).get('liveperson_nht_arrivals')!.size).toBe(0);
    expect((await scrape(plain.exporter, '/readyz')).status).toBe(503);
  });
});
