/**
 * The OTLP exporter for the configured protocol, built from explicit options only. Each
 * protocol's package is imported on first use: a Prometheus-only exporter never loads them, and
 * an http one never loads gRPC.
 *
 * What the SDK still reads from the environment by itself (SDK_ENV below, documented in docs/otlp.md):
 * extra header keys from OTEL_EXPORTER_OTLP_HEADERS / OTEL_EXPORTER_OTLP_METRICS_HEADERS (merged
 * under ours; the first is the variable our configuration reads anyway) and the TLS files of
 * OTEL_EXPORTER_OTLP_CERTIFICATE / _CLIENT_KEY / _CLIENT_CERTIFICATE. URL, timeout, compression
 * and temporality are always passed, so their variables never override the configuration.
 */
import type { OTLPMetricExporter as HttpExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { EncodeOnceSerializer } from './encode-once.js';
import type { OtlpSettings } from './settings.js';

/** Variables the OpenTelemetry SDK reads by itself, beyond the configuration's own (see above). */
export const SDK_ENV = [
  'OTEL_EXPORTER_OTLP_METRICS_HEADERS',
  'OTEL_EXPORTER_OTLP_CERTIFICATE',
  'OTEL_EXPORTER_OTLP_CLIENT_KEY',
  'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE',
  'OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE',
  'OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY',
  'OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE',
] as const;

type Compression = NonNullable<NonNullable<ConstructorParameters<typeof HttpExporter>[0]>['compression']>;

/** Builds the exporter; `userAgent` is prepended to the SDK's own User-Agent. */
export async function createOtlpExporter(settings: OtlpSettings, userAgent: string): Promise<PushMetricExporter> {
  const { AggregationTemporalityPreference } = await import('@opentelemetry/exporter-metrics-otlp-http');
  const common = {
    url: settings.url,
    timeoutMillis: settings.timeoutMs,
    compression: settings.compression as Compression,
    // Only the SDK's own instruments would use it (there are none); set so the environment cannot.
    temporalityPreference: AggregationTemporalityPreference.CUMULATIVE,
    userAgent,
  };
  const { proxy } = settings;
  // Node's http client knows no proxies: this agent opens a CONNECT tunnel through it, for http and https receivers.
  const agent = proxy === undefined ? {} : { httpAgentOptions: () => new HttpsProxyAgent(proxy, { keepAlive: true }) };
  switch (settings.protocol) {
    case 'http/protobuf': {
      // What OTLPMetricExporter of exporter-metrics-otlp-proto builds, with the encode-once serializer.
      const [{ OTLPMetricExporterBase }, { createOtlpHttpExportDelegate, convertLegacyHttpOptions }, { MetricsExporterMetricsHelper }] = await Promise.all([
        import('@opentelemetry/exporter-metrics-otlp-http'),
        import('@opentelemetry/otlp-exporter-base/node-http'),
        import('@opentelemetry/otlp-transformer'),
      ]);
      const config = { ...common, ...agent, headers: httpHeaders(settings) };
      const options = convertLegacyHttpOptions(config, 'METRICS', 'v1/metrics', { 'Content-Type': 'application/x-protobuf' });
      return new OTLPMetricExporterBase(
        createOtlpHttpExportDelegate(options, new EncodeOnceSerializer(), 'otlp_http_metric_exporter', MetricsExporterMetricsHelper, undefined),
        config,
      );
    }
    case 'http/json': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
      return new OTLPMetricExporter({ ...common, ...agent, headers: httpHeaders(settings) });
    }
    case 'grpc': {
      useGrpcProxy(settings);
      // What OTLPMetricExporter of exporter-metrics-otlp-grpc builds, with the encode-once serializer.
      const [{ OTLPMetricExporterBase }, { createOtlpGrpcExportDelegate, convertLegacyOtlpGrpcOptions }, { MetricsExporterMetricsHelper }, { Metadata }] =
        await Promise.all([
          import('@opentelemetry/exporter-metrics-otlp-http'),
          import('@opentelemetry/otlp-grpc-exporter-base'),
          import('@opentelemetry/otlp-transformer'),
          import('@grpc/grpc-js'),
        ]);
      const metadata = new Metadata();
      for (const [key, value] of Object.entries(settings.headers)) metadata.set(key, value);
      const config = { ...common, metadata };
      return new OTLPMetricExporterBase(
        createOtlpGrpcExportDelegate(
          convertLegacyOtlpGrpcOptions(config, 'METRICS'),
          new EncodeOnceSerializer(),
          'otlp_grpc_metric_exporter',
          MetricsExporterMetricsHelper,
          undefined,
          'MetricsExportService',
          '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
        ),
        config,
      );
    }
  }
}

/** The SDK asks for the headers of each export when given a function. */
function httpHeaders(settings: OtlpSettings): Record<string, string> | (() => Promise<Record<string, string>>) {
  const { headersNow } = settings;
  return headersNow ? async () => ({ ...headersNow() }) : { ...settings.headers };
}

/**
 * grpc-js has its own proxy support, driven by the lower-case variables only (grpc_proxy,
 * https_proxy, http_proxy; no_grpc_proxy, no_proxy) and read when a channel is made. The decision
 * already taken with every spelling and proxy.url is handed to it through the two it reads first.
 */
function useGrpcProxy(settings: OtlpSettings): void {
  if (settings.proxy !== undefined) {
    process.env['grpc_proxy'] = settings.proxy;
    delete process.env['no_grpc_proxy'];
  } else {
    delete process.env['grpc_proxy'];
    process.env['no_grpc_proxy'] = new URL(settings.url).hostname;
  }
}
