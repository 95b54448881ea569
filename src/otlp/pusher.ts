/**
 * The OTLP push: a MeterProvider without instruments whose PeriodicExportingMetricReader pulls
 * every point from the family producer, through an exporter that counts and logs each result.
 * The push runs on its own timer: a slow or dead receiver delays neither polling nor /metrics.
 */
import { randomUUID } from 'node:crypto';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { OtlpProtocol } from '../config/schema.js';
import type { Logger } from '../log.js';
import { NAME } from '../version.js';
import { CountingExporter } from './counting-exporter.js';
import { createOtlpExporter } from './exporters.js';
import { FamilyMetricProducer, type FamilySource } from './producer.js';
import { buildResource, resourceAttributes, type ResourceFacts } from './resource.js';
import { safeUrl, type OtlpSettings } from './settings.js';

/**
 * Data points per request. 5,000 skills make 45,000 NHT points, about 4 MB of protobuf: over
 * gRPC's default 4 MiB message limit, which the OpenTelemetry Collector keeps. Larger pushes are
 * split into requests of this many points (each one counted as one export).
 */
export const MAX_POINTS_PER_REQUEST = 10_000;

/** Where export results are counted: OwnMetrics in the exporter. */
export interface ExportCounter {
  otlpExported(result: 'success' | 'failure'): void;
}

export interface OtlpPusherOptions {
  readonly settings: OtlpSettings;
  /** What to push: the same families /metrics serves. */
  readonly sources: readonly FamilySource[];
  /** accountId and version; instanceId defaults to a random UUID for this process. */
  readonly facts: Omit<ResourceFacts, 'instanceId'> & { readonly instanceId?: string };
  readonly logger: Logger;
  readonly counter?: ExportCounter;
  /** Origin of the cumulative counters, epoch ms; default: now. */
  readonly startMs?: number;
  readonly now?: () => number;
  /** Replaces the OTLP exporter the settings describe (tests). */
  readonly exporter?: PushMetricExporter;
}

/** A running push. */
export interface OtlpPusher {
  readonly protocol: OtlpProtocol;
  /** The receiver's URL without credentials, for logs. */
  readonly endpoint: string;
  /** The resource attributes every export carries. */
  readonly resource: Readonly<Record<string, string>>;
  /** Collects and exports now; resolves once the export has succeeded or failed (it never rejects for that). */
  flush(): Promise<void>;
  /**
   * Stops the timer and makes exactly one final export, then closes the connections. Idempotent.
   * With `timeoutMs`, gives up on a receiver that has not answered by then (logged, never thrown).
   */
  stop(timeoutMs?: number): Promise<void>;
}

function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? `${error.message || 'HTTP error'} (HTTP ${code})` : error.message || error.name;
}

/** Starts pushing every `settings.intervalMs`; the first push comes one interval after start. */
export async function startOtlpPusher(options: OtlpPusherOptions): Promise<OtlpPusher> {
  const { settings, logger, counter } = options;
  const now = options.now ?? Date.now;
  const facts: ResourceFacts = { ...options.facts, instanceId: options.facts.instanceId ?? randomUUID() };
  const attributes = resourceAttributes(settings, facts);
  const resource = buildResource(settings, facts);
  const endpoint = safeUrl(settings.url);
  const log = logger.child({ endpoint, protocol: settings.protocol });

  let failures = 0;
  const inner = options.exporter ?? (await createOtlpExporter(settings, `${NAME}/${facts.version}`));
  const exporter = new CountingExporter(inner, {
    exportSucceeded(points) {
      counter?.otlpExported('success');
      if (failures > 0) log.info('OTLP export succeeded again', { after_failures: failures, points });
      else log.debug('OTLP export succeeded', { points });
      failures = 0;
    },
    exportFailed(error, points) {
      counter?.otlpExported('failure');
      failures += 1;
      log.warn('OTLP export failed; polling and /metrics carry on', { error: describeError(error), consecutive_failures: failures, points });
    },
  });
  const producer = new FamilyMetricProducer({
    sources: options.sources,
    resource,
    scope: { name: NAME, version: facts.version },
    startMs: options.startMs ?? now(),
    now,
    // Only the encode-once serializer (http/protobuf, gRPC) writes column views; http/json and an
    // exporter given by a test read point objects.
    columns: options.exporter === undefined && settings.protocol !== 'http/json',
  });
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: settings.intervalMs,
    // The reader refuses a timeout longer than the interval.
    exportTimeoutMillis: Math.min(settings.timeoutMs, settings.intervalMs),
    metricProducers: [producer],
    maxExportBatchSize: MAX_POINTS_PER_REQUEST,
  });
  const provider = new MeterProvider({ resource, readers: [reader] });
  log.info('pushing metrics over OTLP', {
    interval_ms: settings.intervalMs,
    service_name: attributes['service.name'],
    service_instance_id: attributes['service.instance.id'],
  });

  let stopping: Promise<void> | undefined;
  return {
    protocol: settings.protocol,
    endpoint,
    resource: attributes,
    flush: () => provider.forceFlush(),
    // MeterProvider.shutdown already exports once (the reader flushes before closing the exporter), so
    // calling forceFlush first would send the same data twice.
    stop: (timeoutMs) =>
      (stopping ??= provider.shutdown(timeoutMs === undefined ? undefined : { timeoutMillis: Math.max(1, timeoutMs) }).catch((err: unknown) => {
        log.warn('OTLP shutdown did not finish cleanly', { error: err instanceof Error ? err.message : String(err) });
      })),
  };
}
