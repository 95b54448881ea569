import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporter, type Exporter } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus.js';

// The join users copy from the docs, run by a real Prometheus against the demo exporter.
const JOIN = 'liveperson_nht_arrivals * on(account_id, skill_id) group_left(skill_name) liveperson_skill_info';

let exporter: Exporter;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  const loaded = loadConfig(['--demo', '--port', '0', '--host', '127.0.0.1', '--poll-interval', '10s', '--retry-delay', '1ms'], {});
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  exporter = await startExporter(loaded.config, { logger: silentLogger });
  await Promise.all([exporter.poller.pollOnce(), exporter.skillNames!.refresh()]);
  prometheus = await startPrometheus({ targets: [`127.0.0.1:${exporter.port}`] });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.stop();
});

/** Waits until an instant query satisfies `check`, so a test never races the 1 s scrape. */
async function eventually<T>(promql: string, check: (r: Awaited<ReturnType<RunningPrometheus['query']>>) => T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await prometheus.query(promql);
    try {
      return check(result);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function arrivalsSkills(): Promise<string[]> {
  return prometheus.waitFor('liveperson_nht_arrivals').then((r) => r.map((s) => s.metric.skill_id!).sort());
}

describe('joining skill names onto the NHT series in PromQL', () => {
  it('gives every liveperson_nht_arrivals series its skill name, and keeps its value', async () => {
    const skills = await arrivalsSkills();
    await prometheus.waitFor('liveperson_skill_info', exporter.simulator!.skillIds.length + 1);
    const joined = await prometheus.query(JOIN);
    expect(joined.map((s) => s.metric.skill_id).sort()).toEqual(skills);
    const [countJoined] = await prometheus.query(`count(${JOIN})`);
    const [countArrivals] = await prometheus.query('count(liveperson_nht_arrivals)');
    expect(countJoined!.value[1]).toBe(countArrivals!.value[1]);

    // The docs' variant that keeps skills without a name yet adds nothing when every skill has one.
    const [countKept] = await prometheus.query(`count((${JOIN}) or on(account_id, skill_id) liveperson_nht_arrivals)`);
    expect(countKept!.value[1]).toBe(countArrivals!.value[1]);

    const names = exporter.skillNames!.current();
    const arrivals = new Map((await prometheus.query('liveperson_nht_arrivals')).map((s) => [s.metric.skill_id!, s.value[1]]));
    for (const s of joined) {
      expect(s.metric.skill_name).toBe(names.get(s.metric.skill_id!)!.name);
      expect(s.value[1]).toBe(arrivals.get(s.metric.skill_id!));
    }
  });

  it('after a rename, the info series carries the new name and the NHT series keep exactly their labels', async () => {
    const [skillId] = await arrivalsSkills();
    const before = await prometheus.query(`liveperson_nht_arrivals{skill_id="${skillId}"}`);
    exporter.simulator!.renameSkill(skillId!, 'Renamed Queue');
    expect(await exporter.skillNames!.refresh()).toBe('success');

    await eventually(`liveperson_skill_info{skill_id="${skillId}"}`, (r) => {
      expect(r.map((s) => s.metric.skill_name)).toEqual(['Renamed Queue']);
    });
    const joined = await prometheus.query(`${JOIN} and on(skill_id) liveperson_nht_arrivals{skill_id="${skillId}"}`);
    expect(joined.map((s) => s.metric.skill_name)).toEqual(['Renamed Queue']);
    const after = await prometheus.query(`liveperson_nht_arrivals{skill_id="${skillId}"}`);
    expect(after.map((s) => s.metric)).toEqual(before.map((s) => s.metric));
    expect(Object.keys(after[0]!.metric).sort()).toEqual(['__name__', 'account_id', 'instance', 'job', 'skill_id']);
  });

  it('when the Skills API fails, Prometheus keeps seeing the last known names', async () => {
    const sim = exporter.simulator!;
    sim.setFaults({ script: (r) => (r.api === 'skills' ? { kind: 'status', status: 503 } : undefined) });
    try {
      expect(await exporter.skillNames!.refresh()).toBe('failure');
      // A scrape after the failure has reached Prometheus once the failure counter has.
      await prometheus.waitFor('liveperson_nht_skill_names_refreshes_total{result="failure"} >= 1');
      const joined = await prometheus.query(JOIN);
      const [countArrivals] = await prometheus.query('count(liveperson_nht_arrivals)');
      expect(String(joined.length)).toBe(countArrivals!.value[1]);
      expect(joined.map((s) => s.metric.skill_name)).toContain('Renamed Queue');
      const info = await prometheus.query('liveperson_skill_info');
      expect(info).toHaveLength(sim.skillIds.length + 1);
    } finally {
      sim.setFaults(undefined);
    }
  });
});
