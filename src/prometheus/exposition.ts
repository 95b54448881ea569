import { promisify } from 'node:util';
import { crc32, constants, deflateRaw, deflateRawSync } from 'node:zlib';
import { skillInfoFamily } from '../metrics/skill-info.js';
import type { SkillNameMap } from '../skills/types.js';
import type { Snapshot } from '../snapshot.js';
import { runAtOnce, runInSlices } from '../slices.js';
import { renderColumnsSteps, renderFamilies } from './text.js';

/**
 * A cached part of /metrics (the NHT data of one snapshot, the skill names), rendered once per
 * change of its data. `deflated` is the same text as an unfinished raw-deflate stream (ended with
 * a sync flush), so a scrape that accepts gzip only compresses the exporter's own small metrics
 * and splices them on. The text is kept as bytes only (20,000 skills make 16 MB of it).
 */
export interface RenderedData {
  readonly text: string;
  readonly bytes: Buffer;
  readonly deflated: Buffer;
  readonly crc: number;
}

function rendered(bytes: Buffer, deflated: Buffer): RenderedData {
  return {
    get text() {
      return bytes.toString('utf8');
    },
    bytes,
    deflated,
    crc: crc32(bytes),
  };
}

/**
 * Level 3, the last of zlib's fast levels: on a 20,000-skill page (16 MB) it takes about a third
 * of the default level's CPU for a stream about 8% larger (docs/benchmarks.md), once per poll.
 */
const SYNC_FLUSH = { finishFlush: constants.Z_SYNC_FLUSH, level: 3 };
const deflateAsync = promisify(deflateRaw);

export function prepare(text: string): RenderedData {
  return prepareBytes(Buffer.from(text, 'utf8'));
}

function prepareBytes(bytes: Buffer): RenderedData {
  return rendered(bytes, deflateRawSync(bytes, SYNC_FLUSH));
}

/** As {@link prepare} for rendered bytes, compressing on libuv's thread pool: a large page never holds the event loop. */
export async function prepareInBackground(bytes: Buffer): Promise<RenderedData> {
  return rendered(bytes, await deflateAsync(bytes, SYNC_FLUSH));
}

export const EMPTY_DATA: RenderedData = prepare('');

/** The nine NHT gauges of a snapshot, written straight from its columns (no family is built). */
const nhtSteps = (snapshot: Snapshot, sizeHint = 0) => renderColumnsSteps(snapshot.accountId, snapshot.series, sizeHint);

/** The NHT gauges of one snapshot, ready to serve. */
export function renderSnapshot(snapshot: Snapshot): RenderedData {
  return prepareBytes(runAtOnce(nhtSteps(snapshot)));
}

/**
 * As {@link renderSnapshot}, in slices that let scrapes in between (what a poll uses).
 * `sizeHint`: the byte size of the last rendering, which the next one is usually close to.
 */
export async function renderSnapshotInSlices(snapshot: Snapshot, sizeHint = 0): Promise<RenderedData> {
  return prepareInBackground(await runInSlices(nhtSteps(snapshot, sizeHint)));
}

/** `liveperson_skill_info`; nothing at all before any name is known, so /metrics shows no stray HELP line. */
export function renderSkillInfo(accountId: string, names: SkillNameMap): RenderedData {
  return names.size === 0 ? EMPTY_DATA : prepare(renderFamilies([skillInfoFamily(accountId, names)]));
}
