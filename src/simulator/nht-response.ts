/**
 * Builds the NHT response body for a valid query: the page of skills, their buckets, and (v2) the
 * `_metadata` pagination block whose links are absolute GET URLs, as in the API page's example.
 */
import { NHT_FIELDS, type NhtField } from '../liveperson/types.js';
import type { BucketValues } from './data.js';
import { formatUtcDate, type NhtQuery } from './nht-query.js';

export interface ResponseContext {
  /** e.g. `http://127.0.0.1:8081/operations/api/account/12345678/nht`: base of the pagination links. */
  readonly endpoint: string;
  /** All skills matching the query's filter, sorted by id. */
  readonly skills: readonly string[];
  /** Bucket starts of the query (see bucketStarts). */
  readonly starts: readonly number[];
  /** Values served for one skill and bucket start. */
  readonly values: (skillId: string, start: number) => BucketValues;
  /** Use the field table's spellings (`metadata`, `Interval`, `AvgTimeInQueue`, ...) and leave out `next`. */
  readonly pascalCase: boolean;
}

const PASCAL: Partial<Record<NhtField, string>> = {
  avgTimeInQueue: 'AvgTimeInQueue',
  avgAgentSegmentDuration: 'AvgAgentSegmentDuration',
};

interface Reference {
  rel: string;
  href: string;
}

/** The GET URL of one page of the same query. */
export function pageHref(endpoint: string, query: NhtQuery, offset: number, limit: number): string {
  const params = new URLSearchParams();
  if (query.timeframeKind === 'date') {
    params.set('fromDate', formatUtcDate(query.from));
    params.set('toDate', formatUtcDate(query.to));
  } else {
    params.set('fromMillis', String(query.from));
    params.set('toMillis', String(query.to));
  }
  if (query.skillIds) params.set('skillIds', query.skillIds.join(','));
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  params.set('source', query.source);
  params.set('interval', String(query.interval));
  params.set('v', String(query.version));
  return `${endpoint}?${params.toString()}`;
}

/** self, next/previous when they exist, last and first; `last` carries the size of the last page like the example (offset=450&limit=8). */
export function references(endpoint: string, query: NhtQuery, count: number, withNext: boolean): Reference[] {
  const { offset, limit } = query;
  const lastOffset = count > 0 ? Math.floor((count - 1) / limit) * limit : 0;
  const lastLimit = count > 0 ? count - lastOffset : limit;
  const refs: Reference[] = [{ rel: 'self', href: pageHref(endpoint, query, offset, limit) }];
  if (withNext && offset + limit < count) refs.push({ rel: 'next', href: pageHref(endpoint, query, offset + limit, limit) });
  if (offset > 0) refs.push({ rel: 'previous', href: pageHref(endpoint, query, Math.max(0, offset - limit), limit) });
  refs.push({ rel: 'last', href: pageHref(endpoint, query, lastOffset, lastLimit) });
  refs.push({ rel: 'first', href: pageHref(endpoint, query, 0, limit) });
  return refs;
}

function bucketJson(start: number, values: BucketValues, version: 1 | 2, pascalCase: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { timestamp: new Date(start).toISOString().slice(0, 16) };
  if (version === 2) out.epochTimestamp = start;
  for (const field of NHT_FIELDS) out[(pascalCase && PASCAL[field]) || field] = values[field];
  return out;
}

/**
 * The response body for one page. v1 has no `_metadata` and no epoch fields; it still honours
 * limit/offset so a v1 request over a large account cannot build an unbounded body.
 */
export function nhtResponseBody(query: NhtQuery, ctx: ResponseContext): Record<string, unknown> {
  const page = ctx.skills.slice(query.offset, query.offset + query.limit);
  const skillInfo = page.map((skillId) => ({
    skillId: Number(skillId),
    metricsByIntervals: ctx.starts.map((start) => bucketJson(start, ctx.values(skillId, start), query.version, ctx.pascalCase)),
  }));
  const timeframe: Record<string, unknown> = { fromDate: formatUtcDate(query.from), toDate: formatUtcDate(query.to) };
  if (query.version === 1) return { timeframe, [ctx.pascalCase ? 'Interval' : 'interval']: query.interval, skillInfo };
  timeframe.fromMillis = query.from;
  timeframe.toMillis = query.to;
  return {
    [ctx.pascalCase ? 'metadata' : '_metadata']: {
      count: ctx.skills.length,
      references: references(ctx.endpoint, query, ctx.skills.length, !ctx.pascalCase),
    },
    timeframe,
    [ctx.pascalCase ? 'Interval' : 'interval']: query.interval,
    skillInfo,
  };
}
