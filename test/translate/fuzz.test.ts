/**
 * Property test: whatever a page holds, parsing and translation either refuse the page with a
 * LivePersonError (the poll then fails and the last good data stays) or yield samples that are
 * finite, non-negative numbers: never NaN, never a negative value, never the -1 "no data" marker.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LivePersonError } from '../../src/liveperson/errors.js';
import { parseNhtPage } from '../../src/liveperson/parse.js';
import { HOUR_MS, NHT_FIELDS, QUARTER_MS, type PollWindow } from '../../src/liveperson/types.js';
import { renderSnapshot } from '../../src/prometheus/exposition.js';
import { translate, type Translation } from '../../src/translate/translate.js';

const quarterStart = Date.UTC(2026, 10, 25, 13, 45);
const hourStart = Date.UTC(2026, 10, 25, 13, 0);
const WINDOW: PollWindow = { quarterStart, hourStart, fromMillis: hourStart, toMillis: quarterStart + QUARTER_MS };
const STARTS = Array.from({ length: 8 }, (_, i) => hourStart + i * QUARTER_MS);

/** Every kind of value a field can hold, including those JSON cannot carry but a parser could produce. */
const value = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(fc.nat(100_000), fc.double({ min: 0, max: 1e6, noNaN: true })) },
  fc.double(),
  fc.integer({ min: -10, max: 1_000_000 }),
  fc.constantFrom(-1, 0, -0, 1e308, Infinity, -Infinity, NaN, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.constantFrom('5', '-1', '', 'NaN', '1e400'),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1, maxKeys: 2 }),
);

/** Something of the wrong shape, kept small so generation stays cheap. */
const junk = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 6 }), fc.constant([]), fc.constant({}), fc.array(fc.nat(), { maxLength: 3 }));

/** Field names as documented, in PascalCase, lower case, and unknown. */
const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NHT_FIELDS) },
  fc.constantFrom(...NHT_FIELDS.map((f) => f[0]!.toUpperCase() + f.slice(1)), ...NHT_FIELDS.map((f) => f.toLowerCase())),
  fc.string({ maxLength: 6 }),
);

/** The bucket's start, mostly one the window asks for, in either documented spelling, sometimes garbage. */
const start = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STARTS).map((epochTimestamp) => ({ epochTimestamp })) },
  { weight: 3, arbitrary: fc.constantFrom(...STARTS).map((s) => ({ timestamp: new Date(s).toISOString().slice(0, 16) })) },
  { weight: 1, arbitrary: fc.record({ epochTimestamp: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 10 }), junk), timestamp: fc.oneof(fc.string({ maxLength: 20 }), junk) }, { requiredKeys: [] }) },
);

const bucket = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.dictionary(fieldName, value, { maxKeys: 6 }), start).map(([fields, s]) => ({ ...fields, ...s })) },
  { weight: 1, arbitrary: junk },
);

const skillId = fc.oneof({ weight: 6, arbitrary: fc.nat() }, fc.integer({ min: -5, max: 5 }), fc.stringMatching(/^\d{1,20}$/), fc.string({ maxLength: 8 }), fc.double(), fc.constant(null));

const skill = fc.oneof(
  { weight: 8, arbitrary: fc.record({ skillId, metricsByIntervals: fc.oneof({ weight: 30, arbitrary: fc.array(bucket, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(bucket, { minLength: 8, maxLength: 9 }) }, { weight: 1, arbitrary: junk }) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: junk },
);

const page = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record(
      {
        _metadata: fc.record({ count: fc.oneof(fc.nat(), fc.double(), fc.string({ maxLength: 5 }), fc.constant(1e9)) }, { requiredKeys: [] }),
        metadata: junk,
        skillInfo: fc.oneof(
          { weight: 30, arbitrary: fc.array(skill, { maxLength: 4 }) },
          { weight: 1, arbitrary: fc.array(skill, { minLength: 10, maxLength: 11 }) },
          { weight: 1, arbitrary: junk },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  // Arbitrary JSON text, parsed as the client does.
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: junk },
);

/** Parses and translates one page the way a poll does; undefined when the page is refused. */
function throughPipeline(json: unknown): Translation | undefined {
  try {
    const parsed = parseNhtPage(json);
    return translate(parsed.skills, WINDOW);
  } catch (err) {
    // The only way out of a page is a refusal the poll reports: anything else would crash it.
    expect(err).toBeInstanceOf(LivePersonError);
    expect((err as LivePersonError).kind).toBe('bad_response');
    return undefined;
  }
}

function expectExportable(t: Translation): void {
  for (const { skillIds, values } of t.series) {
    for (const [i, id] of skillIds.entries()) {
      const v = values[i]!;
      // Plain checks in the loop: expect() per sample would make 10,000 pages slow.
      if (!Number.isFinite(v) || v < 0 || Object.is(v, -0)) throw new Error(`exported ${v} for skill ${id}`);
      if (!/^\d{1,19}$/.test(id)) throw new Error(`exported skill id ${JSON.stringify(id)}`);
    }
  }
}

describe('any page LivePerson could send', () => {
  it('is refused cleanly or yields only finite, non-negative samples (10,000 generated pages)', () => {
    let translated = 0;
    let withSamples = 0;
    fc.assert(
      fc.property(page, (json) => {
        const t = throughPipeline(json);
        if (!t) return;
        translated += 1;
        if (t.series.some((s) => s.skillIds.length > 0)) withSamples += 1;
        expectExportable(t);
      }),
      { numRuns: 10_000, seed: 20261130 },
    );
    // The generator reaches the interesting cases: most pages translate, many carry values.
    expect(translated).toBeGreaterThan(5_000);
    expect(withSamples).toBeGreaterThan(1_000);
  });

  it('renders exposition text without NaN, Inf or a negative sample (1,000 generated pages)', async () => {
    await fc.assert(
      fc.asyncProperty(page, async (json) => {
        const t = throughPipeline(json);
        if (!t) return;
        const data = await renderSnapshot({ accountId: '123', window: WINDOW, completedAt: hourStart + HOUR_MS, series: t.series, skills: t.skills });
        for (const line of data.text.split('\n')) {
          if (line === '' || line.startsWith('#')) continue;
          const m = /^liveperson_nht_\w+\{account_id="123",skill_id="\d{1,19}"\} (\S+)$/.exec(line);
          expect(m, line).not.toBeNull();
          expect(m![1]).not.toMatch(/^-|NaN|Inf/);
          expect(Number(m![1]) >= 0).toBe(true);
        }
      }),
      { numRuns: 1_000, seed: 7 },
    );
  });
});
