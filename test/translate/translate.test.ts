import { describe, expect, it } from 'vitest';
import { HOUR_MS, QUARTER_MS, type NhtField, type SkillRecord } from '../../src/liveperson/types.js';
import { pollWindow } from '../../src/poll/schedule.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { translate } from '../../src/translate/translate.js';

// 10:20 with a 1-minute settle delay: the latest completed quarter is 10:00, the latest completed hour 09:00.
const window = pollWindow(Date.UTC(2026, 10, 25, 10, 20), 60_000);
const Q = window.quarterStart;
const H = window.hourStart;

const full = (over: Partial<Record<NhtField, unknown>> = {}): Record<NhtField, unknown> => ({
  arrivals: 12,
  avgTimeInQueue: 3.5,
  totalAgentSegmentDuration: 3127,
  avgAgentSegmentDuration: 260.58,
  avgAvailableLoad: 0.7,
  messagesSent: 7,
  handledSegments: 1,
  avgSegmentWorkTime: 99.96,
  netHandleTime: 699.72,
  ...over,
});

function valueOf(records: SkillRecord[], field: NhtField, skillId = '1'): number | undefined {
  const series = translate(records, window).series.find((s) => s.metric.field === field);
  const i = series?.skillIds.indexOf(skillId) ?? -1;
  return i < 0 ? undefined : series!.values[i];
}

describe('translating LivePerson records into samples', () => {
  it('reads the window LivePerson was asked for: quarter 10:00, hour 09:00', () => {
    expect(new Date(Q).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(new Date(H).toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });

  it.each([
    ['arrivals', 12],
    ['avgTimeInQueue', 3.5],
    ['totalAgentSegmentDuration', 3127],
    ['avgAgentSegmentDuration', 260.58],
  ] as const)('takes the 15-minute metric %s from the latest completed quarter', (field, expected) => {
    const records: SkillRecord[] = [
      {
        skillId: '1',
        buckets: [
          { start: Q - QUARTER_MS, values: full({ [field]: 999 }) },
          { start: Q, values: full() },
          { start: Q + QUARTER_MS, values: full({ [field]: 555 }) }, // the current quarter, not completed
        ],
      },
    ];
    expect(valueOf(records, field)).toBe(expected);
  });

  it.each([
    ['avgAvailableLoad', 0.7],
    ['messagesSent', 7],
    ['handledSegments', 1],
    ['avgSegmentWorkTime', 99.96],
    ['netHandleTime', 699.72],
  ] as const)('takes the hourly metric %s from the latest completed hour, never the current one', (field, expected) => {
    const records: SkillRecord[] = [
      {
        skillId: '1',
        buckets: [
          { start: H, values: full() },
          { start: H + 3 * QUARTER_MS, values: full() },
          { start: Q, values: full({ [field]: -1 }) }, // the current hour has no hourly data yet
        ],
      },
    ];
    expect(valueOf(records, field)).toBe(expected);
  });

  it('finds the hourly metrics when only some quarters of the hour came back', () => {
    const records: SkillRecord[] = [{ skillId: '1', buckets: [{ start: H + QUARTER_MS, values: full({ netHandleTime: 42 }) }] }];
    expect(valueOf(records, 'netHandleTime')).toBe(42);
  });

  it.each([
    ['-1 (no data)', -1],
    ['null', null],
    ['a missing field', undefined],
  ])('leaves the sample out for %s, and reports no problem', (_name, raw) => {
    const records: SkillRecord[] = [{ skillId: '1', buckets: [{ start: Q, values: full({ arrivals: raw }) }] }];
    const t = translate(records, window);
    expect(valueOf(records, 'arrivals')).toBeUndefined();
    expect(t.problems).toEqual([]);
  });

  it('keeps 0 as a real value', () => {
    const records: SkillRecord[] = [{ skillId: '1', buckets: [{ start: Q, values: full({ arrivals: 0 }) }] }];
    expect(valueOf(records, 'arrivals')).toBe(0);
  });

  it.each([
    ['a string', '12', 'not a number (string)'],
    ['NaN', Number.NaN, 'not a finite number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'not a finite number'],
    ['a negative number other than -1', -2, 'negative'],
    ['an object', { v: 1 }, 'not a number (object)'],
  ])('drops %s, reports the skill and field, and keeps the other values', (_name, raw, reason) => {
    const records: SkillRecord[] = [
      { skillId: '1', buckets: [{ start: Q, values: full({ avgTimeInQueue: raw }) }] },
      { skillId: '2', buckets: [{ start: Q, values: full() }] },
    ];
    const t = translate(records, window);
    expect(t.problems).toEqual([{ skillId: '1', field: 'avgTimeInQueue', value: raw, reason }]);
    expect(valueOf(records, 'avgTimeInQueue', '1')).toBeUndefined();
    expect(valueOf(records, 'arrivals', '1')).toBe(12);
    expect(valueOf(records, 'avgTimeInQueue', '2')).toBe(3.5);
  });

  it('gives a skill with no buckets no samples, but still counts it as reported', () => {
    const t = translate([{ skillId: '7', buckets: [] }], window);
    expect(t.skills).toEqual(['7']);
    expect(t.series.every((s) => s.skillIds.length === 0 && s.values.length === 0)).toBe(true);
  });

  it('orders skills numerically and emits all nine metrics in the order of the API page', () => {
    const records: SkillRecord[] = ['100', '20', '3'].map((skillId) => ({ skillId, buckets: [{ start: Q, values: full() }] }));
    const t = translate(records, window);
    expect(t.skills).toEqual(['3', '20', '100']);
    expect(t.series.map((s) => s.metric.field)).toEqual(NHT_METRICS.map((m) => m.field));
    expect(t.series[0]!.skillIds).toEqual(['3', '20', '100']);
  });

  it('names every metric in base units with the fixed names', () => {
    expect(NHT_METRICS.map((m) => m.name)).toEqual([
      'liveperson_nht_arrivals',
      'liveperson_nht_avg_time_in_queue_seconds',
      'liveperson_nht_total_agent_segment_duration_seconds',
      'liveperson_nht_avg_agent_segment_duration_seconds',
      'liveperson_nht_avg_available_load_ratio',
      'liveperson_nht_messages_sent',
      'liveperson_nht_handled_segments',
      'liveperson_nht_avg_segment_work_time_seconds',
      'liveperson_nht_net_handle_time_seconds',
    ]);
    expect(HOUR_MS).toBe(4 * QUARTER_MS);
  });
});
