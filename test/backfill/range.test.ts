import { describe, expect, it } from 'vitest';
import { defaultFrom, defaultTo, resolveRange } from '../../src/backfill/range.js';
import { planWindows, WINDOW_OUTPUT_MS } from '../../src/backfill/run.js';
import { liveWindow, sampleInstants } from '../../src/backfill/sampler.js';
import { HOUR, MINUTE, NOW, WEEK } from './helpers.js';

const live = { interval: 5 * MINUTE, settleDelay: MINUTE };

describe('the range', () => {
  it('defaults to the nine weeks LivePerson keeps (with a margin) up to the 2-hour block that began at least 3 hours ago', () => {
    expect(new Date(defaultTo(NOW)).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(new Date(defaultFrom(NOW)).toISOString()).toBe('2026-09-23T14:23:00.000Z');
    const r = resolveRange(undefined, undefined, NOW);
    expect(r).toEqual({ ok: true, range: { from: defaultFrom(NOW), to: defaultTo(NOW) } });
  });

  it('reads durations back from now and ISO times', () => {
    expect(resolveRange('9w', '36h', NOW)).toEqual({ ok: true, range: { from: NOW - 9 * WEEK, to: NOW - 36 * HOUR } });
    expect(resolveRange('2026-11-01T00:00:00Z', '2026-11-02T06:30Z', NOW)).toEqual({ ok: true, range: { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 2, 6, 30) } });
  });
});

describe('the live meaning', () => {
  it('samples every 5 minutes on the poll grid, a minute past each 5', () => {
    const instants = sampleInstants(Date.UTC(2026, 10, 25, 10, 0), Date.UTC(2026, 10, 25, 10, 30), live);
    expect(instants.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['10:01', '10:06', '10:11', '10:16', '10:21', '10:26']);
  });

  it('serves the quarter that ended a settle delay before the last poll, and the hour before it', () => {
    const before = liveWindow(Date.UTC(2026, 10, 25, 10, 15, 59), live);
    const after = liveWindow(Date.UTC(2026, 10, 25, 10, 16), live);
    expect(new Date(before.quarterStart).toISOString().slice(11, 16)).toBe('09:45');
    expect(new Date(after.quarterStart).toISOString().slice(11, 16)).toBe('10:00');
    expect(new Date(after.hourStart).toISOString().slice(11, 16)).toBe('09:00');
  });

  it('plans windows of 162 hours whose fetches stay within one week', () => {
    const windows = planWindows({ from: NOW - 9 * WEEK + 3 * HOUR, to: defaultTo(NOW) }, live);
    expect(windows.length).toBe(10);
    for (const w of windows) {
      expect(w.fetch.toMillis - w.fetch.fromMillis).toBeLessThanOrEqual(WEEK);
      expect(Math.floor(w.from / WINDOW_OUTPUT_MS)).toBe(Math.floor((w.to - 1) / WINDOW_OUTPUT_MS));
    }
    for (let i = 1; i < windows.length; i += 1) expect(windows[i]!.from).toBe(windows[i - 1]!.to);
  });
});
