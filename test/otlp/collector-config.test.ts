import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const deploy = join(import.meta.dirname, '..', '..', 'deploy');
type Tree = Record<string, unknown>;

function yaml(path: string): Tree {
  return load(readFileSync(join(deploy, path), 'utf8')) as Tree;
}

function at(tree: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
}

/** `otlp` or `otlp/name`: a pipeline entry refers to a component by its type and optional name. */
function defined(config: Tree, section: string, id: string): boolean {
  return Object.hasOwn((config[section] as Tree | undefined) ?? {}, id);
}

describe('the example OpenTelemetry Collector configuration (deploy/otel-collector/config.yaml)', () => {
  const config = yaml('otel-collector/config.yaml');

  it('receives OTLP over gRPC on 4317 and HTTP on 4318, on every interface', () => {
    expect(at(config, 'receivers.otlp.protocols.grpc.endpoint')).toBe('0.0.0.0:4317');
    expect(at(config, 'receivers.otlp.protocols.http.endpoint')).toBe('0.0.0.0:4318');
  });

  it('forwards metrics to Prometheus remote write with the translation the exporter names are made for', () => {
    expect(at(config, 'service.pipelines.metrics.receivers')).toEqual(['otlp']);
    expect(at(config, 'service.pipelines.metrics.exporters')).toEqual(['prometheusremotewrite']);
    expect(String(at(config, 'exporters.prometheusremotewrite.endpoint'))).toMatch(/^http:\/\/prometheus:9090\/api\/v1\/write$/);
    expect(at(config, 'exporters.prometheusremotewrite.add_metric_suffixes')).toBe(true);
    expect(at(config, 'exporters.prometheusremotewrite.resource_to_telemetry_conversion.enabled')).toBe(false);
  });

  it('defines every component its pipelines and extensions use', () => {
    const pipelines = at(config, 'service.pipelines') as Record<string, Record<string, string[]>>;
    for (const pipeline of Object.values(pipelines)) {
      for (const id of pipeline['receivers'] ?? []) expect(defined(config, 'receivers', id), id).toBe(true);
      for (const id of pipeline['processors'] ?? []) expect(defined(config, 'processors', id), id).toBe(true);
      for (const id of pipeline['exporters'] ?? []) expect(defined(config, 'exporters', id), id).toBe(true);
    }
    for (const id of (at(config, 'service.extensions') as string[]) ?? []) expect(defined(config, 'extensions', id), id).toBe(true);
    // The memory limiter has to come first to protect the rest of the pipeline.
    expect(at(config, 'service.pipelines.metrics.processors')).toEqual(['memory_limiter', 'batch']);
  });
});

describe('the compose override that switches the demo stack to OTLP (deploy/otel-collector/docker-compose.yml)', () => {
  const base = yaml('docker-compose.yml');
  const override = yaml('otel-collector/docker-compose.yml');
  const services = (tree: Tree) => tree['services'] as Record<string, Tree>;

  it('points the exporter at the collector and mounts the collector configuration', () => {
    expect(at(override, 'services.exporter.environment')).toMatchObject({
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
    });
    const mount = (at(override, 'services.otel-collector.volumes') as string[])[0] ?? '';
    expect(existsSync(join(deploy, mount.split(':')[0] ?? ''))).toBe(true);
  });

  it("keeps the base file's Prometheus flags and adds the remote-write receiver", () => {
    const baseFlags = at(base, 'services.prometheus.command') as string[];
    const flags = at(override, 'services.prometheus.command') as string[];
    expect(flags).toEqual([...baseFlags, '--web.enable-remote-write-receiver']);
  });

  it('merges into a stack without a dependency cycle', () => {
    const deps = new Map<string, string[]>();
    for (const tree of [base, override])
      for (const [name, service] of Object.entries(services(tree))) {
        const list = (service['depends_on'] as string[] | Record<string, unknown> | undefined) ?? [];
        deps.set(name, [...(deps.get(name) ?? []), ...(Array.isArray(list) ? list : Object.keys(list))]);
      }
    const visiting = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      expect(visiting.has(name), `cycle: ${[...path, name].join(' -> ')}`).toBe(false);
      visiting.add(name);
      for (const next of deps.get(name) ?? []) visit(next, [...path, name]);
      visiting.delete(name);
    };
    for (const name of deps.keys()) visit(name, []);
    expect(deps.get('exporter')).toContain('otel-collector');
  });
});
