/**
 * The 15-minute buckets of one fetch window, for every skill, packed into one Float64Array: a
 * week at 1,000 skills is about 47 MB, where the parsed JSON objects would be several times that.
 * The array is kept and reused by the next window (see {@link WindowData.reset}), so a long range
 * allocates it once instead of leaving a week's worth of arrays behind per window for the
 * garbage collector.
 */
import { NHT_FIELDS, QUARTER_MS, type NhtBucket, type SkillRecord, type TimeRange } from '../liveperson/types.js';
import { judge } from '../translate/translate.js';

const FIELDS = NHT_FIELDS.length;
/** "No data": -1 as LivePerson sends it; also what a value the translator would drop is stored as. */
const NO_DATA = -1;

export class WindowData {
  /** Row of each skill, in the order first seen. */
  private readonly rows = new Map<string, number>();
  private buffer = new Float64Array(0);
  private start = 0;
  private quarters = 0;
  /** Values that were neither a non-negative number nor "no data": dropped, as /metrics drops them. */
  invalid = 0;
  /** Buckets outside the window or off the 15-minute grid: ignored. */
  ignoredBuckets = 0;

  constructor(range: TimeRange) {
    this.reset(range);
  }

  /** Quarters a window over `range` holds per skill. */
  static quartersOf(range: TimeRange): number {
    const start = Math.floor(range.fromMillis / QUARTER_MS) * QUARTER_MS;
    return Math.floor((range.toMillis - start) / QUARTER_MS) + 1;
  }

  /** Empties the store for another window, keeping its memory. */
  reset(range: TimeRange): void {
    this.rows.clear();
    this.start = Math.floor(range.fromMillis / QUARTER_MS) * QUARTER_MS;
    this.quarters = WindowData.quartersOf(range);
    this.invalid = 0;
    this.ignoredBuckets = 0;
  }

  get skills(): number {
    return this.rows.size;
  }

  skillIds(): IterableIterator<string> {
    return this.rows.keys();
  }

  /**
   * Makes room for `skills` skills at once (the first page tells how many the window has), so the
   * array is not grown step by step; with `quarters`, room for windows that long too (the longest
   * window of a range), so a short first window does not leave an array behind.
   */
  reserve(skills: number, quarters = this.quarters): void {
    const needed = skills * Math.max(quarters, this.quarters) * FIELDS;
    if (needed > this.buffer.length) {
      const grown = new Float64Array(needed);
      grown.set(this.buffer.subarray(0, this.rows.size * this.quarters * FIELDS));
      this.buffer = grown;
    }
  }

  /** Stores one page's records; a skill seen on two pages keeps the buckets of both. */
  add(records: readonly SkillRecord[]): void {
    for (const record of records) {
      let row = this.rows.get(record.skillId);
      if (row === undefined) {
        row = this.rows.size;
        // Doubling keeps the copies few when LivePerson sends more skills than its count said.
        if ((row + 1) * this.quarters * FIELDS > this.buffer.length) this.reserve(Math.max(row + 1, row * 2));
        this.buffer.fill(Number.NaN, row * this.quarters * FIELDS, (row + 1) * this.quarters * FIELDS);
        this.rows.set(record.skillId, row);
      }
      for (const bucket of record.buckets) this.addBucket(row * this.quarters * FIELDS, bucket);
    }
  }

  private addBucket(base: number, bucket: NhtBucket): void {
    const offset = bucket.start - this.start;
    const q = offset / QUARTER_MS;
    if (!Number.isInteger(q) || q < 0 || q >= this.quarters) {
      this.ignoredBuckets += 1;
      return;
    }
    NHT_FIELDS.forEach((field, f) => {
      const raw = bucket.values[field];
      // NaN stays for a missing field: "not sent" is not "no data" (see latest()).
      if (raw === undefined) return;
      const verdict = judge(raw);
      if (verdict.kind === 'bad') this.invalid += 1;
      this.buffer[base + q * FIELDS + f] = verdict.kind === 'value' ? verdict.value : NO_DATA;
    });
  }

  /** The row of `skillId`, for {@link latest}; undefined for a skill the window did not send. */
  rowOf(skillId: string): number | undefined {
    return this.rows.get(skillId);
  }

  /**
   * Field `f` (index into NHT_FIELDS) of the skill in `row` in the latest bucket starting in
   * [fromMillis, toMillis) that carries the field, as the translator reads a poll's buckets
   * (see readSpan in src/translate/translate.ts); judged already: a non-negative number is the
   * value, -1 means none (no data, or a value /metrics drops), NaN that no bucket carried it.
   */
  latest(row: number, f: number, fromMillis: number, toMillis: number): number {
    const base = row * this.quarters * FIELDS;
    const first = Math.max(0, Math.ceil((fromMillis - this.start) / QUARTER_MS));
    for (let q = Math.min(this.quarters, Math.ceil((toMillis - this.start) / QUARTER_MS)) - 1; q >= first; q -= 1) {
      const v = this.buffer[base + q * FIELDS + f]!;
      if (!Number.isNaN(v)) return v;
    }
    return Number.NaN;
  }
}
