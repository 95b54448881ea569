import { afterEach, describe, expect, it } from 'vitest';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { expectedValue, nhtSamples, scrape, startHarness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const MIN = 60_000;

function checkAgainstSimulator(harness: Harness, text: string): number {
  const snapshot = harness.exporter.poller.current!;
  const samples = nhtSamples(text);
  let compared = 0;
  for (const skillId of harness.sim.skillIds) {
    for (const metric of NHT_METRICS) {
      const expected = expectedValue(harness.sim, skillId, metric.field, snapshot.window);
      const got = samples.get(metric.name)!.get(skillId);
      if (expected === -1) expect(got, `${metric.name} for skill ${skillId} should be absent`).toBeUndefined();
      else expect(got, `${metric.name} for skill ${skillId}`).toBe(expected);
      compared += 1;
    }
  }
  return compared;
}

describe('an account of many skills over many pages', () => {
  it('serves every skill\'s nine values of the latest completed quarter and hour, -1 absent', async () => {
    h = await startHarness({ skills: 137, seed: 3 });
    expect(await h.exporter.poller.pollOnce()).toBe(true);
    const { text } = await scrape(h.exporter);
    expect(checkAgainstSimulator(h, text)).toBe(137 * 9);
    expect(text).toContain('liveperson_nht_up 1\n');
    expect(text).toContain('liveperson_nht_skills 137\n');
    expect(text).not.toMatch(/^liveperson_nht_\w+\{[^}]*\} -1$/m);
    const w = h.exporter.poller.current!.window;
    expect(text).toContain(`liveperson_nht_interval_start_timestamp_seconds{interval="15m"} ${w.quarterStart / 1000}\n`);
    expect(text).toContain(`liveperson_nht_interval_start_timestamp_seconds{interval="1h"} ${w.hourStart / 1000}\n`);
  });

  it('still matches when LivePerson throttles, fails pages with 503, spells fields both ways and tokens expire mid-run', async () => {
    h = await startHarness({
      skills: 211,
      seed: 9,
      tokenTtlSeconds: 120,
      pascalCaseRate: 0.5,
      faults: { rate429: 0.15, retryAfterSeconds: 0, rate5xx: 0.1 },
    }, { NHT_CONCURRENCY: '3', NHT_MAX_RETRIES: '6' });
    for (let poll = 0; poll < 4; poll += 1) {
      expect(await h.exporter.poller.pollOnce()).toBe(true);
      const { text } = await scrape(h.exporter);
      expect(checkAgainstSimulator(h, text)).toBe(211 * 9);
      expect(text).toContain('liveperson_nht_up 1\n');
      h.clock.now += 5 * MIN; // past the token's lifetime every other poll
    }
    expect(h.sim.stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(h.sim.stats.tokenRequests).toBeGreaterThanOrEqual(2);
    const { text } = await scrape(h.exporter);
    expect(text).toMatch(/^liveperson_nht_api_requests_total\{api="nht",outcome="throttled"\} [1-9]\d*$/m);
    expect(text).toMatch(/^liveperson_nht_api_retries_total\{api="nht",reason="server_error"\} [1-9]\d*$/m);
  });

  it('finds every host through the Domain API when only LP_CSDS_URL is set, over plain http for a local Domain API', async () => {
    h = await startHarness({ skills: 23 }, (sim) => ({ LP_CSDS_URL: sim.url, LP_NHT_BASE_URL: '', LP_SENTINEL_BASE_URL: '', NHT_SKILL_NAMES: 'true' }));
    expect(await h.exporter.poller.pollOnce()).toBe(true);
    await h.exporter.skillNames!.refresh();
    const { text } = await scrape(h.exporter);
    expect(checkAgainstSimulator(h, text)).toBe(23 * 9);
    expect(text).toMatch(/^liveperson_skill_info\{account_id="12345678",skill_id="\d+",skill_name="[^"]+",deleted="false"\} 1$/m);
    expect(h.sim.stats.domainRequests).toBeGreaterThanOrEqual(3); // NHT, sentinel and the Skills API hosts
  });

  it('moves to the next quarter and hour as the clock passes them', async () => {
    h = await startHarness({ skills: 12 }, {}, Date.UTC(2026, 10, 25, 14, 59));
    await h.exporter.poller.pollOnce();
    expect(new Date(h.exporter.poller.current!.window.quarterStart).toISOString()).toBe('2026-11-25T14:30:00.000Z');
    expect(new Date(h.exporter.poller.current!.window.hourStart).toISOString()).toBe('2026-11-25T13:00:00.000Z');
    h.clock.now = Date.UTC(2026, 10, 25, 15, 1);
    await h.exporter.poller.pollOnce();
    expect(new Date(h.exporter.poller.current!.window.quarterStart).toISOString()).toBe('2026-11-25T14:45:00.000Z');
    expect(new Date(h.exporter.poller.current!.window.hourStart).toISOString()).toBe('2026-11-25T14:00:00.000Z');
    expect(checkAgainstSimulator(h, (await scrape(h.exporter)).text)).toBe(12 * 9);
  });
});
