/**
 * Families as OpenTelemetry metric data, built anew at every collection: gauges stay gauges,
 * counters become monotonic cumulative sums, histograms keep their buckets. Names, units and
 * descriptions are the families' own; attributes are the /metrics labels, so one PromQL query
 * works on both paths.
 */
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { AggregationTemporality, DataPointType, type MetricData, type MetricDescriptor } from '@opentelemetry/sdk-metrics';
import { isHistogram, type Family } from '../metrics/family.js';

/**
 * The times every point of one collection carries. `end` is the collection time, as a scrape's
 * timestamp is the scrape time: a value stays current until the next poll replaces it.
 * `start` is when the exporter started, the origin of its cumulative counters.
 */
export interface PointTimes {
  start: HrTime;
  end: HrTime;
}

/**
 * A gauge or counter point that reads its times from the collection's PointTimes when asked,
 * so the producer can send the same point objects again at the next collection, at its time.
 */
class TimedPoint {
  constructor(
    private readonly times: PointTimes,
    readonly attributes: Attributes,
    readonly value: number,
  ) {}

  get startTime(): HrTime {
    return this.times.start;
  }

  get endTime(): HrTime {
    return this.times.end;
  }
}

export function pointTimes(startMs: number, endMs: number): PointTimes {
  return { start: millisToHrTime(startMs), end: millisToHrTime(endMs) };
}

/** Every value is a double, as on /metrics: the NHT averages are fractional. */
function descriptor(family: Family): MetricDescriptor {
  return { name: family.def.otelName, description: family.def.help, unit: family.def.otelUnit, valueType: ValueType.DOUBLE };
}

/**
 * One family as metric data. Gauges have no temporality in OTLP; the SDK's type still asks for
 * one. Gauge and counter points read their times from `times` whenever they are read.
 */
export function metricData(family: Family, times: PointTimes): MetricData {
  const { start: startTime, end: endTime } = times;
  if (isHistogram(family)) {
    const boundaries = [...family.def.buckets];
    return {
      descriptor: descriptor(family),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: family.points.map((p) => {
        // Prometheus buckets are cumulative; OTLP counts per bucket, the +Inf bucket holding the rest.
        const counts = [...p.cumulative, p.count].map((n, i, all) => n - (i > 0 ? all[i - 1]! : 0));
        return { startTime, endTime, attributes: { ...p.labels }, value: { buckets: { boundaries, counts }, sum: p.sum, count: p.count } };
      }),
    };
  }
  // The labels as they are: families are never edited, and 20,000 skills make 200,000 of them.
  const dataPoints = family.points.map((p) => new TimedPoint(times, p.labels, p.value));
  if (family.def.type === 'counter')
    return { descriptor: descriptor(family), aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints };
  return { descriptor: descriptor(family), aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints };
}
