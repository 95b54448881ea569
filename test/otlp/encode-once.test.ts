import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type GaugeMetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ValueType, type HrTime } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { EncodeOnceSerializer, markStable } from '../../src/otlp/encode-once.js';

const resource = resourceFromAttributes({ 'service.name': 'test' });
const START: HrTime = [1_764_000_000, 5];

/** Points that read their end time from one clock, as the producer's stable points do. */
function gauge(name: string, count: number, end: HrTime): GaugeMetricData & { clock: { end: HrTime } } {
  const clock = { end };
  return {
    clock,
    descriptor: { name, description: 'help', unit: 's', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: Array.from({ length: count }, (_, i) => ({
      startTime: START,
      get endTime() {
        return clock.end;
      },
      attributes: { skill_id: String(i) },
      value: i + 0.5,
    })),
  };
}

const batch = (...metrics: GaugeMetricData[]): ResourceMetrics => ({ resource, scopeMetrics: [{ scope: { name: 'test' }, metrics }] });

/** A new collection time, as the producer sets it. */
function collectAt(metric: { clock: { end: HrTime } }, end: HrTime): void {
  metric.clock.end = end;
}

describe('encoding the points of one poll once', () => {
  it('sends the same bytes as the SDK serializer at every export, with each export\'s own time', () => {
    const serializer = new EncodeOnceSerializer();
    const nht = markStable(gauge('liveperson.nht.net_handle_time', 500, [1_764_000_100, 0]));
    const first = serializer.serializeRequest(batch(nht));
    expect(Buffer.from(first!)).toEqual(Buffer.from(ProtobufMetricsSerializer.serializeRequest(batch(nht))!));

    collectAt(nht, [1_764_000_160, 123_456_789]);
    const second = serializer.serializeRequest(batch(nht));
    expect(Buffer.from(second!)).toEqual(Buffer.from(ProtobufMetricsSerializer.serializeRequest(batch(nht))!));
    // Reused, not encoded again.
    expect(second).toBe(first);
  });

  it('encodes anew when the points are new objects (a new poll), and leaves unmarked batches to the SDK', () => {
    const serializer = new EncodeOnceSerializer();
    const end: HrTime = [1_764_000_100, 0];
    const before = serializer.serializeRequest(batch(markStable(gauge('a', 3, end))));
    const next = markStable(gauge('a', 4, end));
    const after = serializer.serializeRequest(batch(next));
    expect(after).not.toBe(before);
    expect(Buffer.from(after!)).toEqual(Buffer.from(ProtobufMetricsSerializer.serializeRequest(batch(next))!));

    let value = 1;
    const own = { ...gauge('own', 1, end), dataPoints: [{ startTime: START, endTime: end, attributes: {}, get value() { return value; } }] };
    const mixed = batch(markStable(gauge('b', 2, end)), own);
    expect(Buffer.from(serializer.serializeRequest(mixed)!)).toEqual(Buffer.from(ProtobufMetricsSerializer.serializeRequest(mixed)!));
    value = 99; // not marked stable: a change must show
    expect(Buffer.from(serializer.serializeRequest(mixed)!)).toEqual(Buffer.from(ProtobufMetricsSerializer.serializeRequest(mixed)!));
  });

  it('keeps the marked points of a metric the SDK splits into batches, each batch encoded once', () => {
    const serializer = new EncodeOnceSerializer();
    const nht = markStable(gauge('a', 10, [1_764_000_100, 0]));
    // As the SDK's batch splitter copies a metric: a spread, with a slice of the points.
    const halves = [batch({ ...nht, dataPoints: nht.dataPoints.slice(0, 5) }), batch({ ...nht, dataPoints: nht.dataPoints.slice(5) })];
    const firsts = halves.map((b) => serializer.serializeRequest(b)!);
    collectAt(nht, [1_764_000_200, 7]);
    const again = [batch({ ...nht, dataPoints: nht.dataPoints.slice(0, 5) }), batch({ ...nht, dataPoints: nht.dataPoints.slice(5) })];
    again.forEach((b, i) => {
      const bytes = serializer.serializeRequest(b)!;
      expect(bytes).toBe(firsts[i]);
      expect(Buffer.from(bytes)).toEqual(Buffer.from(ProtobufMetricsSerializer.serializeRequest(b)!));
    });
  });
});
