import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { scrape } from '../exporter/helpers.js';
import { sample, startReloadable, type Running } from './support.js';

let run: Running | undefined;
let dir: string | undefined;
afterEach(async () => {
  await run?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  run = dir = undefined;
});

/** The exporter against the simulator with its settings in a --config file the test rewrites. */
async function start(settings: Record<string, unknown>): Promise<{ run: Running; write: (s: Record<string, unknown>) => void }> {
  dir = mkdtempSync(join(tmpdir(), 'nht-reload-'));
  const file = join(dir, 'config.json');
  const write = (s: Record<string, unknown>): void => writeFileSync(file, JSON.stringify(s));
  write(settings);
  run = await startReloadable(['--config', file], (sim) => ({ LP_CLIENT_ID: 'nht-demo-client', LP_CLIENT_SECRET: 'nht-demo-secret', LP_CSDS_URL: sim.url }));
  return { run, write };
}

describe('SIGHUP reloads the configuration', () => {
  it('applies poll settings, the skill filter and the log level, and names what needs a restart', async () => {
    const { run, write } = await start({ poll: { interval: '5m' }, log: { level: 'info' } });
    expect(await run.exporter.poller.pollOnce()).toBe(true);
    const everySkill = run.exporter.poller.current!.skills.length;
    const two = run.sim.skillIds.slice(0, 2);

    write({ poll: { interval: '1m', maxRetries: 1 }, log: { level: 'debug' }, liveperson: { skillIds: two }, skillNames: { interval: '2h' } });
    const outcome = await run.exporter.reload();
    expect(outcome.ok).toBe(true);
    expect(outcome.applied).toEqual(expect.arrayContaining(['poll.interval', 'poll.maxRetries', 'log.level', 'liveperson.skillIds']));
    expect(outcome.restartNeeded).toEqual(['skillNames.interval']);
    expect(run.logs.find((l) => l.includes('a restart is needed'))).toContain('skillNames.interval (NHT_SKILL_NAMES_INTERVAL)');

    run.logs.length = 0;
    expect(await run.exporter.poller.pollOnce()).toBe(true);
    expect([...run.exporter.poller.current!.skills].sort()).toEqual([...two].sort());
    expect(everySkill).toBeGreaterThan(2);
    // debug lines appear only after the reload lowered the level
    expect(run.logs.some((l) => l.includes('"level":"debug"'))).toBe(true);

    const { text } = await scrape(run.exporter);
    expect(sample(text, 'liveperson_nht_config_last_reload_successful')).toBe(1);
    expect(sample(text, 'liveperson_nht_config_reloads_total{trigger="signal",result="success"}')).toBe(1);
    expect(sample(text, 'liveperson_nht_config_last_reload_success_timestamp_seconds')).toBe(run.clock.now / 1000);
  });

  it('refuses an invalid configuration with the usual lines, and the running one carries on', async () => {
    const { run, write } = await start({ poll: { interval: '5m' } });
    expect(await run.exporter.poller.pollOnce()).toBe(true);
    write({ poll: { interval: '5 minutes' }, pol: {} });
    const outcome = await run.exporter.reload();
    expect(outcome.ok).toBe(false);
    expect(outcome.errors).toEqual(expect.arrayContaining([
      expect.stringContaining('unknown key "pol"'),
      'poll.interval (NHT_POLL_INTERVAL): must be a duration such as 30s, 5m or 1h, got "5 minutes"',
    ]));
    expect(run.logs.filter((l) => l.includes('reload refused; the running configuration carries on'))).toHaveLength(outcome.errors.length);
    expect(await run.exporter.poller.pollOnce()).toBe(true);
    const { text } = await scrape(run.exporter);
    expect(sample(text, 'liveperson_nht_config_last_reload_successful')).toBe(0);
    expect(sample(text, 'liveperson_nht_config_reloads_total{trigger="signal",result="failure"}')).toBe(1);

    // Fixed again: the next reload succeeds and the gauge says so.
    write({ poll: { interval: '10m' } });
    expect((await run.exporter.reload()).ok).toBe(true);
    expect(sample((await scrape(run.exporter)).text, 'liveperson_nht_config_last_reload_successful')).toBe(1);
  });

  it('reads the web config again: a new password works at once, the old one no longer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nht-reload-web-'));
    const web = join(dir, 'web.yml');
    writeFileSync(web, `basic_auth_users:\n  prometheus: ${bcrypt.hashSync('first-password', 4)}\n`);
    run = await startReloadable(['--web.config.file', web], () => ({ LP_CLIENT_ID: 'nht-demo-client', LP_CLIENT_SECRET: 'nht-demo-secret' }));
    const get = (password: string) =>
      fetch(`${run!.exporter.url}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`prometheus:${password}`).toString('base64')}` } }).then((r) => r.status);
    expect(await get('first-password')).toBe(200);
    writeFileSync(web, `basic_auth_users:\n  prometheus: ${bcrypt.hashSync('second-password', 4)}\n`);
    expect((await run.exporter.reload()).ok).toBe(true);
    expect(await get('second-password')).toBe(200);
    expect(await get('first-password')).toBe(401);

    writeFileSync(web, 'basic_auth_users:\n  prometheus: not-a-hash\n');
    const refused = await run.exporter.reload();
    expect(refused.ok).toBe(false);
    expect(refused.errors[0]).toContain('basic_auth_users.prometheus: must be a bcrypt hash');
    expect(await get('second-password')).toBe(200);
  });
});
