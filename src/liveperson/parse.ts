import { LivePersonError } from './errors.js';
import { NHT_FIELDS, type NhtBucket, type NhtField, type NhtPage, type SkillRecord } from './types.js';

/** A parsed page plus what had to be left out of it, for the poller to log. */
export interface ParsedNhtPage extends NhtPage {
  /** False when the answer had no usable `_metadata.count`: `count` is then the number of skills on this page. */
  readonly countKnown: boolean;
  /** Human-readable notes on dropped skills and buckets (at most {@link MAX_PROBLEMS}; the counts below are exact). */
  readonly problems: readonly string[];
  readonly droppedSkills: number;
  readonly droppedBuckets: number;
}

export const MAX_PROBLEMS = 20;

/** What one page may hold; a page with more is not an answer to the question asked. */
export interface PageLimits {
  /** Skills on one page: the `limit` asked for. */
  readonly maxSkills: number;
  /** Buckets of one skill: the 15-minute intervals of the window, plus one (the end may be inclusive). */
  readonly maxBuckets: number;
}

/**
 * The exporter's own questions: 10 skills a page (LivePerson's maximum) and a window of at most
 * 105 minutes (the last completed hour up to the last completed quarter), so 7 buckets, plus 1.
 */
export const PAGE_LIMITS: PageLimits = { maxSkills: 10, maxBuckets: 8 };

const FIELD_BY_LOWER = new Map<string, NhtField>(NHT_FIELDS.map((f) => [f.toLowerCase(), f]));

/**
 * Reads one v2 NHT page, tolerating every spelling LivePerson documents: `_metadata` or `metadata`,
 * camelCase or PascalCase field names (matched case-insensitively), `skillId` as number or string,
 * missing `count`, `skillInfo` or `metricsByIntervals`, a bucket start as `epochTimestamp` or as a
 * `timestamp` without zone (UTC). Metric values are passed on as received: the translator judges them.
 * Skills without an id and buckets without a usable start are dropped and described in `problems`.
 *
 * A bucket whose start `wanted` rejects is checked like the others but its values are not read,
 * nor is it kept: a poll reads 5 of the 7 quarters its window asks for.
 *
 * @throws LivePersonError (kind `bad_response`) when the body is not an NHT page at all, or holds
 * more skills or buckets than `limits` allow.
 */
export function parseNhtPage(json: unknown, limits: PageLimits = PAGE_LIMITS, wanted?: (start: number) => boolean): ParsedNhtPage {
  if (!isObject(json)) throw badShape(`expected a JSON object, got ${describe(json)}`);
  const metadata = pick(json, '_metadata') ?? pick(json, 'metadata');
  const skillInfo = pick(json, 'skillInfo');
  if (metadata === undefined && skillInfo === undefined) throw badShape('it has neither skillInfo nor _metadata');
  if (skillInfo !== undefined && skillInfo !== null && !Array.isArray(skillInfo)) {
    throw badShape(`skillInfo is ${describe(skillInfo)}, expected an array`);
  }

  if (Array.isArray(skillInfo) && skillInfo.length > limits.maxSkills) {
    throw badShape(`it has ${skillInfo.length} skills, more than the ${limits.maxSkills} asked for`);
  }
  const crowded = Array.isArray(skillInfo)
    ? skillInfo.find((e: unknown) => isObject(e) && Array.isArray(pick(e, 'metricsByIntervals')) && (pick(e, 'metricsByIntervals') as unknown[]).length > limits.maxBuckets)
    : undefined;
  if (crowded !== undefined) {
    const n = (pick(crowded as Record<string, unknown>, 'metricsByIntervals') as unknown[]).length;
    throw badShape(`a skill has ${n} buckets, more than the ${limits.maxBuckets} the window can have`);
  }

  const problems: string[] = [];
  let droppedSkills = 0;
  let droppedBuckets = 0;
  const note = (text: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };

  const skills: SkillRecord[] = [];
  (Array.isArray(skillInfo) ? skillInfo : []).forEach((entry: unknown, index: number) => {
    const skillId = isObject(entry) ? readSkillId(pick(entry, 'skillId')) : undefined;
    if (!isObject(entry) || skillId === undefined) {
      droppedSkills += 1;
      note(`skillInfo[${index}] has no usable skillId; skill dropped`);
      return;
    }
    const intervals = pick(entry, 'metricsByIntervals');
    if (intervals !== undefined && intervals !== null && !Array.isArray(intervals)) {
      note(`skill ${skillId}: metricsByIntervals is ${describe(intervals)}, expected an array; no buckets read`);
    }
    const buckets: NhtBucket[] = [];
    (Array.isArray(intervals) ? intervals : []).forEach((raw: unknown, i: number) => {
      const start = isObject(raw) ? bucketStart(raw) : undefined;
      if (!isObject(raw) || start === undefined) {
        droppedBuckets += 1;
        note(`skill ${skillId}: metricsByIntervals[${i}] has no usable epochTimestamp or timestamp; bucket dropped`);
        return;
      }
      if (wanted && !wanted(start)) return;
      buckets.push({ start, values: readValues(raw) });
    });
    skills.push({ skillId, buckets });
  });

  const count = readCount(isObject(metadata) ? pick(metadata, 'count') : undefined);
  if (metadata !== undefined && count === undefined) note('_metadata.count is missing or not a count; paging by page size');
  return {
    count: count ?? skills.length,
    countKnown: count !== undefined,
    skills: mergeSkillRecords(skills),
    problems,
    droppedSkills,
    droppedBuckets,
  };
}

/**
 * Merges records of the same skill (a skill repeated within or across pages) into one per id,
 * buckets ordered by start; for a repeated bucket start the later one wins.
 */
export function mergeSkillRecords(records: Iterable<SkillRecord>): SkillRecord[] {
  const list = [...records];
  if (isMerged(list)) return list;
  const bySkill = new Map<string, Map<number, NhtBucket>>();
  for (const record of list) {
    let buckets = bySkill.get(record.skillId);
    if (!buckets) bySkill.set(record.skillId, (buckets = new Map()));
    for (const bucket of record.buckets) buckets.set(bucket.start, bucket);
  }
  return [...bySkill].map(([skillId, buckets]) => ({
    skillId,
    buckets: [...buckets.values()].sort((a, b) => a.start - b.start),
  }));
}

/** True when no skill repeats and every skill's buckets are in strictly ascending order: the usual answer, kept as it is. */
function isMerged(records: readonly SkillRecord[]): boolean {
  const seen = new Set<string>();
  for (const { skillId, buckets } of records) {
    if (seen.has(skillId)) return false;
    seen.add(skillId);
    for (let i = 1; i < buckets.length; i++) if (buckets[i]!.start <= buckets[i - 1]!.start) return false;
  }
  return true;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO timestamp as epoch ms; one without a zone is UTC (as LivePerson writes them:
 * `2022-05-19T09:00`). Undefined when unreadable.
 */
export function parseUtcTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [, date, hm, sec, frac, zone] = m;
  const millis = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${date}T${hm}:${sec ?? '00'}${millis}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

function bucketStart(bucket: Record<string, unknown>): number | undefined {
  const epoch = toNumber(pick(bucket, 'epochTimestamp'));
  if (epoch !== undefined && Number.isInteger(epoch) && epoch >= 0) return epoch;
  const ts = pick(bucket, 'timestamp');
  return typeof ts === 'string' ? parseUtcTimestamp(ts) : undefined;
}

/**
 * The field each key spelling seen so far names (null: none), so that the 160,000 buckets of a
 * 20,000-skill poll do not lower-case every key. Keys come from the server: at most 256 are kept.
 */
const fieldOfKey = new Map<string, NhtField | null>();

function fieldOf(key: string): NhtField | undefined {
  let field = fieldOfKey.get(key);
  if (field === undefined) {
    field = FIELD_BY_LOWER.get(key.toLowerCase()) ?? null;
    if (fieldOfKey.size < 256) fieldOfKey.set(key, field);
  }
  return field ?? undefined;
}

function readValues(bucket: Record<string, unknown>): Partial<Record<NhtField, unknown>> {
  // The usual bucket carries all nine fields in the API's own spelling: whatever other keys it
  // has, these are the values read (the camelCase spelling wins), so the bucket is its own values.
  if (hasEveryField(bucket)) return bucket as Partial<Record<NhtField, unknown>>;
  // All nine fields from the start (undefined: not sent, as JSON cannot say), so that each of a
  // poll's 140,000 buckets is one object of one shape rather than one grown field by field.
  const values: Partial<Record<NhtField, unknown>> = {
    arrivals: undefined,
    avgTimeInQueue: undefined,
    totalAgentSegmentDuration: undefined,
    avgAgentSegmentDuration: undefined,
    avgAvailableLoad: undefined,
    messagesSent: undefined,
    handledSegments: undefined,
    avgSegmentWorkTime: undefined,
    netHandleTime: undefined,
  };
  // for-in rather than Object.keys: no array of keys per bucket (a parsed JSON object inherits no enumerable keys).
  for (const key in bucket) {
    const field = fieldOf(key);
    // When both spellings are present, the camelCase one of the API's example wins.
    if (field && (key === field || values[field] === undefined)) values[field] = bucket[key];
  }
  return values;
}

/**
 * Whether the bucket has all nine fields spelt as NHT_FIELDS spells them (named reads: no key
 * list, no lookup). test/liveperson/parse.test.ts reads each field in another spelling, and fails
 * if NHT_FIELDS ever gains a field this misses.
 */
function hasEveryField(b: Record<string, unknown>): boolean {
  return (
    b['arrivals'] !== undefined &&
    b['avgTimeInQueue'] !== undefined &&
    b['totalAgentSegmentDuration'] !== undefined &&
    b['avgAgentSegmentDuration'] !== undefined &&
    b['avgAvailableLoad'] !== undefined &&
    b['messagesSent'] !== undefined &&
    b['handledSegments'] !== undefined &&
    b['avgSegmentWorkTime'] !== undefined &&
    b['netHandleTime'] !== undefined
  );
}

/** LivePerson skill ids are numbers; anything else (a label value a server could fill with any text) is dropped. */
function readSkillId(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'string' && /^\s*\d{1,19}\s*$/.test(value)) return value.trim();
  return undefined;
}

function readCount(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A property by name, case-insensitively; the exact spelling wins over others. */
function pick(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function badShape(why: string): LivePersonError {
  return new LivePersonError({ api: 'nht', kind: 'bad_response', message: `NHT response is not a v2 NHT page: ${why}` });
}
