/**
 * Writes an ExportMetricsServiceRequest of gauges and sums with double values and string
 * attributes straight into one Buffer, sized first: the same bytes as the SDK's
 * ProtobufMetricsSerializer (test/otlp/direct-writer.test.ts compares them), but reading NHT
 * points from their snapshot columns (columns.ts) instead of point objects. It also returns where
 * each point's start time sits, so that later exports rewrite the times without a search.
 * Anything else (histograms, integer values, non-string attributes) is left to the SDK: the
 * writer answers undefined.
 */
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { isColumnPoints, type ColumnPoints } from './columns.js';

export interface Written {
  readonly bytes: Buffer;
  /** Offset of the 8 bytes of each point's start time; its end time's are 9 bytes further. */
  readonly starts: Uint32Array;
  /** Every point's times, when all points share them; undefined otherwise. */
  readonly times: { readonly start: bigint; readonly end: bigint } | undefined;
}

type NumberPoint = { readonly startTime: HrTime; readonly endTime: HrTime; readonly attributes: Attributes; readonly value: number };

const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');
/** A length-delimited field of `inner` bytes, tag included (every field number here is below 16). */
const field = (inner: number): number => 1 + varintSize(inner) + inner;
const stringField = (s: string): number => field(utf8(s));
const keyValueSize = (key: string, value: string): number => stringField(key) + field(stringField(value));

function attributesSize(attributes: Attributes): number | undefined {
  let n = 0;
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    const value: AttributeValue | undefined = attributes[key];
    if (typeof value !== 'string') return undefined;
    n += field(keyValueSize(key, value));
  }
  return n;
}

// NumberDataPoint: start and end times and the double, each a 1-byte tag and 8 bytes.
const POINT_FIXED = 27;
const ACCOUNT_ID = 'account_id';
const SKILL_ID = 'skill_id';

function columnPointSize(points: ColumnPoints, i: number): number {
  return POINT_FIXED + field(keyValueSize(ACCOUNT_ID, points.columns.accountId)) + field(keyValueSize(SKILL_ID, points.columns.samples.skillIds[i]!));
}

function pointsOf(metric: MetricData): ColumnPoints | readonly NumberPoint[] {
  return metric.dataPoints as unknown as ColumnPoints | readonly NumberPoint[];
}

/** The inner size of the metric's gauge or sum, or undefined when it is not one the writer writes. */
function dataSize(metric: MetricData): number | undefined {
  if (metric.descriptor.valueType !== ValueType.DOUBLE) return undefined;
  const points = pointsOf(metric);
  let n = 0;
  if (isColumnPoints(points)) for (let i = points.from; i < points.to; i++) n += field(columnPointSize(points, i));
  else
    for (const p of points) {
      const attributes = attributesSize(p.attributes);
      if (attributes === undefined) return undefined;
      n += field(POINT_FIXED + attributes);
    }
  if (metric.dataPointType === DataPointType.GAUGE) return n;
  if (metric.dataPointType !== DataPointType.SUM) return undefined;
  return n + (temporality(metric.aggregationTemporality) !== 0 ? 2 : 0) + (metric.isMonotonic ? 2 : 0);
}

const temporality = (t: AggregationTemporality): number => (t === AggregationTemporality.DELTA ? 1 : t === AggregationTemporality.CUMULATIVE ? 2 : 0);

function metricSize(metric: MetricData, data: number): number {
  const { name, description, unit } = metric.descriptor;
  return stringField(name) + (description ? stringField(description) : 0) + (unit ? stringField(unit) : 0) + field(data);
}

function scopeSize(scope: ScopeMetrics['scope'] & { attributes?: Attributes; droppedAttributesCount?: number }): number | undefined {
  const attributes = scope.attributes ? attributesSize(scope.attributes) : 0;
  if (attributes === undefined || scope.droppedAttributesCount) return undefined;
  return stringField(scope.name) + (scope.version ? stringField(scope.version) : 0) + attributes;
}

/** Sizes of every message, in the order they are written: the write pass reads them back. */
interface Sizes {
  readonly request: number;
  readonly resourceMetrics: number;
  readonly resource: number;
  readonly scopes: number[];
  readonly scopeMetrics: number[];
  readonly metrics: number[];
  readonly data: number[];
  readonly points: number;
}

function sizes(batch: ResourceMetrics): Sizes | undefined {
  const resourceAttributes = attributesSize(batch.resource.attributes);
  if (resourceAttributes === undefined) return undefined;
  // dropped_attributes_count is always written, as 0.
  const resource = resourceAttributes + 2;
  const out: Sizes = { request: 0, resourceMetrics: 0, resource, scopes: [], scopeMetrics: [], metrics: [], data: [], points: 0 };
  let resourceMetrics = field(resource) + (batch.resource.schemaUrl ? stringField(batch.resource.schemaUrl) : 0);
  let points = 0;
  for (const sm of batch.scopeMetrics) {
    const scope = scopeSize(sm.scope);
    if (scope === undefined) return undefined;
    let inner = field(scope) + (sm.scope.schemaUrl ? stringField(sm.scope.schemaUrl) : 0);
    for (const metric of sm.metrics) {
      const data = dataSize(metric);
      if (data === undefined) return undefined;
      const size = metricSize(metric, data);
      out.data.push(data);
      out.metrics.push(size);
      inner += field(size);
      points += metric.dataPoints.length;
    }
    out.scopes.push(scope);
    out.scopeMetrics.push(inner);
    resourceMetrics += field(inner);
  }
  return { ...out, resourceMetrics, request: field(resourceMetrics), points };
}

/** HrTime to nanoseconds, as the SDK computes it. */
const nanos = (time: HrTime): bigint => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);

class Writer {
  pos = 0;
  private lastTime: HrTime | undefined;
  private lastNanos = 0n;

  constructor(readonly bytes: Buffer) {}

  tag(fieldNumber: number, wireType: number): void {
    this.bytes[this.pos++] = (fieldNumber << 3) | wireType;
  }

  varint(n: number): void {
    while (n > 0x7f) {
      this.bytes[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.pos++] = n;
  }

  /** The tag and length of a length-delimited field. */
  open(fieldNumber: number, inner: number): void {
    this.tag(fieldNumber, 2);
    this.varint(inner);
  }

  string(fieldNumber: number, s: string): void {
    this.open(fieldNumber, utf8(s));
    this.pos += this.bytes.write(s, this.pos, 'utf8');
  }

  keyValue(fieldNumber: number, key: string, value: string): void {
    this.open(fieldNumber, keyValueSize(key, value));
    this.string(1, key);
    this.open(2, stringField(value));
    this.string(1, value);
  }

  attributes(fieldNumber: number, attributes: Attributes): void {
    for (const key in attributes) if (Object.prototype.hasOwnProperty.call(attributes, key)) this.keyValue(fieldNumber, key, attributes[key] as string);
  }

  time(fieldNumber: number, time: HrTime): bigint {
    if (time !== this.lastTime) [this.lastTime, this.lastNanos] = [time, nanos(time)];
    this.tag(fieldNumber, 1);
    this.bytes.writeBigUInt64LE(this.lastNanos, this.pos);
    this.pos += 8;
    return this.lastNanos;
  }

  double(fieldNumber: number, value: number): void {
    this.tag(fieldNumber, 1);
    this.pos = this.bytes.writeDoubleLE(value, this.pos);
  }
}

/** The request's bytes, or undefined when the batch holds something the writer does not write. */
export function writeRequest(batch: ResourceMetrics): Written | undefined {
  const size = sizes(batch);
  if (size === undefined) return undefined;
  const w = new Writer(Buffer.allocUnsafeSlow(size.request));
  const starts = new Uint32Array(size.points);
  let point = 0;
  let shared: { start: bigint; end: bigint } | undefined;
  let same = true;
  const numberPoint = (pointSize: number, startTime: HrTime, endTime: HrTime, value: number): void => {
    w.open(1, pointSize);
    starts[point++] = w.pos + 1;
    const start = w.time(2, startTime);
    const end = w.time(3, endTime);
    if (shared === undefined) shared = { start, end };
    else if (shared.start !== start || shared.end !== end) same = false;
    w.double(4, value);
  };

  w.open(1, size.resourceMetrics);
  w.open(1, size.resource);
  w.attributes(1, batch.resource.attributes);
  w.tag(2, 0);
  w.varint(0);
  let m = 0;
  batch.scopeMetrics.forEach((sm, s) => {
    w.open(2, size.scopeMetrics[s]!);
    w.open(1, size.scopes[s]!);
    w.string(1, sm.scope.name);
    if (sm.scope.version) w.string(2, sm.scope.version);
    const scopeAttributes = (sm.scope as { attributes?: Attributes }).attributes;
    if (scopeAttributes) w.attributes(3, scopeAttributes);
    for (const metric of sm.metrics) {
      w.open(2, size.metrics[m]!);
      w.string(1, metric.descriptor.name);
      if (metric.descriptor.description) w.string(2, metric.descriptor.description);
      if (metric.descriptor.unit) w.string(3, metric.descriptor.unit);
      w.open(metric.dataPointType === DataPointType.GAUGE ? 5 : 7, size.data[m++]!);
      const points = pointsOf(metric);
      if (isColumnPoints(points)) {
        const { accountId, samples } = points.columns;
        for (let i = points.from; i < points.to; i++) {
          numberPoint(columnPointSize(points, i), points.times.start, points.times.end, samples.values[i]!);
          w.keyValue(7, ACCOUNT_ID, accountId);
          w.keyValue(7, SKILL_ID, samples.skillIds[i]!);
        }
      } else
        for (const p of points) {
          numberPoint(POINT_FIXED + attributesSize(p.attributes)!, p.startTime, p.endTime, p.value);
          w.attributes(7, p.attributes);
        }
      if (metric.dataPointType === DataPointType.SUM) {
        const t = temporality(metric.aggregationTemporality);
        if (t !== 0) (w.tag(2, 0), w.varint(t));
        if (metric.isMonotonic) (w.tag(3, 0), w.varint(1));
      }
    }
    if (sm.scope.schemaUrl) w.string(3, sm.scope.schemaUrl);
  });
  if (batch.resource.schemaUrl) w.string(3, batch.resource.schemaUrl);
  // The sizes and the writes are two readings of one layout: a mismatch is a bug here, not bad input.
  if (w.pos !== size.request) throw new Error(`OTLP writer: wrote ${w.pos} bytes of ${size.request}`);
  return { bytes: w.bytes, starts, times: same ? shared : undefined };
}
