import { emptyResource } from '@opentelemetry/resources';
import { DataPointType, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import type { HistogramFamily } from '../../src/metrics/family.js';
import { nhtFamilies } from '../../src/metrics/nht.js';
import { OwnMetrics, POLL_DURATION } from '../../src/metrics/own.js';
import { metricData, pointTimes } from '../../src/otlp/data.js';
import { EncodeOnceSerializer } from '../../src/otlp/encode-once.js';
import { FamilyMetricProducer } from '../../src/otlp/producer.js';
import type { Snapshot } from '../../src/snapshot.js';
import { translate } from '../../src/translate/translate.js';
import { NOW, WINDOW, skill } from './support/records.js';

function snapshotOf(...records: ReturnType<typeof skill>[]): Snapshot {
  const { series, skills } = translate(records, WINDOW);
  return { accountId: '42', window: WINDOW, completedAt: NOW, series, skills };
}

describe('the snapshot producer', () => {
  it('builds every collection from the current snapshot alone, keeping nothing from the one before', async () => {
    let current: Snapshot | undefined = snapshotOf(skill('1', 1), skill('2', 2));
    const producer = new FamilyMetricProducer({
      sources: [() => (current ? nhtFamilies(current) : [])],
      resource: emptyResource(),
      scope: { name: 'test' },
      startMs: NOW - 1_000,
      now: () => NOW,
    });
    const skillIds = async () => {
      const { resourceMetrics, errors } = await producer.collect();
      expect(errors).toEqual([]);
      const nht = resourceMetrics.scopeMetrics[0]!.metrics.find((m) => m.descriptor.name === 'liveperson.nht.net_handle_time');
      return nht?.dataPoints.map((p) => p.attributes['skill_id']) ?? [];
    };

    expect(await skillIds()).toEqual(['1', '2']);
    current = snapshotOf(skill('2', 3));
    expect(await skillIds()).toEqual(['2']);
    current = snapshotOf(skill('2', 3, { netHandleTime: -1 }));
    expect(await skillIds()).toEqual([]);
    current = undefined;
    expect(await skillIds()).toEqual([]);
  });

  it('stamps points with the collection time and the exporter start', async () => {
    const producer = new FamilyMetricProducer({
      sources: [() => nhtFamilies(snapshotOf(skill('1', 1)))],
      resource: emptyResource(),
      scope: { name: 'test' },
      startMs: 1_000,
      now: () => 61_500,
    });
    const { resourceMetrics } = await producer.collect();
    const point = resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!;
    expect(point.startTime).toEqual([1, 0]);
    expect(point.endTime).toEqual([61, 500_000_000]);
  });

  it('encodes the families of a stable source once, from the first collection that lists them', async () => {
    let now = NOW;
    const snapshot = snapshotOf(skill('1', 1), skill('2', 2));
    const families = nhtFamilies(snapshot);
    const producer = new FamilyMetricProducer({
      sources: [Object.assign(() => families, { stable: true })],
      resource: emptyResource(),
      scope: { name: 'test' },
      startMs: NOW - 1_000,
      now: () => now,
    });
    const serializer = new EncodeOnceSerializer();
    const first = serializer.serializeRequest((await producer.collect()).resourceMetrics);
    now += 60_000;
    const again = await producer.collect();
    const second = serializer.serializeRequest(again.resourceMetrics);
    // The bytes of the first export, with the second one's time written into them.
    expect(second).toBe(first);
    expect(again.resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!.endTime).toEqual([(NOW + 60_000) / 1000, 0]);
  });

  it('maps the families of other sources anew at every collection, each with its own time', async () => {
    let now = NOW;
    const families = nhtFamilies(snapshotOf(skill('1', 1)));
    const producer = new FamilyMetricProducer({ sources: [() => families], resource: emptyResource(), scope: { name: 'test' }, startMs: NOW - 1_000, now: () => now });
    const first = (await producer.collect()).resourceMetrics.scopeMetrics[0]!.metrics[0]!;
    now += 60_000;
    const second = (await producer.collect()).resourceMetrics.scopeMetrics[0]!.metrics[0]!;
    expect(second).not.toBe(first);
    expect(first.dataPoints[0]!.endTime).toEqual([NOW / 1000, 0]);
    expect(second.dataPoints[0]!.endTime).toEqual([(NOW + 60_000) / 1000, 0]);
  });

  it('returns a failure to read the own metrics as an error beside the NHT data', async () => {
    const producer = new FamilyMetricProducer({
      sources: [
        () => nhtFamilies(snapshotOf(skill('1', 1))),
        () => {
          throw new Error('registry broke');
        },
      ],
      resource: emptyResource(),
      scope: { name: 'test' },
      startMs: NOW,
    });
    const { resourceMetrics, errors } = await producer.collect();
    expect(errors).toEqual([new Error('registry broke')]);
    expect(resourceMetrics.scopeMetrics[0]!.metrics).toHaveLength(9);
  });
});

describe('histogram families as OTLP histograms', () => {
  it('turns cumulative le buckets into per-bucket counts, the +Inf bucket holding the rest', () => {
    // Observed: 0.5, 0.7, 3, 12 and 40 for nht; 2 for token.
    const family: HistogramFamily = {
      def: { ...POLL_DURATION, labels: ['api'], buckets: [1, 5, 10] },
      points: [
        { labels: { api: 'nht' }, cumulative: [2, 3, 3], sum: 56.2, count: 5 },
        { labels: { api: 'token' }, cumulative: [0, 1, 1], sum: 2, count: 1 },
      ],
    };
    const metric = metricData(family, pointTimes(0, 1)) as HistogramMetricData;
    expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(metric.descriptor).toMatchObject({ name: 'liveperson.nht.poll_duration', unit: 's' });
    expect(metric.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }))).toEqual([
      { attributes: { api: 'nht' }, value: { buckets: { boundaries: [1, 5, 10], counts: [2, 1, 0, 2] }, sum: 56.2, count: 5 } },
      { attributes: { api: 'token' }, value: { buckets: { boundaries: [1, 5, 10], counts: [0, 1, 0, 0] }, sum: 2, count: 1 } },
    ]);
  });

  it('counts the poll durations OwnMetrics observed into the right buckets', () => {
    const metrics = new OwnMetrics('test');
    for (const seconds of [0.1, 0.25, 0.3, 7, 301]) metrics.pollFailed(seconds);
    const family = metrics.families().find((f) => f.def === POLL_DURATION)!;
    const [point] = (metricData(family, pointTimes(0, 1)) as HistogramMetricData).dataPoints;
    expect(point!.value).toEqual({
      buckets: { boundaries: [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], counts: [2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1] },
      sum: 308.65,
      count: 5,
    });
  });
});
