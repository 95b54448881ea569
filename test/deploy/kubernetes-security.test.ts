import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allManifests, exporterContainers, K8S_DIR, ofKind, rel, selects, type Obj } from './support.js';

const manifests = allManifests();
const exporters = exporterContainers(manifests);
/**
 * Peak RSS of the exporter with the image's NODE_OPTIONS on Node 24 (docs/benchmarks.md, Memory and
 * CPU): at 10,000 skills, and at 20,000 (the default NHT_MAX_SKILLS) with the OTLP push on.
 */
const PEAK_MIB_10000_SKILLS = 147;
const PEAK_MIB_20000_SKILLS_OTLP = 224;
const where = (file: string, name: unknown) => `${rel(file)} ${String(name)}`;

/** Mebibytes of a Kubernetes memory quantity such as 384Mi or 1Gi. */
function mebibytes(quantity: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!m) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

describe('every container in the Kubernetes manifests', () => {
  const containers = ofKind(manifests, 'Deployment').flatMap((m) => {
    const spec = m.obj['spec']['template']['spec'];
    return [...(spec['initContainers'] ?? []), ...spec['containers']].map((c: Obj) => ({ file: m.file, pod: spec as Obj, c }));
  });

  it('runs as non-root without privileges, capabilities or a writable root filesystem', () => {
    expect(containers.length).toBe(3);
    for (const { file, pod, c } of containers) {
      const sc = c['securityContext'] ?? {};
      const at = where(file, c['name']);
      expect(sc['runAsNonRoot'] ?? pod['securityContext']?.['runAsNonRoot'], at).toBe(true);
      expect(sc['readOnlyRootFilesystem'], at).toBe(true);
      expect(sc['allowPrivilegeEscalation'], at).toBe(false);
      expect(sc['capabilities']?.['drop'], at).toEqual(['ALL']);
      expect(sc['privileged'], at).toBeUndefined();
      expect((sc['seccompProfile'] ?? pod['securityContext']?.['seccompProfile'])?.['type'], at).toBe('RuntimeDefault');
      const uid = sc['runAsUser'] ?? pod['securityContext']?.['runAsUser'];
      expect(uid, at).toBeGreaterThan(0);
    }
  });

  it('has memory requests and limits, the limit no lower than the request', () => {
    for (const { file, c } of containers) {
      const { requests, limits } = c['resources'] ?? {};
      const at = where(file, c['name']);
      expect(requests?.['memory'], at).toEqual(expect.any(String));
      expect(mebibytes(limits?.['memory']), at).toBeGreaterThanOrEqual(mebibytes(requests['memory']));
    }
  });

  it('runs the exporter as the image user, with room over the peaks measured up to 20,000 skills', () => {
    for (const { manifest, podSpec, container } of exporters) {
      const at = where(manifest.file, container['name']);
      expect(container['securityContext']['runAsUser'] ?? podSpec['securityContext']['runAsUser'], at).toBe(65532);
      // The Secret's files are mode 0440 and group-owned by fsGroup: the exporter's group must be it.
      expect(podSpec['securityContext']['fsGroup'], at).toBe(65532);
      const limit = mebibytes(container['resources']['limits']['memory']);
      // The image caps the heap, so the peak stays put whatever the limit: a quarter over it is room enough.
      expect(limit, at).toBeGreaterThanOrEqual(1.25 * PEAK_MIB_20000_SKILLS_OTLP);
      expect(mebibytes(container['resources']['requests']['memory']), at).toBeGreaterThanOrEqual(PEAK_MIB_10000_SKILLS);
      expect(podSpec['automountServiceAccountToken'], at).toBe(false);
    }
  });
});

describe('the number of exporters polling LivePerson', () => {
  it('is one: the standalone Deployment has one replica and never overlaps two pods in a rollout', () => {
    for (const { manifest } of exporters) {
      expect(manifest.obj['spec']['replicas'], rel(manifest.file)).toBe(1);
      expect(manifest.obj['spec']['strategy']?.['type'], rel(manifest.file)).toBe('Recreate');
    }
  });

  it('says why in the manifest, so nobody scales it up to two by reflex', () => {
    const text = readFileSync(join(K8S_DIR, 'deployment.yaml'), 'utf8');
    expect(text).toMatch(/two replicas double/i);
  });
});

describe('the native sidecar', () => {
  const sidecar = exporters.find((e) => e.sidecar)!;

  it('is an init container that keeps running for the life of the pod', () => {
    expect(sidecar.container['restartPolicy']).toBe('Always');
    expect(sidecar.podSpec['containers'].some((c: Obj) => c['name'] === 'app')).toBe(true);
  });

  it('tells clusters older than 1.29 to use a regular container instead', () => {
    const text = readFileSync(sidecar.manifest.file, 'utf8');
    expect(text).toMatch(/1\.29/);
    expect(text).toMatch(/move the nht-exporter entry from initContainers to containers/);
  });
});

describe('the NetworkPolicy of the standalone exporter', () => {
  const [policy] = ofKind(manifests, 'NetworkPolicy');
  const spec = policy!.obj['spec'];
  const standalone = exporters.find((e) => !e.sidecar)!;

  it('applies to the exporter pod, both ways', () => {
    expect(selects(spec['podSelector'], standalone.manifest.obj['spec']['template']['metadata']['labels'])).toBe(true);
    expect(spec['policyTypes']).toEqual(['Ingress', 'Egress']);
  });

  it('lets in only Prometheus from the monitoring namespace, on the metrics port', () => {
    expect(spec['ingress']).toHaveLength(1);
    const [rule] = spec['ingress'];
    expect(rule['from']).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      },
    ]);
    expect(rule['ports']).toEqual([{ port: standalone.container['ports'][0]['containerPort'], protocol: 'TCP' }]);
  });

  it('lets out only DNS (53 over UDP and TCP) and HTTPS (443)', () => {
    const ports = spec['egress'].flatMap((rule: Obj) => {
      expect(rule['to']).toBeUndefined();
      return rule['ports'].map((p: Obj) => `${p['port']}/${p['protocol']}`);
    });
    expect(ports.sort()).toEqual(['443/TCP', '53/TCP', '53/UDP']);
  });
});
