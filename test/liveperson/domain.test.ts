import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createDomainResolver, type DomainResolverOptions } from '../../src/liveperson/domain.js';
import { instantSleep } from './helpers.js';
import { sendJson } from './fake-server.js';
import { useFake } from '../support/for-this-test.js';

const retry = { maxRetries: 1, retryDelayMs: 5000, throttleDelayMs: 1000 };
const base = (url: string, extra: Partial<DomainResolverOptions> = {}): DomainResolverOptions => ({
  accountId: '123',
  csdsUrl: url,
  timeoutMs: 2000,
  retry,
  sleep: instantSleep().sleep,
  // The fake speaks plain http but plays LivePerson's Domain API, whose hosts are https.
  discoveryScheme: 'https',
  ...extra,
});

describe('the Domain API (CSDS)', () => {
  it('asks for one service and puts https:// before the host it names', async () => {
    const fake = await useFake((_req, res) => sendJson(res, 200, { service: 'leDataReporting', account: '123', baseURI: 'va.data.liveperson.net' }));
    const resolver = createDomainResolver(base(fake.url));

    expect(await resolver.baseUrl('leDataReporting')).toBe('https://va.data.liveperson.net');
    expect(fake.seen[0]!.url).toBe('/api/account/123/service/leDataReporting/baseURI.json?version=1.0');
  });

  it('without discoveryScheme, gives discovered hosts the scheme of the Domain API itself', async () => {
    const fake = await useFake((_req, res) => sendJson(res, 200, { service: 'leDataReporting', account: '123', baseURI: 'local.host:8081' }));
    const { discoveryScheme: _, ...options } = base(fake.url);
    expect(await createDomainResolver(options).baseUrl('leDataReporting')).toBe('http://local.host:8081');
  });

  it('with discoveryScheme http, uses http (the simulator)', async () => {
    const fake = await useFake((_req, res) => sendJson(res, 200, { baseURI: '127.0.0.1:8080' }));
    const resolver = createDomainResolver(base(fake.url, { discoveryScheme: 'http' }));
    expect(await resolver.baseUrl('sentinel')).toBe('http://127.0.0.1:8080');
  });

  it('accepts the all-services answer too', async () => {
    const fake = await useFake((_req, res) =>
      sendJson(res, 200, { baseURIs: [{ service: 'sentinel', baseURI: 'sentinel.host' }, { service: 'leDataReporting', baseURI: 'data.host' }] }),
    );
    const resolver = createDomainResolver(base(fake.url));
    expect(await resolver.baseUrl('leDataReporting')).toBe('https://data.host');
  });

  it('keeps an answer for the TTL, per service, then asks again', async () => {
    let clock = 0;
    const fake = await useFake((req, res) => sendJson(res, 200, { baseURI: req.url.includes('sentinel') ? 's.host' : 'd.host' }));
    const resolver = createDomainResolver(base(fake.url, { now: () => clock, ttlMs: 600_000 }));

    await resolver.baseUrl('leDataReporting');
    await resolver.baseUrl('sentinel');
    clock = 599_000;
    expect(await resolver.baseUrl('leDataReporting')).toBe('https://d.host');
    expect(await resolver.baseUrl('sentinel')).toBe('https://s.host');
    expect(fake.seen).toHaveLength(2);
    clock = 600_000;
    await resolver.baseUrl('leDataReporting');
    expect(fake.seen).toHaveLength(3);
  });

  it('concurrent lookups share one request', async () => {
    const fake = await useFake((_req, res) => void setTimeout(() => sendJson(res, 200, { baseURI: 'd.host' }), 30));
    const resolver = createDomainResolver(base(fake.url));
    await Promise.all([1, 2, 3, 4].map(() => resolver.baseUrl('leDataReporting')));
    expect(fake.seen).toHaveLength(1);
  });

  it('when a refresh fails, keeps the last good host and logs why', async () => {
    let clock = 0;
    let up = true;
    const fake = await useFake((_req, res) => (up ? sendJson(res, 200, { baseURI: 'd.host' }) : sendJson(res, 503, { message: 'csds down' })));
    const lines: string[] = [];
    const resolver = createDomainResolver(
      base(fake.url, { now: () => clock, ttlMs: 600_000, logger: createLogger({ write: (l) => lines.push(l) }) }),
    );

    await resolver.baseUrl('leDataReporting');
    up = false;
    clock = 700_000;
    expect(await resolver.baseUrl('leDataReporting')).toBe('https://d.host');
    expect(lines.join('\n')).toContain('keeping the last known host');
    expect(lines.join('\n')).toContain('csds down');
  });

  it('when the first lookup fails, says so', async () => {
    const fake = await useFake((_req, res) => sendJson(res, 404, { message: 'service foo not found' }));
    const resolver = createDomainResolver(base(fake.url));
    await expect(resolver.baseUrl('accountConfigReadOnly')).rejects.toMatchObject({
      api: 'domain',
      kind: 'client_error',
      message: expect.stringContaining('service foo not found'),
    });
  });

  it.each([{}, { baseURI: '' }, { baseURI: 'has space' }, 'text'])('an answer like %j is a bad response', async (body) => {
    const fake = await useFake((_req, res) => sendJson(res, 200, body));
    const resolver = createDomainResolver(base(fake.url, { retry: { ...retry, maxRetries: 0 } }));
    await expect(resolver.baseUrl('leDataReporting')).rejects.toMatchObject({ api: 'domain', kind: 'bad_response' });
  });

  it('a configured base URL is used as is, without asking', async () => {
    const resolver = createDomainResolver(base('http://127.0.0.1:9', { overrides: { leDataReporting: 'http://127.0.0.1:8080/' } }));
    expect(await resolver.baseUrl('leDataReporting')).toBe('http://127.0.0.1:8080');
  });
});
