/**
 * The 15-minute buckets of one fetch window, for every skill, packed into one Float64Array per
 * skill: a week at 1,000 skills is about 47 MB, where the parsed JSON objects would be several
 * times that. Only one window is held at a time.
 */
import { NHT_FIELDS, QUARTER_MS, type NhtBucket, type SkillRecord, type TimeRange } from '../liveperson/types.js';
import { judge } from '../translate/translate.js';

const FIELDS = NHT_FIELDS.length;
/** "No data": -1 as LivePerson sends it; also what a value the translator would drop is stored as. */
const NO_DATA = -1;

export class WindowData {
  private readonly rows = new Map<string, Float64Array>();
  private readonly start: number;
  private readonly quarters: number;
  /** Values that were neither a non-negative number nor "no data": dropped, as /metrics drops them. */
  invalid = 0;
  /** Buckets outside the window or off the 15-minute grid: ignored. */
  ignoredBuckets = 0;

  constructor(readonly range: TimeRange) {
    this.start = Math.floor(range.fromMillis / QUARTER_MS) * QUARTER_MS;
    this.quarters = Math.floor((range.toMillis - this.start) / QUARTER_MS) + 1;
  }

  get skills(): number {
    return this.rows.size;
  }

  skillIds(): IterableIterator<string> {
    return this.rows.keys();
  }

  /** Stores one page's records; a skill seen on two pages keeps the buckets of both. */
  add(records: readonly SkillRecord[]): void {
    for (const record of records) {
      let row = this.rows.get(record.skillId);
      if (!row) this.rows.set(record.skillId, (row = new Float64Array(this.quarters * FIELDS).fill(Number.NaN)));
      for (const bucket of record.buckets) this.addBucket(row, bucket);
    }
  }

  private addBucket(row: Float64Array, bucket: NhtBucket): void {
    const offset = bucket.start - this.start;
    const q = offset / QUARTER_MS;
    if (!Number.isInteger(q) || q < 0 || q >= this.quarters) {
      this.ignoredBuckets += 1;
      return;
    }
    NHT_FIELDS.forEach((field, f) => {
      const raw = bucket.values[field];
      // NaN stays for a missing field: the translator tells "not sent" from "no data".
      if (raw === undefined) return;
      const verdict = judge(raw);
      if (verdict.kind === 'bad') this.invalid += 1;
      row[q * FIELDS + f] = verdict.kind === 'value' ? verdict.value : NO_DATA;
    });
  }

  /**
   * The records one live poll would have received for `range`: the buckets starting in
   * [fromMillis, toMillis), rebuilt as the parser delivers them.
   */
  records(range: TimeRange): SkillRecord[] {
    const first = Math.max(0, Math.ceil((range.fromMillis - this.start) / QUARTER_MS));
    const end = Math.min(this.quarters, Math.ceil((range.toMillis - this.start) / QUARTER_MS));
    const out: SkillRecord[] = [];
    for (const [skillId, row] of this.rows) {
      const buckets: NhtBucket[] = [];
      for (let q = first; q < end; q += 1) {
        const values: Partial<Record<(typeof NHT_FIELDS)[number], number>> = {};
        let any = false;
        for (let f = 0; f < FIELDS; f += 1) {
          const v = row[q * FIELDS + f]!;
          if (Number.isNaN(v)) continue;
          values[NHT_FIELDS[f]!] = v;
          any = true;
        }
        if (any) buckets.push({ start: this.start + q * QUARTER_MS, values });
      }
      out.push({ skillId, buckets });
    }
    return out;
  }
}
