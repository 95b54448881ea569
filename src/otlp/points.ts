/**
 * Shared pieces of the OpenTelemetry data points the producer builds.
 */
import { ValueType, type HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { MetricDescriptor } from '@opentelemetry/sdk-metrics';

/**
 * The times every point of one collection carries. `end` is the collection time, as a scrape's
 * timestamp is the scrape time: a value stays current until the next poll replaces it.
 * `start` is when the exporter started, the origin of its cumulative counters.
 */
export interface PointTimes {
  readonly start: HrTime;
  readonly end: HrTime;
}

export function pointTimes(startMs: number, endMs: number): PointTimes {
  return { start: millisToHrTime(startMs), end: millisToHrTime(endMs) };
}

/** Every value is a double, as on /metrics: the NHT averages are fractional, and counts are floats in prom-client too. */
export function descriptor(name: string, description: string, unit: string): MetricDescriptor {
  return { name, description, unit, valueType: ValueType.DOUBLE };
}
