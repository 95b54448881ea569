import { describe, expect, it } from 'vitest';
import { LivePersonError } from '../../src/liveperson/errors.js';
import { type FaultAction, type FaultRequest } from '../../src/simulator/index.js';
import { countingObserver, ids, instantSleep, rejection, simClient, windowAt } from './helpers.js';
import { useSimulator } from '../support/for-this-test.js';

/** A fault script that answers the page at `offset` with `action` for its first `times` requests, and counts them. */
function pageFault(offset: number, action: FaultAction, times = Infinity) {
  const seen = { count: 0 };
  const script = (req: FaultRequest): FaultAction | undefined => {
    if (req.api !== 'nht' || req.offset !== offset) return undefined;
    seen.count += 1;
    return seen.count <= times ? action : undefined;
  };
  return { script, seen };
}

describe('when LivePerson pushes back', () => {
  it('answering 429 with Retry-After: 3, waits 3 s, then the page succeeds', async () => {
    const fault = pageFault(10, { kind: 'status', status: 429, retryAfterSeconds: 3 }, 1);
    const sim = await useSimulator({ skills: 25, faults: { script: fault.script } });
    const slept = instantSleep();
    const client = simClient(sim, { sleep: slept.sleep, throttleDelay: 1000 });

    const skills = await client.fetchWindow(windowAt(Date.now()));

    expect(ids(skills)).toEqual(sim.skillIds);
    expect(slept.waits).toEqual([3000]);
    expect(fault.seen.count).toBe(2);
  });

  it('answering 429 without Retry-After, waits the throttle delay', async () => {
    const fault = pageFault(0, { kind: 'status', status: 429 }, 2);
    const sim = await useSimulator({ skills: 5, faults: { script: fault.script } });
    const slept = instantSleep();
    const client = simClient(sim, { sleep: slept.sleep, throttleDelay: 1500 });

    await expect(client.fetchWindow(windowAt(Date.now()))).resolves.toHaveLength(5);
    expect(slept.waits).toEqual([1500, 1500]);
  });

  it('answering 503 twice, waits 5 s then 10 s, and the page succeeds', async () => {
    const fault = pageFault(20, { kind: 'status', status: 503 }, 2);
    const sim = await useSimulator({ skills: 35, faults: { script: fault.script } });
    const slept = instantSleep();
    const client = simClient(sim, { sleep: slept.sleep });

    const skills = await client.fetchWindow(windowAt(Date.now()));

    expect(ids(skills)).toEqual(sim.skillIds);
    expect(slept.waits).toEqual([5000, 10_000]);
    expect(fault.seen.count).toBe(3);
  });

  it('answering 503 forever, gives up after 3 retries and a second chance, with an error naming the page offset', async () => {
    const fault = pageFault(30, { kind: 'status', status: 503 });
    const sim = await useSimulator({ skills: 57, faults: { script: fault.script } });
    const slept = instantSleep();
    const client = simClient(sim, { sleep: slept.sleep });

    const err = await rejection(client.fetchWindow(windowAt(Date.now())));

    expect(err).toBeInstanceOf(LivePersonError);
    const e = err as LivePersonError;
    expect(e).toMatchObject({ api: 'nht', kind: 'server_error', status: 503, offset: 30, attempts: 4 });
    expect(e.message).toContain('offset 30');
    expect(e.message).toContain('HTTP 503');
    expect(e.message).toContain('Service Unavailable');
    expect(e.message).toContain('(its second chance failed too)');
    // Four attempts, then, once the other pages are in, four more.
    expect(fault.seen.count).toBe(8);
    expect(slept.waits).toEqual([5000, 10_000, 15_000, 5000, 10_000, 15_000]);
  });

  it('when one page fails for good, the pages still waiting are abandoned', async () => {
    const fault = pageFault(10, { kind: 'status', status: 400 });
    const sim = await useSimulator({ skills: 200, faults: { script: fault.script, delayMs: 20 } });
    const client = simClient(sim, { concurrency: 2 });

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err.offset).toBe(10);
    // 20 pages were due; after the failure at most the page already in flight beside it was sent.
    expect(sim.stats.nhtRequests).toBeLessThanOrEqual(4);
  });

  it('answering 400, does not retry and says the causes', async () => {
    const fault = pageFault(10, { kind: 'status', status: 400 });
    const sim = await useSimulator({ skills: 25, faults: { script: fault.script } });
    const client = simClient(sim);

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err).toMatchObject({ kind: 'client_error', status: 400, offset: 10, causes: ['simulated fault'] });
    expect(err.message).toContain('causes: simulated fault');
    expect(fault.seen.count).toBe(1);
  });

  it('asking for data older than LivePerson keeps, reports LivePerson\'s own cause', async () => {
    const sim = await useSimulator({ skills: 3 });
    const client = simClient(sim);

    const err = (await rejection(client.fetchWindow(windowAt(Date.now() - 70 * 24 * 3_600_000)))) as LivePersonError;

    expect(err.kind).toBe('client_error');
    expect(err.message).toContain('within the last 9 weeks');
    expect(sim.stats.nhtRequests).toBe(1);
  });
});

describe('when the answer is broken', () => {
  it('a body cut short is retried like a server error, then the page succeeds', async () => {
    const fault = pageFault(0, { kind: 'malformed' }, 1);
    const sim = await useSimulator({ skills: 15, faults: { script: fault.script } });
    const observer = countingObserver();
    const slept = instantSleep();
    const client = simClient(sim, { observer, sleep: slept.sleep });

    await expect(client.fetchWindow(windowAt(Date.now()))).resolves.toHaveLength(15);
    expect(observer.requests.get('nht bad_response')).toBe(1);
    expect(observer.retries.get('nht bad_response')).toBe(1);
    expect(slept.waits).toEqual([5000]);
  });

  it('a body that stays broken fails as bad_response naming the page', async () => {
    const sim = await useSimulator({ skills: 15, faults: { malformedRate: 1 } });
    const client = simClient(sim, { maxRetries: 2 });

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err).toMatchObject({ kind: 'bad_response', offset: 0, attempts: 3 });
    expect(err.message).toContain('not valid JSON');
    // Three attempts, and three more on the page's second chance.
    expect(sim.stats.nhtRequests).toBe(6);
  });

  it('a request that takes longer than the timeout is retried, then fails as a timeout', async () => {
    const sim = await useSimulator({ skills: 5, faults: { delayMs: 2000 } });
    const observer = countingObserver();
    const client = simClient(sim, { requestTimeout: 100, maxRetries: 1, observer });

    const err = (await rejection(client.fetchWindow(windowAt(Date.now())))) as LivePersonError;

    expect(err).toMatchObject({ kind: 'timeout', offset: 0, attempts: 2 });
    expect(observer.requests.get('nht timeout')).toBe(4);
  });
});
