import { describe, expect, it } from 'vitest';
import type { SkillsClient, SkillsFetch } from '../../src/liveperson/skills-client.js';
import { OwnMetrics } from '../../src/metrics/own.js';
import { MetricsPage } from '../../src/prometheus/page.js';
import { renderFamilies } from '../../src/prometheus/text.js';
import { SkillNames } from '../../src/skills/index.js';
import { recordingLogger, simSkillsClient, withSimulator } from './helpers.js';

const HOUR = 3_600_000;

function namesFor(client: Pick<SkillsClient, 'fetchSkills'>, accountId: string, extra: { interval?: number; retryInterval?: number } = {}) {
  const { logger, lines } = recordingLogger();
  const metrics = new OwnMetrics('test');
  metrics.trackSkillNames();
  const names = new SkillNames({ source: client, interval: extra.interval ?? HOUR, logger, observer: metrics, now: () => 1_700_000_000_000, ...extra });
  // The liveperson_skill_info part as /metrics serves it.
  const page = new MetricsPage({ accountId, snapshot: () => undefined, own: metrics, skillNames: () => names.current() }, { processMetrics: false });
  return { names, lines, metrics, part: () => page.parts()[1]! };
}

function ownText(metrics: OwnMetrics): string {
  return renderFamilies(metrics.families());
}

async function counter(metrics: OwnMetrics, result: string): Promise<number> {
  const text = ownText(metrics);
  const m = new RegExp(`^liveperson_nht_skill_names_refreshes_total\\{result="${result}"\\} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

describe('the skill names', () => {
  it('after the first refresh, know every skill and serve them as liveperson_skill_info', async () => {
    await withSimulator({ skills: 4 }, async (sim) => {
      const { names, metrics, part } = namesFor(simSkillsClient(sim), sim.accountId);
      expect(names.current().size).toBe(0);
      expect(part().text).toBe('');
      expect(await names.refresh()).toBe('success');
      expect(names.current().size).toBe(5);
      for (const id of sim.skillIds) expect(names.current().get(id)).toMatchObject({ deleted: false });
      const lines = part().text.split('\n').filter((l) => l.startsWith('liveperson_skill_info{'));
      expect(lines).toHaveLength(5);
      expect(lines.filter((l) => l.includes('deleted="true"'))).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^liveperson_skill_info\\{account_id="${sim.accountId}",skill_id="${sim.skillIds[0]}",skill_name="[^"]+",deleted="false"\\} 1$`));
      expect(await counter(metrics, 'success')).toBe(1);
      expect(ownText(metrics)).toContain('liveperson_nht_skill_names_last_success_timestamp_seconds 1700000000');
    });
  });

  it('when nothing changed, the 304 keeps the names and the rendered text as they are', async () => {
    await withSimulator({ skills: 4 }, async (sim) => {
      const { names, metrics, part } = namesFor(simSkillsClient(sim), sim.accountId);
      await names.refresh();
      const before = { map: names.current(), part: part() };
      expect(await names.refresh()).toBe('not_modified');
      expect(names.current()).toBe(before.map);
      expect(part()).toBe(before.part);
      expect(sim.stats.skillsRequests).toBe(2);
      expect(await counter(metrics, 'not_modified')).toBe(1);
    });
  });

  it('after a rename in LivePerson, the next refresh serves the new name', async () => {
    await withSimulator({ skills: 4 }, async (sim) => {
      const { names, part } = namesFor(simSkillsClient(sim), sim.accountId);
      await names.refresh();
      const id = sim.skillIds[2]!;
      sim.renameSkill(id, 'Roaming - Premium "Gold"');
      expect(await names.refresh()).toBe('success');
      expect(names.current().get(id)?.name).toBe('Roaming - Premium "Gold"');
      expect(part().text).toContain(`skill_id="${id}",skill_name="Roaming - Premium \\"Gold\\""`);
    });
  });

  it('when a refresh fails, keeps the last known names, counts the failure and logs why', async () => {
    await withSimulator({ skills: 4 }, async (sim) => {
      const { names, lines, metrics, part } = namesFor(simSkillsClient(sim), sim.accountId);
      await names.refresh();
      sim.renameSkill(sim.skillIds[0]!, 'Renamed while failing');
      const before = { map: names.current(), part: part() };
      sim.setFaults({ script: (r) => (r.api === 'skills' ? { kind: 'status', status: 500 } : undefined) });
      expect(await names.refresh()).toBe('failure');
      expect(names.current()).toBe(before.map);
      expect(part()).toBe(before.part);
      expect(await counter(metrics, 'failure')).toBe(1);
      expect(ownText(metrics)).toMatch(/^liveperson_nht_skill_names_last_success_timestamp_seconds 1700000000$/m);
      const warning = lines.find((l) => l['msg'] === 'skill names refresh failed; keeping the last known names');
      expect(warning).toMatchObject({ level: 'warn', skills: 5, error: expect.stringContaining('HTTP 500') });
    });
  });

  it.each([403, 401] as const)(
    'when the Skills API answers %i, logs once that the credentials lack the "Skills API Read" privilege and how to switch names off',
    async (status) => {
      await withSimulator({ skills: 2 }, async (sim) => {
        sim.setFaults({ script: (r) => (r.api === 'skills' ? { kind: 'status', status } : undefined) });
        const { names, lines, metrics } = namesFor(simSkillsClient(sim), sim.accountId);
        expect(await names.refresh()).toBe('failure');
        expect(await names.refresh()).toBe('failure');
        const errors = lines.filter((l) => l['level'] === 'error');
        expect(errors).toHaveLength(1);
        expect(errors[0]!['msg']).toBe(
          `the Skills API refused the credentials (HTTP ${status}): they lack the "Skills API Read" privilege. ` +
            'Grant it to the API key in LivePerson, or set NHT_SKILL_NAMES=false to switch skill names off. ' +
            'NHT metrics are not affected; trying again every 1h.',
        );
        expect(lines.filter((l) => l['level'] === 'warn' && String(l['msg']).startsWith('skill names'))).toHaveLength(0);
        expect(await counter(metrics, 'failure')).toBe(2);
        expect(names.current().size).toBe(0);

        sim.setFaults(undefined);
        expect(await names.refresh()).toBe('success');
        expect(lines.some((l) => l['msg'] === 'the Skills API accepts the credentials again')).toBe(true);
      });
    },
  );

  it('never shows a credential in what it logs', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      sim.setFaults({ script: (r) => (r.api === 'skills' ? { kind: 'status', status: 403 } : undefined) });
      const { names, lines } = namesFor(simSkillsClient(sim), sim.accountId);
      await names.refresh();
      expect(JSON.stringify(lines)).not.toContain('nht-demo-secret');
      expect(JSON.stringify(lines)).not.toMatch(/Bearer \S/);
    });
  });

  it('refreshes right away on start, then on its own interval, and stops cleanly', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      const { names } = namesFor(simSkillsClient(sim), sim.accountId, { interval: 20 });
      names.start();
      const deadline = Date.now() + 5000;
      while (sim.stats.skillsRequests < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(sim.stats.skillsRequests).toBeGreaterThanOrEqual(3);
      expect(names.current().size).toBe(3);
      await names.stop();
      const after = sim.stats.skillsRequests;
      await new Promise((r) => setTimeout(r, 80));
      expect(sim.stats.skillsRequests).toBe(after);
      expect(await names.refresh()).toBe('failure');
    });
  });

  it('after an ordinary failure, tries again sooner than a whole interval', async () => {
    let calls = 0;
    const source = {
      fetchSkills: async (): Promise<SkillsFetch> => {
        calls += 1;
        if (calls === 1) throw new Error('connection reset');
        return { changed: true, revision: '1', skills: [{ id: '1', name: 'Sales', deleted: false }], dropped: 0 };
      },
    };
    const { names } = namesFor(source, '123', { interval: HOUR, retryInterval: 20 });
    names.start();
    const deadline = Date.now() + 5000;
    while (names.current().size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await names.stop();
    expect(calls).toBe(2);
    expect(names.current().get('1')).toEqual({ name: 'Sales', deleted: false });
  });

  it('shares one request between refreshes asked for at the same time', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      const { names } = namesFor(simSkillsClient(sim), sim.accountId);
      const results = await Promise.all([names.refresh(), names.refresh(), names.refresh()]);
      expect(results).toEqual(['success', 'success', 'success']);
      expect(sim.stats.skillsRequests).toBe(1);
    });
  });

  it('stopping aborts a refresh in flight without counting it as a failure of LivePerson', async () => {
    await withSimulator({ skills: 2, faults: { script: (r) => (r.api === 'skills' ? { kind: 'delay', ms: 5000 } : undefined) } }, async (sim) => {
      const { names, lines, metrics } = namesFor(simSkillsClient(sim), sim.accountId);
      const pending = names.refresh();
      while (sim.stats.skillsRequests === 0) await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      await names.stop();
      expect(await pending).toBe('failure');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await counter(metrics, 'failure')).toBe(0);
      expect(lines.filter((l) => l['level'] === 'warn' || l['level'] === 'error')).toHaveLength(0);
    });
  });
});
