import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SkillsClient, SkillsFetch } from '../../src/liveperson/skills-client.js';
import { LivePersonError } from '../../src/liveperson/errors.js';
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
  const names = new SkillNames({ client, interval: extra.interval ?? HOUR, logger, observer: metrics, now: () => 1_700_000_000_000, ...extra });
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

  describe('on its schedule', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A Skills API double that counts calls; `answer` decides each one. */
    const countingSource = (answer: (call: number, signal?: AbortSignal) => Promise<SkillsFetch>) => {
      const source = {
        calls: 0,
        fetchSkills: (_revision?: string, signal?: AbortSignal) => answer(++source.calls, signal),
      };
      return source;
    };
    const listing = (n: number): SkillsFetch => ({ changed: true, revision: String(n), skills: [{ id: '1', name: `Sales ${n}`, deleted: false }], dropped: 0 });

    it('refreshes right away on start, then every interval, and stops cleanly', async () => {
      vi.useFakeTimers();
      const source = countingSource(async (n) => listing(n));
      const { names } = namesFor(source, '123', { interval: HOUR });
      names.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(source.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(HOUR - 1);
      expect(source.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(source.calls).toBe(2);
      expect(names.current().get('1')?.name).toBe('Sales 2');
      await names.stop();
      await vi.advanceTimersByTimeAsync(5 * HOUR);
      expect(source.calls).toBe(2);
      expect(vi.getTimerCount()).toBe(0);
      expect(await names.refresh()).toBe('failure');
    });

    it('after an ordinary failure, tries again sooner than a whole interval', async () => {
      vi.useFakeTimers();
      const source = countingSource(async (n) => {
        if (n === 1) throw new Error('connection reset');
        return listing(n);
      });
      const { names } = namesFor(source, '123', { interval: HOUR, retryInterval: 60_000 });
      names.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(source.calls).toBe(2);
      expect(names.current().get('1')).toEqual({ name: 'Sales 2', deleted: false });
      await vi.advanceTimersByTimeAsync(HOUR - 1);
      expect(source.calls).toBe(2);
      await names.stop();
    });

    it('after a refusal (403), waits a whole interval: a privilege is not granted within minutes', async () => {
      vi.useFakeTimers();
      const refused = new LivePersonError({ api: 'skills', kind: 'client_error', status: 403, message: 'skills request failed: HTTP 403' });
      const source = countingSource(async () => Promise.reject(refused));
      const { names } = namesFor(source, '123', { interval: HOUR, retryInterval: 60_000 });
      names.start();
      await vi.advanceTimersByTimeAsync(HOUR - 1);
      expect(source.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(source.calls).toBe(2);
      await names.stop();
    });

    it('stopping aborts a refresh in flight without counting it as a failure of LivePerson', async () => {
      const source = countingSource(
        (_n, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error))),
      );
      const { names, lines, metrics } = namesFor(source, '123');
      const pending = names.refresh();
      expect(source.calls).toBe(1);
      await names.stop();
      expect(await pending).toBe('failure');
      expect(await counter(metrics, 'failure')).toBe(0);
      expect(lines.filter((l) => l['level'] === 'warn' || l['level'] === 'error')).toHaveLength(0);
    });
  });

  it('shares one request between refreshes asked for at the same time', async () => {
    await withSimulator({ skills: 2 }, async (sim) => {
      const { names } = namesFor(simSkillsClient(sim), sim.accountId);
      const results = await Promise.all([names.refresh(), names.refresh(), names.refresh()]);
      expect(results).toEqual(['success', 'success', 'success']);
      expect(sim.stats.skillsRequests).toBe(1);
    });
  });
});
