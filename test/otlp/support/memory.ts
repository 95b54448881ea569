/**
 * What the OTLP push sends, read as the SDK's own data: the exporter pushes into the SDK's
 * InMemoryMetricExporter, so content tests need no receiver and no wire format. The wire tests
 * (push over http/protobuf and http/json, grpc, scale) keep a real receiver.
 */
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { loadConfig } from '../../../src/config/load.js';
import { resolveOtlpSettings, type OtlpSettings } from '../../../src/otlp/settings.js';
import { prometheusLabel, prometheusName, seriesKey, type PromType } from './prometheus-translation.js';

/** The push's settings as the configuration gives them (export every hour unless `interval` says otherwise). */
export function pushSettings(interval = '1h'): OtlpSettings {
  const loaded = loadConfig(['--demo', '--otel-metrics-exporter', 'otlp', '--otel-metric-export-interval', interval], {});
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const settings = resolveOtlpSettings(loaded.config.otlp);
  if (!settings) throw new Error('OTLP settings expected');
  return settings;
}

export function memoryExporter(): InMemoryMetricExporter {
  return new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
}

export function metricsIn(exported: ResourceMetrics): MetricData[] {
  return exported.scopeMetrics.flatMap((s) => s.metrics);
}

/** The metric of that OpenTelemetry name, or a test failure. */
export function metricIn(exported: ResourceMetrics, name: string): MetricData {
  const found = metricsIn(exported).find((m) => m.descriptor.name === name);
  if (!found) throw new Error(`no metric ${name} in the export; got ${metricsIn(exported).map((m) => m.descriptor.name).join(', ')}`);
  return found;
}

/** The gauge or sum points of one metric as { attributes, value }; none when it is not there. */
export function pointsIn(exported: ResourceMetrics, name: string): Array<{ attributes: Record<string, string>; value: number }> {
  const metric = metricsIn(exported).find((m) => m.descriptor.name === name);
  if (!metric || metric.dataPointType === DataPointType.HISTOGRAM) return [];
  return metric.dataPoints.map((p) => ({ attributes: p.attributes as Record<string, string>, value: p.value as number }));
}

function labelsOf(attributes: MetricData['dataPoints'][number]['attributes'], extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) out[prometheusLabel(k)] = String(v);
  return { ...out, ...extra };
}

/** Every sample a Prometheus fed this export would store, keyed like parseExposition's. */
export function samplesIn(exported: ResourceMetrics): Map<string, number> {
  const out = new Map<string, number>();
  for (const metric of metricsIn(exported)) {
    const { name, unit } = metric.descriptor;
    if (metric.dataPointType === DataPointType.HISTOGRAM) {
      const base = prometheusName(name, unit, 'histogram');
      for (const p of metric.dataPoints) {
        const { boundaries, counts } = p.value.buckets;
        let cumulative = 0;
        [...boundaries, Infinity].forEach((bound, i) => {
          cumulative += counts[i] ?? 0;
          out.set(seriesKey(`${base}_bucket`, labelsOf(p.attributes, { le: bound === Infinity ? '+Inf' : String(bound) })), cumulative);
        });
        out.set(seriesKey(`${base}_sum`, labelsOf(p.attributes)), p.value.sum ?? 0);
        out.set(seriesKey(`${base}_count`, labelsOf(p.attributes)), p.value.count);
      }
    } else if (metric.dataPointType !== DataPointType.EXPONENTIAL_HISTOGRAM) {
      const type: PromType = metric.dataPointType === DataPointType.SUM && metric.isMonotonic ? 'counter' : 'gauge';
      for (const p of metric.dataPoints) out.set(seriesKey(prometheusName(name, unit, type), labelsOf(p.attributes)), p.value);
    }
  }
  return out;
}
