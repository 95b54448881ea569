import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  allManifests,
  configEnv,
  containerPort,
  exporterContainers,
  kustomizations,
  ofKind,
  rel,
  selects,
  type ExporterContainer,
  type Manifest,
  type Obj,
} from './support.js';

const manifests = allManifests();
const exporters = exporterContainers(manifests);
const where = (e: ExporterContainer) => `${rel(e.manifest.file)} ${e.container['name']}`;

/** The ConfigMaps a container reads with envFrom, from the same kustomization. */
function envFromConfigMaps(e: ExporterContainer): Obj[] {
  const own = kustomizations().find((k) => k.dir === dirname(e.manifest.file))!;
  return ((e.container['envFrom'] ?? []) as Obj[]).map((source) => {
    const name = source['configMapRef']?.['name'];
    const found = ofKind(own.manifests, 'ConfigMap').find((m) => m.obj['metadata']['name'] === name);
    if (!found) throw new Error(`${where(e)}: envFrom names ConfigMap ${String(name)}, which the kustomization does not have`);
    return found.obj;
  });
}

/** The Secret key behind a file path: the path must be an item of a Secret volume mounted in the container. */
function secretItemAt(e: ExporterContainer, path: string): { secret: string; key: string } | undefined {
  for (const mount of (e.container['volumeMounts'] ?? []) as Obj[]) {
    const dir = String(mount['mountPath']).replace(/\/$/, '');
    if (posix.dirname(path) !== dir) continue;
    const volume = ((e.podSpec['volumes'] ?? []) as Obj[]).find((v) => v['name'] === mount['name']);
    const item = ((volume?.['secret']?.['items'] ?? []) as Obj[]).find((i) => i['path'] === posix.basename(path));
    if (volume && item) return { secret: volume['secret']['secretName'], key: item['key'] };
  }
  return undefined;
}

const tmp = mkdtempSync(join(tmpdir(), 'nht-k8s-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment the container gets, with each Secret file replaced by a local file holding a made-up value. */
function containerEnv(e: ExporterContainer): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const cm of envFromConfigMaps(e)) Object.assign(env, cm['data']);
  for (const { name, value } of (e.container['env'] ?? []) as Obj[]) {
    if (!String(name).endsWith('_FILE')) env[name] = value;
    else {
      const local = join(tmp, `${posix.basename(value)}-${Object.keys(env).length}`);
      writeFileSync(local, `made-up-${posix.basename(value)}\n`);
      env[name] = local;
    }
  }
  return env;
}

describe('the exporter containers in the Kubernetes manifests', () => {
  it('are the standalone container and the native sidecar', () => {
    expect(exporters.map((e) => [e.container['name'], e.sidecar])).toEqual([
      ['exporter', false],
      ['nht-exporter', true],
    ]);
  });

  it('set only environment variables that the configuration schema reads', () => {
    const { plain, files } = configEnv();
    for (const e of exporters) {
      const names = [
        ...((e.container['env'] ?? []) as Obj[]).map((v) => String(v['name'])),
        ...envFromConfigMaps(e).flatMap((cm) => Object.keys(cm['data'] ?? {})),
      ];
      expect(names.length, where(e)).toBeGreaterThan(3);
      for (const name of names) expect(plain.has(name) || files.has(name), `${where(e)}: ${name} is not a configuration variable`).toBe(true);
    }
  });

  it('never hold a credential as a value: the OAuth 2.0 client id and secret are Secret files', () => {
    const { sensitive } = configEnv();
    for (const e of exporters) {
      const plainNames = [
        ...((e.container['env'] ?? []) as Obj[]).filter((v) => !String(v['name']).endsWith('_FILE')).map((v) => String(v['name'])),
        ...envFromConfigMaps(e).flatMap((cm) => Object.keys(cm['data'] ?? {})),
      ];
      for (const name of plainNames) expect(sensitive.has(name), `${where(e)}: ${name} is a secret`).toBe(false);
      expect(plainNames, where(e)).not.toContain('LP_CLIENT_ID');
      const fileVars = ((e.container['env'] ?? []) as Obj[]).filter((v) => String(v['name']).endsWith('_FILE'));
      expect(fileVars.map((v) => v['name']).sort(), where(e)).toEqual(['LP_CLIENT_ID_FILE', 'LP_CLIENT_SECRET_FILE']);
      for (const v of fileVars) {
        expect(secretItemAt(e, v['value']), `${where(e)}: ${v['name']} points at no mounted Secret item`).toEqual({
          secret: 'liveperson-nht-exporter-credentials',
          key: v['name'] === 'LP_CLIENT_ID_FILE' ? 'client_id' : 'client_secret',
        });
      }
      const mount = ((e.container['volumeMounts'] ?? []) as Obj[]).find((m) => m['name'] === 'liveperson-credentials');
      expect(mount?.['readOnly'], where(e)).toBe(true);
    }
  });

  it('get a configuration the exporter accepts, listening on the container port', () => {
    for (const e of exporters) {
      const loaded = loadConfig((e.container['args'] ?? []) as string[], containerEnv(e));
      if (!loaded.ok) throw new Error(`${where(e)}: ${loaded.errors.join('; ')}`);
      expect(loaded.config.liveperson.authMode, where(e)).toBe('oauth2');
      expect(loaded.config.liveperson.clientSecret, where(e)).toBe('made-up-client_secret');
      expect(loaded.config.demo, where(e)).toBe(false);
      const ports = ((e.container['ports'] ?? []) as Obj[]).map((p) => p['containerPort']);
      expect(ports, where(e)).toEqual([loaded.config.server.port]);
    }
  });

  it('are probed for liveness on /healthz and readiness on /readyz, on the metrics port', () => {
    for (const e of exporters) {
      const port = ((e.container['ports'] ?? []) as Obj[])[0]!['containerPort'];
      for (const [probe, path] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']] as const) {
        const http = e.container[probe]?.['httpGet'];
        expect(http?.['path'], `${where(e)} ${probe}`).toBe(path);
        expect(containerPort(e.container, http?.['port']), `${where(e)} ${probe}`).toBe(port);
        expect(e.container[probe]['timeoutSeconds'], `${where(e)} ${probe}`).toBeLessThan(e.container[probe]['periodSeconds']);
      }
    }
  });
});

describe('the way Prometheus reaches the exporter in Kubernetes', () => {
  const podLabels = (m: Manifest) => m.obj['spec']['template']['metadata']['labels'] as Obj;
  const standalone = exporters.find((e) => !e.sidecar)!;
  const sidecar = exporters.find((e) => e.sidecar)!;

  it('the Service selects the exporter pod and targets its port, which the ServiceMonitor scrapes', () => {
    const [service] = ofKind(manifests, 'Service');
    const [monitor] = ofKind(manifests, 'ServiceMonitor');
    expect(selects({ matchLabels: service!.obj['spec']['selector'] }, podLabels(standalone.manifest))).toBe(true);
    const servicePort = service!.obj['spec']['ports'][0];
    expect(containerPort(standalone.container, servicePort['targetPort'])).toBe(9818);
    expect(selects(monitor!.obj['spec']['selector'], service!.obj['metadata']['labels'])).toBe(true);
    expect(monitor!.obj['spec']['endpoints'].map((ep: Obj) => [ep['port'], ep['path']])).toEqual([[servicePort['name'], '/metrics']]);
  });

  it('the PodMonitor selects the pods with the sidecar and scrapes its named port', () => {
    const [monitor] = ofKind(manifests, 'PodMonitor');
    expect(selects(monitor!.obj['spec']['selector'], podLabels(sidecar.manifest))).toBe(true);
    const endpoint = monitor!.obj['spec']['podMetricsEndpoints'][0];
    expect(containerPort(sidecar.container, endpoint['port'])).toBe(9818);
    expect(endpoint['path']).toBe('/metrics');
    // The PodMonitor must not also pick up the standalone exporter, or it would be scraped twice.
    expect(selects(monitor!.obj['spec']['selector'], podLabels(standalone.manifest))).toBe(false);
  });
});
