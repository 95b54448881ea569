/**
 * From the `otlp` section of the configuration to what the pusher needs: the URL per the
 * OpenTelemetry spec's endpoint rules, parsed headers and resource attributes. The SDK reads the
 * same OTEL_* variables itself when an option is missing; resolving everything here and passing
 * it explicitly keeps the behaviour defined by the configuration alone.
 */
import type { Config } from '../config/index.js';
import { acceptedEntries, toAttributes, toHeaders } from '../config/key-value-list.js';
import type { OtlpCompression, OtlpProtocol } from '../config/schema.js';
import { registerSecret } from '../log.js';

export type OtlpConfig = Config['otlp'];

/** Everything the pusher needs, resolved and checked. */
export interface OtlpSettings {
  readonly protocol: OtlpProtocol;
  /** Where requests go: the full /v1/metrics URL for http/*, scheme://host:port for grpc. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: OtlpCompression;
  /** One export, retries included, ms. */
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Empty: not set, so service.name comes from the resource attributes or the default. */
  readonly serviceName: string;
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** The headers of each request, read per export (http only): a rotated OTEL_EXPORTER_OTLP_HEADERS_FILE needs no restart. */
  readonly headersNow?: () => Readonly<Record<string, string>>;
  /** The proxy the push goes through (credentials included), from proxy.url or HTTPS_PROXY/HTTP_PROXY/NO_PROXY; undefined: direct. */
  readonly proxy?: string;
}

const DEFAULT_HTTP_ENDPOINT = 'http://localhost:4318';
const DEFAULT_GRPC_ENDPOINT = 'http://localhost:4317';
const METRICS_PATH = 'v1/metrics';

/**
 * The metrics URL, as the spec derives it: OTEL_EXPORTER_OTLP_METRICS_ENDPOINT as is; else
 * OTEL_EXPORTER_OTLP_ENDPOINT plus `v1/metrics` for http (after any path it has), as is for grpc.
 */
export function metricsUrl(otlp: Pick<OtlpConfig, 'protocol' | 'endpoint' | 'metricsEndpoint'>): string {
  if (otlp.metricsEndpoint !== '') return otlp.metricsEndpoint;
  if (otlp.protocol === 'grpc') return otlp.endpoint || DEFAULT_GRPC_ENDPOINT;
  const base = otlp.endpoint || DEFAULT_HTTP_ENDPOINT;
  return base.endsWith('/') ? base + METRICS_PATH : `${base}/${METRICS_PATH}`;
}

/** The URL as it may be logged: no user, password, query or fragment, which may hold credentials. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<unparsable URL>';
  }
}

/**
 * Resolves the section; undefined when the push is off. The configuration checked the lists, so
 * this cannot fail. Every header value is registered with the log scrubber, so a receiver's error
 * that echoes one cannot print it.
 */
export function resolveOtlpSettings(otlp: OtlpConfig): OtlpSettings | undefined {
  if (otlp.metricsExporter !== 'otlp') return undefined;
  const headerEntries = acceptedEntries(otlp.headers);
  for (const { value } of headerEntries) registerSecret(value);
  return {
    protocol: otlp.protocol,
    url: metricsUrl(otlp),
    headers: toHeaders(headerEntries),
    compression: otlp.compression,
    timeoutMs: otlp.timeout,
    intervalMs: otlp.exportInterval,
    serviceName: otlp.serviceName,
    resourceAttributes: toAttributes(acceptedEntries(otlp.resourceAttributes)),
  };
}
