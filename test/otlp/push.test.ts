import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { VERSION } from '../../src/version.js';
import { parseExposition } from './support/exposition.js';
import { CUMULATIVE, attributesOf, metricNamed, numberPoints, resourceOf, scopesOf } from './support/otlp-model.js';
import { toPrometheusSamples } from './support/prometheus-translation.js';
import { startReceiver, type OtlpReceiver } from './support/receiver.js';
import { scrape, startDemo } from './support/demo.js';

let receiver: OtlpReceiver | undefined;
let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.stop();
  await receiver?.close();
  exporter = undefined;
  receiver = undefined;
});

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

describe('with OTEL_METRICS_EXPORTER=otlp, the demo pushes what /metrics serves', () => {
  it.each(['http/protobuf', 'http/json'])(
    'over %s, every liveperson_* series of /metrics arrives with the same Prometheus name, labels and value',
    async (protocol) => {
      receiver = await startReceiver();
      exporter = await startDemo(receiver.url, { args: ['--otel-exporter-otlp-protocol', protocol] });
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

  it('names, units, attributes and values of the NHT gauges are those of the snapshot', async () => {
    receiver = await startReceiver();
    exporter = await startDemo(receiver.url);
    await exporter.poller.pollOnce();
    await exporter.otlp!.flush();
    const [request] = await receiver.waitFor(1);
    const snapshot = exporter.poller.current!;

    for (const { metric, samples } of snapshot.series) {
      if (samples.length === 0) continue;
      const pushed = metricNamed(request!.body, metric.otelName);
      expect(pushed.unit).toBe(metric.otelUnit);
      expect(pushed.description).toBe(metric.help);
      expect(pushed.gauge, metric.otelName).toBeDefined();
      const points = (pushed.gauge?.dataPoints ?? []).map((p) => ({ attributes: attributesOf(p.attributes), value: p.asDouble }));
      expect(points).toEqual(samples.map((s) => ({ attributes: { account_id: exporter!.accountId, skill_id: s.skillId }, value: s.value })));
    }
    const skills = new Set(numberPoints(request!.body).filter((p) => p.metric.name.startsWith('liveperson.nht.net')).map((p) => p.attributes['skill_id']));
    expect(skills.size).toBeGreaterThan(0);
  });

  it('sends counters as monotonic cumulative sums and the poll duration as a histogram', async () => {
    receiver = await startReceiver();
    exporter = await startDemo(receiver.url);
    await exporter.poller.pollOnce();
    await exporter.otlp!.flush();
    const [request] = await receiver.waitFor(1);

    const polls = metricNamed(request!.body, 'liveperson.nht.polls');
    expect(polls.unit).toBe('{poll}');
    expect(polls.sum).toMatchObject({ isMonotonic: true, aggregationTemporality: CUMULATIVE });
    const duration = metricNamed(request!.body, 'liveperson.nht.poll_duration');
    expect(duration.unit).toBe('s');
    expect(duration.histogram?.aggregationTemporality).toBe(CUMULATIVE);
    expect(duration.histogram?.dataPoints?.[0]).toMatchObject({ explicitBounds: [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
    expect(Number(duration.histogram?.dataPoints?.[0]?.count)).toBe(1);
    const up = metricNamed(request!.body, 'liveperson.nht.up');
    expect(up.gauge?.dataPoints?.[0]?.asDouble).toBe(1);
    const intervals = numberPoints(request!.body).filter((p) => p.metric.name === 'liveperson.nht.interval_start_timestamp');
    expect(intervals.map((p) => p.attributes['interval']).sort()).toEqual(['15m', '1h']);
  });

  it('describes the exporter in the resource: service, version, instance, account and OTEL_RESOURCE_ATTRIBUTES', async () => {
    receiver = await startReceiver();
    exporter = await startDemo(receiver.url, {
      env: { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test, team=contact%20center ,service.name=ignored-by-OTEL_SERVICE_NAME' },
      args: ['--otel-service-name', 'nht-eu'],
    });
    await exporter.poller.pollOnce();
    await exporter.otlp!.flush();
    const [request] = await receiver.waitFor(1);

    const resource = resourceOf(request!.body);
    expect(resource).toMatchObject({
      'service.name': 'nht-eu',
      'service.version': VERSION,
      'liveperson.account_id': exporter.accountId,
      'deployment.environment.name': 'test',
      team: 'contact center',
      'telemetry.sdk.language': 'nodejs',
    });
    expect(resource['service.instance.id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(exporter.otlp!.resource).toMatchObject({ 'service.name': 'nht-eu', 'service.instance.id': resource['service.instance.id'] });
    expect(scopesOf(request!.body).map(({ name, version }) => ({ name, version }))).toEqual([{ name: 'liveperson-nht-exporter', version: VERSION }]);
  });

  it('takes service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset, else liveperson-nht-exporter', async () => {
    receiver = await startReceiver();
    exporter = await startDemo(receiver.url, { env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes' } });
    await exporter.otlp!.flush();
    await exporter.stop();
    exporter = await startDemo(receiver.url);
    await exporter.otlp!.flush();
    const requests = await receiver.waitFor(3);
    expect(resourceOf(requests[0]!.body)['service.name']).toBe('from-attributes');
    expect(resourceOf(requests[2]!.body)['service.name']).toBe('liveperson-nht-exporter');
    expect(resourceOf(requests[2]!.body)['service.instance.id']).not.toBe(resourceOf(requests[0]!.body)['service.instance.id']);
  });

  it('sends to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT as is, with the OTEL_EXPORTER_OTLP_HEADERS, gzip-compressed when asked', async () => {
    receiver = await startReceiver();
    exporter = await startDemo('http://127.0.0.1:9', {
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
    receiver = await startReceiver();
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
      exporter = await startDemo(receiver.url, { env: {} });
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
