/**
 * The MetricProducer behind the OTLP push. At every collection it builds the data points from
 * the last published snapshot and the own-metrics registry, and keeps nothing between two
 * collections: a skill that disappeared, or whose value became -1, is simply not in the next
 * export. SDK instruments would not do that: observable gauges under cumulative temporality keep
 * every attribute set they ever saw (opentelemetry-js#4096), and every instrument stream stops at
 * 2,000 attribute sets (then `otel.metric.overflow`). A producer's points bypass both.
 */
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Snapshot } from '../snapshot.js';
import { gaugeData, nhtMetricData, type GaugeSource } from './nht-data.js';
import { ownMetricData, type PromMetricJson } from './own-data.js';
import { pointTimes } from './points.js';

/** Where the producer reads: the same two sources /metrics renders. */
export interface ProducerSources {
  /** The last good snapshot; undefined before the first successful poll. */
  snapshot(): Snapshot | undefined;
  /** The own metrics, as `registry.getMetricsAsJSON()` gives them. */
  ownMetrics(): Promise<readonly PromMetricJson[]>;
  /** Other gauges /metrics serves beside the NHT data, such as liveperson_skill_info. */
  extraGauges?(): readonly GaugeSource[];
}

export interface SnapshotProducerOptions {
  readonly sources: ProducerSources;
  /** Echoed in the result; the reader sends its MeterProvider's resource, which is the same one. */
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Origin of the cumulative counters, epoch ms. */
  readonly startMs: number;
  readonly now?: () => number;
}

export class SnapshotMetricProducer implements MetricProducer {
  private readonly now: () => number;

  constructor(private readonly options: SnapshotProducerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Never rejects: a failure to read the own metrics is returned as an error beside the NHT data. */
  async collect(): Promise<CollectionResult> {
    const { sources, resource, scope, startMs } = this.options;
    const times = pointTimes(startMs, this.now());
    const errors: unknown[] = [];
    const metrics: MetricData[] = [];
    const snapshot = sources.snapshot();
    if (snapshot) metrics.push(...nhtMetricData(snapshot, times));
    for (const gauge of sources.extraGauges?.() ?? []) if (gauge.points.length > 0) metrics.push(gaugeData(gauge, times));
    try {
      metrics.push(...ownMetricData(await sources.ownMetrics(), times));
    } catch (err) {
      errors.push(err);
    }
    return { resourceMetrics: { resource, scopeMetrics: [{ scope, metrics }] }, errors };
  }
}
