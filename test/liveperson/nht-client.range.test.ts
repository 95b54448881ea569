import { describe, expect, it } from 'vitest';
import type { RangePage } from '../../src/liveperson/nht-client.js';
import { startSimulator } from '../../src/simulator/index.js';
import { instantSleep, simClient } from './helpers.js';

const NOW = Date.UTC(2026, 10, 25, 14, 7, 30);
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

describe('fetching a time range of history', () => {
  it('hands over every page of a week as it arrives, each with the page count and its skills\' 15-minute buckets', async () => {
    const sim = await startSimulator({ skills: 23, now: () => NOW });
    const client = simClient(sim);
    try {
      const from = Math.floor((NOW - 6 * WEEK) / HOUR) * HOUR;
      const pages: RangePage[] = [];
      await client.fetchRange({ fromMillis: from, toMillis: from + WEEK }, (page) => pages.push(page));
      expect(pages.map((p) => p.offset).sort((a, b) => a - b)).toEqual([0, 10, 20]);
      expect(pages.every((p) => p.pages === 3)).toBe(true);
      const skills = pages.flatMap((p) => p.skills);
      expect(skills.map((s) => s.skillId).sort()).toEqual([...sim.skillIds].sort());
      for (const s of skills) expect(s.buckets).toHaveLength(7 * 24 * 4 + 1);
      expect(sim.stats.nhtRequests).toBe(3);
    } finally {
      await client.close();
      await sim.stop();
    }
  });

  it('hands over each page exactly once, also one that needed a retry and one that needed its second chance', async () => {
    // Offset 10 fails its first attempt; offset 20 fails its attempt and its retry, then passes on its second chance.
    const failures = new Map([[10, 1], [20, 2]]);
    const sim = await startSimulator({
      skills: 45,
      now: () => NOW,
      faults: {
        script: (req) => {
          const left = req.api === 'nht' && req.offset !== undefined ? failures.get(req.offset) : undefined;
          if (!left) return undefined;
          failures.set(req.offset!, left - 1);
          return { kind: 'status', status: 503 };
        },
      },
    });
    const client = simClient(sim, { sleep: instantSleep().sleep, maxRetries: 1 });
    try {
      const from = Math.floor((NOW - 2 * WEEK) / HOUR) * HOUR;
      const offsets: number[] = [];
      await client.fetchRange({ fromMillis: from, toMillis: from + HOUR }, (page) => offsets.push(page.offset));
      expect(offsets.sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40]);
      expect(sim.stats.nhtRequests).toBe(5 + 1 + 2);
    } finally {
      await client.close();
      await sim.stop();
    }
  });

  it('refuses a range longer than a week without asking LivePerson', async () => {
    const sim = await startSimulator({ skills: 3, now: () => NOW });
    const client = simClient(sim);
    try {
      const to = NOW - HOUR;
      await expect(client.fetchRange({ fromMillis: to - WEEK - 1, toMillis: to }, () => {})).rejects.toThrow(/at most one week/);
      expect(sim.stats.nhtRequests).toBe(0);
    } finally {
      await client.close();
      await sim.stop();
    }
  });
});
