import { describe, expect, it } from 'vitest';
import { DEADLINE_MARGIN_MS, pollDeadline } from '../../src/poll/poller.js';

const MINUTE = 60_000;

describe("a poll's deadline", () => {
  it('is the interval less 5 s by default, even for a first poll started just before a slot of the schedule', () => {
    // 12:05:57, three seconds before the 12:06 slot of a 5-minute schedule with a 1-minute settle delay.
    const started = Date.UTC(2026, 10, 30, 12, 5, 57);
    expect(pollDeadline(started, { interval: 5 * MINUTE })).toBe(started + 5 * MINUTE - DEADLINE_MARGIN_MS);
  });

  it('is NHT_POLL_DEADLINE when set', () => {
    expect(pollDeadline(1_000, { interval: 5 * MINUTE, deadline: 90_000 })).toBe(91_000);
  });

  it('leaves at least a second with the shortest interval', () => {
    expect(pollDeadline(0, { interval: 5_000 })).toBe(1_000);
  });
});
