import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { metricsUrl, resolveOtlpSettings, safeUrl, type OtlpConfig } from '../../src/otlp/settings.js';
import { resourceAttributes } from '../../src/otlp/resource.js';
import { createLogger } from '../../src/log.js';

function otlpConfig(env: NodeJS.ProcessEnv): OtlpConfig {
  const loaded = loadConfig(['--demo'], { OTEL_METRICS_EXPORTER: 'otlp', ...env });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config.otlp;
}

describe('the OTLP settings, the OpenTelemetry way', () => {
  it('is off unless OTEL_METRICS_EXPORTER is otlp, and defaults to the spec values when on', () => {
    const off = loadConfig(['--demo'], {});
    expect(off.ok && off.config.otlp.metricsExporter).toBe('none');
    expect(off.ok && resolveOtlpSettings(off.config.otlp)).toBeUndefined();

    expect(resolveOtlpSettings(otlpConfig({}))).toEqual({
      protocol: 'http/protobuf',
      url: 'http://localhost:4318/v1/metrics',
      headers: {},
      compression: 'none',
      timeoutMs: 10_000,
      intervalMs: 60_000,
      serviceName: '',
      resourceAttributes: {},
    });
  });

  it('reads OTEL_METRIC_EXPORT_INTERVAL and OTEL_EXPORTER_OTLP_TIMEOUT as milliseconds, as the spec writes them', () => {
    const otlp = otlpConfig({ OTEL_METRIC_EXPORT_INTERVAL: '15000', OTEL_EXPORTER_OTLP_TIMEOUT: '2500' });
    expect([otlp.exportInterval, otlp.timeout]).toEqual([15_000, 2_500]);
    expect(otlpConfig({ OTEL_METRIC_EXPORT_INTERVAL: '30s' }).exportInterval).toBe(30_000);
  });

  it.each([
    [{ protocol: 'http/protobuf', endpoint: 'https://otel.example.com:4318', metricsEndpoint: '' }, 'https://otel.example.com:4318/v1/metrics'],
    [{ protocol: 'http/json', endpoint: 'https://gateway.example.com/otlp/', metricsEndpoint: '' }, 'https://gateway.example.com/otlp/v1/metrics'],
    [{ protocol: 'http/protobuf', endpoint: 'https://gateway.example.com/otlp', metricsEndpoint: '' }, 'https://gateway.example.com/otlp/v1/metrics'],
    [{ protocol: 'http/protobuf', endpoint: 'https://a.example.com', metricsEndpoint: 'https://b.example.com/ingest' }, 'https://b.example.com/ingest'],
    [{ protocol: 'grpc', endpoint: '', metricsEndpoint: '' }, 'http://localhost:4317'],
    [{ protocol: 'grpc', endpoint: 'https://otel.example.com:4317', metricsEndpoint: '' }, 'https://otel.example.com:4317'],
  ] as const)('derives the metrics URL from %j: %s', (otlp, url) => {
    expect(metricsUrl(otlp)).toBe(url);
  });

  it('logs endpoints without user, password or query', () => {
    expect(safeUrl('https://user:pass@otel.example.com:4318/v1/metrics?api_key=k#x')).toBe('https://otel.example.com:4318/v1/metrics');
  });

  it('reports malformed lists with the key, the variable and the entry position, when the config is loaded', () => {
    const result = loadConfig(['--demo'], { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b', OTEL_RESOURCE_ATTRIBUTES: 'x=%E0%A4%A' });
    expect(result).toEqual({
      ok: false,
      errors: [
        'otlp.headers (OTEL_EXPORTER_OTLP_HEADERS): entry 2 is not key=value',
        'otlp.resourceAttributes (OTEL_RESOURCE_ATTRIBUTES): entry 1 has a value that is not valid percent-encoding',
      ],
    });
  });

  it('refuses binary gRPC metadata (-bin) when the protocol is grpc, and only then', () => {
    const env = { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'a=1,trace-bin=AAA' };
    expect(loadConfig(['--demo'], { ...env, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual({
      ok: false,
      errors: ['otlp.headers (OTEL_EXPORTER_OTLP_HEADERS): entry 2 is binary gRPC metadata (-bin), which is not supported'],
    });
    expect(loadConfig(['--demo'], env).ok).toBe(true);
  });

  it('can be switched on from the --config file too, under otlp', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nht-otlp-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ otlp: { metricsExporter: 'otlp', protocol: 'grpc', endpoint: 'https://otel.example.com:4317', exportInterval: '30s' } }));
      const loaded = loadConfig(['--demo', '--config', file], {});
      if (!loaded.ok) expect.fail(loaded.errors.join('\n'));
      const result = resolveOtlpSettings(loaded.config.otlp);
      expect(result).toMatchObject({ protocol: 'grpc', url: 'https://otel.example.com:4317', intervalMs: 30_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the headers from OTEL_EXPORTER_OTLP_HEADERS_FILE, the way secrets are mounted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nht-otlp-'));
    try {
      writeFileSync(join(dir, 'headers'), 'api-key=from-a-file\n');
      const result = resolveOtlpSettings(otlpConfig({ OTEL_EXPORTER_OTLP_HEADERS_FILE: join(dir, 'headers') }));
      expect(result?.headers).toEqual({ 'api-key': 'from-a-file' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers every header value with the log scrubber', () => {
    resolveOtlpSettings(otlpConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic%20dXNlcjpwYXNz' }));
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).error('receiver said', { body: 'bad credentials Basic dXNlcjpwYXNz' });
    expect(lines.join('')).not.toContain('dXNlcjpwYXNz');
  });
});

describe('resource attributes', () => {
  const facts = { accountId: '12345678', version: '1.2.3', instanceId: 'id-1' };

  it('defaults service.name to liveperson-nht-exporter and lets OTEL_RESOURCE_ATTRIBUTES add to it', () => {
    expect(resourceAttributes({ serviceName: '', resourceAttributes: { 'deployment.environment.name': 'prod' } }, facts)).toEqual({
      'service.name': 'liveperson-nht-exporter',
      'service.version': '1.2.3',
      'service.instance.id': 'id-1',
      'deployment.environment.name': 'prod',
      'liveperson.account_id': '12345678',
    });
  });

  it('ranks OTEL_SERVICE_NAME over a service.name attribute, and the polled account over any attribute', () => {
    const attrs = resourceAttributes(
      { serviceName: 'nht-eu', resourceAttributes: { 'service.name': 'x', 'service.instance.id': 'pod-7', 'liveperson.account_id': 'other' } },
      facts,
    );
    expect(attrs).toMatchObject({ 'service.name': 'nht-eu', 'service.instance.id': 'pod-7', 'liveperson.account_id': '12345678' });
  });
});
