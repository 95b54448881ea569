import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, tool } from '../support/prometheus.js';
import { alerts, ROOT } from './rule-files.js';

const CONFIG = join(ROOT, 'deploy', 'alertmanager', 'alertmanager.yml');

async function routeOf(labels: Record<string, string>): Promise<{ code: number; receiver: string }> {
  const args = ['config', 'routes', 'test', `--config.file=${CONFIG}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  const { code, stdout } = await tool('amtool', args);
  return { code, receiver: stdout.trim() };
}

/** A real Alertmanager on 127.0.0.1 with the example configuration (clustering off). */
async function withAlertmanager<T>(body: (url: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'nht-am-'));
  const port = await freePort();
  const child = spawn(
    'prometheus-alertmanager',
    [`--config.file=${CONFIG}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 15_000;
    while (!(await fetch(`${url}/-/ready`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`alertmanager did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return await body(url);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the example Alertmanager configuration', () => {
  it('passes amtool check-config', async () => {
    const { code, stdout, stderr } = await tool('amtool', ['check-config', CONFIG]);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toContain('SUCCESS');
  });

  it.each(alerts().map((a) => [a.alert, a.labels?.['severity'] as string] as const))(
    '%s (%s) goes to the pager when critical, to chat when a warning',
    async (alertname, severity) => {
      const route = await routeOf({ alertname, severity, scope: 'skill', account_id: '12345678', skill_id: '773602' });
      expect(route).toEqual({ code: 0, receiver: severity === 'critical' ? 'pager' : 'chat' });
    },
  );

  it('while an exporter is down, silences the per-skill alerts of that exporter only', async () => {
    const skillAlert = (instance: string) => ({
      labels: { alertname: 'LivePersonNhtHighNetHandleTime', severity: 'warning', scope: 'skill', job: 'liveperson-nht', instance, account_id: '12345678', skill_id: '773602' },
    });
    const states = await withAlertmanager(async (url) => {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { labels: { alertname: 'LivePersonNhtExporterDown', severity: 'critical', scope: 'exporter', job: 'liveperson-nht', instance: 'a:9818' } },
          { labels: { alertname: 'LivePersonNhtCredentialsRejected', severity: 'critical', scope: 'exporter', job: 'liveperson-nht', instance: 'b:9818', api: 'token' } },
          { labels: { alertname: 'LivePersonNhtPollsFailing', severity: 'warning', scope: 'exporter', job: 'liveperson-nht', instance: 'b:9818' } },
          skillAlert('a:9818'),
          skillAlert('c:9818'),
        ]),
      });
      expect(res.status).toBe(200);
      const read = async () => {
        const got = (await (await fetch(`${url}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string>; status: { state: string } }>;
        return Object.fromEntries(got.map((a) => [`${a.labels['alertname']}@${a.labels['instance']}`, a.status.state]));
      };
      // Alertmanager's inhibitor learns of new alerts on a goroutine of its own, so an alert can
      // read as active for a moment after its source arrived: read until both are muted, or 10 s.
      const deadline = Date.now() + 10_000;
      let states = await read();
      while (Object.values(states).filter((s) => s === 'suppressed').length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        states = await read();
      }
      return states;
    });
    expect(states).toEqual({
      'LivePersonNhtExporterDown@a:9818': 'active',
      'LivePersonNhtHighNetHandleTime@a:9818': 'suppressed',
      'LivePersonNhtHighNetHandleTime@c:9818': 'active',
      'LivePersonNhtCredentialsRejected@b:9818': 'active',
      'LivePersonNhtPollsFailing@b:9818': 'suppressed',
    });
  });
});
