import { describe, expect, it } from 'vitest';
import { NHT_FIELDS } from '../../src/liveperson/types.js';
import { CAUSES } from '../../src/simulator/index.js';
import { fetchToken, getJson, HOUR, NOW, nhtUrl, postNht, QUARTER, recentQuery, withSimulator, type JsonReply } from './helpers.js';

const CURRENT_HOUR = Math.floor(NOW / HOUR) * HOUR;

describe('the NHT API, paging over 23 skills', () => {
  it('returns pages of 10, 10 and 3 skills, sorted by id, each with count 23 and its references', async () => {
    await withSimulator({ skills: 23 }, async (sim) => {
      const token = await fetchToken(sim);
      const pages: JsonReply[] = [];
      for (const offset of [0, 10, 20]) pages.push(await postNht(sim, token, recentQuery({ offset })));
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
      expect(pages.map((p) => p.body.skillInfo.length)).toEqual([10, 10, 3]);
      const ids = pages.flatMap((p) => p.body.skillInfo.map((s: { skillId: number }) => s.skillId));
      expect(ids.map(String)).toEqual(sim.skillIds);
      expect(ids.every((id) => typeof id === 'number')).toBe(true);

      const rels = (p: JsonReply): Record<string, string> => Object.fromEntries(p.body._metadata.references.map((r: { rel: string; href: string }) => [r.rel, r.href]));
      for (const p of pages) expect(p.body._metadata.count).toBe(23);
      const [first, middle, last] = pages.map(rels);
      expect(Object.keys(first!).sort()).toEqual(['first', 'last', 'next', 'self']);
      expect(Object.keys(middle!).sort()).toEqual(['first', 'last', 'next', 'previous', 'self']);
      expect(Object.keys(last!).sort()).toEqual(['first', 'last', 'previous', 'self']);
      expect(new URL(first!.next!).searchParams.get('offset')).toBe('10');
      const lastRef = new URL(first!.last!);
      expect([lastRef.searchParams.get('offset'), lastRef.searchParams.get('limit')]).toEqual(['20', '3']);
      expect(new URL(middle!.previous!).searchParams.get('offset')).toBe('0');
      expect(first!.self!.startsWith(nhtUrl(sim) + '?')).toBe(true);
    });
  });

  it('answers a GET of the next href exactly like the POST of the same page', async () => {
    await withSimulator({ skills: 23 }, async (sim) => {
      const token = await fetchToken(sim);
      const firstPage = await postNht(sim, token, recentQuery());
      const next = firstPage.body._metadata.references.find((r: { rel: string }) => r.rel === 'next').href as string;
      const viaGet = await getJson(next, { authorization: `Bearer ${token}` });
      const viaPost = await postNht(sim, token, recentQuery({ offset: 10 }));
      expect(viaGet.status).toBe(200);
      expect(viaGet.body).toEqual(viaPost.body);
    });
  });

  it('serves each bucket exactly as simulator.bucket() computes it, hourly metrics -1 in the current hour', async () => {
    await withSimulator({ skills: 12 }, async (sim) => {
      const token = await fetchToken(sim);
      const res = await postNht(sim, token, recentQuery({ limit: 3 }));
      const skill = res.body.skillInfo[0];
      const buckets = skill.metricsByIntervals;
      // From the previous hour's start to NOW at 15 minutes: 4 + 1 completed/partial quarters of this hour.
      expect(buckets.map((b: { epochTimestamp: number }) => b.epochTimestamp)).toEqual(
        Array.from({ length: 5 }, (_, i) => CURRENT_HOUR - HOUR + i * QUARTER),
      );
      for (const b of buckets) {
        const expected = sim.bucket(String(skill.skillId), b.epochTimestamp, 15);
        for (const f of NHT_FIELDS) expect(b[f], f).toBe(expected[f]);
        expect(b.timestamp).toBe(new Date(b.epochTimestamp).toISOString().slice(0, 16));
      }
      expect(buckets[4].netHandleTime).toBe(-1);
      expect(res.body.interval).toBe(15);
      expect(res.body.timeframe).toEqual({
        fromDate: new Date(CURRENT_HOUR - HOUR).toISOString().slice(0, 19),
        toDate: new Date(NOW).toISOString().slice(0, 19),
        fromMillis: CURRENT_HOUR - HOUR,
        toMillis: NOW,
      });
    });
  });

  it('accepts ISO dates, defaults to 60-minute buckets and includes the bucket starting at toDate', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const token = await fetchToken(sim);
      const res = await postNht(sim, token, { source: 'dev', v: 2, fromDate: '2026-11-25T09:00:00', toDate: '2026-11-25T10:00:00' });
      expect(res.status).toBe(200);
      expect(res.body.interval).toBe(60);
      const stamps = res.body.skillInfo[0].metricsByIntervals.map((b: { timestamp: string }) => b.timestamp);
      expect(stamps).toEqual(['2026-11-25T09:00', '2026-11-25T10:00']);
      const self = new URL(res.body._metadata.references[0].href);
      expect(self.searchParams.get('fromDate')).toBe('2026-11-25T09:00:00');
    });
  });

  it('filters by skillIds and counts only the matching skills', async () => {
    await withSimulator({ skills: 23 }, async (sim) => {
      const token = await fetchToken(sim);
      const wanted = [sim.skillIds[5]!, sim.skillIds[2]!, '1'];
      const res = await postNht(sim, token, recentQuery({ skillIds: wanted.join(',') }));
      expect(res.body._metadata.count).toBe(2);
      expect(res.body.skillInfo.map((s: { skillId: number }) => String(s.skillId))).toEqual([sim.skillIds[2], sim.skillIds[5]]);
    });
  });

  it('answers v1 (the default) without _metadata and without epoch fields', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const token = await fetchToken(sim);
      const { v: _v, ...withoutVersion } = recentQuery();
      const res = await postNht(sim, token, withoutVersion);
      expect(res.status).toBe(200);
      expect(res.body._metadata).toBeUndefined();
      expect(res.body.timeframe.fromMillis).toBeUndefined();
      expect(res.body.skillInfo[0].metricsByIntervals[0].epochTimestamp).toBeUndefined();
    });
  });

  it('spells fields the field-table way when pascalCaseRate is 1, without a next reference', async () => {
    await withSimulator({ skills: 23, pascalCaseRate: 1 }, async (sim) => {
      const token = await fetchToken(sim);
      const res = await postNht(sim, token, recentQuery());
      expect(res.body._metadata).toBeUndefined();
      expect(res.body.metadata.count).toBe(23);
      expect(res.body.metadata.references.map((r: { rel: string }) => r.rel).sort()).toEqual(['first', 'last', 'self']);
      expect(res.body.Interval).toBe(15);
      const bucket = res.body.skillInfo[0].metricsByIntervals[0];
      expect(Object.keys(bucket)).toEqual(expect.arrayContaining(['AvgTimeInQueue', 'AvgAgentSegmentDuration', 'arrivals', 'netHandleTime']));
      expect(bucket.avgTimeInQueue).toBeUndefined();
    });
  });

  it('returns an empty page past the last skill', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const token = await fetchToken(sim);
      const res = await postNht(sim, token, recentQuery({ offset: 10 }));
      expect(res.body._metadata.count).toBe(3);
      expect(res.body.skillInfo).toEqual([]);
    });
  });
});

describe('the NHT API validation', () => {
  const hourStart = CURRENT_HOUR - HOUR;
  const ok = { source: 'nht_test', fromMillis: hourStart, toMillis: NOW, v: 2 };
  const { fromMillis: _f, toMillis: _t, ...noTime } = ok;
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['source is missing', { ...ok, source: undefined }, CAUSES.sourceRequired],
    ['source is longer than 20 characters', { ...ok, source: 'a'.repeat(21) }, CAUSES.sourceTooLong],
    ['dates and millis are mixed', { ...ok, fromDate: '2026-11-25T09:00:00' }, CAUSES.mixedTimeframe],
    ['no timeframe is given', noTime, CAUSES.timeframeRequired],
    ['only one bound is given', { ...noTime, fromDate: '2026-11-25T09:00:00' }, CAUSES.timeframeRequired],
    ['a date is not ISO', { ...noTime, fromDate: '25/11/2026 09:00', toDate: '2026-11-25T10:00:00' }, CAUSES.badDate],
    ['a date does not exist', { ...noTime, fromDate: '2026-02-30T09:00:00', toDate: '2026-03-02T10:00:00' }, CAUSES.badDate],
    ['millis are not numbers', { ...ok, fromMillis: 'yesterday' }, CAUSES.badMillis],
    ['from is after to', { ...ok, fromMillis: NOW, toMillis: hourStart }, CAUSES.fromAfterTo],
    ['the period exceeds one week', { ...ok, fromMillis: NOW - 8 * 24 * HOUR }, CAUSES.periodTooLong],
    ['the period is older than 9 weeks', { ...ok, fromMillis: NOW - 10 * 7 * 24 * HOUR, toMillis: NOW - 10 * 7 * 24 * HOUR + HOUR }, CAUSES.tooOld],
    ['interval is not 15/30/60', { ...ok, interval: 45 }, CAUSES.badInterval],
    ['limit is above 10', { ...ok, limit: 11 }, CAUSES.badLimit],
    ['limit is 0', { ...ok, limit: 0 }, CAUSES.badLimit],
    ['offset is negative', { ...ok, offset: -1 }, CAUSES.badOffset],
    ['skillIds has letters', { ...ok, skillIds: '123,abc' }, CAUSES.badSkillIds],
    ['v is 3', { ...ok, v: 3 }, CAUSES.badVersion],
  ];

  it.each(cases)('answers 400 with its cause when %s', async (_name, body, cause) => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const token = await fetchToken(sim);
      const res = await postNht(sim, token, body);
      expect(res.status).toBe(400);
      expect(typeof res.body.message).toBe('string');
      expect(res.body.causes).toContain(cause);
    });
  });

  it('accepts the same request once it is valid, with numbers sent as strings', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const token = await fetchToken(sim);
      const res = await postNht(sim, token, { ...ok, fromMillis: String(hourStart), interval: '30', limit: '5', offset: '0', skillIds: sim.skillIds.join(',') });
      expect(res.status).toBe(200);
      expect(res.body.interval).toBe(30);
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const token = await fetchToken(sim);
      const res = await fetch(nhtUrl(sim), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"source":' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { causes: string[] }).causes.length).toBe(1);
    });
  });
});
