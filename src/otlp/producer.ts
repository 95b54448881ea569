/**
 * The MetricProducer behind the OTLP push. At every collection it maps the families its sources
 * list (the last published snapshot's, the skill names', the exporter's own) and keeps nothing
 * between two collections: a skill that disappeared, or whose value became -1, is simply not in
 * the next export. SDK instruments would not do that: observable gauges under cumulative temporality keep
 * every attribute set they ever saw (opentelemetry-js#4096), and every instrument stream stops at
 * 2,000 attribute sets (then `otel.metric.overflow`). A producer's points bypass both.
 */
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Family } from '../metrics/family.js';
import { isColumnFamily } from '../metrics/nht.js';
import { columnMetricData } from './columns.js';
import { metricData, pointTimes, type PointTimes } from './data.js';
import { markStable } from './encode-once.js';

/**
 * Each lists some of the families /metrics serves, as they are now; one that throws fails only
 * itself. A source marked `stable` lists the same family objects, never edited, until its data
 * changes (a snapshot's NHT families, until the next poll): their points are built and encoded
 * once, at the first collection that lists them, and sent again at every later one.
 */
export type FamilySource = (() => readonly Family[]) & { readonly stable?: boolean };

export interface FamilyProducerOptions {
  readonly sources: readonly FamilySource[];
  /** Echoed in the result; the reader sends its MeterProvider's resource, which is the same one. */
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Origin of the cumulative counters, epoch ms. */
  readonly startMs: number;
  readonly now?: () => number;
  /**
   * Map the NHT families of stable sources to views of their snapshot columns (columns.ts), for
   * an exporter whose serializer writes them (the encode-once one: http/protobuf and gRPC).
   */
  readonly columns?: boolean;
}

/** Without building the points of a column-backed family. */
const size = (family: Family): number => (isColumnFamily(family) ? family.columns.samples.skillIds.length : family.points.length);

export class FamilyMetricProducer implements MetricProducer {
  private readonly now: () => number;
  /** The times of the current collection, read by the reused points whenever they are encoded. */
  private readonly times: PointTimes;
  /** The data of the families of stable sources, built once and sent again at every collection. */
  private readonly mapped = new WeakMap<Family, MetricData>();

  constructor(private readonly options: FamilyProducerOptions) {
    this.now = options.now ?? Date.now;
    this.times = pointTimes(options.startMs, this.now());
  }

  /**
   * A family of a source that is not stable (the exporter's own metrics, new at every collection)
   * is mapped with a copy of its collection's times. One of a stable source reads the current
   * collection's times whenever it is encoded, and is marked for the encode-once serializer.
   */
  private data(family: Family, stable: boolean): MetricData {
    if (!stable) return metricData(family, { ...this.times });
    let data = this.mapped.get(family);
    if (data === undefined) {
      const columns = this.options.columns === true && isColumnFamily(family) && family.def.type === 'gauge';
      data = markStable(columns ? columnMetricData(family, family.columns, this.times) : metricData(family, this.times));
      this.mapped.set(family, data);
    }
    return data;
  }

  /**
   * Never rejects: a source that fails is returned as an error beside the others' data. A family
   * without series (a gauge whose every skill has no data) is left out rather than sent empty.
   */
  async collect(): Promise<CollectionResult> {
    const { sources, resource, scope, startMs } = this.options;
    Object.assign(this.times, pointTimes(startMs, this.now()));
    const errors: unknown[] = [];
    const metrics: MetricData[] = [];
    for (const source of sources) {
      try {
        for (const family of source()) if (size(family) > 0) metrics.push(this.data(family, source.stable === true));
      } catch (err) {
        errors.push(err);
      }
    }
    return { resourceMetrics: { resource, scopeMetrics: [{ scope, metrics }] }, errors };
  }
}
