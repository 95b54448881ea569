import { describe, expect, it } from 'vitest';
import { NHT_FIELDS } from '../../src/liveperson/types.js';
import { runAtOnce } from '../../src/slices.js';
import { translate } from '../../src/translate/translate.js';
import { countingObserver, ids, instantSleep, simClient, windowAt } from './helpers.js';
import { useSimulator } from '../support/for-this-test.js';

describe('paging through all skills', () => {
  it('with 57 skills, fetches pages 0..50 — the rest concurrently — and never has more than 3 requests in flight', async () => {
    const sim = await useSimulator({ skills: 57, faults: { delayMs: 100 } });
    const client = simClient(sim, { concurrency: 3 });
    const window = windowAt(Date.now());

    const skills = await client.fetchWindow(window);

    expect(ids(skills)).toEqual(sim.skillIds);
    expect(sim.stats.nhtRequests).toBe(6);
    // Pages 10..50 are five requests under a limit of three: the limit is reached, never passed.
    expect(sim.stats.maxInFlight).toBe(3);
  });

  it('keeps the in-flight bound while pages are being retried', async () => {
    const failedOnce = new Set<number>();
    const sim = await useSimulator({
      skills: 95,
      faults: {
        delayMs: 60,
        script: (req) => {
          if (req.api !== 'nht' || req.offset === undefined || failedOnce.has(req.offset)) return undefined;
          failedOnce.add(req.offset);
          return { kind: 'status', status: 503 };
        },
      },
    });
    const client = simClient(sim, { concurrency: 2 });

    const skills = await client.fetchWindow(windowAt(Date.now()));

    expect(skills).toHaveLength(95);
    expect(sim.stats.nhtRequests).toBe(20); // 10 pages, each failed once
    expect(sim.stats.maxInFlight).toBe(2);
  });

  it('returns the values LivePerson served, bucket by bucket, keyed by interval start', async () => {
    const sim = await useSimulator({ skills: 12 });
    const client = simClient(sim);
    const window = windowAt(Date.now());

    const skills = await client.fetchWindow(window);

    expect(skills).toHaveLength(12);
    for (const skill of skills) {
      expect(skill.buckets.length).toBeGreaterThanOrEqual(4);
      expect(skill.buckets[0]?.start).toBe(window.hourStart);
      expect(skill.buckets.map((b) => b.start)).toContain(window.quarterStart);
      for (const bucket of skill.buckets) {
        const served = sim.bucket(skill.skillId, bucket.start, 15);
        for (const field of NHT_FIELDS) expect(bucket.values[field]).toBe(served[field]);
      }
    }
  });

  it('packs a poll\'s pages as they arrive, concurrently, into a store that translates as the whole pages do', async () => {
    const sim = await useSimulator({ skills: 57, pascalCaseRate: 0.5, faults: { delayMs: 20 } });
    const client = simClient(sim, { concurrency: 4 });
    const window = windowAt(Date.now());

    const store = await client.fetchPoll(window);
    const records = await client.fetchWindow(window);

    expect(store.skills).toBe(57);
    const packed = runAtOnce(store.translateSteps());
    expect(packed.skills).toHaveLength(57);
    expect(packed.series.every((s) => s.skillIds.length > 0)).toBe(true);
    expect(packed).toEqual(translate(records, window));
  });

  it('reads the field-table spelling (metadata, AvgTimeInQueue) just as well', async () => {
    const sim = await useSimulator({ skills: 23, pascalCaseRate: 1 });
    const client = simClient(sim);
    const window = windowAt(Date.now());

    const skills = await client.fetchWindow(window);

    expect(ids(skills)).toEqual(sim.skillIds);
    const first = skills[0]!;
    const bucket = first.buckets.find((b) => b.start === window.quarterStart)!;
    expect(bucket.values.avgTimeInQueue).toBe(sim.bucket(first.skillId, window.quarterStart, 15).avgTimeInQueue);
    expect(bucket.values.avgAgentSegmentDuration).toBe(sim.bucket(first.skillId, window.quarterStart, 15).avgAgentSegmentDuration);
  });

  it('with a skill filter, asks LivePerson for just those skills', async () => {
    const sim = await useSimulator({ skills: 40 });
    const wanted = [sim.skillIds[3]!, sim.skillIds[17]!, sim.skillIds[39]!];
    const client = simClient(sim, { skillIds: wanted });

    const skills = await client.fetchWindow(windowAt(Date.now()));

    expect(ids(skills)).toEqual(wanted);
    expect(sim.stats.nhtRequests).toBe(1);
  });

  it('with no skills at all, returns an empty list after one request', async () => {
    const sim = await useSimulator({ skills: 0 });
    const client = simClient(sim);
    await expect(client.fetchWindow(windowAt(Date.now()))).resolves.toEqual([]);
    expect(sim.stats.nhtRequests).toBe(1);
  });
});

describe('finding the hosts', () => {
  it('discovers NHT and sentinel through the Domain API once, then uses the cache', async () => {
    const sim = await useSimulator({ skills: 25 });
    const client = simClient(sim);
    const window = windowAt(Date.now());

    await client.fetchWindow(window);
    await client.fetchWindow(window);

    expect(sim.stats.domainRequests).toBe(2); // leDataReporting and sentinel, once each
    expect(sim.stats.nhtRequests).toBe(6);
  });

  it('with the token host configured, asks the Domain API only for NHT, once over two fetches', async () => {
    const sim = await useSimulator({ skills: 25 });
    const client = simClient(sim, { sentinelBaseUrl: sim.url });
    const window = windowAt(Date.now());

    await client.fetchWindow(window);
    await client.fetchWindow(window);

    expect(sim.stats.domainRequests).toBe(1);
  });

  it('with both base URLs configured, never asks the Domain API', async () => {
    const sim = await useSimulator({ skills: 5 });
    const client = simClient(sim, { nhtBaseUrl: `${sim.url}/`, sentinelBaseUrl: sim.url, csdsUrl: 'http://127.0.0.1:9' });

    await expect(client.fetchWindow(windowAt(Date.now()))).resolves.toHaveLength(5);
    expect(sim.stats.domainRequests).toBe(0);
  });
});

describe('what the exporter can count', () => {
  it('reports every request and retry to the observer', async () => {
    const sim = await useSimulator({
      skills: 30,
      faults: { script: (req) => (req.api === 'nht' && req.seq === 1 ? { kind: 'status', status: 429 } : undefined) },
    });
    const observer = countingObserver();
    const client = simClient(sim, { observer });

    await client.fetchWindow(windowAt(Date.now()));

    expect(Object.fromEntries(observer.requests)).toEqual({
      'domain ok': 2,
      'token ok': 1,
      'nht ok': 3,
      'nht throttled': 1,
    });
    expect(Object.fromEntries(observer.retries)).toEqual({ 'nht throttled': 1 });
  });

  it('aborts promptly when the caller aborts (shutdown)', async () => {
    const sim = await useSimulator({ skills: 50, faults: { delayMs: 5000 } });
    const { sleep } = instantSleep();
    const client = simClient(sim, { sleep });
    const controller = new AbortController();
    const reason = new Error('shutdown');
    setTimeout(() => controller.abort(reason), 50);
    const started = Date.now();

    await expect(client.fetchWindow(windowAt(Date.now()), controller.signal)).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
