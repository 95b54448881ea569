import { AggregationTemporality, DataPointType, type HistogramMetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { VERSION } from '../../src/version.js';
import { NOWHERE, startDemo } from './support/demo.js';
import { memoryExporter, metricIn, pointsIn } from './support/memory.js';

let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.stop();
  exporter = undefined;
});

/** One poll, one push into memory; the pushed data and the exporter. */
async function pushedAfterOnePoll(options: Parameters<typeof startDemo>[1] = {}) {
  const memory = memoryExporter();
  exporter = await startDemo(NOWHERE, { ...options, exporter: memory });
  expect(await exporter.poller.pollOnce()).toBe(true);
  await exporter.otlp!.flush();
  const [exported] = memory.getMetrics();
  return { exporter, exported: exported!, memory };
}

describe('with OTEL_METRICS_EXPORTER=otlp, what the demo pushes', () => {
  it('names, units, attributes and values of the NHT gauges are those of the snapshot', async () => {
    const { exporter, exported } = await pushedAfterOnePoll();
    const snapshot = exporter.poller.current!;

    for (const { metric, skillIds, values } of snapshot.series) {
      if (skillIds.length === 0) continue;
      const pushed = metricIn(exported, metric.otelName);
      expect(pushed.descriptor.unit).toBe(metric.otelUnit);
      expect(pushed.descriptor.description).toBe(metric.help);
      expect(pushed.dataPointType, metric.otelName).toBe(DataPointType.GAUGE);
      expect(pointsIn(exported, metric.otelName)).toEqual(
        skillIds.map((skillId, i) => ({ attributes: { account_id: exporter.accountId, skill_id: skillId }, value: values[i] })),
      );
    }
    const skills = new Set(pointsIn(exported, 'liveperson.nht.net_handle_time').map((p) => p.attributes['skill_id']));
    expect(skills.size).toBeGreaterThan(0);
  });

  it('sends counters as monotonic cumulative sums and the poll duration as a histogram', async () => {
    const { exported } = await pushedAfterOnePoll();

    const polls = metricIn(exported, 'liveperson.nht.polls') as SumMetricData;
    expect(polls.descriptor.unit).toBe('{poll}');
    expect(polls).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: true, aggregationTemporality: AggregationTemporality.CUMULATIVE });
    const duration = metricIn(exported, 'liveperson.nht.poll_duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration).toMatchObject({ dataPointType: DataPointType.HISTOGRAM, aggregationTemporality: AggregationTemporality.CUMULATIVE });
    expect(duration.dataPoints[0]!.value.buckets.boundaries).toEqual([0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]);
    expect(duration.dataPoints[0]!.value.count).toBe(1);
    expect(pointsIn(exported, 'liveperson.nht.up')[0]?.value).toBe(1);
    expect(pointsIn(exported, 'liveperson.nht.interval_start_timestamp').map((p) => p.attributes['interval']).sort()).toEqual(['15m', '1h']);
  });

  it('describes the exporter in the resource: service, version, instance, account and OTEL_RESOURCE_ATTRIBUTES', async () => {
    const { exporter, exported } = await pushedAfterOnePoll({
      env: { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test, team=contact%20center ,service.name=ignored-by-OTEL_SERVICE_NAME' },
      args: ['--otel-service-name', 'nht-eu'],
    });

    const resource = exported.resource.attributes;
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
    expect(exported.scopeMetrics.map(({ scope }) => ({ name: scope.name, version: scope.version }))).toEqual([{ name: 'liveperson-nht-exporter', version: VERSION }]);
  });

  it('takes service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset, else liveperson-nht-exporter', async () => {
    const first = await pushedAfterOnePoll({ env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes' } });
    await first.exporter.stop();
    const second = await pushedAfterOnePoll();
    expect(first.exported.resource.attributes['service.name']).toBe('from-attributes');
    expect(second.exported.resource.attributes['service.name']).toBe('liveperson-nht-exporter');
    expect(second.exported.resource.attributes['service.instance.id']).not.toBe(first.exported.resource.attributes['service.instance.id']);
  });
});
