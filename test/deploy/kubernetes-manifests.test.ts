import { readdirSync } from 'node:fs';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { MONITORING_KINDS, monitoringProblems } from './crd-shapes.js';
import { allManifests, exporterContainers, foldersUnder, IMAGE_NAME, K8S_DIR, kustomizations, rel, type Obj } from './support.js';

/** The built-in kinds the manifests use, each with its kubernetes-models class. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

function validationError(obj: Obj): string | undefined {
  const Model = MODELS[`${obj['apiVersion']}/${obj['kind']}`];
  if (!Model) return `no validator for ${obj['apiVersion']} ${obj['kind']}`;
  try {
    new Model(obj).validate();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

describe('the Kubernetes kustomizations', () => {
  const all = kustomizations();

  it('exist for the standalone exporter and for the sidecar example', () => {
    expect(all.map((k) => rel(k.dir)).sort()).toEqual(['deploy/kubernetes', 'deploy/kubernetes/sidecar']);
    expect(foldersUnder(K8S_DIR).map(rel).sort()).toEqual(['deploy/kubernetes', 'deploy/kubernetes/sidecar']);
  });

  it('list every manifest of their folder, so kubectl apply -k leaves nothing out', () => {
    for (const k of all) {
      const files = readdirSync(k.dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
      expect(new Set(k.resources), rel(k.dir)).toEqual(new Set(files.concat(k.missing)));
    }
  });

  it('list only files that exist (prometheusrule.yaml comes from the alerting rules generator)', () => {
    for (const k of all) expect(k.missing, `${rel(k.dir)}/kustomization.yaml lists missing files`).toEqual([]);
  });

  it('include the PrometheusRule with the standalone exporter', () => {
    const top = all.find((k) => k.dir === K8S_DIR)!;
    expect(top.resources).toContain('prometheusrule.yaml');
    expect(top.manifests.filter((m) => m.obj['kind'] === 'PrometheusRule').length).toBeGreaterThan(0);
  });

  it('map the image name that the containers use, and the namespace the Namespace object creates', () => {
    for (const k of all) {
      const names = ((k.spec['images'] ?? []) as Obj[]).map((i) => i['name']);
      expect(names, rel(k.dir)).toEqual([IMAGE_NAME]);
      expect(exporterContainers(k.manifests).length, rel(k.dir)).toBeGreaterThan(0);
    }
    const top = all.find((k) => k.dir === K8S_DIR)!;
    const ns = top.manifests.find((m) => m.obj['kind'] === 'Namespace')!.obj;
    expect(ns['metadata']['name']).toBe(top.spec['namespace']);
    expect(ns['metadata']['labels']['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

describe('every Kubernetes object', () => {
  const manifests = allManifests();

  it('has an apiVersion, a kind and a name', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(9);
    for (const { file, obj } of manifests) {
      expect(obj['apiVersion'], rel(file)).toEqual(expect.any(String));
      expect(obj['kind'], rel(file)).toEqual(expect.any(String));
      expect(obj['metadata']?.['name'], rel(file)).toEqual(expect.any(String));
    }
  });

  it('of a built-in kind passes the Kubernetes schema (kubernetes-models)', () => {
    const builtIn = manifests.filter((m) => !String(m.obj['apiVersion']).startsWith('monitoring.coreos.com/'));
    expect(builtIn.map((m) => m.obj['kind']).sort()).toEqual(
      ['ConfigMap', 'ConfigMap', 'Deployment', 'Deployment', 'Namespace', 'NetworkPolicy', 'Service'],
    );
    for (const { file, obj } of builtIn) expect(validationError(obj), `${rel(file)} ${obj['kind']}`).toBeUndefined();
  });

  it('of the Prometheus Operator has the shape of its CRD', () => {
    const monitoring = manifests.filter((m) => String(m.obj['apiVersion']).startsWith('monitoring.coreos.com/'));
    const kinds = monitoring.map((m) => m.obj['kind']);
    expect(kinds).toEqual(expect.arrayContaining(['ServiceMonitor', 'PodMonitor']));
    for (const kind of kinds) expect(MONITORING_KINDS).toContain(kind);
    for (const { file, obj } of monitoring) expect(monitoringProblems(obj), `${rel(file)} ${obj['kind']}`).toEqual([]);
  });
});

describe('the manifest checks themselves', () => {
  it('catch a port given as text and a ConfigMap value that is not a string', () => {
    const deployment = allManifests().find((m) => m.obj['kind'] === 'Deployment')!.obj;
    const broken = structuredClone(deployment);
    broken['spec']['template']['spec']['containers'][0]['ports'][0]['containerPort'] = 'http';
    expect(validationError(broken)).toMatch(/containerPort must be integer/);
    expect(validationError({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { NHT_CONCURRENCY: 4 } })).toMatch(/string/);
  });

  it('catch a misspelt PodMonitor field and a scrape timeout longer than the interval', () => {
    const podMonitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'x' } };
    expect(monitoringProblems({ ...podMonitor, spec: { selector: {}, podMetricEndpoints: [{ port: 'http' }] } })).toEqual([
      'spec: unknown field podMetricEndpoints',
      'spec.podMetricsEndpoints: needs at least one endpoint',
    ]);
    expect(
      monitoringProblems({ ...podMonitor, spec: { selector: {}, podMetricsEndpoints: [{ port: 'http', interval: '30s', scrapeTimeout: '1m' }] } }),
    ).toEqual(['spec.podMetricsEndpoints[0]: scrapeTimeout is longer than interval']);
  });

  it('catch a rule with both alert and record, and a bad duration', () => {
    const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x' } };
    expect(monitoringProblems({ ...rule, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', record: 'b', expr: 'up', for: '5 minutes' }] }] } })).toEqual([
      'spec.groups[0].rules[0].for: 5 minutes is not a duration such as 30s',
      'spec.groups[0].rules[0]: needs exactly one of alert and record',
    ]);
  });
});
