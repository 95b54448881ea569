import { describe, expect, it } from 'vitest';
import { nextPollAt, pollWindow } from '../../src/poll/schedule.js';

const t = (hh: number, mm: number, ss = 0, ms = 0) => Date.UTC(2026, 10, 25, hh, mm, ss, ms);
const iso = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const MIN = 60_000;

describe('which intervals a poll reports', () => {
  it.each([
    // now, settle delay, latest completed quarter, latest completed hour
    [t(10, 20), MIN, '10:00:00', '09:00:00'],
    [t(10, 16), MIN, '10:00:00', '09:00:00'],
    [t(10, 15, 59, 999), MIN, '09:45:00', '09:00:00'], // 10:00-10:15 has not settled yet
    [t(10, 16), 0, '10:00:00', '09:00:00'],
    [t(10, 15), 0, '10:00:00', '09:00:00'], // exactly at the boundary the quarter has ended
    [t(10, 0, 59), MIN, '09:30:00', '08:00:00'], // neither 09:45 nor the 09:00 hour have settled
    [t(10, 1), MIN, '09:45:00', '09:00:00'], // both settle at the same instant
    [t(0, 5), 10 * MIN, '23:30:00', '22:00:00'], // across midnight
  ])('at %s with settle delay %s ms: quarter %s, hour %s', (now, settle, quarter, hour) => {
    const w = pollWindow(now, settle);
    expect(iso(w.quarterStart)).toBe(quarter);
    expect(iso(w.hourStart)).toBe(hour);
  });

  it('asks for one window from the hour start to the end of the quarter, never more than seven quarters', () => {
    for (let m = 0; m < 24 * 60; m += 1) {
      const w = pollWindow(t(0, 0) + m * MIN, MIN);
      expect(w.fromMillis).toBe(w.hourStart);
      expect(w.toMillis).toBe(w.quarterStart + 15 * MIN);
      expect(w.quarterStart).toBeGreaterThanOrEqual(w.hourStart + 45 * MIN);
      expect((w.toMillis - w.fromMillis) / (15 * MIN)).toBeLessThanOrEqual(7);
    }
  });

  it('crosses a day boundary at midnight UTC', () => {
    const w = pollWindow(t(0, 1), MIN);
    expect(new Date(w.hourStart).toISOString()).toBe('2026-11-24T23:00:00.000Z');
    expect(new Date(w.quarterStart).toISOString()).toBe('2026-11-24T23:45:00.000Z');
  });
});

describe('when the next poll runs', () => {
  it.each([
    [t(10, 0, 30), 5 * MIN, MIN, '10:01:00'],
    [t(10, 1), 5 * MIN, MIN, '10:06:00'], // right on the grid: the next slot, never now
    [t(10, 14), 5 * MIN, MIN, '10:16:00'],
    [t(10, 15, 30), 5 * MIN, MIN, '10:16:00'], // a quarter ends at 10:15 and settles at 10:16
    [t(10, 3), 15 * MIN, 0, '10:15:00'],
    [t(10, 3), 7 * MIN, 0, '10:07:00'], // a cadence that does not divide 15 minutes keeps to its grid from the Unix epoch
  ])('after a poll that ends at %s with interval %s and settle %s: %s', (now, interval, settle, expected) => {
    const next = nextPollAt(now, interval, settle);
    expect(iso(next)).toBe(expected);
    expect(next).toBeGreaterThan(now);
    expect(next - now).toBeLessThanOrEqual(interval);
  });

  it('reads every completed quarter at least twice with the defaults (5 minutes, settle 1 minute)', () => {
    const reads = new Map<number, number>();
    let now = t(10, 0);
    while (now < t(14, 0)) {
      const q = pollWindow(now, MIN).quarterStart;
      reads.set(q, (reads.get(q) ?? 0) + 1);
      now = nextPollAt(now, 5 * MIN, MIN);
    }
    const counts = [...reads.values()].slice(1, -1);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
  });
});
