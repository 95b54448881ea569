import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  alertmanagerProblems,
  bindMounts,
  COMPOSE_DIR,
  exporterPort,
  grafanaProblems,
  missingMounts,
  prometheusProblems,
  type FileSource,
} from './compose-checks.js';
import { configEnv, readText, ROOT, type Obj } from './support.js';

const compose = load(readText(join(ROOT, COMPOSE_DIR, 'docker-compose.yml'))) as Obj;
const services = compose['services'] as Record<string, Obj>;

const repoFiles: FileSource = {
  exists: (path) => existsSync(join(ROOT, path)),
  read: (path) => readText(join(ROOT, path)),
  list: (dir) => (existsSync(join(ROOT, dir)) && statSync(join(ROOT, dir)).isDirectory() ? readdirSync(join(ROOT, dir)) : []),
};

describe('the local stack (deploy/docker-compose.yml)', () => {
  it('runs the exporter, Prometheus, Alertmanager and Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'exporter', 'grafana', 'prometheus']);
  });

  it('builds the exporter from the repository Dockerfile and runs it in demo mode', () => {
    const build = services['exporter']!['build'];
    const context = posix.normalize(posix.join(COMPOSE_DIR, build['context']));
    expect(context).toBe('.');
    expect(existsSync(join(ROOT, context, build['dockerfile']))).toBe(true);
    expect(services['exporter']!['command']).toEqual(['--demo']);
  });

  it('gives the exporter only configuration variables, which it accepts', () => {
    const env = services['exporter']!['environment'] as Record<string, string>;
    const { plain } = configEnv();
    for (const name of Object.keys(env)) expect(plain.has(name), `${name} is not a configuration variable`).toBe(true);
    const loaded = loadConfig(services['exporter']!['command'], env);
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(loaded.config.demo).toBe(true);
    expect(loaded.config.server.port).toBe(exporterPort(compose));
    // Listening on every interface of the container, or Prometheus could not reach it.
    expect(loaded.config.server.host).toBe('0.0.0.0');
  });

  it('publishes each service on its own host port, the exporter on the port it listens on', () => {
    const published = Object.values(services).flatMap((s) => ((s['ports'] ?? []) as string[]).map((p) => p.split(':')));
    expect(new Set(published.map(([host]) => host)).size).toBe(published.length);
    expect(services['exporter']!['ports']).toEqual([`${exporterPort(compose)}:${exporterPort(compose)}`]);
  });

  it('mounts the Prometheus, Alertmanager and Grafana files where those images read them', () => {
    const mounts = (name: string) => bindMounts(services[name]!).map((m) => `${m.host} -> ${m.container}`);
    expect(mounts('prometheus')).toEqual([
      'deploy/prometheus/prometheus.yml -> /etc/prometheus/prometheus.yml',
      'deploy/prometheus/rules -> /etc/prometheus/rules',
    ]);
    expect(mounts('alertmanager')).toEqual(['deploy/alertmanager/alertmanager.yml -> /etc/alertmanager/alertmanager.yml']);
    expect(mounts('grafana')).toEqual(['grafana/provisioning -> /etc/grafana/provisioning', 'grafana/dashboards -> /var/lib/grafana/dashboards']);
  });

  it('mounts only paths that exist in the repository', () => {
    expect(missingMounts(compose, repoFiles)).toEqual([]);
  });

  it('has Prometheus scrape the exporter, load the mounted rules and alert through Alertmanager', () => {
    expect(prometheusProblems(compose, repoFiles)).toEqual([]);
  });

  it('has Alertmanager load its mounted configuration', () => {
    expect(alertmanagerProblems(compose, repoFiles)).toEqual([]);
  });

  it('has Grafana query Prometheus and load the mounted dashboards', () => {
    expect(grafanaProblems(compose, repoFiles)).toEqual([]);
  });
});

describe('the local stack checks themselves', () => {
  /** Made-up repository files: a consistent stack, which each test breaks in one place. */
  const good: Record<string, string> = {
    'deploy/prometheus/prometheus.yml': [
      'rule_files: [rules/*.yml]',
      'alerting: { alertmanagers: [{ static_configs: [{ targets: ["alertmanager:9093"] }] }] }',
      'scrape_configs: [{ job_name: nht, static_configs: [{ targets: ["exporter:9818"] }] }]',
    ].join('\n'),
    'deploy/prometheus/rules/nht.yml': 'groups: []',
    'deploy/alertmanager/alertmanager.yml': 'route: { receiver: x }\nreceivers: [{ name: x }]',
    'grafana/provisioning/datasources/prometheus.yml': 'datasources: [{ name: P, type: prometheus, url: "http://prometheus:9090" }]',
    'grafana/provisioning/dashboards/provider.yml': 'providers: [{ name: nht, options: { path: /var/lib/grafana/dashboards } }]',
    'grafana/dashboards/nht/overview.json': '{}',
  };
  const source = (files: Record<string, string>): FileSource => ({
    exists: (path) => Object.keys(files).some((f) => f === path || f.startsWith(path + '/')),
    read: (path) => files[path] ?? '',
    list: (dir) => [...new Set(Object.keys(files).filter((f) => f.startsWith(dir + '/')).map((f) => f.slice(dir.length + 1).split('/')[0]!))],
  });
  const without = (path: string) => source(Object.fromEntries(Object.entries(good).filter(([f]) => f !== path)));
  const changed = (path: string, text: string) => source({ ...good, [path]: text });

  it('pass a consistent stack', () => {
    const files = source(good);
    expect([...missingMounts(compose, files), ...prometheusProblems(compose, files), ...alertmanagerProblems(compose, files), ...grafanaProblems(compose, files)]).toEqual([]);
  });

  it('name a mounted file that is missing', () => {
    expect(missingMounts(compose, without('deploy/alertmanager/alertmanager.yml'))).toEqual([
      'alertmanager: deploy/alertmanager/alertmanager.yml (mounted at /etc/alertmanager/alertmanager.yml) does not exist',
    ]);
  });

  it('catch Prometheus scraping another port and rules outside the mounted folder', () => {
    const text = good['deploy/prometheus/prometheus.yml']!.replace('exporter:9818', 'exporter:9100').replace('rules/*.yml', '/etc/rules/*.yml');
    expect(prometheusProblems(compose, changed('deploy/prometheus/prometheus.yml', text))).toEqual([
      'prometheus config: no scrape job targets exporter:9818',
      'prometheus rule_files /etc/rules/*.yml: /etc/rules/*.yml is not mounted',
    ]);
    expect(prometheusProblems(compose, without('deploy/prometheus/rules/nht.yml'))).toEqual([
      'prometheus rule_files rules/*.yml: no file matches deploy/prometheus/rules/*.yml',
    ]);
  });

  it('catch Grafana pointing at the wrong Prometheus or at a folder without dashboards', () => {
    expect(grafanaProblems(compose, changed('grafana/provisioning/datasources/prometheus.yml', 'datasources: [{ type: prometheus, url: "http://localhost:9090" }]'))).toEqual([
      'grafana provisioning: no Prometheus data source at http://prometheus:9090',
    ]);
    expect(grafanaProblems(compose, without('grafana/dashboards/nht/overview.json'))).toEqual([
      'grafana dashboard provider nht: no dashboard in grafana/dashboards',
    ]);
  });
});
