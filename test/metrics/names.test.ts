import { describe, expect, it } from 'vitest';
import { OWN_FAMILIES, OwnMetrics } from '../../src/metrics/own.js';
import { SKILL_INFO } from '../../src/metrics/skill-info.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { prometheusLabel, prometheusName } from '../otlp/support/prometheus-translation.js';

/** Every family the exporter publishes, from the tables that describe them. */
const ALL = [...NHT_METRICS, SKILL_INFO, ...OWN_FAMILIES];

describe('one dashboard for both paths: OTLP names translate to the /metrics names', () => {
  it.each(ALL.map((f) => [f.otelName, f.otelUnit, f.type, f.name] as const))(
    'the family %s with unit "%s" (%s) arrives in Prometheus as %s',
    (otelName, otelUnit, type, promName) => {
      expect(prometheusName(otelName, otelUnit, type)).toBe(promName);
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
    for (const f of ALL) expect(f.labels.map(prometheusLabel), f.name).toEqual(f.labels);
  });

  it('gives liveperson_skill_info an OTLP twin that translates back to it', () => {
    expect(prometheusName(SKILL_INFO.otelName, SKILL_INFO.otelUnit, 'gauge')).toBe(SKILL_INFO.name);
  });

  it('lists no family twice, under either name', () => {
    expect(new Set(ALL.map((f) => f.name)).size).toBe(ALL.length);
    expect(new Set(ALL.map((f) => f.otelName)).size).toBe(ALL.length);
  });

  it('describes in the table every family OwnMetrics lists, with every feature on', () => {
    const metrics = new OwnMetrics('1.2.3');
    metrics.trackOtlpExports();
    metrics.trackSkillNames();
    const listed = metrics.families().map((f) => f.def);
    expect(listed).toEqual(OWN_FAMILIES);
    expect(listed.map((d) => d.name)).toEqual(
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
  });

  it.each([
    ['liveperson_nht_up', 'gauge', 'liveperson.nht.up', ''],
    ['liveperson_nht_last_success_timestamp_seconds', 'gauge', 'liveperson.nht.last_success_timestamp', 's'],
    ['liveperson_nht_interval_start_timestamp_seconds', 'gauge', 'liveperson.nht.interval_start_timestamp', 's'],
    ['liveperson_nht_skills', 'gauge', 'liveperson.nht.skills', '{skill}'],
    ['liveperson_nht_polls_total', 'counter', 'liveperson.nht.polls', '{poll}'],
    ['liveperson_nht_otlp_exports_total', 'counter', 'liveperson.nht.otlp_exports', '{export}'],
    ['liveperson_nht_poll_duration_seconds', 'histogram', 'liveperson.nht.poll_duration', 's'],
  ] as const)('names %s (%s) %s with unit "%s"', (prom, type, otelName, otelUnit) => {
    expect(OWN_FAMILIES.find((f) => f.name === prom)).toMatchObject({ type, otelName, otelUnit });
  });

  it('pushes nothing without a faithful twin: no process metrics, and every counter ends in _total', () => {
    expect(ALL.filter((f) => !f.name.startsWith('liveperson_'))).toEqual([]);
    for (const f of ALL.filter((x) => x.type === 'counter')) expect(f.name, f.name).toMatch(/_total$/);
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
