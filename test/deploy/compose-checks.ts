/**
 * Consistency checks of deploy/docker-compose.yml against the files it mounts: that every host
 * path exists, that Prometheus scrapes the exporter's port and loads rules from where they are
 * mounted, that Grafana's provisioning points at the mounted dashboards and at Prometheus.
 * Pure functions over a file source, so the checks can be tested on made-up files too.
 */
import { posix } from 'node:path';
import { load } from 'js-yaml';
import type { Obj } from './support.js';

/** Files by path relative to the repository root. */
export interface FileSource {
  exists(path: string): boolean;
  read(path: string): string;
  /** Names of the entries of a folder; empty when it does not exist. */
  list(dir: string): string[];
}

/** The folder of the compose file, relative to the repository root: host paths are relative to it. */
export const COMPOSE_DIR = 'deploy';

export interface BindMount {
  readonly host: string;
  readonly container: string;
}

/** The bind mounts of a service (short and long syntax); named volumes are left out. */
export function bindMounts(service: Obj): BindMount[] {
  return ((service['volumes'] ?? []) as unknown[]).flatMap((v): BindMount[] => {
    const [source, target] =
      typeof v === 'string' ? v.split(':') : [(v as Obj)['source'] as string | undefined, (v as Obj)['target'] as string | undefined];
    if (!source || !target || !/^[./]/.test(source)) return [];
    return [{ host: posix.normalize(posix.join(COMPOSE_DIR, source)), container: posix.normalize(target) }];
  });
}

/** The host path behind a path inside the container, through the mount with the longest target. */
export function hostPath(service: Obj, containerPath: string): string | undefined {
  const path = posix.normalize(containerPath);
  const mount = bindMounts(service)
    .filter((m) => path === m.container || path.startsWith(m.container + '/'))
    .sort((a, b) => b.container.length - a.container.length)[0];
  return mount ? posix.join(mount.host, path.slice(mount.container.length)) : undefined;
}

/** The value of `--name=value` in a service's command, or the fallback. */
export function flag(service: Obj, name: string, fallback: string): string {
  const command = (service['command'] ?? []) as string[];
  const found = command.find((c) => c.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

/** The port the exporter listens on inside its container: PORT, else the schema default. */
export function exporterPort(compose: Obj): number {
  return Number(compose['services']?.['exporter']?.['environment']?.['PORT'] ?? 9818);
}

function yamlAt(files: FileSource, path: string | undefined, what: string, problems: string[]): Obj | undefined {
  if (!path || !files.exists(path)) {
    problems.push(`${what}: ${path ?? 'not mounted'} does not exist`);
    return undefined;
  }
  return load(files.read(path)) as Obj;
}

function globMatches(files: FileSource, hostPattern: string): string[] {
  const dir = posix.dirname(hostPattern);
  const re = new RegExp(`^${posix.basename(hostPattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return files.list(dir).filter((name) => re.test(name));
}

/** Host paths that a service mounts but the repository does not have. */
export function missingMounts(compose: Obj, files: FileSource): string[] {
  return Object.entries((compose['services'] ?? {}) as Record<string, Obj>).flatMap(([name, service]) =>
    bindMounts(service)
      .filter((m) => !files.exists(m.host))
      .map((m) => `${name}: ${m.host} (mounted at ${m.container}) does not exist`),
  );
}

export function prometheusProblems(compose: Obj, files: FileSource): string[] {
  const problems: string[] = [];
  const prometheus = compose['services']?.['prometheus'] as Obj;
  const configPath = flag(prometheus, 'config.file', '/etc/prometheus/prometheus.yml');
  const config = yamlAt(files, hostPath(prometheus, configPath), 'prometheus config', problems);
  if (!config) return problems;

  const wanted = `exporter:${exporterPort(compose)}`;
  const jobs = ((config['scrape_configs'] ?? []) as Obj[]).filter((job) =>
    ((job['static_configs'] ?? []) as Obj[]).some((sc) => ((sc['targets'] ?? []) as string[]).includes(wanted)),
  );
  if (jobs.length === 0) problems.push(`prometheus config: no scrape job targets ${wanted}`);
  for (const job of jobs) if ((job['metrics_path'] ?? '/metrics') !== '/metrics') problems.push(`prometheus job ${job['job_name']}: metrics_path is not /metrics`);

  const ruleFiles = (config['rule_files'] ?? []) as string[];
  if (ruleFiles.length === 0) problems.push('prometheus config: no rule_files');
  for (const pattern of ruleFiles) {
    const inContainer = posix.isAbsolute(pattern) ? pattern : posix.join(posix.dirname(configPath), pattern);
    const host = hostPath(prometheus, inContainer);
    if (!host) problems.push(`prometheus rule_files ${pattern}: ${inContainer} is not mounted`);
    else if (globMatches(files, host).length === 0) problems.push(`prometheus rule_files ${pattern}: no file matches ${host}`);
  }

  const alertmanager = compose['services']?.['alertmanager'] as Obj | undefined;
  const amTarget = `alertmanager:${flag(alertmanager ?? {}, 'web.listen-address', ':9093').split(':').at(-1)}`;
  const amTargets = ((config['alerting']?.['alertmanagers'] ?? []) as Obj[]).flatMap((am) =>
    ((am['static_configs'] ?? []) as Obj[]).flatMap((sc) => (sc['targets'] ?? []) as string[]),
  );
  if (!amTargets.includes(amTarget)) problems.push(`prometheus config: alerts do not go to ${amTarget}`);
  return problems;
}

export function alertmanagerProblems(compose: Obj, files: FileSource): string[] {
  const problems: string[] = [];
  const alertmanager = compose['services']?.['alertmanager'] as Obj;
  const configPath = flag(alertmanager, 'config.file', '/etc/alertmanager/alertmanager.yml');
  const config = yamlAt(files, hostPath(alertmanager, configPath), 'alertmanager config', problems);
  if (config && !config['route']) problems.push('alertmanager config: no route');
  return problems;
}

/** Whether a folder or one of its subfolders (Grafana's foldersFromFilesStructure) holds a .json dashboard. */
function hasDashboard(files: FileSource, dir: string, depth: number): boolean {
  const names = files.list(dir);
  return names.some((n) => n.endsWith('.json')) || (depth > 0 && names.some((n) => hasDashboard(files, posix.join(dir, n), depth - 1)));
}

export function grafanaProblems(compose: Obj, files: FileSource): string[] {
  const problems: string[] = [];
  const grafana = compose['services']?.['grafana'] as Obj;
  const provisioning = hostPath(grafana, '/etc/grafana/provisioning');
  if (!provisioning) return ['grafana: /etc/grafana/provisioning is not mounted'];

  const yamlFiles = (dir: string) => files.list(dir).filter((n) => /\.ya?ml$/.test(n)).map((n) => posix.join(dir, n));
  const datasources = yamlFiles(posix.join(provisioning, 'datasources')).flatMap((f) => ((load(files.read(f)) as Obj)?.['datasources'] ?? []) as Obj[]);
  const prometheusPort = flag(compose['services']?.['prometheus'] ?? {}, 'web.listen-address', ':9090').split(':').at(-1);
  const url = `http://prometheus:${prometheusPort}`;
  if (!datasources.some((d) => d['type'] === 'prometheus' && String(d['url']).replace(/\/$/, '') === url))
    problems.push(`grafana provisioning: no Prometheus data source at ${url}`);

  const providers = yamlFiles(posix.join(provisioning, 'dashboards')).flatMap((f) => ((load(files.read(f)) as Obj)?.['providers'] ?? []) as Obj[]);
  if (providers.length === 0) problems.push('grafana provisioning: no dashboard provider');
  for (const provider of providers) {
    const path = String(provider['options']?.['path'] ?? '');
    const host = hostPath(grafana, path);
    if (!host) problems.push(`grafana dashboard provider ${provider['name']}: ${path} is not mounted`);
    else if (!hasDashboard(files, host, 3)) problems.push(`grafana dashboard provider ${provider['name']}: no dashboard in ${host}`);
  }
  return problems;
}
