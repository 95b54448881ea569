/**
 * The exporter's own metrics (prom-client) as OpenTelemetry data, read from the same registry
 * /metrics renders, so both paths report the same health: gauges stay gauges, counters become
 * monotonic cumulative sums, histograms keep their buckets.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type GaugeMetricData,
  type HistogramMetricData,
  type MetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { otelIdentity, type OwnKind } from './own-names.js';
import { descriptor, type PointTimes } from './points.js';

type Labels = Readonly<Record<string, string | number | undefined>>;

/**
 * One metric of prom-client's `registry.getMetricsAsJSON()` as it is at run time: its typings
 * declare `type` a numeric enum, but the values are the strings 'gauge', 'counter', ...
 */
export interface PromMetricJson {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: ReadonlyArray<{ readonly value: number; readonly labels: Labels; readonly metricName?: string }>;
}

function attributes(labels: Labels, drop?: string): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(labels)) if (k !== drop && v !== undefined) out[k] = String(v);
  return out;
}

function isKind(type: string): type is OwnKind {
  return type === 'gauge' || type === 'counter' || type === 'histogram';
}

/** The `liveperson_nht_*` metrics that have values, converted; others (process metrics, summaries) are left out. */
export function ownMetricData(metrics: readonly PromMetricJson[], times: PointTimes): MetricData[] {
  const out: MetricData[] = [];
  for (const m of metrics) {
    if (!isKind(m.type) || m.values.length === 0) continue;
    const id = otelIdentity(m.name, m.type);
    if (!id) continue;
    const desc = descriptor(id.name, m.help, id.unit);
    const points = (values: PromMetricJson['values']) =>
      values.map((v) => ({ startTime: times.start, endTime: times.end, attributes: attributes(v.labels), value: v.value }));
    if (m.type === 'gauge') {
      const gauge: GaugeMetricData = {
        descriptor: desc,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: points(m.values),
      };
      out.push(gauge);
    } else if (m.type === 'counter') {
      const sum: SumMetricData = {
        descriptor: desc,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: points(m.values),
      };
      out.push(sum);
    } else {
      out.push(histogramData(m, desc, times));
    }
  }
  return out;
}

interface Series {
  attributes: Attributes;
  /** Cumulative count per finite upper bound, as Prometheus buckets are. */
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

/**
 * prom-client lists a histogram as `_bucket{le}` (cumulative), `_sum` and `_count` rows; OTLP
 * wants per-bucket counts over the finite bounds, the +Inf bucket being the rest of the count.
 */
function histogramData(m: PromMetricJson, desc: HistogramMetricData['descriptor'], times: PointTimes): HistogramMetricData {
  const series = new Map<string, Series>();
  for (const v of m.values) {
    const attrs = attributes(v.labels, 'le');
    const key = JSON.stringify(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1)));
    let s = series.get(key);
    if (!s) series.set(key, (s = { attributes: attrs, buckets: new Map(), sum: 0, count: 0 }));
    if (v.metricName === `${m.name}_sum`) s.sum = v.value;
    else if (v.metricName === `${m.name}_count`) s.count = v.value;
    else if (v.metricName === `${m.name}_bucket`) {
      const le = Number(v.labels['le']);
      if (Number.isFinite(le)) s.buckets.set(le, v.value);
    }
  }
  return {
    descriptor: desc,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [...series.values()].map((s) => {
      const boundaries = [...s.buckets.keys()].sort((a, b) => a - b);
      const counts: number[] = [];
      let below = 0;
      for (const bound of boundaries) {
        const cumulative = s.buckets.get(bound) ?? below;
        counts.push(cumulative - below);
        below = cumulative;
      }
      counts.push(s.count - below);
      return {
        startTime: times.start,
        endTime: times.end,
        attributes: s.attributes,
        value: { buckets: { boundaries, counts }, sum: s.sum, count: s.count },
      };
    }),
  };
}
