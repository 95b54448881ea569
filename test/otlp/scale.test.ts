import { describe, expect, it } from 'vitest';
import { MAX_POINTS_PER_REQUEST } from '../../src/otlp/pusher.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { parseExposition } from './support/exposition.js';
import { metricsOf, type OtlpRequest } from './support/otlp-model.js';
import { toPrometheusSamples } from './support/prometheus-translation.js';
import { scrape } from './support/demo.js';
import { useDemo, useReceiver } from '../support/for-this-test.js';

const SKILLS = 5_000;

function attributeKeys(requests: readonly OtlpRequest[]): Set<string> {
  const keys = new Set<string>();
  for (const r of requests)
    for (const m of metricsOf(r)) for (const p of m.gauge?.dataPoints ?? m.sum?.dataPoints ?? []) for (const a of p.attributes ?? []) keys.add(a.key);
  return keys;
}

describe('a 5,000-skill account over OTLP', () => {
  it('arrives whole through the real exporter: no otel.metric.overflow series, every /metrics series present', async () => {
    const receiver = await useReceiver();
    const exporter = await useDemo(receiver.url, { skills: SKILLS, args: ['--concurrency', '50', '--skill-names', 'false'] });
    expect(await exporter.poller.pollOnce()).toBe(true);
    const { text } = await scrape(exporter);
    const snapshot = exporter.poller.current!;
    expect(snapshot.skills).toHaveLength(SKILLS);

    await exporter.otlp!.flush();
    const points = snapshot.series.reduce((n, s) => n + s.skillIds.length, 0);
    // The NHT points are well above the SDK's default cardinality limit of 2,000 per stream.
    expect(Math.max(...snapshot.series.map((s) => s.skillIds.length))).toBeGreaterThan(2_000);
    const requests = Math.ceil(points / MAX_POINTS_PER_REQUEST);
    const received = await receiver.waitFor(requests, 20_000);

    const bodies = received.map((r) => r.body);
    expect(attributeKeys(bodies)).not.toContain('otel.metric.overflow');
    const pushed = new Map<string, number>();
    for (const body of bodies) for (const [k, v] of toPrometheusSamples(body)) pushed.set(k, v);
    const nht = (samples: Map<string, number>) => new Map([...samples].filter(([k]) => NHT_METRICS.some((m) => k.startsWith(`${m.name}{`))));
    const served = nht(parseExposition(text));
    expect(served.size).toBe(points);
    expect(nht(pushed)).toEqual(served);
    // Split so no request nears gRPC's 4 MiB default message limit.
    for (const r of received) expect(r.bytes).toBeLessThan(2 * 1024 * 1024);
  });
});
