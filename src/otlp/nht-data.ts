/**
 * The nine NHT gauges of a snapshot, and other gauges of plain points, as OpenTelemetry gauge
 * data: pure, built anew at every collection. A skill without a value (LivePerson's -1) has no
 * sample in the snapshot, so it has no point here: absent on OTLP exactly as on /metrics.
 */
import type { Attributes } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type GaugeMetricData } from '@opentelemetry/sdk-metrics';
import type { Snapshot } from '../snapshot.js';
import { descriptor, type PointTimes } from './points.js';

/** The gauges of the snapshot that have at least one point, attributes named like the /metrics labels. */
export function nhtMetricData(snapshot: Snapshot, times: PointTimes): GaugeMetricData[] {
  const out: GaugeMetricData[] = [];
  for (const { metric, samples } of snapshot.series) {
    if (samples.length === 0) continue;
    out.push({
      descriptor: descriptor(metric.otelName, metric.help, metric.otelUnit),
      // Gauges have no temporality in OTLP; the SDK's type still asks for one.
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: samples.map((s) => ({
        startTime: times.start,
        endTime: times.end,
        attributes: { account_id: snapshot.accountId, skill_id: s.skillId },
        value: s.value,
      })),
    });
  }
  return out;
}

/** A gauge given as its OpenTelemetry name, unit and points (liveperson_skill_info, say). */
export interface GaugeSource {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly points: ReadonlyArray<{ readonly attributes: Attributes; readonly value: number }>;
}

export function gaugeData(gauge: GaugeSource, times: PointTimes): GaugeMetricData {
  return {
    descriptor: descriptor(gauge.name, gauge.description, gauge.unit),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: gauge.points.map((p) => ({ startTime: times.start, endTime: times.end, attributes: p.attributes, value: p.value })),
  };
}
