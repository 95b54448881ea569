/**
 * What a Prometheus fed over OTLP stores, restated from its translation rules so tests can hold
 * the exporter's OTLP output against its /metrics text. The rules, as in prometheus/otlptranslator
 * (metric_namer.go, unit_namer.go, label_namer.go), with the default translation strategy
 * UnderscoreEscapingWithSuffixes, which the OpenTelemetry Collector's prometheusremotewrite
 * exporter applies too (`add_metric_suffixes: true`); spec: OpenTelemetry "Prometheus and
 * OpenMetrics Compatibility", section "OTLP Metric points to Prometheus":
 *
 *  1. The name is split into tokens at every character outside [a-zA-Z0-9:], so `.` becomes `_`
 *     and runs of `_` collapse to one.
 *  2. The unit becomes a suffix token: `s` → `seconds` (also ms, By, ... in the full table),
 *     `1` → nothing; a unit in braces such as `{segment}` is an annotation and is dropped; a
 *     suffix already among the tokens is not added twice.
 *     (The `per` part of a unit such as `By/s` → `_per_second` is not used here and left out.)
 *  3. A monotonic cumulative sum (counter) gets `total` as last token (moved there if present).
 *  4. A gauge with unit `1` gets `ratio` as last token (counters never do).
 *  5. A non-monotonic sum is a Prometheus gauge: no `total`.
 *  6. A histogram keeps the base name and is stored as `<base>_bucket{le}` (cumulative counts,
 *     `le` written like Go's FormatFloat 'f', -1: `0.25`, `1`, `+Inf`), `<base>_sum`, `<base>_count`.
 *  7. Attribute names become labels with characters outside [a-zA-Z0-9_] replaced by `_`
 *     (a leading digit gets a `key_` prefix); values are kept as they are.
 *  8. Resource attributes are not copied onto the series: service.name and service.instance.id
 *     become `job` and `instance`, the others go to `target_info`. A scrape adds `job` and
 *     `instance` too, from the scrape config, so both sides are compared without them.
 */
import type { OtlpKeyValue, OtlpRequest } from './otlp-model.js';
import { attributesOf, metricsOf } from './otlp-model.js';

export type PromType = 'gauge' | 'counter' | 'histogram';

/** OTLP unit → Prometheus suffix token (rule 2); units outside the table pass through cleaned. */
const UNIT_SUFFIXES: Readonly<Record<string, string>> = {
  d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds',
  By: 'bytes', KiBy: 'kibibytes', MiBy: 'mebibytes', GiBy: 'gibibytes', KBy: 'kilobytes', MBy: 'megabytes', GBy: 'gigabytes',
  '1': '', '%': 'percent', Hz: 'hertz', Cel: 'celsius',
};

function unitSuffix(unit: string): string {
  const main = unit.split('/')[0]?.trim() ?? '';
  if (main === '' || /[{}]/.test(main)) return '';
  return UNIT_SUFFIXES[main] ?? main.replace(/[^a-zA-Z0-9:]+/g, '_').replace(/^_+/, '');
}

/** The Prometheus metric name of an OTLP metric (rules 1-5; for histograms, the base name). */
export function prometheusName(name: string, unit: string, type: PromType): string {
  let tokens = name.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
  const suffix = unitSuffix(unit);
  if (suffix !== '' && !tokens.includes(suffix)) tokens.push(suffix);
  if (type === 'counter') tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && type === 'gauge') tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  const joined = tokens.join('_');
  return /^\d/.test(joined) ? `_${joined}` : joined;
}

/** Rule 7. */
export function prometheusLabel(attribute: string): string {
  const cleaned = attribute.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^\d/.test(cleaned) ? `key_${cleaned}` : cleaned;
}

/** `name{a="1",b="2"}` with labels sorted: one key per series, as /metrics and OTLP both give it. */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${pairs.join(',')}}`;
}

function labelsOf(kvs: OtlpKeyValue[] | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributesOf(kvs))) out[prometheusLabel(k)] = v;
  return { ...out, ...extra };
}

function formatLe(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}

/** Every sample a Prometheus would store from the export, keyed by seriesKey (rule 6 expands histograms). */
export function toPrometheusSamples(request: OtlpRequest): Map<string, number> {
  const out = new Map<string, number>();
  for (const metric of metricsOf(request)) {
    const unit = metric.unit ?? '';
    if (metric.gauge || metric.sum) {
      const type: PromType = metric.sum?.isMonotonic ? 'counter' : 'gauge';
      const name = prometheusName(metric.name, unit, type);
      for (const p of metric.gauge?.dataPoints ?? metric.sum?.dataPoints ?? []) {
        out.set(seriesKey(name, labelsOf(p.attributes)), p.asDouble ?? Number(p.asInt ?? 0));
      }
    } else if (metric.histogram) {
      const base = prometheusName(metric.name, unit, 'histogram');
      for (const p of metric.histogram.dataPoints ?? []) {
        const bounds = p.explicitBounds ?? [];
        const counts = (p.bucketCounts ?? []).map(Number);
        let cumulative = 0;
        [...bounds, Infinity].forEach((bound, i) => {
          cumulative += counts[i] ?? 0;
          out.set(seriesKey(`${base}_bucket`, labelsOf(p.attributes, { le: formatLe(bound) })), cumulative);
        });
        out.set(seriesKey(`${base}_sum`, labelsOf(p.attributes)), p.sum ?? 0);
        out.set(seriesKey(`${base}_count`, labelsOf(p.attributes)), Number(p.count ?? 0));
      }
    }
  }
  return out;
}
