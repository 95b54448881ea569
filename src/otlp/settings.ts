/**
 * From the `otlp` section of the configuration to what the pusher needs: the URL per the
 * OpenTelemetry spec's endpoint rules, parsed headers and resource attributes. The SDK reads the
 * same OTEL_* variables itself when an option is missing; resolving everything here and passing
 * it explicitly keeps the behaviour defined by the configuration alone.
 */
import type { Config } from '../config/index.js';
import { keyAt } from '../config/keys.js';
import { keyProblem } from '../config/messages.js';
import type { OtlpCompression, OtlpProtocol } from '../config/schema.js';
import { registerSecret } from '../log.js';
import { parseKeyValueList, toAttributes, toHeaders } from './key-value-list.js';

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
  /** The proxy the push goes through (credentials included), from proxy.url or HTTPS_PROXY/HTTP_PROXY/NO_PROXY; undefined: direct. */
  readonly proxy?: string;
}

export type OtlpResolution = { ok: true; settings: OtlpSettings | undefined } | { ok: false; errors: string[] };

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
 * Resolves the section. `settings` is undefined when the push is off. Every header value is
 * registered with the log scrubber, so a receiver's error that echoes one cannot print it.
 */
export function resolveOtlpSettings(otlp: OtlpConfig): OtlpResolution {
  if (otlp.metricsExporter !== 'otlp') return { ok: true, settings: undefined };
  const errors: string[] = [];

  const headersKey = keyAt('otlp.headers');
  let headers: Record<string, string> = {};
  const parsedHeaders = parseKeyValueList(otlp.headers);
  if (!parsedHeaders.ok) errors.push(keyProblem(headersKey, parsedHeaders.error));
  else {
    const checked = toHeaders(parsedHeaders.entries, { grpc: otlp.protocol === 'grpc' });
    if (!checked.ok) errors.push(keyProblem(headersKey, checked.error));
    else headers = checked.headers;
    for (const { value } of parsedHeaders.entries) registerSecret(value);
  }

  let resourceAttributes: Record<string, string> = {};
  const parsedAttributes = parseKeyValueList(otlp.resourceAttributes);
  if (!parsedAttributes.ok) errors.push(keyProblem(keyAt('otlp.resourceAttributes'), parsedAttributes.error));
  else resourceAttributes = toAttributes(parsedAttributes.entries);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      protocol: otlp.protocol,
      url: metricsUrl(otlp),
      headers,
      compression: otlp.compression,
      timeoutMs: otlp.timeout,
      intervalMs: otlp.exportInterval,
      serviceName: otlp.serviceName,
      resourceAttributes,
    },
  };
}

/**
 * Problems of the section that its formats cannot see (the two key=value lists), worded like
 * every other configuration problem, for `--check-config` and start-up.
 */
export function otlpConfigProblems(otlp: OtlpConfig): string[] {
  const result = resolveOtlpSettings(otlp);
  return result.ok ? [] : result.errors;
}
