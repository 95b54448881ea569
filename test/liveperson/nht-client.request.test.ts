import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createBearerAuthorizer } from '../../src/liveperson/authorizer.js';
import { ids, instantSleep, rejection, testClient, windowAt, type TestClientOptions } from './helpers.js';
import { sendJson, type SeenRequest } from './fake-server.js';
import { useFake } from '../support/for-this-test.js';

const window = windowAt(Date.UTC(2026, 0, 15, 10, 7));

function options(url: string, extra: Partial<TestClientOptions> = {}): TestClientOptions {
  return {
    accountId: '12345678',
    authorizer: createBearerAuthorizer('bearer-token-for-tests'),
    nhtBaseUrl: url,
    originator: 'nht_exporter',
    requestTimeout: 2000,
    concurrency: 2,
    maxRetries: 3,
    retryDelay: 5000,
    throttleDelay: 1000,
    sleep: instantSleep().sleep,
    ...extra,
  };
}

const skill = (id: number, start = window.quarterStart): unknown => ({ skillId: id, metricsByIntervals: [{ epochTimestamp: start, arrivals: id }] });
const offsetOf = (req: SeenRequest): number => (JSON.parse(req.body) as { offset: number }).offset;

describe('the NHT request', () => {
  it('is the documented v2 POST: epoch bounds only, 15-minute buckets, 10 skills a page, the skill filter as one string', async () => {
    const fake = await useFake((_req, res) => sendJson(res, 200, { _metadata: { count: 2 }, skillInfo: [skill(1), skill(2)] }));
    const client = testClient(options(fake.url, { skillIds: ['1', '2'] }));

    await client.fetchWindow(window);

    const req = fake.seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/operations/api/account/12345678/nht');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe('Bearer bearer-token-for-tests');
    expect(JSON.parse(req.body)).toEqual({
      v: 2,
      source: 'nht_exporter',
      fromMillis: window.fromMillis,
      toMillis: window.toMillis,
      interval: 15,
      limit: 10,
      offset: 0,
      skillIds: '1,2',
    });
  });

  it('without a filter, leaves skillIds out (all skills)', async () => {
    const fake = await useFake((_req, res) => sendJson(res, 200, { _metadata: { count: 0 }, skillInfo: [] }));
    const client = testClient(options(fake.url));
    await client.fetchWindow(window);
    expect(JSON.parse(fake.seen[0]!.body)).not.toHaveProperty('skillIds');
  });
});

describe('paging when LivePerson is inconsistent', () => {
  it('without a count, walks the pages one by one until a short page', async () => {
    const fake = await useFake((req, res) => {
      const offset = offsetOf(req);
      const size = offset < 20 ? 10 : 3;
      sendJson(res, 200, { metadata: { references: [] }, skillInfo: Array.from({ length: size }, (_, i) => skill(offset + i + 1)) });
    });
    const client = testClient(options(fake.url));

    const skills = await client.fetchWindow(window);

    expect(fake.seen.map(offsetOf)).toEqual([0, 10, 20]);
    expect(skills).toHaveLength(23);
  });

  it('takes a page with fewer skills than promised, and merges a skill repeated across pages', async () => {
    const fake = await useFake((req, res) => {
      const offset = offsetOf(req);
      if (offset === 0) return sendJson(res, 200, { _metadata: { count: 30 }, skillInfo: [skill(1), skill(2)] });
      if (offset === 10) return sendJson(res, 200, { _metadata: { count: 30 }, skillInfo: [skill(2, window.hourStart), skill(3)] });
      return sendJson(res, 200, { _metadata: { count: 30 } });
    });
    const client = testClient(options(fake.url));

    const skills = await client.fetchWindow(window);

    expect(fake.seen.map(offsetOf).sort((a, b) => a - b)).toEqual([0, 10, 20]);
    expect(ids(skills)).toEqual(['1', '2', '3']);
    expect(skills[1]!.buckets.map((b) => b.start)).toEqual([window.hourStart, window.quarterStart]);
  });

  it('logs the buckets it had to drop once per poll, with the page offset', async () => {
    const fake = await useFake((_req, res) =>
      sendJson(res, 200, { _metadata: { count: 1 }, skillInfo: [{ skillId: 7, metricsByIntervals: [{ arrivals: 1 }] }] }),
    );
    const lines: string[] = [];
    const client = testClient(options(fake.url, { logger: createLogger({ write: (l) => lines.push(l) }) }));

    const skills = await client.fetchWindow(window);

    expect(skills).toEqual([{ skillId: '7', buckets: [] }]);
    const logged = lines.filter((l) => l.includes('unusable entries')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'warn', pages: 1, droppedBuckets: 1 });
    expect((logged[0]!['problems'] as string[])[0]).toMatch(/^offset 0: skill 7: metricsByIntervals\[0\] has no usable/);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const now = Date.UTC(2026, 0, 15, 10, 7, 0);
    let n = 0;
    const fake = await useFake((_req, res) =>
      n++ === 0
        ? sendJson(res, 429, { message: 'Too Many Requests' }, { 'retry-after': new Date(now + 4000).toUTCString() })
        : sendJson(res, 200, { _metadata: { count: 0 }, skillInfo: [] }),
    );
    const slept = instantSleep();
    const client = testClient(options(fake.url, { sleep: slept.sleep, now: () => now }));

    await client.fetchWindow(window);

    expect(slept.waits).toEqual([4000]);
  });
});

describe('the client itself', () => {
  it('rejects a window that ends before it starts', async () => {
    const client = testClient(options('http://127.0.0.1:9'));
    await expect(client.fetchWindow({ ...window, toMillis: window.fromMillis })).rejects.toThrow('fromMillis < toMillis');
  });

  it('close() aborts a fetch in flight and later fetches fail at once', async () => {
    const fake = await useFake(() => {}); // never answers
    const client = testClient(options(fake.url, { requestTimeout: 10_000 }));

    const pending = rejection(client.fetchWindow(window));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    client.close();
    const err = (await pending) as Error;

    expect(err.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(client.fetchWindow(window)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
