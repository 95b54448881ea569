/**
 * The records of one poll, packed as its pages arrive: only the buckets a poll window reads, each
 * field a float in one Float64Array (row per skill, five bucket slots, nine fields). At 20,000
 * skills that is 7 MB, where the parsed pages held until the last one came in were about 40 MiB
 * of small objects, the largest live data of a poll, which the heap cap has to hold.
 *
 * It reads them as {@link translate} reads the pages merged in offset order, and is checked
 * against it (test/translate/poll-store.test.ts): for a skill on two pages the later page's
 * bucket wins, whole, whatever order the pages arrive in; of the buckets in a metric's span the
 * latest that carries the field gives its value; a bad value is dropped and reported with what
 * was sent.
 */
import { HOUR_MS, NHT_FIELDS, QUARTER_MS, type NhtBucket, type NhtField, type PollWindow, type SkillRecord } from '../liveperson/types.js';
import { NHT_METRICS } from './metrics.js';
import { isValue, judge, SamplesBuilder, type MetricSamples, type Problem, type Translation } from './translate.js';

const FIELDS = NHT_FIELDS.length;
/** The four quarters of the window's hour, then its latest quarter when that is past the hour. */
const SLOTS = 5;
const HOUR_SLOTS = HOUR_MS / QUARTER_MS;
/** Cell values besides a good value (>= 0) and NaN, "the bucket does not carry the field". */
const NO_DATA = -1;
const BAD = -2;

/** A bucket in the window's hour off the 15-minute grid: kept as received, since its start orders it among the slots'. */
interface OffGrid {
  readonly offset: number;
  readonly values: NhtBucket['values'];
}

export class PollStore {
  private readonly rows = new Map<string, number>();
  private cells = new Float64Array(0);
  /** Offset of the page whose bucket fills each (row, slot); -1: none yet. */
  private writers = new Int32Array(0);
  /** What was sent, and why it was dropped, by cell index, for each cell holding {@link BAD}. */
  private readonly bad = new Map<number, { readonly value: unknown; readonly reason: string }>();
  /** By row; LivePerson sends its buckets on the grid, so this stays empty. */
  private readonly offGrid = new Map<number, Map<number, OffGrid>>();
  private readonly latestSlot: number;

  constructor(readonly window: PollWindow) {
    if ((window.quarterStart - window.hourStart) % QUARTER_MS !== 0) throw new RangeError('a poll window starts its hour and its quarter on the 15-minute grid');
    this.latestSlot = this.slotOf(window.quarterStart);
  }

  /** A store holding `records` as one page: for tests and tools that have records at hand. */
  static of(window: PollWindow, records: readonly SkillRecord[]): PollStore {
    const store = new PollStore(window);
    store.add(0, records);
    return store;
  }

  get skills(): number {
    return this.rows.size;
  }

  /** Makes room for `skills` skills at once (page 0 tells how many the poll has). */
  reserve(skills: number): void {
    if (skills * SLOTS * FIELDS <= this.cells.length) return;
    const cells = new Float64Array(skills * SLOTS * FIELDS);
    cells.set(this.cells.subarray(0, this.rows.size * SLOTS * FIELDS));
    const writers = new Int32Array(skills * SLOTS);
    writers.set(this.writers.subarray(0, this.rows.size * SLOTS));
    this.cells = cells;
    this.writers = writers;
  }

  /** Stores the records of the page at `offset`; pages may come in any order. */
  add(offset: number, records: readonly SkillRecord[]): void {
    for (const record of records) {
      let row = this.rows.get(record.skillId);
      if (row === undefined) {
        row = this.rows.size;
        // Doubling keeps the copies few when LivePerson sends more skills than its count said.
        if ((row + 1) * SLOTS * FIELDS > this.cells.length) this.reserve(Math.max(16, row * 2));
        this.cells.fill(Number.NaN, row * SLOTS * FIELDS, (row + 1) * SLOTS * FIELDS);
        this.writers.fill(-1, row * SLOTS, (row + 1) * SLOTS);
        this.rows.set(record.skillId, row);
      }
      for (const bucket of record.buckets) this.addBucket(row, offset, bucket);
    }
  }

  /**
   * Whether a bucket starting at `start` can change the translation: the window's hour and its
   * latest quarter. A poll's parser reads no other bucket (a window of 7 quarters has 2 more).
   */
  reads(start: number): boolean {
    return (start >= this.window.hourStart && start < this.window.hourStart + HOUR_MS) || start === this.window.quarterStart;
  }

  private slotOf(start: number): number {
    const fromHour = start - this.window.hourStart;
    if (fromHour >= 0 && fromHour < HOUR_MS && fromHour % QUARTER_MS === 0) return fromHour / QUARTER_MS;
    return start === this.window.quarterStart ? HOUR_SLOTS : -1;
  }

  private addBucket(row: number, offset: number, bucket: NhtBucket): void {
    const slot = this.slotOf(bucket.start);
    if (slot < 0) {
      // Read only by the hourly metrics, so kept only within the hour; other buckets are read by no metric.
      if (bucket.start >= this.window.hourStart && bucket.start < this.window.hourStart + HOUR_MS) this.addOffGrid(row, offset, bucket);
      return;
    }
    const at = row * SLOTS + slot;
    // An earlier page never replaces a later one's bucket; a later entry of the same page does.
    if (this.writers[at]! > offset) return;
    this.writers[at] = offset;
    const base = at * FIELDS;
    const v = bucket.values;
    // In NHT_FIELDS order, each a named read: 900,000 values a poll at 20,000 skills, read without
    // a key lookup and stored without boxing the number. The store's property test
    // (test/translate/poll-store.test.ts) fails if this order and NHT_FIELDS's ever differ.
    this.put(base, v.arrivals);
    this.put(base + 1, v.avgTimeInQueue);
    this.put(base + 2, v.totalAgentSegmentDuration);
    this.put(base + 3, v.avgAgentSegmentDuration);
    this.put(base + 4, v.avgAvailableLoad);
    this.put(base + 5, v.messagesSent);
    this.put(base + 6, v.handledSegments);
    this.put(base + 7, v.avgSegmentWorkTime);
    this.put(base + 8, v.netHandleTime);
  }

  private put(cell: number, raw: unknown): void {
    const { cells, bad } = this;
    if (bad.size > 0 && cells[cell] === BAD) bad.delete(cell);
    // The usual value is stored without building a verdict.
    if (isValue(raw)) {
      cells[cell] = raw;
      return;
    }
    if (raw === undefined) {
      cells[cell] = Number.NaN;
      return;
    }
    const verdict = judge(raw);
    if (verdict.kind === 'bad') bad.set(cell, { value: raw, reason: verdict.reason });
    cells[cell] = verdict.kind === 'value' ? verdict.value : verdict.kind === 'bad' ? BAD : NO_DATA;
  }

  private addOffGrid(row: number, offset: number, bucket: NhtBucket): void {
    let buckets = this.offGrid.get(row);
    if (!buckets) this.offGrid.set(row, (buckets = new Map()));
    const kept = buckets.get(bucket.start);
    if (!kept || kept.offset <= offset) buckets.set(bucket.start, { offset, values: bucket.values });
  }

  /** The translation of everything stored, in steps of 1,000 skills per metric (see src/slices.ts). */
  *translateSteps(): Generator<void, Translation> {
    const skills = [...this.rows.keys()].sort(bySkillId);
    yield;
    const rows = Int32Array.from(skills, (id) => this.rows.get(id)!);
    const problems: Problem[] = [];
    const series: MetricSamples[] = [];
    for (const metric of NHT_METRICS) {
      const samples = new SamplesBuilder(skills.length);
      const f = NHT_FIELDS.indexOf(metric.field);
      // The spans of readSpan: the window's hour, or its latest quarter alone.
      const hourly = metric.granularity === '1h';
      for (let i = 0; i < skills.length; i++) {
        const row = rows[i]!;
        let cell = -1;
        if (hourly) {
          for (let slot = HOUR_SLOTS - 1; slot >= 0 && cell < 0; slot--) {
            const at = (row * SLOTS + slot) * FIELDS + f;
            if (!Number.isNaN(this.cells[at])) cell = at;
          }
        } else {
          const at = (row * SLOTS + this.latestSlot) * FIELDS + f;
          if (!Number.isNaN(this.cells[at])) cell = at;
        }
        const offGrid = hourly && this.offGrid.size > 0 ? this.offGridRaw(row, metric.field, cell) : undefined;
        if (offGrid) {
          const verdict = judge(offGrid.raw);
          if (verdict.kind === 'value') samples.push(skills[i]!, verdict.value);
          else if (verdict.kind === 'bad') problems.push({ skillId: skills[i]!, field: metric.field, value: offGrid.raw, reason: verdict.reason });
        } else if (cell >= 0) {
          const v = this.cells[cell]!;
          if (v >= 0) samples.push(skills[i]!, v);
          else if (v === BAD) problems.push({ skillId: skills[i]!, field: metric.field, ...this.bad.get(cell)! });
        }
        if (i % 1000 === 999) yield;
      }
      series.push(samples.build(metric));
    }
    return { series, problems, skills };
  }

  /** The field as an off-grid bucket of the hour carries it, when that bucket starts after the slot of `cell` (-1: no slot carries it). */
  private offGridRaw(row: number, field: NhtField, cell: number): { raw: unknown } | undefined {
    const buckets = this.offGrid.get(row);
    if (!buckets) return undefined;
    const slot = cell < 0 ? -1 : Math.floor(cell / FIELDS) - row * SLOTS;
    let after = slot < 0 ? -Infinity : this.window.hourStart + slot * QUARTER_MS;
    let found: { raw: unknown } | undefined;
    for (const [start, bucket] of buckets) {
      const raw = bucket.values[field];
      if (raw !== undefined && start > after) {
        after = start;
        found = { raw };
      }
    }
    return found;
  }
}

function bySkillId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
