import { crc32, constants, deflateRawSync, gzipSync } from 'node:zlib';
import { nhtFamilies } from '../metrics/nht.js';
import { skillInfoFamily } from '../metrics/skill-info.js';
import type { SkillNameMap } from '../skills/types.js';
import type { Snapshot } from '../snapshot.js';
import { renderFamilies } from './text.js';

/**
 * A cached part of /metrics (the NHT data of one snapshot, the skill names), rendered once per
 * change of its data. `deflated` is the same text as an unfinished raw-deflate stream (ended with
 * a sync flush), so a scrape that accepts gzip only compresses the exporter's own small metrics
 * and splices them on.
 */
export interface RenderedData {
  readonly text: string;
  readonly bytes: Buffer;
  readonly deflated: Buffer;
  readonly crc: number;
}

export function prepare(text: string): RenderedData {
  const bytes = Buffer.from(text, 'utf8');
  return {
    text,
    bytes,
    deflated: deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }),
    crc: crc32(bytes),
  };
}

export const EMPTY_DATA: RenderedData = prepare('');

/** The NHT gauges of one snapshot, ready to serve. */
export function renderSnapshot(snapshot: Snapshot): RenderedData {
  return prepare(renderFamilies(nhtFamilies(snapshot)));
}

/** `liveperson_skill_info`; nothing at all before any name is known, so /metrics shows no stray HELP line. */
export function renderSkillInfo(accountId: string, names: SkillNameMap): RenderedData {
  return names.size === 0 ? EMPTY_DATA : prepare(renderFamilies([skillInfoFamily(accountId, names)]));
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * The full exposition: the cached parts in order (the NHT data first), then the per-scrape text.
 */
export function plainBody(parts: readonly RenderedData[], own: string): Buffer {
  return Buffer.concat([...parts.map((p) => p.bytes), Buffer.from(own, 'utf8')]);
}

/**
 * One gzip member holding every part and the per-scrape text: the cached deflate streams, the
 * per-scrape text deflated on its own (a fresh stream only refers back into itself, so the
 * concatenation is valid), and a trailer whose CRC continues the first part's cached one. Parts
 * after the first should be small: their CRC is computed per scrape.
 */
export function gzipBody(parts: readonly RenderedData[], own: string): Buffer {
  const tail = Buffer.from(own, 'utf8');
  let crc = parts[0]?.crc ?? 0;
  let size = parts[0]?.bytes.length ?? 0;
  for (const part of parts.slice(1)) {
    // An empty part adds nothing to the checksum.
    if (part.bytes.length === 0) continue;
    crc = crc32(part.bytes, crc);
    size += part.bytes.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(tail.length ? crc32(tail, crc) : crc, 0);
  trailer.writeUInt32LE((size + tail.length) % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, ...parts.map((p) => p.deflated), deflateRawSync(tail), trailer]);
}

/** For comparison in benchmarks: compressing everything per scrape. */
export function gzipWhole(parts: readonly RenderedData[], own: string): Buffer {
  return gzipSync(plainBody(parts, own));
}
