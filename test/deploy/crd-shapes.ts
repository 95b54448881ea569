/**
 * Structural checks of the Prometheus Operator objects (monitoring.coreos.com/v1), whose CRDs
 * kubernetes-models does not ship. They follow the operator's CRD schemas: the required fields,
 * the duration pattern, and the known field names, so that a misspelt field (which the API
 * server would silently drop) is caught here.
 */
import type { Obj } from './support.js';

/** The operator's duration pattern (monitoring.coreos.com/v1 Duration). */
const DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

const SCRAPE_SPEC = [
  'jobLabel', 'podTargetLabels', 'selector', 'selectorMechanism', 'namespaceSelector', 'sampleLimit', 'targetLimit',
  'scrapeProtocols', 'fallbackScrapeProtocol', 'labelLimit', 'labelNameLengthLimit', 'labelValueLengthLimit',
  'scrapeClassicHistograms', 'nativeHistogramBucketLimit', 'nativeHistogramMinBucketFactor',
  'convertClassicHistogramsToNHCB', 'keepDroppedTargets', 'attachMetadata', 'scrapeClass', 'bodySizeLimit',
];
const ENDPOINT = [
  'port', 'targetPort', 'path', 'scheme', 'params', 'interval', 'scrapeTimeout', 'tlsConfig', 'bearerTokenSecret',
  'authorization', 'honorLabels', 'honorTimestamps', 'trackTimestampsStaleness', 'basicAuth', 'oauth2',
  'metricRelabelings', 'relabelings', 'proxyUrl', 'followRedirects', 'enableHttp2', 'filterRunning', 'noProxy',
  'proxyFromEnvironment', 'proxyConnectHeader',
];
const SHAPES: Record<string, { spec: string[]; endpoints: string; endpoint: string[] }> = {
  ServiceMonitor: {
    spec: [...SCRAPE_SPEC, 'endpoints', 'targetLabels', 'serviceDiscoveryRole'],
    endpoints: 'endpoints',
    endpoint: [...ENDPOINT, 'bearerTokenFile'],
  },
  PodMonitor: { spec: [...SCRAPE_SPEC, 'podMetricsEndpoints'], endpoints: 'podMetricsEndpoints', endpoint: [...ENDPOINT, 'portNumber'] },
};
const RULE_GROUP = ['name', 'labels', 'interval', 'query_offset', 'limit', 'partial_response_strategy', 'rules'];
const RULE = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(where: string, obj: Obj, known: readonly string[]): string[] {
  return Object.keys(obj)
    .filter((k) => !known.includes(k))
    .map((k) => `${where}: unknown field ${k}`);
}

function durationSeconds(text: string): number {
  const units: Record<string, number> = { y: 31536000, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(n) * units[unit!]!;
  return total;
}

function durationProblems(where: string, value: unknown): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' && DURATION.test(value) ? [] : [`${where}: ${String(value)} is not a duration such as 30s`];
}

function scrapeProblems(kind: string, spec: Obj): string[] {
  const shape = SHAPES[kind]!;
  const problems = unknownKeys('spec', spec, shape.spec);
  if (!isObject(spec['selector'])) problems.push('spec.selector: required');
  const endpoints = spec[shape.endpoints];
  if (!Array.isArray(endpoints) || endpoints.length === 0) return [...problems, `spec.${shape.endpoints}: needs at least one endpoint`];
  endpoints.forEach((e: unknown, i) => {
    const where = `spec.${shape.endpoints}[${i}]`;
    if (!isObject(e)) return problems.push(`${where}: not an object`);
    problems.push(...unknownKeys(where, e, shape.endpoint));
    if (typeof e['port'] !== 'string' && e['targetPort'] === undefined && e['portNumber'] === undefined) problems.push(`${where}: needs a port`);
    if (e['path'] !== undefined && !String(e['path']).startsWith('/')) problems.push(`${where}.path: must start with /`);
    problems.push(...durationProblems(`${where}.interval`, e['interval']), ...durationProblems(`${where}.scrapeTimeout`, e['scrapeTimeout']));
    if (typeof e['interval'] === 'string' && typeof e['scrapeTimeout'] === 'string' && durationSeconds(e['scrapeTimeout']) > durationSeconds(e['interval']))
      problems.push(`${where}: scrapeTimeout is longer than interval`);
  });
  return problems;
}

function ruleProblems(spec: Obj): string[] {
  const groups = spec['groups'];
  if (!Array.isArray(groups) || groups.length === 0) return ['spec.groups: needs at least one group'];
  const problems = unknownKeys('spec', spec, ['groups']);
  const names = new Set<string>();
  groups.forEach((g: unknown, i) => {
    const where = `spec.groups[${i}]`;
    if (!isObject(g)) return problems.push(`${where}: not an object`);
    problems.push(...unknownKeys(where, g, RULE_GROUP), ...durationProblems(`${where}.interval`, g['interval']));
    if (typeof g['name'] !== 'string' || g['name'] === '') problems.push(`${where}.name: required`);
    else if (names.has(g['name'])) problems.push(`${where}.name: ${g['name']} is used twice`);
    else names.add(g['name']);
    const rules = g['rules'];
    if (!Array.isArray(rules)) return problems.push(`${where}.rules: required`);
    rules.forEach((r: unknown, j) => {
      const at = `${where}.rules[${j}]`;
      if (!isObject(r)) return problems.push(`${at}: not an object`);
      problems.push(...unknownKeys(at, r, RULE), ...durationProblems(`${at}.for`, r['for']));
      if ((r['alert'] === undefined) === (r['record'] === undefined)) problems.push(`${at}: needs exactly one of alert and record`);
      if (typeof r['expr'] !== 'string' || r['expr'].trim() === '') problems.push(`${at}.expr: required`);
      for (const field of ['labels', 'annotations'])
        if (r[field] !== undefined && (!isObject(r[field]) || Object.values(r[field]).some((v) => typeof v !== 'string')))
          problems.push(`${at}.${field}: must map names to strings`);
    });
  });
  return problems;
}

/** The kinds this module checks. */
export const MONITORING_KINDS = ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'] as const;

/** What is wrong with a monitoring.coreos.com/v1 object; empty when nothing is. */
export function monitoringProblems(obj: Obj): string[] {
  const problems: string[] = [];
  if (obj['apiVersion'] !== 'monitoring.coreos.com/v1') problems.push(`apiVersion: ${String(obj['apiVersion'])} is not monitoring.coreos.com/v1`);
  if (!isObject(obj['metadata']) || typeof obj['metadata']['name'] !== 'string') problems.push('metadata.name: required');
  const spec = obj['spec'];
  if (!isObject(spec)) return [...problems, 'spec: required'];
  if (obj['kind'] === 'PrometheusRule') return [...problems, ...ruleProblems(spec)];
  if (obj['kind'] in SHAPES) return [...problems, ...scrapeProblems(String(obj['kind']), spec)];
  return [...problems, `kind: ${String(obj['kind'])} is not checked here`];
}
