import { describe, expect, it } from 'vitest';
import { NHT_FIELDS } from '../../src/liveperson/types.js';
import { CAUSES, NHT_RETENTION_MS, NHT_WINDOW_MS, startSimulator } from '../../src/simulator/index.js';
import { fetchToken, HOUR, NOW, postNht, QUARTER, withSimulator } from './helpers.js';

const WEEK = 7 * 24 * HOUR;
const query = (fromMillis: number, toMillis: number, extra: Record<string, unknown> = {}) => ({
  source: 'nht_test',
  v: 2,
  interval: 15,
  fromMillis,
  toMillis,
  ...extra,
});

describe('the simulator keeps nine weeks of history', () => {
  it('uses LivePerson\'s limits: one week per query, nine weeks kept', () => {
    expect(NHT_WINDOW_MS).toBe(WEEK);
    expect(NHT_RETENTION_MS).toBe(9 * WEEK);
  });

  it('serves every quarter of a week eight weeks back, the same as simulator.bucket()', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      const token = await fetchToken(sim);
      const from = Math.floor((NOW - 8 * WEEK) / HOUR) * HOUR;
      const res = await postNht(sim, token, query(from, from + WEEK, { limit: 1 }));
      expect(res.status).toBe(200);
      const skill = res.body.skillInfo[0];
      const buckets = skill.metricsByIntervals as Array<Record<string, number>>;
      // Both ends included, as in the API page's example.
      expect(buckets).toHaveLength(7 * 24 * 4 + 1);
      expect(buckets.map((b) => b.epochTimestamp)).toEqual(buckets.map((_, i) => from + i * QUARTER));
      for (const b of buckets) {
        const expected = sim.bucket(String(skill.skillId), b.epochTimestamp!, 15);
        for (const f of NHT_FIELDS) expect(b[f], f).toBe(expected[f]);
      }
      // A week of a busy account has data in it: not all -1.
      expect(buckets.filter((b) => b.arrivals! > 0).length).toBeGreaterThan(100);
    });
  });

  it('gives the same values for a past quarter whatever the clock says, so history is deterministic', async () => {
    const quarter = Math.floor((NOW - 5 * WEEK) / QUARTER) * QUARTER;
    const later = await startSimulator({ skills: 5, now: () => NOW + 3 * WEEK });
    const earlier = await startSimulator({ skills: 5, now: () => NOW });
    try {
      for (const id of earlier.skillIds) expect(later.bucket(id, quarter, 15)).toEqual(earlier.bucket(id, quarter, 15));
    } finally {
      await later.stop();
      await earlier.stop();
    }
  });

  it('answers 400 "limited to 1 week" to a period one millisecond longer than a week, and accepts exactly a week', async () => {
    await withSimulator({ skills: 1 }, async (sim) => {
      const token = await fetchToken(sim);
      const to = NOW - HOUR;
      expect((await postNht(sim, token, query(to - WEEK, to))).status).toBe(200);
      const res = await postNht(sim, token, query(to - WEEK - 1, to));
      expect(res.status).toBe(400);
      expect(res.body.causes).toEqual([CAUSES.periodTooLong]);
    });
  });

  it('answers 400 to a period starting before the nine weeks, and returns no bucket older than them', async () => {
    await withSimulator({ skills: 1 }, async (sim) => {
      const token = await fetchToken(sim);
      const oldest = NOW - 9 * WEEK;
      const tooOld = await postNht(sim, token, query(oldest - 1, oldest + HOUR));
      expect(tooOld.status).toBe(400);
      expect(tooOld.body.causes).toEqual([CAUSES.tooOld]);
      // NOW is mid-quarter: the quarter holding the oldest instant began before it and is gone.
      const res = await postNht(sim, token, query(oldest, oldest + HOUR));
      expect(res.status).toBe(200);
      const starts = res.body.skillInfo[0].metricsByIntervals.map((b: { epochTimestamp: number }) => b.epochTimestamp);
      expect(starts[0]).toBe(Math.ceil(oldest / QUARTER) * QUARTER);
      expect(starts.every((s: number) => s >= oldest)).toBe(true);
    });
  });
});
