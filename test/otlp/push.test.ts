import { describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { parseExposition } from './support/exposition.js';
import { metricNamed, resourceOf } from './support/otlp-model.js';
import { toPrometheusSamples } from './support/prometheus-translation.js';
import { type OtlpReceiver } from './support/receiver.js';
import { scrape } from './support/demo.js';
import { useDemo, useReceiver } from '../support/for-this-test.js';

/** Polls once, waits for the skill names, then scrapes /metrics and pushes once: both views of one state. */
async function bothPaths(ex: Exporter, rx: OtlpReceiver): Promise<{ prometheus: Map<string, number>; otlp: Map<string, number> }> {
  expect(await ex.poller.pollOnce()).toBe(true);
  await ex.skillNames?.refresh();
  const { text } = await scrape(ex);
  await ex.otlp!.flush();
  const [first] = await rx.waitFor(1);
  return {
    prometheus: parseExposition(text, (name) => name.startsWith('liveperson_')),
    otlp: toPrometheusSamples(first!.body),
  };
}

// The wire: what a receiver gets over HTTP. What the push carries is tested in memory (content.test.ts).
describe('with OTEL_METRICS_EXPORTER=otlp, the demo pushes what /metrics serves', () => {
  it.each(['http/protobuf', 'http/json'])(
    'over %s, every liveperson_* series of /metrics arrives with the same Prometheus name, labels and value',
    async (protocol) => {
      const receiver = await useReceiver();
      const exporter = await useDemo(receiver.url, { args: ['--otel-exporter-otlp-protocol', protocol] });
      const { prometheus, otlp } = await bothPaths(exporter, receiver);

      // Every NHT gauge, the health gauges, counters, the histogram and skill_info are there.
      const names = new Set([...prometheus.keys()].map((k) => k.slice(0, k.indexOf('{'))));
      for (const m of NHT_METRICS) expect(names).toContain(m.name);
      expect(names).toContain('liveperson_skill_info');
      for (const name of ['liveperson_nht_up', 'liveperson_nht_last_success_timestamp_seconds', 'liveperson_nht_interval_start_timestamp_seconds', 'liveperson_nht_skills', 'liveperson_nht_polls_total', 'liveperson_nht_poll_duration_seconds_bucket', 'liveperson_nht_otlp_exports_total'])
        expect(names).toContain(name);
      expect(prometheus.size).toBeGreaterThan(200);
      expect(otlp).toEqual(prometheus);

      const request = receiver.exports[0]!;
      expect(request.path).toBe('/v1/metrics');
      expect(request.contentType).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
    },
  );

  it('sends to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT as is, with the OTEL_EXPORTER_OTLP_HEADERS, gzip-compressed when asked', async () => {
    const receiver = await useReceiver();
    const exporter = await useDemo('http://127.0.0.1:9', {
      env: {
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${receiver.url}/custom/ingest`,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D123,X-Tenant = contact-center',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      },
    });
    await exporter.poller.pollOnce();
    await exporter.otlp!.flush();
    const [request] = await receiver.waitFor(1);
    expect(request!.path).toBe('/custom/ingest');
    expect(request!.headers['x-api-key']).toBe('abc=123');
    expect(request!.headers['x-tenant']).toBe('contact-center');
    expect(request!.headers['user-agent']).toMatch(/^liveperson-nht-exporter\/\S+ OTel-OTLP-Exporter-JavaScript\//);
    expect(request!.contentEncoding).toBe('gzip');
    expect(metricNamed(request!.body, 'liveperson.nht.net_handle_time').unit).toBe('s');
  });

  it('follows its configuration, not the OTEL_* variables the SDK would read from process.env', async () => {
    const receiver = await useReceiver();
    const saved = { ...process.env };
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://127.0.0.1:9/elsewhere',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_TIMEOUT: '1',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'from-process-env',
    });
    try {
      const exporter = await useDemo(receiver.url, { env: {} });
      await exporter.poller.pollOnce();
      await exporter.otlp!.flush();
      const [request] = await receiver.waitFor(1);
      expect(request!.path).toBe('/v1/metrics');
      expect(request!.contentEncoding).toBeUndefined();
      expect(request!.contentType).toBe('application/x-protobuf');
      expect(resourceOf(request!.body)['service.name']).toBe('liveperson-nht-exporter');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
