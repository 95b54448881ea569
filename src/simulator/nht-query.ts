/**
 * Reads and validates the parameters of an NHT request (JSON body of a POST or query string of a
 * GET) the way the API page documents them. Every broken rule becomes one entry of `causes`.
 */

/** The longest query period LivePerson accepts: one week. */
export const NHT_WINDOW_MS = 7 * 24 * 3_600_000;
/** How far back LivePerson keeps data: 9 weeks. */
export const NHT_RETENTION_MS = 9 * NHT_WINDOW_MS;

/** The `causes` entries of a 400 answer, one per documented rule. */
export const CAUSES = {
  sourceRequired: 'source is required',
  sourceTooLong: 'source must be at most 20 characters',
  mixedTimeframe: 'fromDate/toDate and fromMillis/toMillis cannot be used together',
  timeframeRequired: 'fromDate and toDate (or fromMillis and toMillis) are required',
  badDate: 'fromDate and toDate must be ISO dates in UTC, e.g. 2021-07-05T05:00:00',
  badMillis: 'fromMillis and toMillis must be epoch milliseconds',
  fromAfterTo: 'the start of the query period must be before its end',
  periodTooLong: 'the query period is limited to 1 week',
  tooOld: 'the query period must be within the last 9 weeks',
  badInterval: 'interval must be one of 15, 30, 60',
  badLimit: 'limit must be between 1 and 10',
  badOffset: 'offset must be a non-negative integer',
  badSkillIds: 'skillIds must be a comma-separated list of skill ids',
  badVersion: 'v must be 1 or 2',
} as const;

/** A valid request, normalised. */
export interface NhtQuery {
  readonly version: 1 | 2;
  readonly source: string;
  readonly from: number;
  readonly to: number;
  /** Which pair of bounds the caller used; the pagination links repeat it. */
  readonly timeframeKind: 'date' | 'millis';
  readonly interval: 15 | 30 | 60;
  readonly limit: number;
  readonly offset: number;
  /** Undefined = all skills. */
  readonly skillIds?: readonly string[];
}

export type NhtQueryResult = { ok: true; query: NhtQuery } | { ok: false; causes: string[] };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|[+-]00:?00)?$/;

/** Parses `2021-07-05T05:00:00` (UTC; seconds, millis and a zero offset optional). */
export function parseUtcDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map((part) => Number(part ?? 0)) as number[];
  const time = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
  const check = new Date(time);
  // Date.UTC rolls 2021-02-30 over into March: reject such dates instead.
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) return undefined;
  return time;
}

/** `2022-05-19T09:00:00`: the API's date format. */
export function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** A whole number from a JSON number or a numeric string; undefined when it is neither. */
function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function optionalInteger(value: unknown, fallback: number): number | undefined {
  return present(value) ? integer(value) : fallback;
}

/** Validates the request parameters against the clock `now` (epoch ms). */
export function parseNhtQuery(params: Readonly<Record<string, unknown>>, now: number): NhtQueryResult {
  const causes: string[] = [];

  const version = optionalInteger(params.v, 1);
  if (version !== 1 && version !== 2) causes.push(CAUSES.badVersion);

  const source = present(params.source) ? String(params.source) : undefined;
  if (source === undefined) causes.push(CAUSES.sourceRequired);
  else if (source.length > 20) causes.push(CAUSES.sourceTooLong);

  const interval = optionalInteger(params.interval, 60);
  if (interval !== 15 && interval !== 30 && interval !== 60) causes.push(CAUSES.badInterval);

  const limit = optionalInteger(params.limit, 10);
  if (limit === undefined || limit < 1 || limit > 10) causes.push(CAUSES.badLimit);

  const offset = optionalInteger(params.offset, 0);
  if (offset === undefined || offset < 0) causes.push(CAUSES.badOffset);

  let skillIds: string[] | undefined;
  if (present(params.skillIds)) {
    const text = String(params.skillIds);
    if (/^\s*\d+\s*(,\s*\d+\s*)*$/.test(text)) skillIds = [...new Set(text.split(',').map((s) => s.trim()))];
    else causes.push(CAUSES.badSkillIds);
  }

  const timeframe = parseTimeframe(params, now, causes);

  if (causes.length > 0 || !timeframe) return { ok: false, causes };
  return {
    ok: true,
    query: {
      version: version as 1 | 2,
      source: source!,
      ...timeframe,
      interval: interval as 15 | 30 | 60,
      limit: limit!,
      offset: offset!,
      ...(skillIds ? { skillIds } : {}),
    },
  };
}

function parseTimeframe(
  params: Readonly<Record<string, unknown>>,
  now: number,
  causes: string[],
): { from: number; to: number; timeframeKind: 'date' | 'millis' } | undefined {
  const hasDate = present(params.fromDate) || present(params.toDate);
  const hasMillis = present(params.fromMillis) || present(params.toMillis);
  if (hasDate && hasMillis) {
    causes.push(CAUSES.mixedTimeframe);
    return undefined;
  }
  const kind = hasDate ? 'date' : 'millis';
  const [fromRaw, toRaw] = kind === 'date' ? [params.fromDate, params.toDate] : [params.fromMillis, params.toMillis];
  if (!present(fromRaw) || !present(toRaw)) {
    causes.push(CAUSES.timeframeRequired);
    return undefined;
  }
  const read = (raw: unknown): number | undefined => {
    if (kind === 'date') return typeof raw === 'string' ? parseUtcDate(raw.trim()) : undefined;
    const n = integer(raw);
    return n !== undefined && n >= 0 ? n : undefined;
  };
  const from = read(fromRaw);
  const to = read(toRaw);
  if (from === undefined || to === undefined) {
    causes.push(kind === 'date' ? CAUSES.badDate : CAUSES.badMillis);
    return undefined;
  }
  if (from >= to) causes.push(CAUSES.fromAfterTo);
  else if (to - from > NHT_WINDOW_MS) causes.push(CAUSES.periodTooLong);
  if (from < now - NHT_RETENTION_MS) causes.push(CAUSES.tooOld);
  return { from, to, timeframeKind: kind };
}
