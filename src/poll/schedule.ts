import { HOUR_MS, QUARTER_MS, type PollWindow } from '../liveperson/types.js';

/**
 * The window one poll asks for at `now`. An interval counts as completed `settleDelay` ms after
 * it ends. One request covers both the latest completed quarter and the latest completed hour:
 * from the hour's start to the quarter's end (at most seven 15-minute buckets).
 */
export function pollWindow(now: number, settleDelay: number): PollWindow {
  const settled = now - settleDelay;
  const quarterStart = Math.floor(settled / QUARTER_MS) * QUARTER_MS - QUARTER_MS;
  const hourStart = Math.floor(settled / HOUR_MS) * HOUR_MS - HOUR_MS;
  return { quarterStart, hourStart, fromMillis: hourStart, toMillis: quarterStart + QUARTER_MS };
}

/**
 * When the next poll starts: on the wall-clock grid of `interval`, shifted by `settleDelay`, so
 * that with an interval dividing 15 minutes a poll runs right when each quarter has settled.
 * Always strictly after `now`.
 */
export function nextPollAt(now: number, interval: number, settleDelay: number): number {
  return Math.floor((now - settleDelay) / interval) * interval + interval + settleDelay;
}
