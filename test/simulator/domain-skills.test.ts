import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/simulator/index.js';
import { fetchToken, getJson, NOW, withSimulator } from './helpers.js';

describe('the Domain API (CSDS)', () => {
  it('lists leDataReporting, sentinel and accountConfigReadOnly, all at the simulator host without a scheme', async () => {
    await withSimulator({}, async (sim) => {
      const res = await getJson(`${sim.url}/api/account/${sim.accountId}/service/baseURI.json?version=1.0`);
      expect(res.status).toBe(200);
      const hostPort = new URL(sim.url).host;
      expect(res.body.baseURIs).toEqual(SERVICES.map((service) => ({ service, account: sim.accountId, baseURI: hostPort })));
      expect(SERVICES).toEqual(['leDataReporting', 'sentinel', 'accountConfigReadOnly']);
    });
  });

  it('answers each service alone, and 404 for an unknown or differently cased name', async () => {
    await withSimulator({}, async (sim) => {
      for (const service of SERVICES) {
        const res = await getJson(`${sim.url}/api/account/${sim.accountId}/service/${service}/baseURI.json?version=1.0`);
        expect(res.body).toEqual({ service, account: sim.accountId, baseURI: new URL(sim.url).host });
      }
      expect((await getJson(`${sim.url}/api/account/${sim.accountId}/service/ledatareporting/baseURI.json?version=1.0`)).status).toBe(404);
      expect((await getJson(`${sim.url}/api/account/${sim.accountId}/service/nope/baseURI.json?version=1.0`)).status).toBe(404);
      expect(sim.stats.domainRequests).toBe(SERVICES.length + 2);
    });
  });
});

describe('the Skills API', () => {
  it('lists the active skills with realistic names and the ac-revision header', async () => {
    await withSimulator({ skills: 23 }, async (sim) => {
      const token = await fetchToken(sim);
      const url = `${sim.url}/api/account/${sim.accountId}/configuration/le-users/skills?v=2.0`;
      const res = await getJson(url, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('ac-revision')).toBe('1');
      expect(res.body.map((s: { id: number }) => String(s.id))).toEqual(sim.skillIds);
      for (const skill of res.body) {
        expect(skill.deleted).toBe(false);
        expect(skill.name).toMatch(/^[A-Z][A-Za-z -]+( \d+)?$/);
        expect(skill.dateUpdated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      }
      expect(new Set(res.body.map((s: { name: string }) => s.name)).size).toBe(23);
      expect(sim.stats.skillsRequests).toBe(1);
    });
  });

  it('adds the one deleted skill only with include_deleted=true; it is not reported by NHT by default', async () => {
    await withSimulator({ skills: 5 }, async (sim) => {
      const token = await fetchToken(sim);
      const base = `${sim.url}/api/account/${sim.accountId}/configuration/le-users/skills?v=2.0`;
      const all = await getJson(`${base}&include_deleted=true`, { authorization: `Bearer ${token}` });
      const deleted = all.body.filter((s: { deleted: boolean }) => s.deleted);
      expect(deleted).toHaveLength(1);
      expect(all.body).toHaveLength(6);
      expect(sim.skillIds).not.toContain(String(deleted[0].id));
    });
  });

  it('can report the deleted skill in NHT data too, for accounts with retired skills in their history', async () => {
    await withSimulator({ skills: 5, deletedSkillInNht: true }, async (sim) => {
      expect(sim.skillIds).toHaveLength(6);
    });
  });

  it('answers 304 for the current revision and a new list after a rename', async () => {
    await withSimulator({ skills: 5 }, async (sim) => {
      const token = await fetchToken(sim);
      const url = `${sim.url}/api/account/${sim.accountId}/configuration/le-users/skills?v=2.0`;
      const auth = { authorization: `Bearer ${token}` };
      const first = await getJson(url, auth);
      const revision = first.headers.get('ac-revision')!;
      const unchanged = await getJson(url, { ...auth, 'if-none-match': revision });
      expect(unchanged.status).toBe(304);

      sim.renameSkill(sim.skillIds[0]!, 'Billing - Spanish (VIP)');
      const changed = await getJson(url, { ...auth, 'if-none-match': revision });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('ac-revision')).not.toBe(revision);
      expect(changed.body[0].name).toBe('Billing - Spanish (VIP)');
      expect(changed.body[0].dateUpdated).toBe(new Date(NOW).toISOString().slice(0, 19).replace('T', ' '));
      expect(() => sim.renameSkill('1', 'x')).toThrow();
    });
  });

  it('requires credentials', async () => {
    await withSimulator({ skills: 5 }, async (sim) => {
      const res = await getJson(`${sim.url}/api/account/${sim.accountId}/configuration/le-users/skills?v=2.0`);
      expect(res.status).toBe(401);
    });
  });

  it('gives the same names for the same seed and other names for another seed', async () => {
    const names = async (seed: number) =>
      withSimulator({ skills: 10, seed }, async (sim) => {
        const res = await getJson(`${sim.url}/api/account/${sim.accountId}/configuration/le-users/skills?v=2.0`, {
          authorization: `Bearer ${await fetchToken(sim)}`,
        });
        return res.body.map((s: { name: string }) => s.name);
      });
    const a = await names(1);
    expect(await names(1)).toEqual(a);
    expect(await names(2)).not.toEqual(a);
  });
});
