import { describe, expect, it } from 'vitest';
import { otelIdentity, type OwnKind } from '../../src/otlp/own-names.js';
import { OwnMetrics } from '../../src/prometheus/own-metrics.js';
import { SKILL_INFO_METRIC, SKILL_INFO_OTEL_NAME } from '../../src/skills/index.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { prometheusLabel, prometheusName } from './support/prometheus-translation.js';

describe('one dashboard for both paths: OTLP names translate to the /metrics names', () => {
  it.each(NHT_METRICS.map((m) => [m.otelName, m.otelUnit, m.name] as const))(
    'the NHT gauge %s with unit %s arrives in Prometheus as %s',
    (otelName, otelUnit, promName) => {
      expect(prometheusName(otelName, otelUnit, 'gauge')).toBe(promName);
    },
  );

  it('names the NHT gauges under liveperson.nht. with units seconds, ratio or a count annotation', () => {
    expect(NHT_METRICS.map((m) => `${m.otelName} ${m.otelUnit}`)).toEqual([
      'liveperson.nht.arrivals {segment}',
      'liveperson.nht.avg_time_in_queue s',
      'liveperson.nht.total_agent_segment_duration s',
      'liveperson.nht.avg_agent_segment_duration s',
      'liveperson.nht.avg_available_load 1',
      'liveperson.nht.messages_sent {message}',
      'liveperson.nht.handled_segments {segment}',
      'liveperson.nht.avg_segment_work_time s',
      'liveperson.nht.net_handle_time s',
    ]);
  });

  it('keeps the labels account_id and skill_id as they are', () => {
    expect(['account_id', 'skill_id', 'interval', 'result'].map(prometheusLabel)).toEqual(['account_id', 'skill_id', 'interval', 'result']);
  });

  it('gives liveperson_skill_info an OTLP twin that translates back to it', () => {
    expect(prometheusName(SKILL_INFO_OTEL_NAME, '', 'gauge')).toBe(SKILL_INFO_METRIC);
  });

  it('gives every liveperson_nht_* metric of OwnMetrics an OTLP name that translates back to it', async () => {
    const metrics = new OwnMetrics('1.2.3', { processMetrics: false });
    metrics.trackOtlpExports();
    metrics.trackSkillNames();
    const own = (await metrics.registry.getMetricsAsJSON()) as unknown as Array<{ name: string; type: OwnKind }>;
    const names = own.map((m) => m.name).filter((n) => n.startsWith('liveperson_nht_'));
    expect(names).toEqual(
      expect.arrayContaining([
        'liveperson_nht_up',
        'liveperson_nht_last_success_timestamp_seconds',
        'liveperson_nht_interval_start_timestamp_seconds',
        'liveperson_nht_skills',
        'liveperson_nht_polls_total',
        'liveperson_nht_poll_duration_seconds',
        'liveperson_nht_otlp_exports_total',
      ]),
    );
    for (const m of own.filter((x) => x.name.startsWith('liveperson_nht_'))) {
      const id = otelIdentity(m.name, m.type);
      expect(id, m.name).toBeDefined();
      expect(prometheusName(id!.name, id!.unit, m.type), m.name).toBe(m.name);
    }
  });

  it.each([
    ['liveperson_nht_up', 'gauge', 'liveperson.nht.up', ''],
    ['liveperson_nht_last_success_timestamp_seconds', 'gauge', 'liveperson.nht.last_success_timestamp', 's'],
    ['liveperson_nht_interval_start_timestamp_seconds', 'gauge', 'liveperson.nht.interval_start_timestamp', 's'],
    ['liveperson_nht_skills', 'gauge', 'liveperson.nht.skills', '{skill}'],
    ['liveperson_nht_polls_total', 'counter', 'liveperson.nht.polls', '{poll}'],
    ['liveperson_nht_otlp_exports_total', 'counter', 'liveperson.nht.otlp_exports', '{export}'],
    ['liveperson_nht_poll_duration_seconds', 'histogram', 'liveperson.nht.poll_duration', 's'],
    ['liveperson_nht_load_ratio', 'gauge', 'liveperson.nht.load', '1'],
  ] as const)('names %s (%s) %s with unit "%s"', (prom, kind, name, unit) => {
    expect(otelIdentity(prom, kind)).toEqual({ name, unit });
  });

  it('leaves out what has no faithful twin: process metrics, and a counter without _total', () => {
    expect(otelIdentity('process_cpu_seconds_total', 'counter')).toBeUndefined();
    expect(otelIdentity('nodejs_heap_size_used_bytes', 'gauge')).toBeUndefined();
    expect(otelIdentity('liveperson_nht_events', 'counter')).toBeUndefined();
  });

  it('applies the translation rules as Prometheus does (checks of the test helper itself)', () => {
    expect(prometheusName('http.server.request.duration', 's', 'histogram')).toBe('http_server_request_duration_seconds');
    expect(prometheusName('requests', '1', 'counter')).toBe('requests_total');
    expect(prometheusName('cpu.utilization', '1', 'gauge')).toBe('cpu_utilization_ratio');
    expect(prometheusName('queue..length', '{item}', 'gauge')).toBe('queue_length');
    expect(prometheusName('latency_seconds', 's', 'gauge')).toBe('latency_seconds');
    expect(prometheusName('memory.usage', 'By', 'gauge')).toBe('memory_usage_bytes');
    expect(prometheusLabel('service.name')).toBe('service_name');
  });
});
