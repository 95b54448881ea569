/**
 * The exporter in demo mode, in-process, pushing to a test receiver or into memory: the way a
 * user would run `--demo` with OTEL_METRICS_EXPORTER=otlp, configured through loadConfig like
 * main.ts does.
 */
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { startExporter, type Exporter } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/load.js';
import { createLogger, silentLogger } from '../../../src/log.js';

export interface DemoOptions {
  /** OTLP flags beyond the switch and the endpoint. */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly skills?: number;
  /** Collects every log line when given. */
  readonly logs?: string[];
  /** Default 1h, so that only flush() and stop() export during a test. */
  readonly interval?: string;
  /** OTEL_METRICS_EXPORTER; default otlp. */
  readonly metricsExporter?: string;
  /** Receives the pushes instead of `endpoint` (an InMemoryMetricExporter, see memory.ts). */
  readonly exporter?: PushMetricExporter;
}

/** An endpoint nothing listens on, for a demo whose pushes go to an in-memory exporter. */
export const NOWHERE = 'http://127.0.0.1:9';

export async function startDemo(endpoint: string, options: DemoOptions = {}): Promise<Exporter> {
  const args = [
    '--demo', '--port', '0', '--host', '127.0.0.1',
    '--sim-skills', String(options.skills ?? 25),
    '--otel-metrics-exporter', options.metricsExporter ?? 'otlp',
    '--otel-exporter-otlp-endpoint', endpoint,
    '--otel-metric-export-interval', options.interval ?? '1h',
    ...(options.args ?? []),
  ];
  const loaded = loadConfig(args, options.env ?? {});
  if (!loaded.ok) throw new Error(`test configuration refused:\n${loaded.errors.join('\n')}`);
  const logs = options.logs;
  const logger = logs ? createLogger({ level: 'debug', write: (line) => logs.push(line) }) : silentLogger;
  // The same environment decides the proxy (HTTPS_PROXY, NO_PROXY), as process.env does for main.ts.
  return startExporter(loaded.config, { logger, ...(options.exporter && { otlpExporter: options.exporter }), ...(options.env && { env: options.env }) });
}

/** GET on the exporter, text body. */
export async function scrape(exporter: Exporter, path = '/metrics'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${exporter.url}${path}`);
  return { status: res.status, text: await res.text() };
}
