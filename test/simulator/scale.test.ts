import { describe, expect, it } from 'vitest';
import { fetchToken, HOUR, NOW, postNht, withSimulator } from './helpers.js';

describe('a large account', () => {
  it('pages through 10,000 skills: a week of hourly buckets, or a day of 15-minute buckets, per page', async () => {
    await withSimulator({ skills: 10_000 }, async (sim) => {
      const token = await fetchToken(sim);
      const to = Math.floor(NOW / HOUR) * HOUR;
      for (const [offset, interval, span] of [[0, 60, 7 * 24 * HOUR - HOUR], [5_000, 15, 24 * HOUR], [9_990, 60, 7 * 24 * HOUR - HOUR]] as const) {
        const res = await postNht(sim, token, { source: 'scale', v: 2, fromMillis: to - span, toMillis: to, interval, offset });
        expect(res.status).toBe(200);
        expect(res.body._metadata.count).toBe(10_000);
        expect(res.body.skillInfo).toHaveLength(10);
      }
    });
  });
});
