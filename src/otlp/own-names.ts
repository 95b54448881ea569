/**
 * OpenTelemetry names for the exporter's own metrics (the `liveperson_nht_*` series of the
 * prom-client registry), derived from their Prometheus names by undoing what Prometheus's OTLP
 * translation adds back: `_total` on counters, the unit suffix (`s` → `_seconds`, `1` on a gauge
 * → `_ratio`), dots → underscores. Derived rather than listed, so a metric someone adds to
 * OwnMetrics is pushed too, under the name its /metrics twin has.
 */

/** Kinds of prom-client metric the push carries; summaries have no faithful OTLP twin and are left out. */
export type OwnKind = 'gauge' | 'counter' | 'histogram';

export interface OtelIdentity {
  readonly name: string;
  readonly unit: string;
}

const PROM_PREFIX = 'liveperson_nht_';
const OTEL_PREFIX = 'liveperson.nht.';

/**
 * UCUM annotations for the counts, by OpenTelemetry name: Prometheus drops `{...}` units, so they
 * only tell OpenTelemetry backends what is counted.
 */
const COUNT_UNITS: Readonly<Record<string, string>> = {
  'liveperson.nht.polls': '{poll}',
  'liveperson.nht.api_requests': '{request}',
  'liveperson.nht.api_retries': '{retry}',
  'liveperson.nht.invalid_values': '{value}',
  'liveperson.nht.skills': '{skill}',
  'liveperson.nht.otlp_exports': '{export}',
  'liveperson.nht.skill_names_refreshes': '{refresh}',
};

function stripSuffix(name: string, suffix: string): string | undefined {
  return name.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : undefined;
}

/**
 * The OpenTelemetry name and unit of an own metric, or undefined when it is not one the push
 * carries: outside the `liveperson_nht_` family (the process metrics), or a counter without
 * `_total`, which the translation would rename.
 */
export function otelIdentity(promName: string, kind: OwnKind): OtelIdentity | undefined {
  if (!promName.startsWith(PROM_PREFIX)) return undefined;
  let rest = promName.slice(PROM_PREFIX.length);
  if (kind === 'counter') {
    const base = stripSuffix(rest, '_total');
    if (base === undefined) return undefined;
    rest = base;
  }
  let unit = '';
  const seconds = stripSuffix(rest, '_seconds');
  const ratio = kind === 'gauge' ? stripSuffix(rest, '_ratio') : undefined;
  if (seconds !== undefined) {
    rest = seconds;
    unit = 's';
  } else if (ratio !== undefined) {
    rest = ratio;
    unit = '1';
  }
  const name = OTEL_PREFIX + rest;
  return { name, unit: unit || (COUNT_UNITS[name] ?? '') };
}
