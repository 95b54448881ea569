/**
 * Encodes the points of one poll once, not at every export. The push sends the last poll's data
 * again and again, and the SDK's serializer builds and encodes every point each time (0.4 s of
 * CPU for 20,000 skills). A batch made only of points marked stable (the same objects as at the
 * last export: see {@link markStable}) is encoded once; later exports reuse its bytes and rewrite
 * only the point timestamps, which OTLP encodes as fixed64, so they sit at the same offsets.
 * Any other batch (the exporter's own metrics) is encoded by the SDK's serializer as before.
 */
import type { HrTime } from '@opentelemetry/api';
import { ProtobufMetricsSerializer, type IExportMetricsServiceResponse, type ISerializer } from '@opentelemetry/otlp-transformer';
import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';

const STABLE = Symbol('stable points');

/**
 * Marks metric data whose point objects stay the same, and keep their values and attributes,
 * for as long as this object is handed out; only their times may change. The SDK's batch
 * splitter copies a metric with a spread, which keeps the mark.
 */
export function markStable<T extends MetricData>(metric: T): T {
  return Object.assign(metric, { [STABLE]: true });
}

const isStable = (metric: MetricData): boolean => (metric as { [STABLE]?: boolean })[STABLE] === true;

type Point = MetricData['dataPoints'][number];

interface Encoded {
  /** The first point and the number of points of each metric of the batch. */
  readonly layout: ReadonlyArray<readonly [Point, number]>;
  readonly resource: ResourceMetrics['resource'];
  readonly bytes: Buffer;
  /** Offsets of the 8 bytes of each start time and each end time. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  start: bigint;
  end: bigint;
}

const nanos = (time: HrTime): bigint => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);

/** Offsets of the values of every `tag` + little-endian `value` field in `bytes`. */
function fieldOffsets(bytes: Buffer, tag: number, value: bigint): number[] {
  const needle = Buffer.alloc(9);
  needle[0] = tag;
  needle.writeBigUInt64LE(value, 1);
  const out: number[] = [];
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 9)) out.push(at + 1);
  return out;
}

/**
 * Writes `value` as 8 little-endian bytes at every offset: as two 32-bit halves, since a BigInt
 * write per offset costs 13 ms for the 180,000 points of 20,000 skills at every export.
 */
function rewrite(bytes: Buffer, offsets: readonly number[], value: bigint): void {
  const low = Number(value & 0xffff_ffffn);
  const high = Number(value >> 32n);
  for (const at of offsets) {
    bytes.writeUInt32LE(low, at);
    bytes.writeUInt32LE(high, at + 4);
  }
}

// NumberDataPoint: start_time_unix_nano = 2 and time_unix_nano = 3, both fixed64 (wire type 1).
const START_TAG = (2 << 3) | 1;
const END_TAG = (3 << 3) | 1;

/** The layout of a batch of stable metrics only, or undefined when it holds anything else. */
function stableLayout(batch: ResourceMetrics): Array<readonly [Point, number]> | undefined {
  const layout: Array<readonly [Point, number]> = [];
  for (const scope of batch.scopeMetrics)
    for (const metric of scope.metrics) {
      if (!isStable(metric) || metric.dataPoints.length === 0) return undefined;
      layout.push([metric.dataPoints[0]!, metric.dataPoints.length]);
    }
  return layout.length > 0 ? layout : undefined;
}

export class EncodeOnceSerializer implements ISerializer<ResourceMetrics, IExportMetricsServiceResponse> {
  /** Keyed by the batch's first point: a new poll's points are new objects, and the old entries go with them. */
  private readonly cache = new WeakMap<Point, Encoded>();

  constructor(private readonly inner: ISerializer<ResourceMetrics, IExportMetricsServiceResponse> = ProtobufMetricsSerializer) {}

  serializeRequest(batch: ResourceMetrics): Uint8Array | undefined {
    const layout = stableLayout(batch);
    if (!layout) return this.inner.serializeRequest(batch);
    const first = layout[0]![0];
    const start = nanos(first.startTime);
    const end = nanos(first.endTime);
    const hit = this.cache.get(first);
    if (hit && hit.resource === batch.resource && hit.layout.length === layout.length && hit.layout.every(([p, n], i) => p === layout[i]![0] && n === layout[i]![1])) {
      if (hit.start !== start) rewrite(hit.bytes, hit.starts, start);
      if (hit.end !== end) rewrite(hit.bytes, hit.ends, end);
      hit.start = start;
      hit.end = end;
      return hit.bytes;
    }
    const encoded = this.inner.serializeRequest(batch);
    if (!encoded) return encoded;
    // These bytes are rewritten later: a view of a buffer the serializer may share is copied; one
    // that spans its own buffer (the SDK's writer sizes it exactly) is kept as it is, not doubled.
    const own = encoded.byteOffset === 0 && encoded.byteLength === encoded.buffer.byteLength;
    const bytes = own ? Buffer.from(encoded.buffer, 0, encoded.byteLength) : Buffer.from(encoded);
    const points = layout.reduce((n, [, count]) => n + count, 0);
    const starts = fieldOffsets(bytes, START_TAG, start);
    const ends = fieldOffsets(bytes, END_TAG, end);
    // Every point carries both times: any other count means the bytes are not what this assumes.
    if (starts.length === points && ends.length === points) this.cache.set(first, { layout, resource: batch.resource, bytes, starts, ends, start, end });
    return bytes;
  }

  deserializeResponse(data: Uint8Array): IExportMetricsServiceResponse {
    return this.inner.deserializeResponse(data);
  }
}
