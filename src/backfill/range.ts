/**
 * The time range of a backfill: read from `--from` / `--to`, defaulted, and refused before any
 * request when LivePerson cannot answer it.
 */
import { HOUR, MINUTE, parseDuration, WEEK } from '../config/duration.js';

/** How far back LivePerson keeps NHT data. */
export const RETENTION_MS = 9 * WEEK;
/**
 * Prometheus's head block holds roughly the last 3 hours and is still being written: promtool's
 * documentation says not to backfill it. Blocks are 2 hours long.
 */
export const HEAD_MS = 3 * HOUR;
export const BLOCK_MS = 2 * HOUR;
/**
 * The default `--from` starts this much after the oldest instant LivePerson keeps, so the oldest
 * window is still inside the nine weeks when its requests go out minutes later.
 */
export const RETENTION_MARGIN_MS = 15 * MINUTE;

export interface BackfillRange {
  /** First instant of history, epoch ms (inclusive). */
  readonly from: number;
  /** End of history, epoch ms (exclusive). */
  readonly to: number;
}

export type RangeResult = { ok: true; range: BackfillRange } | { ok: false; error: string };

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** `2026-10-01T00:00:00Z`, as the messages print times. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** An ISO 8601 UTC time, or a duration back from `now` (`9w`, `36h`, `1d12h`); undefined otherwise. */
export function parseInstant(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (ISO_UTC.test(trimmed)) {
    const ms = Date.parse(trimmed);
    // Date.parse rolls 2026-02-30 over into March: only round trips count.
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== trimmed.slice(0, 10) ? undefined : ms;
  }
  const back = /^\d+$/.test(trimmed) ? undefined : parseDuration(trimmed);
  return back === undefined ? undefined : now - back;
}

/** Default `--to`: 3 hours ago, rounded down to a 2-hour block boundary, so no block touches the head. */
export function defaultTo(now: number): number {
  return Math.floor((now - HEAD_MS) / BLOCK_MS) * BLOCK_MS;
}

/** Default `--from`: the oldest data LivePerson keeps, with a margin for the time the fetch takes. */
export function defaultFrom(now: number): number {
  return Math.ceil((now - RETENTION_MS + RETENTION_MARGIN_MS) / MINUTE) * MINUTE;
}

/**
 * Reads `--from` / `--to` (undefined = default) against the clock `now`. Refuses, with one
 * message, a range LivePerson cannot answer: unreadable, from ≥ to, reaching into the future,
 * or starting before the nine weeks it keeps.
 */
export function resolveRange(fromText: string | undefined, toText: string | undefined, now: number): RangeResult {
  const fail = (error: string): RangeResult => ({ ok: false, error });
  const read = (flag: string, text: string): number | string => {
    const ms = parseInstant(text, now);
    return ms ?? `${flag} "${text}" is neither an ISO 8601 UTC time (2026-10-01T00:00:00Z) nor a duration back from now (9w, 36h)`;
  };
  const from = fromText === undefined ? defaultFrom(now) : read('--from', fromText);
  if (typeof from === 'string') return fail(from);
  const to = toText === undefined ? defaultTo(now) : read('--to', toText);
  if (typeof to === 'string') return fail(to);
  if (to > now) return fail(`--to ${iso(to)} is in the future (now is ${iso(now)})`);
  if (from >= to) return fail(`--from ${iso(from)} is not before --to ${iso(to)}`);
  const oldest = now - RETENTION_MS;
  if (from < oldest) return fail(`--from ${iso(from)} is older than the 9 weeks LivePerson keeps (the oldest is ${iso(oldest)})`);
  return { ok: true, range: { from, to } };
}
