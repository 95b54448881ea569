import { describe, expect, it } from 'vitest';
import { LivePersonError } from '../../src/liveperson/errors.js';
import { jsonBody } from '../../src/liveperson/http.js';
import { parseSkills } from '../../src/liveperson/skills-client.js';
import { countingObserver } from '../liveperson/helpers.js';
import { simSkillsClient, withSimulator } from './helpers.js';

describe('the Skills API client', () => {
  it('reads every skill, the deleted one included, found through the Domain API with the NHT credentials', async () => {
    await withSimulator({ skills: 7 }, async (sim) => {
      const got = await simSkillsClient(sim).fetchSkills();
      expect(got.changed).toBe(true);
      if (!got.changed) return;
      expect(got.revision).toBe('1');
      expect(got.dropped).toBe(0);
      const active = got.skills.filter((s) => !s.deleted);
      expect(active.map((s) => s.id)).toEqual(sim.skillIds);
      const deleted = got.skills.filter((s) => s.deleted);
      expect(deleted).toEqual([{ id: expect.stringMatching(/^\d+$/), name: 'Legacy Promotions', deleted: true }]);
      for (const skill of got.skills) expect(skill.name).toMatch(/^[A-Z][A-Za-z -]+( \d+)?$/);
      expect(sim.stats.skillsRequests).toBe(1);
    });
  });

  it('when the list has not changed since the known revision, gets a 304 and no list', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const observer = countingObserver();
      const client = simSkillsClient(sim, { observer });
      const first = await client.fetchSkills();
      expect(first.changed && first.revision).toBe('1');
      const second = await client.fetchSkills('1');
      expect(second).toEqual({ changed: false, revision: '1' });
      expect(sim.stats.skillsRequests).toBe(2);
      expect(observer.requests.get('skills ok')).toBe(2);
    });
  });

  it('after a rename, the known revision no longer matches and the new name comes back with a new revision', async () => {
    await withSimulator({ skills: 3 }, async (sim) => {
      const client = simSkillsClient(sim);
      const id = sim.skillIds[1]!;
      sim.renameSkill(id, 'Billing - Night Shift');
      const got = await client.fetchSkills('1');
      expect(got.changed).toBe(true);
      if (!got.changed) return;
      expect(got.revision).toBe('2');
      expect(got.skills.find((s) => s.id === id)?.name).toBe('Billing - Night Shift');
    });
  });

  it('signs the query string correctly with legacy OAuth 1.0 app keys', async () => {
    const keys = { appKey: 'app-key-123', appSecret: 'app-secret-456', accessToken: 'token-789', accessTokenSecret: 'token-secret-0' };
    await withSimulator({ skills: 2, oauth1: keys }, async (sim) => {
      const got = await simSkillsClient(sim, { auth: { mode: 'oauth1', ...keys } }).fetchSkills();
      expect(got.changed && got.skills.length).toBe(3);
    });
  });

  it('when a token is rejected (401), fetches a fresh one and tries once more', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      let refusals = 1;
      sim.setFaults({ script: (r) => (r.api === 'skills' && refusals-- > 0 ? { kind: 'status', status: 401 } : undefined) });
      const got = await simSkillsClient(sim).fetchSkills();
      expect(got.changed).toBe(true);
      expect(sim.stats.skillsRequests).toBe(2);
      expect(sim.stats.tokenRequests).toBe(2);
    });
  });

  it('when LivePerson answers 403, gives up at once with an error naming the Skills API and the status', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      sim.setFaults({ script: (r) => (r.api === 'skills' ? { kind: 'status', status: 403 } : undefined) });
      const err = await simSkillsClient(sim).fetchSkills().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LivePersonError);
      expect(err).toMatchObject({ api: 'skills', kind: 'client_error', status: 403 });
      expect(sim.stats.skillsRequests).toBe(1);
    });
  });

  it('retries a 503 and a cut-short body like the NHT client does', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      let n = 0;
      sim.setFaults({
        script: (r) => {
          if (r.api !== 'skills') return undefined;
          n += 1;
          return n === 1 ? { kind: 'status', status: 503 } : n === 2 ? { kind: 'malformed' } : undefined;
        },
      });
      const got = await simSkillsClient(sim).fetchSkills();
      expect(got.changed && got.skills.length).toBe(3);
      expect(sim.stats.skillsRequests).toBe(3);
    });
  });
});

describe('reading the Skills API answer', () => {
  it('accepts numeric and string ids, treats a missing deleted flag as false, and skips entries it cannot name', () => {
    const text = JSON.stringify([
      { id: 11, name: 'Sales', deleted: false },
      { id: '12', name: 'Billing' },
      { id: 13, name: '' },
      { id: 'x', name: 'Bad id' },
      { name: 'No id' },
      null,
      { id: 14, name: 'Old', deleted: true },
    ]);
    expect(parseSkills(JSON.parse(text))).toEqual({
      skills: [
        { id: '11', name: 'Sales', deleted: false },
        { id: '12', name: 'Billing', deleted: false },
        { id: '14', name: 'Old', deleted: true },
      ],
      dropped: 4,
    });
  });

  it('refuses an answer that is not a JSON array', () => {
    expect(() => parseSkills({ skills: [] })).toThrow(/not a JSON array/);
    expect(() => jsonBody('skills', { status: 200, headers: {}, text: '[{"id":1' }, 'Skills API response')).toThrow(
      'Skills API response is not valid JSON (8 bytes)',
    );
  });
});
