import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built entry point, as users and the container run it; `npm test` builds it first.
const main = join(import.meta.dirname, '..', '..', 'dist', 'main.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function run(args: string[], env: Record<string, string>, onLine?: (line: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Run> {
  if (!existsSync(main)) throw new Error(`${main} is missing: run 'npm run build' (npm test does it)`);
  const child = spawn(process.execPath, [main, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const feed = (d: Buffer) => {
    out += d;
    for (const line of d.toString().split('\n')) if (line) onLine?.(line, (s) => child.kill(s));
  };
  child.stdout.on('data', feed);
  child.stderr.on('data', feed);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    }),
  );
}

describe('the exporter as a process', () => {
  it('refuses to start without an account outside demo mode, saying what to set', async () => {
    const r = await run([], {});
    expect(r.code).toBe(2);
    expect(r.out).toContain('LP_ACCOUNT_ID');
    expect(r.out).toContain('--demo');
  });

  it('checks a configuration and exits without starting', async () => {
    const ok = await run(['--check-config', '--demo'], {});
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('configuration is valid');
    const bad = await run(['--check-config'], { LP_ACCOUNT_ID: '123', NHT_POLL_INTERVAL: 'often', LP_CLIENT_ID: 'id', LP_CLIENT_SECRET: 'do-not-print-me-99' });
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/poll\.interval \(NHT_POLL_INTERVAL\)/);
    expect(bad.out).not.toContain('do-not-print-me-99');
  });

  it('in demo mode, polls the simulator, then stops promptly and cleanly on SIGTERM', async () => {
    let url = '';
    let metrics = '';
    let sentAt = 0;
    const r = await run(['--demo', '--port', '0', '--host', '127.0.0.1'], {}, (line, kill) => {
      const listening = /"msg":"listening".*"url":"([^"]+)"/.exec(line);
      if (listening) url = listening[1]!;
      if (line.includes('"msg":"poll succeeded"') && !sentAt) {
        sentAt = -1;
        void fetch(url).then(async (res) => {
          metrics = await res.text();
          sentAt = Date.now();
          kill('SIGTERM');
        });
      }
    });
    expect(r.code).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(5000);
    expect(metrics).toContain('liveperson_nht_up 1');
    expect(metrics).toMatch(/liveperson_nht_arrivals\{account_id="12345678",skill_id="\d+"\} \d+/);
    expect(r.out).toContain('"msg":"stopping","signal":"SIGTERM"');
  });

  it('reloads its configuration file on SIGHUP and keeps running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nht-sighup-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ log: { level: 'info' } }));
    let hup = false;
    try {
      const r = await run(['--demo', '--port', '0', '--host', '127.0.0.1', '--config', file], {}, (line, kill) => {
        if (line.includes('"msg":"poll succeeded"') && !hup) {
          hup = true;
          writeFileSync(file, JSON.stringify({ log: { level: 'debug' }, poll: { interval: '10m' } }));
          kill('SIGHUP');
        }
        if (line.includes('"msg":"configuration reloaded"')) kill('SIGTERM');
      });
      expect(r.out).toMatch(/"msg":"configuration reloaded".*"applied":"poll\.interval, log\.level"/);
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the configuration reference and help generated from the schema', async () => {
    const docs = await run(['--print-config-docs'], {});
    expect(docs.code).toBe(0);
    for (const env of ['LP_ACCOUNT_ID', 'LP_CLIENT_SECRET', 'NHT_CONCURRENCY', 'PORT']) expect(docs.out).toContain(env);
    const help = await run(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toContain('--check-config');
  });
});
