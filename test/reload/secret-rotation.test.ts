import { afterEach, describe, expect, it } from 'vitest';
import { scrape } from '../exporter/helpers.js';
import { MountedSecret, sample, startReloadable, type Running } from './support.js';

const OLD = 'client-secret-old-7Hq';
const NEW = 'client-secret-new-9Wz';

let run: Running | undefined;
let secret: MountedSecret | undefined;
afterEach(async () => {
  await run?.stop();
  secret?.cleanup();
  run = secret = undefined;
});

async function start(): Promise<Running> {
  secret = new MountedSecret({ client_id: 'nht-exporter', client_secret: `${OLD}\n` });
  const files = secret;
  return (run = await startReloadable([], () => ({ LP_CLIENT_ID_FILE: files.path('client_id'), LP_CLIENT_SECRET_FILE: files.path('client_secret') }), {
    clientId: 'nht-exporter',
    clientSecret: OLD,
  }));
}

describe('a client secret rotated in its Kubernetes Secret', () => {
  it('keeps polls succeeding, without a restart, when LivePerson switches to the new secret', async () => {
    const { exporter, sim, logs } = await start();
    expect(await exporter.poller.pollOnce()).toBe(true);
    const tokensBefore = sim.stats.tokenRequests;

    // The operator rotates the secret in LivePerson (every token issued so far is revoked) and in
    // the Secret; the exporter has not looked at the file yet.
    secret!.update({ client_secret: `${NEW}\n` });
    sim.rotateClientSecret(NEW);

    expect(await exporter.poller.pollOnce(), exporter.poller.lastResult?.error).toBe(true);
    expect(await exporter.poller.pollOnce()).toBe(true);
    // The 401 made it read the file again, and the token was requested with the new secret.
    expect(sim.stats.tokenRequests).toBeGreaterThan(tokensBefore);
    const reloaded = logs.filter((l) => l.includes('secret reloaded from its file'));
    expect(reloaded).toHaveLength(1);
    expect(reloaded[0]).toContain('"secret":"LP_CLIENT_SECRET_FILE"');
    expect(reloaded[0]).toContain('"setting":"liveperson.clientSecret"');
    const all = logs.join('\n');
    expect(all).not.toContain(NEW);
    expect(all).not.toContain(OLD);

    const { text } = await scrape(exporter);
    expect(sample(text, 'liveperson_nht_config_reloads_total{trigger="secret_file",result="success"}')).toBe(1);
    expect(sample(text, 'liveperson_nht_config_last_reload_successful')).toBe(1);
    expect(sample(text, 'liveperson_nht_up')).toBe(1);
    // LivePerson did refuse the old credentials once: the poll succeeded through that.
    expect(sample(text, 'liveperson_nht_api_requests_total{api="nht",outcome="unauthorized"}')).toBeGreaterThanOrEqual(1);
  });

  it('takes a rotated file on its own, before LivePerson refuses anything', async () => {
    const { exporter, sim, logs } = await start();
    expect(await exporter.poller.pollOnce()).toBe(true);
    secret!.update({ client_secret: `${NEW}\n` });
    expect(await exporter.secretFiles!.check()).toBe(true);
    expect(await exporter.secretFiles!.check()).toBe(false);
    sim.rotateClientSecret(NEW);
    expect(await exporter.poller.pollOnce(), exporter.poller.lastResult?.error).toBe(true);
    expect(logs.filter((l) => l.includes('secret reloaded from its file'))).toHaveLength(1);
  });

  it('keeps the running secret while a file is missing mid-rotation, and says so once', async () => {
    const { exporter, logs } = await start();
    expect(await exporter.poller.pollOnce()).toBe(true);
    const { rmSync } = await import('node:fs');
    rmSync(secret!.path('client_secret'));
    expect(await exporter.secretFiles!.check()).toBe(false);
    expect(await exporter.secretFiles!.check()).toBe(false);
    expect(logs.filter((l) => l.includes('cannot read a rotated secret file'))).toHaveLength(1);
    expect(await exporter.poller.pollOnce()).toBe(true);
  });
});
