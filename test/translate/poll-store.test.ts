import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSkillRecords } from '../../src/liveperson/parse.js';
import { HOUR_MS, NHT_FIELDS, QUARTER_MS, type NhtBucket, type SkillRecord } from '../../src/liveperson/types.js';
import { pollWindow } from '../../src/poll/schedule.js';
import { runAtOnce } from '../../src/slices.js';
import { PollStore } from '../../src/translate/poll-store.js';
import { translate } from '../../src/translate/translate.js';

const DAY = Date.UTC(2026, 10, 25);

// Every kind of value LivePerson may send, and fields it may leave out (undefined).
const raw = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.nat(1000), fc.double({ min: 0, max: 1e4, noNaN: true })) },
  fc.constantFrom(undefined, -1, null, -0, -3, Number.NaN, Infinity, '12', true, { v: 1 }),
);
const values = fc.array(raw, { minLength: NHT_FIELDS.length, maxLength: NHT_FIELDS.length }).map((list) =>
  Object.fromEntries(NHT_FIELDS.flatMap((f, i) => (list[i] === undefined ? [] : [[f, list[i]]]))),
);
// Starts relative to the hour before the poll: the window's quarters, buckets before and after
// it, and a few off the 15-minute grid (inside the hour and out), which no poll reads from a
// well-behaved LivePerson but which must still be read as the translator reads them.
const start = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -2, max: 8 }).map((q) => q * QUARTER_MS) },
  fc.constantFrom(1, QUARTER_MS + 60_000, HOUR_MS - 1, HOUR_MS + 7, -5),
);
const bucket = (hourStart: number) => fc.record({ start, values }).map((b): NhtBucket => ({ start: hourStart + b.start, values: b.values }));
// A few skill ids, so that skills repeat within and across pages.
const record = (hourStart: number) =>
  fc.record({ skillId: fc.constantFrom('1', '2', '3', '10', '25', '100', '7'), buckets: fc.array(bucket(hourStart), { maxLength: 7 }) });

const poll = fc
  // A poll at any minute of the day: its latest quarter falls in its hour or up to 30 minutes past it.
  .integer({ min: 0, max: 24 * 60 - 1 })
  .map((minute) => pollWindow(DAY + minute * 60_000, 60_000))
  .chain((window) =>
    fc.record({
      window: fc.constant(window),
      pages: fc.array(fc.array(record(window.hourStart), { maxLength: 5 }), { maxLength: 6 }),
      order: fc.func(fc.integer()),
    }),
  );

describe('the poll store', () => {
  it('translates pages packed in any order of arrival exactly as the translator does the pages merged in offset order', () => {
    fc.assert(
      fc.property(poll, ({ window, pages, order }) => {
        const offsets = pages.map((_, i) => i * 10);
        const store = new PollStore(window);
        store.reserve(2);
        const arrival = offsets.map((offset, i) => ({ offset, key: order(i), records: pages[i]! })).sort((a, b) => a.key - b.key);
        for (const page of arrival) store.add(page.offset, page.records);

        const expected = translate(mergeSkillRecords(pages.flat()), window);
        expect(runAtOnce(store.translateSteps())).toEqual(expected);

        // The buckets the store says it does not read (which a poll's parser skips) change nothing.
        const read = new PollStore(window);
        for (const page of arrival) read.add(page.offset, page.records.map((r) => ({ ...r, buckets: r.buckets.filter((b) => read.reads(b.start)) })));
        expect(runAtOnce(read.translateSteps())).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the later page of a skill on two pages whichever arrives first, and lets no page add to the other\'s bucket', () => {
    const window = pollWindow(Date.UTC(2026, 10, 25, 10, 7), 60_000);
    const early: SkillRecord = { skillId: '7', buckets: [{ start: window.quarterStart, values: { arrivals: 1, messagesSent: 5 } }] };
    const late: SkillRecord = { skillId: '7', buckets: [{ start: window.quarterStart, values: { arrivals: 2 } }] };
    for (const order of [
      [early, late],
      [late, early],
    ]) {
      const store = new PollStore(window);
      for (const r of order) store.add(r === early ? 0 : 10, [r]);
      const t = runAtOnce(store.translateSteps());
      const arrivals = t.series.find((s) => s.metric.field === 'arrivals')!;
      expect([arrivals.skillIds, [...arrivals.values]]).toEqual([['7'], [2]]);
      expect(t.series.find((s) => s.metric.field === 'messagesSent')!.skillIds).toEqual([]);
    }
  });
});
