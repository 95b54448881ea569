import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { nhtSamples, scrape, startHarness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const SECRET = 'very-secret-client-value-4711';

describe('when LivePerson fails', () => {
  it('keeps serving the last good data after a failed poll, and says so in liveperson_nht_up', async () => {
    h = await startHarness({ skills: 15 });
    expect(await h.exporter.poller.pollOnce()).toBe(true);
    const before = nhtSamples((await scrape(h.exporter)).text);

    h.sim.setFaults({ script: (req) => (req.api === 'nht' ? { kind: 'status', status: 503 } : undefined) });
    expect(await h.exporter.poller.pollOnce()).toBe(false);
    const { text } = await scrape(h.exporter);
    expect(nhtSamples(text)).toEqual(before);
    expect(text).toContain('liveperson_nht_up 0\n');
    expect(text).toContain('liveperson_nht_polls_total{result="failure"} 1\n');
    expect((await scrape(h.exporter, '/readyz')).status).toBe(200);
    expect((await scrape(h.exporter, '/')).text).toMatch(/Last poll: failed at .*offset 0/);
    expect(h.logs.some((l) => l.includes('"poll failed; serving the last good data"') && l.includes('503'))).toBe(true);

    h.sim.setFaults(undefined);
    expect(await h.exporter.poller.pollOnce()).toBe(true);
    expect((await scrape(h.exporter)).text).toContain('liveperson_nht_up 1\n');
  });

  it('reports the causes of a 400 without retrying it', async () => {
    h = await startHarness({ skills: 5 });
    h.sim.setFaults({ script: (req) => (req.api === 'nht' ? { kind: 'status', status: 400 } : undefined) });
    expect(await h.exporter.poller.pollOnce()).toBe(false);
    expect(h.sim.stats.nhtRequests).toBe(1);
    expect(h.exporter.poller.lastResult?.error).toMatch(/400/);
  });

  it('is not ready, but alive, before the first successful poll', async () => {
    h = await startHarness({ skills: 5, faults: { script: (req) => (req.api === 'nht' ? { kind: 'status', status: 500 } : undefined) } });
    await h.exporter.poller.pollOnce();
    expect((await scrape(h.exporter, '/readyz')).status).toBe(503);
    expect((await scrape(h.exporter, '/healthz')).status).toBe(200);
    const { status, text } = await scrape(h.exporter);
    expect(status).toBe(200);
    expect(text).toContain('liveperson_nht_up 0\n');
    expect(text).not.toContain('liveperson_nht_arrivals{');
  });

  it('never shows a secret in logs, errors, the landing page or /metrics, even when LivePerson rejects it', async () => {
    h = await startHarness({ skills: 5, clientSecret: 'the-right-secret-value' }, { LP_CLIENT_SECRET: SECRET });
    expect(await h.exporter.poller.pollOnce()).toBe(false);
    const pages = await Promise.all(['/metrics', '/', '/readyz'].map((p) => scrape(h!.exporter, p)));
    for (const page of pages) expect(page.text).not.toContain(SECRET);
    expect(h.logs.join('\n')).not.toContain(SECRET);
    expect(h.exporter.poller.lastResult?.error).toMatch(/token/i);
    expect(h.exporter.poller.lastResult?.error).not.toContain(SECRET);
  });
});

describe('the HTTP endpoints', () => {
  it('serves gzip to Prometheus and plain text to curl, with the same content', async () => {
    h = await startHarness({ skills: 30 });
    await h.exporter.poller.pollOnce();
    const gz = await request(`${h.exporter.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const unzipped = gunzipSync(Buffer.from(await gz.body.arrayBuffer())).toString('utf8');
    const plain = (await scrape(h.exporter)).text;
    const nht = (t: string) => t.split('\n').filter((l) => l.startsWith('liveperson_nht_') && l.includes('skill_id')).join('\n');
    expect(nht(unzipped)).toBe(nht(plain));
    expect(nht(plain).length).toBeGreaterThan(1000);
  });

  it('has a landing page that links to /metrics and tells how the last poll went', async () => {
    h = await startHarness({ skills: 3 });
    await h.exporter.poller.pollOnce();
    const { status, text, headers } = await scrape(h.exporter, '/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/text\/html/);
    expect(text).toContain('<a href="metrics">');
    expect(text).toMatch(/Last poll: succeeded at 2026-11-25T14:20:00.000Z/);
    expect(text).toContain('3 skills');
  });
});
