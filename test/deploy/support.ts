/**
 * Reading the deployment files the way their tools do: YAML 1.1 for Kubernetes (kubectl's
 * parser reads `0440` as octal and `yes` as a boolean), plain paths relative to the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, loadAll, YAML11_SCHEMA } from 'js-yaml';
import { configKeys } from '../../src/config/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const K8S_DIR = join(ROOT, 'deploy', 'kubernetes');
/** The image's name in the manifests; kustomization.yaml `images:` maps it to a registry. */
export const IMAGE_NAME = 'liveperson-nht-exporter';
/** The exporter's default port (the schema's server.port default). */
export const DEFAULT_PORT = 9818;

export type Obj = Record<string, any>;

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Every document of a YAML file, read as kubectl reads it. */
export function readYamlDocs(path: string): Obj[] {
  return loadAll(readText(path), { schema: YAML11_SCHEMA }).filter((d): d is Obj => d !== null && d !== undefined);
}

export function readYaml(path: string): Obj {
  return load(readText(path), { schema: YAML11_SCHEMA }) as Obj;
}

export function rel(path: string): string {
  return relative(ROOT, path);
}

/** Folders under (and including) `dir`, depth first. */
export function foldersUnder(dir: string): string[] {
  const out = [dir];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...foldersUnder(path));
  }
  return out;
}

/** A Kubernetes object read from a manifest, with the file it came from. */
export interface Manifest {
  readonly file: string;
  readonly obj: Obj;
}

/** One kustomization.yaml and the objects of the resources it lists (missing files are reported, not thrown). */
export interface Kustomization {
  readonly dir: string;
  readonly spec: Obj;
  readonly resources: string[];
  readonly missing: string[];
  readonly manifests: Manifest[];
}

export function kustomizations(): Kustomization[] {
  return foldersUnder(K8S_DIR)
    .filter((dir) => existsSync(join(dir, 'kustomization.yaml')))
    .map((dir) => {
      const spec = readYaml(join(dir, 'kustomization.yaml'));
      const resources = (spec['resources'] ?? []) as string[];
      const missing = resources.filter((r) => !existsSync(join(dir, r)));
      const manifests = resources
        .filter((r) => !missing.includes(r) && statSync(join(dir, r)).isFile())
        .flatMap((r) => readYamlDocs(join(dir, r)).map((obj) => ({ file: join(dir, r), obj })));
      return { dir, spec, resources, missing, manifests };
    });
}

export function allManifests(): Manifest[] {
  return kustomizations().flatMap((k) => k.manifests);
}

export function ofKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.obj['kind'] === kind);
}

/** A container that runs the exporter's image, with the pod spec and manifest it sits in. */
export interface ExporterContainer {
  readonly manifest: Manifest;
  readonly podSpec: Obj;
  readonly container: Obj;
  readonly sidecar: boolean;
}

export function exporterContainers(manifests: readonly Manifest[]): ExporterContainer[] {
  const out: ExporterContainer[] = [];
  for (const manifest of ofKind(manifests, 'Deployment')) {
    const podSpec = manifest.obj['spec']['template']['spec'] as Obj;
    for (const [list, sidecar] of [['containers', false], ['initContainers', true]] as const) {
      for (const container of (podSpec[list] ?? []) as Obj[]) {
        if (String(container['image']).split(':')[0] === IMAGE_NAME) out.push({ manifest, podSpec, container, sidecar });
      }
    }
  }
  return out;
}

/** Every environment variable the configuration reads, and the `<ENV>_FILE` variables it allows. */
export function configEnv(): { plain: Set<string>; files: Set<string>; sensitive: Set<string> } {
  const keys = configKeys();
  return {
    plain: new Set(keys.map((k) => k.env)),
    files: new Set(keys.flatMap((k) => (k.fileEnv ? [k.fileEnv] : []))),
    sensitive: new Set(keys.filter((k) => k.sensitive).map((k) => k.env)),
  };
}

/** Kubernetes' label selector rule: every matchLabels pair is among the labels. */
export function selects(selector: Obj | undefined, labels: Obj | undefined): boolean {
  const match = (selector?.['matchLabels'] ?? {}) as Record<string, string>;
  return Object.keys(match).length > 0 && Object.entries(match).every(([k, v]) => labels?.[k] === v);
}

/** Resolves a probe or Service port (a name or a number) to the container's port number. */
export function containerPort(container: Obj, port: string | number): number | undefined {
  const ports = (container['ports'] ?? []) as Obj[];
  if (typeof port === 'number') return ports.some((p) => p['containerPort'] === port) ? port : undefined;
  return ports.find((p) => p['name'] === port)?.['containerPort'] as number | undefined;
}
