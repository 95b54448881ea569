/**
 * The points of an NHT gauge as a view of its snapshot column, not 20,000 point objects. The
 * SDK's reader only asks a metric's points for `length` and `slice` (to split an export into
 * requests); the encode-once serializer writes the column's bytes directly (direct-writer.ts).
 * Anything else that reads them (iteration, `map`) gets point objects built on the spot.
 */
import { AggregationTemporality, DataPointType, type GaugeMetricData, type MetricData } from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import type { NhtColumns } from '../metrics/nht.js';
import type { ValueFamily } from '../metrics/family.js';
import type { PointTimes } from './data.js';

type NumberPoint = GaugeMetricData['dataPoints'][number];

export class ColumnPoints {
  constructor(
    readonly columns: NhtColumns,
    readonly times: PointTimes,
    /** The view's first and past-the-last sample of the column. */
    readonly from: number,
    readonly to: number,
  ) {}

  get length(): number {
    return this.to - this.from;
  }

  /** As Array.prototype.slice, for the SDK's batch splitter. */
  slice(begin = 0, end = this.length): ColumnPoints {
    const clamp = (i: number): number => Math.min(Math.max(i < 0 ? this.length + i : i, 0), this.length);
    const from = this.from + clamp(begin);
    return new ColumnPoints(this.columns, this.times, from, Math.max(from, this.from + clamp(end)));
  }

  /** The point of sample `i` of the column, with the attributes /metrics gives it. */
  point(i: number): NumberPoint {
    const { accountId, samples } = this.columns;
    return { startTime: this.times.start, endTime: this.times.end, attributes: { account_id: accountId, skill_id: samples.skillIds[i]! }, value: samples.values[i]! };
  }

  *[Symbol.iterator](): IterableIterator<NumberPoint> {
    for (let i = this.from; i < this.to; i++) yield this.point(i);
  }

  map<T>(fn: (point: NumberPoint, index: number) => T): T[] {
    return Array.from(this, fn);
  }
}

export const isColumnPoints = (points: unknown): points is ColumnPoints => points instanceof ColumnPoints;

/** An NHT gauge as metric data whose points are a view of its column (see the top of this file). */
export function columnMetricData(family: ValueFamily, columns: NhtColumns, times: PointTimes): MetricData {
  const { def } = family;
  const dataPoints = new ColumnPoints(columns, times, 0, columns.samples.skillIds.length) as unknown as NumberPoint[];
  return {
    descriptor: { name: def.otelName, description: def.help, unit: def.otelUnit, valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints,
  };
}

/** The batch with every column view replaced by point objects, for the SDK's serializer. */
export function withPointObjects<B extends { scopeMetrics: ReadonlyArray<{ metrics: readonly MetricData[] }> }>(batch: B): B {
  return {
    ...batch,
    scopeMetrics: batch.scopeMetrics.map((scope) => ({
      ...scope,
      metrics: scope.metrics.map((m) => (isColumnPoints(m.dataPoints) ? ({ ...m, dataPoints: [...(m.dataPoints as unknown as ColumnPoints)] } as MetricData) : m)),
    })),
  };
}
