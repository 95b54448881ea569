import { describe, expect, it } from 'vitest';
import { NHT_FIELDS } from '../../src/liveperson/types.js';
import {
  bucketStarts,
  bucketValues,
  hourlyMetrics,
  isDormant,
  quarterActivity,
  skillIdsFor,
  skillProfile,
} from '../../src/simulator/index.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { HOUR, NOW, QUARTER } from './helpers.js';

/** The fields LivePerson marks "60 minutes metric". */
const HOURLY_FIELDS = NHT_METRICS.filter((m) => m.granularity === '1h').map((m) => m.field);

const SEED = 42;
const SKILLS = skillIdsFor(SEED, 40).map(Number);
const CURRENT_HOUR = Math.floor(NOW / HOUR) * HOUR;
/** A completed, busy hour (13:00 UTC). */
const LAST_HOUR = CURRENT_HOUR - HOUR;

/** A skill that is staffed around the clock and has traffic in the last hour. */
function busySkill(): number {
  const id = SKILLS.find((s) => !skillProfile(SEED, s).activeWindow && hourlyMetrics(SEED, s, LAST_HOUR).handledSegments > 5);
  if (id === undefined) throw new Error('no busy skill among the first 40');
  return id;
}

describe('simulated skill ids', () => {
  it('are 6-7 digit numbers starting near the documented 773431, ascending and stable', () => {
    const ids = skillIdsFor(SEED, 10_000);
    expect(ids[0]).toMatch(/^77\d{4}$/);
    for (const id of ids) expect(id).toMatch(/^\d{6,7}$/);
    for (let i = 1; i < ids.length; i++) expect(Number(ids[i])).toBeGreaterThan(Number(ids[i - 1]));
    expect(skillIdsFor(SEED, 10)).toEqual(ids.slice(0, 10));
    expect(skillIdsFor(7, 10)).not.toEqual(ids.slice(0, 10));
  });
});

describe('the data model', () => {
  it('gives the same numbers for the same seed and different numbers for another seed', () => {
    const a = SKILLS.map((s) => bucketValues(SEED, s, LAST_HOUR, 15, NOW));
    const b = SKILLS.map((s) => bucketValues(SEED, s, LAST_HOUR, 15, NOW));
    const c = SKILLS.map((s) => bucketValues(43, s, LAST_HOUR, 15, NOW));
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('replicates the five hourly metrics identically into the four quarters (and both halves) of a completed hour', () => {
    const skill = busySkill();
    const pick = (v: Record<string, number>) => Object.fromEntries(HOURLY_FIELDS.map((f) => [f, v[f]]));
    const hourly = pick(bucketValues(SEED, skill, LAST_HOUR, 60, NOW));
    expect(hourly.netHandleTime).toBeGreaterThan(0);
    for (let q = 0; q < 4; q++) expect(pick(bucketValues(SEED, skill, LAST_HOUR + q * QUARTER, 15, NOW))).toEqual(hourly);
    for (let h = 0; h < 2; h++) expect(pick(bucketValues(SEED, skill, LAST_HOUR + h * 2 * QUARTER, 30, NOW))).toEqual(hourly);
  });

  it('lets the quarter metrics vary from quarter to quarter', () => {
    const skill = busySkill();
    const totals = new Set([0, 1, 2, 3].map((q) => bucketValues(SEED, skill, LAST_HOUR + q * QUARTER, 15, NOW).totalAgentSegmentDuration));
    expect(totals.size).toBeGreaterThan(1);
  });

  it('reports the hourly metrics as -1 in every bucket of the current, unfinished hour', () => {
    for (const skill of SKILLS) {
      for (const [start, interval] of [[CURRENT_HOUR, 15], [CURRENT_HOUR, 30], [CURRENT_HOUR, 60]] as const) {
        const v = bucketValues(SEED, skill, start, interval, NOW);
        for (const f of HOURLY_FIELDS) expect(v[f], `${skill} ${f}`).toBe(-1);
      }
    }
  });

  it('keeps netHandleTime = messagesSent × avgSegmentWorkTime / handledSegments, rounded to 2 decimals', () => {
    let checked = 0;
    for (const skill of SKILLS) {
      for (let h = 1; h <= 24; h++) {
        const m = hourlyMetrics(SEED, skill, CURRENT_HOUR - h * HOUR);
        if (m.handledSegments <= 0) continue;
        checked++;
        expect(Math.abs(m.netHandleTime - (m.messagesSent * m.avgSegmentWorkTime) / m.handledSegments)).toBeLessThanOrEqual(0.0051);
        expect(m.avgAvailableLoad).toBeGreaterThan(0);
        expect(m.avgAvailableLoad).toBeLessThanOrEqual(1);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('serves counts and totals as integers and averages with at most 2 decimals', () => {
    for (const skill of SKILLS) {
      for (const interval of [15, 30, 60] as const) {
        const v = bucketValues(SEED, skill, LAST_HOUR, interval, NOW);
        for (const f of ['arrivals', 'totalAgentSegmentDuration', 'messagesSent', 'handledSegments'] as const) expect(Number.isInteger(v[f])).toBe(true);
        for (const f of NHT_FIELDS) expect(Math.round(v[f] * 100) / 100).toBe(v[f]);
      }
    }
  });

  it('aggregates a 60-minute bucket from its quarters: arrivals and totals summed, averages weighted', () => {
    const skill = busySkill();
    const quarters = [0, 1, 2, 3].map((q) => bucketValues(SEED, skill, LAST_HOUR + q * QUARTER, 15, NOW));
    const hour = bucketValues(SEED, skill, LAST_HOUR, 60, NOW);
    const sum = (f: 'arrivals' | 'totalAgentSegmentDuration') => quarters.reduce((n, q) => n + q[f], 0);
    expect(hour.arrivals).toBe(sum('arrivals'));
    expect(hour.totalAgentSegmentDuration).toBe(sum('totalAgentSegmentDuration'));
    const weighted = quarters.reduce((n, q) => n + (q.arrivals > 0 ? q.avgTimeInQueue * q.arrivals : 0), 0) / hour.arrivals;
    expect(Math.abs(hour.avgTimeInQueue - weighted)).toBeLessThan(0.01);
    const durations = quarters.filter((q) => q.avgAgentSegmentDuration >= 0).map((q) => q.avgAgentSegmentDuration);
    expect(hour.avgAgentSegmentDuration).toBeGreaterThanOrEqual(Math.min(...durations) - 0.01);
    expect(hour.avgAgentSegmentDuration).toBeLessThanOrEqual(Math.max(...durations) + 0.01);
  });

  it('answers -1 for an average whose denominator is 0 but 0 for the count itself', () => {
    const quiet = SKILLS.flatMap((s) => Array.from({ length: 96 }, (_, q) => ({ s, start: CURRENT_HOUR - 24 * HOUR + q * QUARTER })))
      .map(({ s, start }) => ({ s, start, v: bucketValues(SEED, s, start, 15, NOW) }))
      .filter(({ v }) => v.arrivals === 0);
    expect(quiet.length).toBeGreaterThan(0);
    for (const { v } of quiet) expect(v.avgTimeInQueue).toBe(-1);
  });

  it('makes about one skill in ten dormant outside its business hours, with all nine fields -1', () => {
    const ids = skillIdsFor(SEED, 400).map(Number);
    const dormant = ids.filter((s) => skillProfile(SEED, s).activeWindow);
    expect(dormant.length).toBeGreaterThan(20);
    expect(dormant.length).toBeLessThan(70);
    const skill = dormant[0]!;
    const profile = skillProfile(SEED, skill);
    const offHour = Array.from({ length: 24 }, (_, h) => CURRENT_HOUR - (h + 1) * HOUR).find((t) => isDormant(profile, t))!;
    const v = bucketValues(SEED, skill, offHour + QUARTER, 15, NOW);
    for (const f of NHT_FIELDS) expect(v[f]).toBe(-1);
  });

  it('reports the quarter in progress partially and nothing for buckets in the future', () => {
    const skill = busySkill();
    const currentQuarter = Math.floor(NOW / QUARTER) * QUARTER;
    const full = quarterActivity(SEED, skill, currentQuarter);
    const partial = bucketValues(SEED, skill, currentQuarter, 15, NOW);
    expect(partial.arrivals).toBeLessThanOrEqual(full.arrivals);
    const later = bucketValues(SEED, skill, currentQuarter, 15, currentQuarter + QUARTER);
    expect(later.arrivals).toBe(full.arrivals);
    const future = bucketValues(SEED, skill, currentQuarter + QUARTER, 15, NOW);
    for (const f of NHT_FIELDS) expect(future[f]).toBe(-1);
  });

  it('lists bucket starts aligned to the interval, including one starting at `to`, none in the future', () => {
    const from = Date.UTC(2026, 10, 25, 9, 10);
    const to = Date.UTC(2026, 10, 25, 11, 0);
    expect(bucketStarts(from, to, 60, NOW)).toEqual([Date.UTC(2026, 10, 25, 9), Date.UTC(2026, 10, 25, 10), Date.UTC(2026, 10, 25, 11)]);
    expect(bucketStarts(from, to, 30, NOW)).toHaveLength(5);
    const untilLater = bucketStarts(CURRENT_HOUR, NOW + 2 * HOUR, 15, NOW);
    expect(untilLater).toEqual([CURRENT_HOUR]);
  });
});
