/**
 * The OTLP/JSON shape both decoders produce (protobuf via protobufjs, JSON as sent), and flat
 * views of it for the wire tests' assertions.
 */

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
}
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
export interface OtlpNumberPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: string | number;
  timeUnixNano?: string | number;
  asDouble?: number;
  asInt?: string | number;
}
export interface OtlpHistogramPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: string | number;
  timeUnixNano?: string | number;
  count?: string | number;
  sum?: number;
  bucketCounts?: Array<string | number>;
  explicitBounds?: number[];
}
export interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints?: OtlpNumberPoint[] };
  sum?: { dataPoints?: OtlpNumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints?: OtlpHistogramPoint[]; aggregationTemporality?: number };
}
export interface OtlpRequest {
  resourceMetrics?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeMetrics?: Array<{ scope?: { name?: string; version?: string }; metrics?: OtlpMetric[] }>;
  }>;
}

/** Attribute values as strings (the exporter only sends strings). */
export function attributesOf(kvs: OtlpKeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of kvs ?? []) {
    const v = value?.stringValue ?? value?.intValue ?? value?.doubleValue ?? value?.boolValue;
    out[key] = String(v);
  }
  return out;
}

export function metricsOf(request: OtlpRequest): OtlpMetric[] {
  return (request.resourceMetrics ?? []).flatMap((r) => (r.scopeMetrics ?? []).flatMap((s) => s.metrics ?? []));
}

export function resourceOf(request: OtlpRequest): Record<string, string> {
  return attributesOf(request.resourceMetrics?.[0]?.resource?.attributes);
}

/** The metric of that name, or a test failure. */
export function metricNamed(request: OtlpRequest, name: string): OtlpMetric {
  const found = metricsOf(request).find((m) => m.name === name);
  if (!found) throw new Error(`no metric ${name} in the export; got ${metricsOf(request).map((m) => m.name).join(', ')}`);
  return found;
}
