import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startExporter } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { config, scrape, startHarness } from '../exporter/helpers.js';
import { freePort } from '../support/prometheus.js';

const DEMO = ['--demo', '--port', '0', '--host', '127.0.0.1', '--sim-skills', '6'];

describe('the exporter with skill names on (the default)', () => {
  it('serves liveperson_skill_info after the NHT data, plain and gzipped alike', async () => {
    const exporter = await startExporter(config(DEMO), { logger: silentLogger });
    try {
      await exporter.poller.pollOnce();
      expect(await exporter.skillNames!.refresh()).toMatch(/^(success|not_modified)$/);
      const { text } = await scrape(exporter);
      const info = text.split('\n').filter((l) => l.startsWith('liveperson_skill_info{'));
      expect(info).toHaveLength(7);
      expect(text.indexOf('liveperson_skill_info')).toBeGreaterThan(text.indexOf('liveperson_nht_arrivals'));
      expect(text).toMatch(/^liveperson_nht_skill_names_refreshes_total\{result="success"\} 1$/m);
      // One Skills API request per refresh: the start-up refresh, and the one above unless it joined it.
      const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
      const refreshes = value('liveperson_nht_skill_names_refreshes_total{result="success"}') + value('liveperson_nht_skill_names_refreshes_total{result="not_modified"}');
      expect(refreshes).toBeGreaterThanOrEqual(1);
      expect(value('liveperson_nht_api_requests_total{api="skills",outcome="ok"}')).toBe(refreshes);

      const gz = await request(`${exporter.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      const unzipped = gunzipSync(Buffer.from(await gz.body.arrayBuffer())).toString('utf8');
      expect(unzipped.split('\n').filter((l) => l.startsWith('liveperson_skill_info{'))).toEqual(info);
    } finally {
      await exporter.stop();
    }
  });

  it('uses the NHT credentials and host discovery: one token serves both APIs, the Skills API host comes from the Domain API', async () => {
    const exporter = await startExporter(config(DEMO), { logger: silentLogger });
    try {
      await Promise.all([exporter.poller.pollOnce(), exporter.skillNames!.refresh()]);
      const sim = exporter.simulator!;
      expect(sim.stats.tokenRequests).toBe(1);
      expect(sim.stats.skillsRequests).toBe(1);
      // leDataReporting, sentinel and accountConfigReadOnly, each asked once.
      expect(sim.stats.domainRequests).toBe(3);
    } finally {
      await exporter.stop();
    }
  });

  it('with LP_ACCOUNT_CONFIG_BASE_URL, calls the Skills API there without asking the Domain API', async () => {
    const port = await freePort();
    const h = await startHarness({ skills: 3, port }, { NHT_SKILL_NAMES: 'true', LP_ACCOUNT_CONFIG_BASE_URL: `http://127.0.0.1:${port}` });
    try {
      expect(await h.exporter.skillNames!.refresh()).toMatch(/^(success|not_modified)$/);
      expect(h.exporter.skillNames!.current().size).toBe(4);
      expect(h.sim.stats.domainRequests).toBe(0);
    } finally {
      await h.stop();
    }
  });
});

describe('the exporter with NHT_SKILL_NAMES=false', () => {
  it('never calls the Skills API and shows no skill-name series', async () => {
    const exporter = await startExporter(config(DEMO, { NHT_SKILL_NAMES: 'false' }), { logger: silentLogger });
    try {
      await exporter.poller.pollOnce();
      expect(exporter.skillNames).toBeUndefined();
      const { text } = await scrape(exporter);
      expect(text).toContain('liveperson_nht_arrivals');
      expect(text).not.toContain('liveperson_skill_info');
      expect(text).not.toContain('skill_names');
      expect(text).not.toContain('api="skills"');
      expect(exporter.simulator!.stats.skillsRequests).toBe(0);
    } finally {
      await exporter.stop();
    }
  });
});
