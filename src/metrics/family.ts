/**
 * A metric family: one thing the exporter publishes, described once for both outputs. /metrics
 * renders families (src/prometheus); the OTLP push maps the same families (src/otlp). The
 * OpenTelemetry name and unit of each are chosen so that Prometheus's OTLP translation of them
 * gives the Prometheus name: test/metrics/names.test.ts checks every family of the tables.
 */

export type FamilyType = 'gauge' | 'counter' | 'histogram';

export interface FamilyDef {
  /** Prometheus name: base unit in the suffix, `_total` on counters. */
  readonly name: string;
  readonly otelName: string;
  /** UCUM: `s`, `1`, a `{annotation}` (which Prometheus drops), or empty. */
  readonly otelUnit: string;
  readonly help: string;
  readonly type: FamilyType;
  /** Label names, in the order /metrics shows them. */
  readonly labels: readonly string[];
}

export interface HistogramDef extends FamilyDef {
  readonly type: 'histogram';
  /** Finite upper bounds, ascending; +Inf is implied. */
  readonly buckets: readonly number[];
}

export type Labels = Readonly<Record<string, string>>;

/** One series of a gauge or counter. */
export interface Point {
  readonly labels: Labels;
  readonly value: number;
}

/** One series of a histogram. */
export interface HistogramPoint {
  readonly labels: Labels;
  /** Observations at or below each of the def's bounds, cumulative as Prometheus's `le` buckets are. */
  readonly cumulative: readonly number[];
  readonly sum: number;
  readonly count: number;
}

export interface ValueFamily {
  readonly def: FamilyDef & { readonly type: 'gauge' | 'counter' };
  readonly points: readonly Point[];
}

export interface HistogramFamily {
  readonly def: HistogramDef;
  readonly points: readonly HistogramPoint[];
}

/** A family with its current series. A family without series is still listed (/metrics shows its HELP). */
export type Family = ValueFamily | HistogramFamily;

export function isHistogram(family: Family): family is HistogramFamily {
  return family.def.type === 'histogram';
}
