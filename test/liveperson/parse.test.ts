import { describe, expect, it } from 'vitest';
import { LivePersonError } from '../../src/liveperson/errors.js';
import { mergeSkillRecords, parseNhtPage, parseUtcTimestamp } from '../../src/liveperson/parse.js';
import { NHT_FIELDS, type SkillRecord } from '../../src/liveperson/types.js';

const T0 = Date.UTC(2022, 4, 19, 9, 0); // 2022-05-19T09:00Z, the API page's example
const T1 = T0 + 3_600_000;

/** The response example of the API page, verbatim in shape. */
const documentedExample = {
  _metadata: {
    count: 458,
    references: [{ rel: 'self', href: 'https://x/operations/api/account/1/nht?offset=0&limit=10' }],
  },
  timeframe: { fromDate: '2022-05-19T09:00:00', toDate: '2022-05-19T10:00:00', fromMillis: T0, toMillis: T1 },
  interval: 60,
  skillInfo: [
    {
      skillId: 773431,
      metricsByIntervals: [
        {
          timestamp: '2022-05-19T09:00',
          epochTimestamp: T0,
          arrivals: -1,
          avgAgentSegmentDuration: 3127.0,
          totalAgentSegmentDuration: 3127,
          avgTimeInQueue: 3.0,
          netHandleTime: 699.72,
          handledSegments: 1,
          avgAvailableLoad: 0.7,
          avgSegmentWorkTime: 99.96,
          messagesSent: 7,
        },
      ],
    },
  ],
};

describe('parseNhtPage: the documented shapes', () => {
  it('reads the API page example: count, skill id as text, every one of the nine values as received', () => {
    const page = parseNhtPage(documentedExample);
    expect(page.count).toBe(458);
    expect(page.countKnown).toBe(true);
    expect(page.problems).toEqual([]);
    // The nine fields as read (a bucket's values may keep the other keys it was sent with, which nothing reads).
    const nine = (skills: readonly SkillRecord[]) =>
      skills.map((s) => ({ ...s, buckets: s.buckets.map((b) => ({ ...b, values: Object.fromEntries(NHT_FIELDS.map((f) => [f, b.values[f]])) })) }));
    expect(nine(page.skills)).toEqual([
      {
        skillId: '773431',
        buckets: [
          {
            start: T0,
            values: {
              arrivals: -1,
              avgAgentSegmentDuration: 3127,
              totalAgentSegmentDuration: 3127,
              avgTimeInQueue: 3,
              netHandleTime: 699.72,
              handledSegments: 1,
              avgAvailableLoad: 0.7,
              avgSegmentWorkTime: 99.96,
              messagesSent: 7,
            },
          },
        ],
      },
    ]);
  });

  type Row = { name: string; body: unknown; count: number; countKnown: boolean; skills: { id: string; starts: number[] }[] };
  const rows: Row[] = [
    {
      name: 'PascalCase spelling of the field table (`metadata`, `Interval`, `AvgTimeInQueue`)',
      body: {
        metadata: { count: 12 },
        Interval: 15,
        skillInfo: [{ skillId: '5', metricsByIntervals: [{ epochTimestamp: T0, AvgTimeInQueue: 4 }] }],
      },
      count: 12,
      countKnown: true,
      skills: [{ id: '5', starts: [T0] }],
    },
    {
      name: 'count missing: inferred from the page',
      body: { _metadata: {}, skillInfo: [{ skillId: 1 }, { skillId: 2 }] },
      count: 2,
      countKnown: false,
      skills: [
        { id: '1', starts: [] },
        { id: '2', starts: [] },
      ],
    },
    {
      name: 'count as a numeric string',
      body: { _metadata: { count: '31' }, skillInfo: [] },
      count: 31,
      countKnown: true,
      skills: [],
    },
    {
      name: 'skillInfo missing: no skills',
      body: { _metadata: { count: 0 } },
      count: 0,
      countKnown: true,
      skills: [],
    },
    {
      name: 'metricsByIntervals missing: a skill without buckets',
      body: { _metadata: { count: 1 }, skillInfo: [{ skillId: 9 }] },
      count: 1,
      countKnown: true,
      skills: [{ id: '9', starts: [] }],
    },
    {
      name: 'no epochTimestamp: start from the zone-less timestamp, read as UTC',
      body: { _metadata: { count: 1 }, skillInfo: [{ skillId: 9, metricsByIntervals: [{ timestamp: '2022-05-19T10:00' }] }] },
      count: 1,
      countKnown: true,
      skills: [{ id: '9', starts: [T1] }],
    },
    {
      name: 'epochTimestamp as a string',
      body: { _metadata: { count: 1 }, skillInfo: [{ skillId: 9, metricsByIntervals: [{ epochTimestamp: String(T1) }] }] },
      count: 1,
      countKnown: true,
      skills: [{ id: '9', starts: [T1] }],
    },
    {
      name: 'the same skill twice on a page: merged, buckets in time order',
      body: {
        _metadata: { count: 1 },
        skillInfo: [
          { skillId: 9, metricsByIntervals: [{ epochTimestamp: T1 }] },
          { skillId: '9', metricsByIntervals: [{ epochTimestamp: T0 }] },
        ],
      },
      count: 1,
      countKnown: true,
      skills: [{ id: '9', starts: [T0, T1] }],
    },
  ];

  it.each(rows)('$name', ({ body, count, countKnown, skills }) => {
    const page = parseNhtPage(body);
    expect(page.count).toBe(count);
    expect(page.countKnown).toBe(countKnown);
    expect(page.skills.map((s) => ({ id: s.skillId, starts: s.buckets.map((b) => b.start) }))).toEqual(skills);
  });
});

describe('parseNhtPage: field names', () => {
  it.each([
    ['AvgTimeInQueue', 'avgTimeInQueue'],
    ['AvgAgentSegmentDuration', 'avgAgentSegmentDuration'],
    ['Arrivals', 'arrivals'],
    ['NetHandleTime', 'netHandleTime'],
    ['netHandleTime', 'netHandleTime'],
    ['MESSAGESSENT', 'messagesSent'],
  ])('%s is read as %s', (key, field) => {
    const page = parseNhtPage({ skillInfo: [{ skillId: 1, metricsByIntervals: [{ epochTimestamp: T0, [key]: 42 }] }] });
    expect(page.skills[0]?.buckets[0]?.values).toEqual({ [field]: 42 });
  });

  it('prefers the camelCase value when both spellings are present, whatever their order', () => {
    const page = parseNhtPage({
      skillInfo: [{ skillId: 1, metricsByIntervals: [{ epochTimestamp: T0, avgTimeInQueue: 1, AvgTimeInQueue: 2 }] }],
    });
    const reversed = parseNhtPage({
      skillInfo: [{ skillId: 1, metricsByIntervals: [{ epochTimestamp: T0, AvgTimeInQueue: 2, avgTimeInQueue: 1 }] }],
    });
    expect(page.skills[0]?.buckets[0]?.values.avgTimeInQueue).toBe(1);
    expect(reversed.skills[0]?.buckets[0]?.values.avgTimeInQueue).toBe(1);
  });

  it.each(NHT_FIELDS.map((f) => [f]))('reads %s in another spelling when every other field is in camelCase', (field) => {
    const bucket: Record<string, unknown> = Object.fromEntries(NHT_FIELDS.filter((f) => f !== field).map((f) => [f, 1]));
    bucket[field.toUpperCase()] = 7;
    const values = parseNhtPage({ skillInfo: [{ skillId: 1, metricsByIntervals: [{ epochTimestamp: T0, ...bucket }] }] }).skills[0]!.buckets[0]!.values;
    expect(values[field]).toBe(7);
  });

  it('prefers the camelCase values in a bucket that has all nine of them and other spellings too', () => {
    const camel = Object.fromEntries(NHT_FIELDS.map((f, i) => [f, i === 3 ? null : i + 1]));
    const other = Object.fromEntries(NHT_FIELDS.map((f) => [f[0]!.toUpperCase() + f.slice(1), 'other']));
    for (const bucket of [{ epochTimestamp: T0, ...other, ...camel }, { epochTimestamp: T0, ...camel, ...other }]) {
      const values = parseNhtPage({ skillInfo: [{ skillId: 1, metricsByIntervals: [bucket] }] }).skills[0]!.buckets[0]!.values;
      expect(Object.fromEntries(NHT_FIELDS.map((f) => [f, values[f]]))).toEqual(camel);
    }
  });

  it('leaves values as received and ignores fields that are not NHT metrics', () => {
    const page = parseNhtPage({
      skillInfo: [
        { skillId: 1, metricsByIntervals: [{ epochTimestamp: T0, arrivals: 'n/a', netHandleTime: null, timestamp: 'x', extra: 5 }] },
      ],
    });
    expect(page.skills[0]?.buckets[0]?.values).toEqual({ arrivals: 'n/a', netHandleTime: null });
  });
});

describe('parseNhtPage: what gets dropped and reported', () => {
  it('drops buckets without a usable start and skills without an id, and says so', () => {
    const page = parseNhtPage({
      _metadata: { count: 3 },
      skillInfo: [
        { skillId: 1, metricsByIntervals: [{ arrivals: 3 }, { timestamp: 'yesterday' }, { epochTimestamp: T0, arrivals: 4 }, 7] },
        { metricsByIntervals: [] },
        { skillId: '' },
      ],
    });
    expect(page.skills).toEqual([{ skillId: '1', buckets: [{ start: T0, values: { arrivals: 4 } }] }]);
    expect(page.droppedBuckets).toBe(3);
    expect(page.droppedSkills).toBe(2);
    expect(page.problems).toHaveLength(5);
    expect(page.problems[0]).toContain('skill 1: metricsByIntervals[0]');
    expect(page.problems.join('\n')).toContain('skillInfo[1] has no usable skillId');
  });

  it('reads only the buckets a poll wants, and still checks and reports the others', () => {
    const page = parseNhtPage(
      {
        skillInfo: [
          {
            skillId: 7,
            metricsByIntervals: [{ epochTimestamp: T0, arrivals: 1 }, { epochTimestamp: T1, arrivals: 2 }, { arrivals: 3 }],
          },
        ],
      },
      undefined,
      (start) => start === T1,
    );
    expect(page.skills).toEqual([{ skillId: '7', buckets: [{ start: T1, values: { arrivals: 2 } }] }]);
    expect(page.droppedBuckets).toBe(1);
  });

  it('keeps at most 20 problem notes but counts every dropped bucket', () => {
    const skillInfo = Array.from({ length: 10 }, (_, i) => ({ skillId: i + 1, metricsByIntervals: Array.from({ length: 5 }, () => ({})) }));
    const page = parseNhtPage({ skillInfo });
    expect(page.problems).toHaveLength(20);
    expect(page.droppedBuckets).toBe(50);
  });
});

describe('parseNhtPage: bodies that are not an NHT page', () => {
  it.each([
    ['null', null, 'expected a JSON object, got null'],
    ['an array', [1, 2], 'got an array'],
    ['a string', 'oops', 'got a string'],
    ['an error object', { message: 'internal error' }, 'neither skillInfo nor _metadata'],
    ['skillInfo not a list', { _metadata: { count: 1 }, skillInfo: { skillId: 1 } }, 'skillInfo is an object, expected an array'],
  ])('%s is a bad_response with a clear message', (_name, body, message) => {
    let caught: unknown;
    try {
      parseNhtPage(body);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LivePersonError);
    expect((caught as LivePersonError).kind).toBe('bad_response');
    expect((caught as LivePersonError).api).toBe('nht');
    expect((caught as LivePersonError).message).toContain(message);
  });
});

describe('parseUtcTimestamp', () => {
  it.each([
    ['2022-05-19T09:00', T0],
    ['2022-05-19T09:00:00', T0],
    ['2022-05-19T09:00:00.000', T0],
    ['2022-05-19T09:00:00Z', T0],
    ['2022-05-19T11:00:00+02:00', T0],
    ['2022-05-19T11:00+0200', T0],
    ['2022-05-19 09:00', T0],
    ['2022-05-19T09:00:30.5', T0 + 30_500],
  ])('%s is %d', (text, expected) => {
    expect(parseUtcTimestamp(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2022-05-19', '2022-13-19T09:00', '1652950800000'])('%j is unreadable', (text) => {
    expect(parseUtcTimestamp(text)).toBeUndefined();
  });
});

describe('mergeSkillRecords', () => {
  it('joins pages by skill id and lets the later copy of a bucket win', () => {
    const merged = mergeSkillRecords([
      { skillId: '1', buckets: [{ start: T1, values: { arrivals: 1 } }] },
      { skillId: '2', buckets: [] },
      { skillId: '1', buckets: [{ start: T0, values: {} }, { start: T1, values: { arrivals: 2 } }] },
    ]);
    expect(merged).toEqual([
      {
        skillId: '1',
        buckets: [
          { start: T0, values: {} },
          { start: T1, values: { arrivals: 2 } },
        ],
      },
      { skillId: '2', buckets: [] },
    ]);
  });
});

describe('parseNhtPage: pages that hold more than was asked for', () => {
  const bucket = (i: number) => ({ epochTimestamp: T0 + i * 900_000, arrivals: 1 });
  it('refuses a page with more skills than the limit of 10', () => {
    const body = { _metadata: { count: 50_000 }, skillInfo: Array.from({ length: 11 }, (_, i) => ({ skillId: i + 1, metricsByIntervals: [] })) };
    const err = (() => {
      try {
        parseNhtPage(body);
      } catch (e) {
        return e as LivePersonError;
      }
      throw new Error('expected a throw');
    })();
    expect(err.kind).toBe('bad_response');
    expect(err.message).toBe('NHT response is not a v2 NHT page: it has 11 skills, more than the 10 asked for');
  });

  it('refuses a skill with more buckets than the window can have, and accepts one that fits', () => {
    const page = (n: number) => ({ _metadata: { count: 1 }, skillInfo: [{ skillId: 7, metricsByIntervals: Array.from({ length: n }, (_, i) => bucket(i)) }] });
    expect(parseNhtPage(page(8)).skills[0]!.buckets).toHaveLength(8);
    expect(() => parseNhtPage(page(9))).toThrow('a skill has 9 buckets, more than the 8 the window can have');
    expect(() => parseNhtPage(page(9), { maxSkills: 10, maxBuckets: 9 })).not.toThrow();
  });
});
