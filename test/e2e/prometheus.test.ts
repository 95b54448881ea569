import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporter, type Exporter } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { config, expectedValue, scrape } from '../exporter/helpers.js';
import { startPrometheus, tool, type RunningPrometheus } from '../support/prometheus.js';

// The demo as a user runs it, scraped by a real Prometheus (Debian's package, installed by the test setup).
let exporter: Exporter;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  exporter = await startExporter(config(['--demo', '--port', '0', '--host', '127.0.0.1', '--sim-skills', '40']), { logger: silentLogger });
  await exporter.poller.pollOnce();
  prometheus = await startPrometheus({ targets: [`127.0.0.1:${exporter.port}`] });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.stop();
});

describe('a real Prometheus scraping the demo exporter', () => {
  it('scrapes it successfully and sees liveperson_nht_up 1', async () => {
    const up = await prometheus.waitFor('up{job="liveperson-nht"} == 1');
    expect(up).toHaveLength(1);
    const nhtUp = await prometheus.waitFor('liveperson_nht_up == 1');
    expect(nhtUp).toHaveLength(1);
  });

  it('returns each of the nine metrics for every skill that has a value, with the simulator\'s values', async () => {
    const snapshot = exporter.poller.current!;
    const sim = exporter.simulator!;
    let withValues = 0;
    for (const metric of NHT_METRICS) {
      const expected = new Map<string, number>();
      for (const skillId of sim.skillIds) {
        const v = expectedValue(sim, skillId, metric.field, snapshot.window);
        if (v !== -1) expected.set(skillId, v);
      }
      const result = expected.size ? await prometheus.waitFor(metric.name, expected.size) : await prometheus.query(metric.name);
      const got = new Map(result.map((r) => [r.metric.skill_id!, Number(r.value[1])]));
      expect(got, metric.name).toEqual(expected);
      for (const r of result) expect(r.metric.account_id).toBe(exporter.accountId);
      withValues += expected.size;
    }
    // At any hour of the day most of the demo's skill-metric pairs carry data.
    expect(withValues).toBeGreaterThan(40 * 9 * 0.3);
  });

  it('has health metrics that promtool check metrics accepts without a remark', async () => {
    const { text } = await scrape(exporter);
    const result = await tool('promtool', ['check', 'metrics'], text);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
