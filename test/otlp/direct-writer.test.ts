import { ValueType } from '@opentelemetry/api';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, MeterProvider, PeriodicExportingMetricReader, type MetricData, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ExportResultCode } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nhtColumnFamilies } from '../../src/metrics/nht.js';
import type { Snapshot } from '../../src/snapshot.js';
import { columnMetricData, ColumnPoints, withPointObjects } from '../../src/otlp/columns.js';
import { pointTimes } from '../../src/otlp/data.js';
import { writeRequest } from '../../src/otlp/direct-writer.js';
import { EncodeOnceSerializer, markStable } from '../../src/otlp/encode-once.js';
import { FamilyMetricProducer } from '../../src/otlp/producer.js';
import { NHT_METRICS, type NhtMetric } from '../../src/translate/metrics.js';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const key = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const value = fc.oneof(fc.constantFrom(0, -0, 0.5, 1e308, -1e-308, 123_456.789, 2 ** 53 + 2), fc.double({ noNaN: true }));
const times = fc.record({ startMs: fc.integer({ min: 0, max: 4_000_000_000_000 }), elapsedMs: fc.integer({ min: 0, max: 1e9 }) });

/** An NHT metric definition with arbitrary (possibly empty, possibly non-ASCII) texts. */
const def = fc.record({ otelName: key, help: text, otelUnit: text }).map((d) => ({ ...NHT_METRICS[0]!, ...d }) as NhtMetric);

const columns = fc.record({
  accountId: text,
  rows: fc.array(fc.tuple(text, value), { maxLength: 30 }),
});

/** A metric with point objects, as skill_info and the exporter's own gauges and counters are. */
const objectMetric = fc.record({
  name: key,
  description: text,
  unit: text,
  sum: fc.boolean(),
  monotonic: fc.boolean(),
  points: fc.array(fc.tuple(fc.dictionary(key, text, { maxKeys: 3 }), value), { maxLength: 5 }),
});

const arbitraryBatch = fc.record({
  resource: fc.dictionary(key, text, { maxKeys: 5 }),
  scope: fc.record({ name: text, version: text }),
  times,
  columns: fc.array(fc.tuple(def, columns), { maxLength: 4 }),
  objects: fc.array(objectMetric, { maxLength: 3 }),
});

type Arbitrary = typeof arbitraryBatch extends fc.Arbitrary<infer T> ? T : never;

function build(a: Arbitrary): ResourceMetrics {
  const t = pointTimes(a.times.startMs, a.times.startMs + a.times.elapsedMs);
  const metrics: MetricData[] = a.columns.map(([metric, c]) => {
    const samples = { metric, skillIds: c.rows.map(([id]) => id), values: Float64Array.from(c.rows.map(([, v]) => v)) };
    return columnMetricData({ def: metric, points: [] }, { accountId: c.accountId, samples }, t);
  });
  for (const o of a.objects) {
    const dataPoints = o.points.map(([attributes, v]) => ({ startTime: t.start, endTime: t.end, attributes, value: v }));
    const descriptor = { name: o.name, description: o.description, unit: o.unit, valueType: ValueType.DOUBLE };
    metrics.push(
      o.sum
        ? { descriptor, dataPointType: DataPointType.SUM, aggregationTemporality: AggregationTemporality.CUMULATIVE, isMonotonic: o.monotonic, dataPoints }
        : { descriptor, dataPointType: DataPointType.GAUGE, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPoints },
    );
  }
  return { resource: resourceFromAttributes(a.resource), scopeMetrics: [{ scope: a.scope, metrics }] };
}

const sdkBytes = (batch: ResourceMetrics): Buffer => Buffer.from(ProtobufMetricsSerializer.serializeRequest(withPointObjects(batch))!);

describe('writing OTLP requests from snapshot columns', () => {
  it('writes the same bytes as the SDK serializer for any batch of column and object metrics', () => {
    fc.assert(
      fc.property(arbitraryBatch, (a) => {
        const batch = build(a);
        expect(writeRequest(batch)!.bytes).toEqual(sdkBytes(batch));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same bytes for a column view cut at any place, as the SDK splitter cuts it', () => {
    fc.assert(
      fc.property(arbitraryBatch, fc.nat(), fc.nat(), (a, x, y) => {
        const metric = build(a).scopeMetrics[0]!.metrics[0];
        fc.pre(metric !== undefined && metric.dataPoints instanceof ColumnPoints);
        const n = metric!.dataPoints.length + 1;
        const [from, to] = [x % n, y % n].sort((p, q) => p - q);
        const sliced = { ...metric!, dataPoints: metric!.dataPoints.slice(from, to) } as MetricData;
        const cut: ResourceMetrics = { resource: resourceFromAttributes(a.resource), scopeMetrics: [{ scope: a.scope, metrics: [sliced] }] };
        expect(cut.scopeMetrics[0]!.metrics[0]!.dataPoints.length).toBe(to! - from!);
        expect(writeRequest(cut)!.bytes).toEqual(sdkBytes(cut));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves to the SDK what it does not write: integer values, non-string attributes, histograms', () => {
    const t = pointTimes(0, 1000);
    const resource = resourceFromAttributes({ a: 'b' });
    const gauge = (valueType: ValueType, attributes: Record<string, unknown>): MetricData => ({
      descriptor: { name: 'g', description: '', unit: '', valueType },
      dataPointType: DataPointType.GAUGE,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPoints: [{ startTime: t.start, endTime: t.end, attributes: attributes as never, value: 1 }],
    });
    const of = (m: MetricData): ResourceMetrics => ({ resource, scopeMetrics: [{ scope: { name: 's' }, metrics: [m] }] });
    expect(writeRequest(of(gauge(ValueType.INT, {})))).toBeUndefined();
    expect(writeRequest(of(gauge(ValueType.DOUBLE, { n: 1 })))).toBeUndefined();
    expect(writeRequest(of(gauge(ValueType.DOUBLE, { s: 'x' })))).toBeDefined();
    // The encode-once serializer still sends such a batch, through the SDK, even when marked stable.
    const stable = markStable(gauge(ValueType.DOUBLE, { n: 1 }));
    expect(Buffer.from(new EncodeOnceSerializer().serializeRequest(of(stable))!)).toEqual(sdkBytes(of(stable)));
  });

  it('sends, split by the SDK reader into requests, the bytes the SDK would, again at a later export with its own time', async () => {
    const accountId = 'accöunt 1';
    const series = NHT_METRICS.slice(0, 3).map((metric, m) => {
      const skillIds = Array.from({ length: 25 + m }, (_, i) => (i % 3 === 0 ? `skïll-${i}` : String(1000 + i)));
      return { metric, skillIds, values: Float64Array.from(skillIds, (_, i) => (i % 4 === 0 ? 0 : i * 1e7 + 0.25)) };
    });
    const snapshot = { accountId, series } as unknown as Snapshot;
    // Points are never built for this push: reading them fails the export.
    const families = nhtColumnFamilies(snapshot).map((f) => ({
      def: f.def,
      columns: f.columns,
      get points(): never {
        throw new Error('points read');
      },
    }));
    let now = 1_764_000_000_000;
    const resource = resourceFromAttributes({ 'service.name': 'nht', 'liveperson.account_id': accountId });
    const producer = new FamilyMetricProducer({ sources: [Object.assign(() => families, { stable: true })], resource, scope: { name: 'x', version: '1' }, startMs: now - 5000, now: () => now, columns: true });
    const serializer = new EncodeOnceSerializer();
    const sent: Array<{ ours: Uint8Array; copy: Buffer; sdk: Buffer }> = [];
    const exporter: PushMetricExporter = {
      export(batch, done) {
        const ours = serializer.serializeRequest(batch)!;
        // A copy as sent: the next export rewrites the times in place.
        sent.push({ ours, copy: Buffer.from(ours), sdk: sdkBytes(batch) });
        done({ code: ExportResultCode.SUCCESS });
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000, metricProducers: [producer], maxExportBatchSize: 10 });
    const provider = new MeterProvider({ resource, readers: [reader] });
    await provider.forceFlush();
    const first = sent.splice(0);
    now += 60_000;
    await provider.forceFlush();
    const second = sent.splice(0);
    await provider.shutdown();

    expect(first).toHaveLength(Math.ceil((25 + 26 + 27) / 10));
    expect(second).toHaveLength(first.length);
    for (const { copy, sdk } of [...first, ...second]) expect(copy).toEqual(sdk);
    // Reused, with the later export's time, not written again.
    second.forEach(({ ours }, i) => expect(ours).toBe(first[i]!.ours));
  });
});
