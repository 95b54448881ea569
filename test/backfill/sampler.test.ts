import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleInstants, sampleWindow, fetchRangeFor, type Schedule } from '../../src/backfill/sampler.js';
import { WindowData } from '../../src/backfill/window-data.js';
import { NHT_FIELDS, QUARTER_MS, type NhtBucket, type SkillRecord } from '../../src/liveperson/types.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { translate } from '../../src/translate/translate.js';
import { HOUR, MINUTE, NOW } from './helpers.js';

const live: Schedule = { interval: 5 * MINUTE, settleDelay: MINUTE };
const from = NOW - 30 * HOUR;
const to = from + 7 * HOUR;
const instants = sampleInstants(from, to, live);
const fetch = fetchRangeFor(from, to, live)!;
const quarters = (fetch.toMillis - fetch.fromMillis) / QUARTER_MS;

// Every kind of value LivePerson may send, and fields it may leave out (undefined).
const raw = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.nat(1000), fc.double({ min: 0, max: 1e4, noNaN: true })) },
  fc.constantFrom(undefined, -1, null, -0, -3, Number.NaN, Infinity, '12', true),
);
const bucket = (q: number) =>
  fc.array(raw, { minLength: NHT_FIELDS.length, maxLength: NHT_FIELDS.length }).map(
    (values): NhtBucket => ({
      start: fetch.fromMillis + q * QUARTER_MS,
      values: Object.fromEntries(NHT_FIELDS.flatMap((f, i) => (values[i] === undefined ? [] : [[f, values[i]]]))),
    }),
  );
// Some quarters missing altogether, as when LivePerson leaves out a bucket.
const buckets = fc
  .tuple(...Array.from({ length: quarters }, (_, q) => fc.option(bucket(q), { freq: 4 })))
  .map((list) => list.filter((b): b is NhtBucket => b !== null));
const skills = fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 12 }).chain((ids) =>
  fc.tuple(...ids.map((id) => buckets.map((b): SkillRecord => ({ skillId: String(id), buckets: b })))),
);

describe('the backfill replay', () => {
  it('reads from packed buckets exactly what the translator makes of the same records, at every poll window', () => {
    fc.assert(
      fc.property(skills, (records) => {
        const data = new WindowData(fetch);
        data.add(records.slice(0, 5));
        data.add(records.slice(5));
        const samples = sampleWindow(data, instants, live, '123');
        const column = new Float64Array(samples.windows.length);
        samples.windows.forEach((window, k) => {
          const translated = translate(records, window);
          expect(samples.skills).toEqual(translated.skills);
          NHT_METRICS.forEach((metric, m) => {
            const expected = new Map(translated.series[m]!.skillIds.map((id, i) => [id, translated.series[m]!.values[i]!]));
            samples.skills.forEach((skillId, s) => {
              samples.read(m, s, column);
              // Object.is: -0 must come out as 0, as it does from the translator.
              expect(Object.is(column[k], expected.get(skillId) ?? Number.NaN), `${metric.name} skill ${skillId} window ${k}`).toBe(true);
            });
          });
        });
      }),
      { numRuns: 40 },
    );
  });

  it('keeps one array for every window, and forgets the previous window on reset', () => {
    const data = new WindowData(fetch);
    const first: SkillRecord[] = [{ skillId: '7', buckets: [{ start: fetch.fromMillis, values: { arrivals: 3 } }] }];
    data.reserve(1000);
    data.add(first);
    data.reset(fetch);
    expect(data.skills).toBe(0);
    data.add([{ skillId: '8', buckets: [] }]);
    expect([...data.skillIds()]).toEqual(['8']);
    expect(data.latest(data.rowOf('8')!, 0, fetch.fromMillis, fetch.toMillis)).toBeNaN();
  });
});
