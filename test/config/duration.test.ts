import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';
import { loadOk } from './support.js';

describe('durations are written the Prometheus way', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['0s', 0],
    ['1500', 1500],
    [' 5m ', 300_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5 minutes', '1.5s', '-1s', '5M', 'm', '30m1h', '1h1h', 'ms', '5mins', '99999999999999999999'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1s500ms'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [900_000, '15m'],
  ])('%d ms is written %j, which reads back the same', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it('every duration key accepts the notation from the environment, from flags and from the file', () => {
    const { config } = loadOk(['--demo', '--retry-delay', '250ms', '--throttle-delay', '2000'], {
      NHT_POLL_INTERVAL: '1h30m',
      NHT_SETTLE_DELAY: '14m59s',
      LP_REQUEST_TIMEOUT: '45s',
    });
    expect(config.poll.interval).toBe(5_400_000);
    expect(config.poll.settleDelay).toBe(899_000);
    expect(config.liveperson.requestTimeout).toBe(45_000);
    expect(config.poll.retryDelay).toBe(250);
    expect(config.poll.throttleDelay).toBe(2000);
  });
});
