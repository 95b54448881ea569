/**
 * deploy/kubernetes-tls: the standalone exporter behind a web config (HTTPS, basic auth), as a
 * kustomize overlay of deploy/kubernetes. The patches are merged onto the base the way kustomize
 * merges them (maps by key, lists of named items by name, other lists replaced) and the result
 * is checked like the base's manifests.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, Secret } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseWebConfig } from '../../src/web/config.js';
import { monitoringProblems } from './crd-shapes.js';
import { K8S_DIR, ROOT, readYaml, readYamlDocs, type Obj } from './support.js';

const TLS_DIR = join(ROOT, 'deploy', 'kubernetes-tls');
const kustomization = readYaml(join(TLS_DIR, 'kustomization.yaml'));
const file = (name: string): Obj => readYamlDocs(join(TLS_DIR, name))[0]!;
const base = (name: string): Obj => readYamlDocs(join(K8S_DIR, name))[0]!;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A strategic merge as kustomize does it for these objects. */
function merge(target: unknown, patch: unknown): unknown {
  if (isObject(target) && isObject(patch)) {
    const out: Obj = { ...target };
    for (const [k, v] of Object.entries(patch)) out[k] = k in target ? merge(target[k], v) : v;
    return out;
  }
  if (Array.isArray(target) && Array.isArray(patch) && patch.every((p) => isObject(p) && typeof p['name'] === 'string')) {
    const out = target.map((t) => {
      const p = patch.find((q) => isObject(t) && q['name'] === t['name']);
      return p ? merge(t, p) : t;
    });
    for (const p of patch) if (!target.some((t) => isObject(t) && t['name'] === p['name'])) out.push(p);
    return out;
  }
  return patch;
}

const deployment = merge(base('deployment.yaml'), file('deployment-patch.yaml')) as Obj;
const monitor = merge(base('servicemonitor.yaml'), file('servicemonitor-patch.yaml')) as Obj;
const policy = merge(base('networkpolicy.yaml'), file('networkpolicy-patch.yaml')) as Obj;
const container = deployment['spec']['template']['spec']['containers'][0] as Obj;
const volumes = deployment['spec']['template']['spec']['volumes'] as Obj[];
const webConfigMap = file('web-config.yaml');
const tlsSecret = file('tls-secret.yaml');
const scrapeSecret = file('scrape-auth-secret.yaml');
const podMonitor = file('podmonitor-sidecar.yaml');

describe('the TLS variant of the Kubernetes manifests', () => {
  it('is an overlay of deploy/kubernetes whose files all exist, the Secrets being examples to create first', () => {
    expect(kustomization['resources']).toEqual(['../kubernetes', 'web-config.yaml']);
    const patches = (kustomization['patches'] as Obj[]).map((p) => p['path']);
    const examples = ['tls-secret.yaml', 'scrape-auth-secret.yaml', 'podmonitor-sidecar.yaml'];
    const files = readdirSync(TLS_DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect(new Set(files)).toEqual(new Set(['web-config.yaml', ...patches, ...examples]));
  });

  it('passes the Kubernetes schema once patched (kubernetes-models), and the operator CRD shapes', () => {
    for (const obj of [deployment, policy]) expect(() => (obj['kind'] === 'Deployment' ? new Deployment(obj) : new NetworkPolicy(obj)).validate()).not.toThrow();
    for (const obj of [webConfigMap]) expect(() => new ConfigMap(obj as never).validate()).not.toThrow();
    for (const obj of [tlsSecret, scrapeSecret]) expect(() => new Secret(obj as never).validate()).not.toThrow();
    expect(monitoringProblems(monitor)).toEqual([]);
    expect(monitoringProblems(podMonitor)).toEqual([]);
  });

  it('mounts a web config the exporter accepts, naming the certificate where the Secret is mounted', () => {
    const env = (container['env'] as Obj[]).find((e) => e['name'] === 'NHT_WEB_CONFIG_FILE')!['value'] as string;
    const mounts = container['volumeMounts'] as Obj[];
    const webMount = mounts.find((m) => env.startsWith(`${m['mountPath']}/`))!;
    const webVolume = volumes.find((v) => v['name'] === webMount['name'])!;
    expect(webVolume['configMap']['name']).toBe(webConfigMap['metadata']['name']);
    const text = webConfigMap['data'][env.slice(webMount['mountPath'].length + 1)] as string;
    const parsed = parseWebConfig(text, env);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const tls = parsed.config.tls!;
    const tlsMount = mounts.find((m) => tls.certFile.startsWith(`${m['mountPath']}/`))!;
    expect(tls.keyFile.startsWith(`${tlsMount['mountPath']}/`)).toBe(true);
    expect(tlsMount['readOnly']).toBe(true);
    const tlsVolume = volumes.find((v) => v['name'] === tlsMount['name'])!;
    expect(tlsVolume['secret']['secretName']).toBe(tlsSecret['metadata']['name']);
    expect(Object.keys(tlsSecret['stringData'])).toEqual(expect.arrayContaining(['tls.crt', 'tls.key']));
    // The user Prometheus logs in as is the one in the scrape Secret.
    expect([...parsed.config.users.keys()]).toEqual([scrapeSecret['stringData']['username']]);
    // The base's credentials stay mounted.
    expect(volumes.map((v) => v['name'])).toContain('liveperson-credentials');
  });

  it('probes /healthz and /readyz over HTTPS, without a password', () => {
    for (const [probe, path] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']] as const) {
      expect(container[probe]['httpGet']).toMatchObject({ path, port: 'http', scheme: 'HTTPS' });
      expect(container[probe]['httpGet']['httpHeaders']).toBeUndefined();
    }
  });

  it('has the ServiceMonitor and the PodMonitor scrape with https, the certificate as CA and basic auth from the scrape Secret', () => {
    for (const endpoint of [monitor['spec']['endpoints'][0], podMonitor['spec']['podMetricsEndpoints'][0]] as Obj[]) {
      expect(endpoint['scheme']).toBe('https');
      expect(endpoint['path']).toBe('/metrics');
      expect(endpoint['tlsConfig']['ca']['secret']).toEqual({ name: tlsSecret['metadata']['name'], key: 'tls.crt' });
      for (const part of ['username', 'password']) {
        expect(endpoint['basicAuth'][part]).toEqual({ name: scrapeSecret['metadata']['name'], key: part });
        expect(scrapeSecret['stringData'][part]).toBeDefined();
      }
    }
    expect(monitor['spec']['endpoints'][0]['port']).toBe('http');
  });

  it('lets the exporter out only to DNS and the proxy, no longer to 443 anywhere', () => {
    const egress = policy['spec']['egress'] as Obj[];
    const ports = egress.flatMap((rule) => (rule['ports'] as Obj[]).map((p) => p['port']));
    expect(ports).toEqual([53, 53, 3128]);
    expect(egress.find((rule) => (rule['ports'] as Obj[]).some((p) => p['port'] === 3128))!['to']).toBeDefined();
    // Prometheus still gets in.
    expect(policy['spec']['ingress']).toEqual(base('networkpolicy.yaml')['spec']['ingress']);
  });
});
