import { describe, expect, it } from 'vitest';
import { useFake, useHarness } from '../support/for-this-test.js';

describe('stopping the exporter', () => {
  it('finishes within its shutdown time while LivePerson and the OTLP receiver both hang', async () => {
    // A receiver that accepts the request and never answers.
    const receiver = await useFake(() => undefined);
    const h = await useHarness(
      { skills: 5 },
      { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '30s', OTEL_METRIC_EXPORT_INTERVAL: '60s' },
      undefined,
      { shutdownMs: 1_500, stopGraceMs: 400 },
    );
    expect(await h.exporter.poller.pollOnce()).toBe(true);
    h.sim.setFaults({ script: (req) => (req.api === 'nht' ? { kind: 'delay', ms: 60_000 } : undefined) });
    const polling = h.exporter.poller.pollOnce();
    const started = performance.now();
    await h.exporter.stop();
    const took = performance.now() - started;
    expect(took).toBeLessThan(1_500 + 300);
    // The poll was given its grace, then aborted; the final push had the rest and was waited for.
    expect(took).toBeGreaterThan(400);
    expect(await polling).toBe(false);
    expect(receiver.seen.some((r) => r.url === '/v1/metrics')).toBe(true);
    expect(h.logs.some((l) => l.includes('final OTLP push did not finish in time') || l.includes('OTLP shutdown did not finish cleanly'))).toBe(true);
  });
});
