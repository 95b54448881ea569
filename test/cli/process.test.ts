import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/types.js';
import { MAIN, runMain } from './support.js';

const DEMO_ONLY = { LOG_FORMAT: 'text' };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function busyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server })));
}

describe('binding the HTTP server', () => {
  it('a busy PORT exits 2 and names PORT', async () => {
    const { port, server } = await busyPort();
    cleanups.push(() => new Promise((done) => server.close(() => done())));
    const r = await runMain(['--demo', '--host', '127.0.0.1', '--port', String(port)], DEMO_ONLY);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}: port ${port} is in use by another process; set PORT (or --port) to a free port`);
    expect(r.stderr).not.toContain('EADDRINUSE');
  });

  it('a HOST that is not an address of this machine exits 2 and names HOST', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it.
    const r = await runMain(['--demo', '--port', '0'], { ...DEMO_ONLY, HOST: '192.0.2.7' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot listen on 192.0.2.7:0: HOST "192.0.2.7" is not an address of this machine; set HOST (or --host)');
  });
});

describe('the start-up log', () => {
  it('opens with one short line: version, account, auth, where /metrics is, the poll cadence', async () => {
    const r = await runMain(['--demo', '--host', '127.0.0.1', '--port', '0'], DEMO_ONLY, (_out, err) => err.includes('poll succeeded'));
    const first = r.stderr.split('\n')[0] ?? '';
    expect(first).toMatch(/ INFO {2}listening url=http:\/\/127\.0\.0\.1:\d+\/metrics version=\S+ account_id=12345678 auth=demo poll_every=5m$/);
    expect(first.length).toBeLessThan(160);
    expect(r.stderr).not.toContain('effective configuration');
  });

  it('gives the full configuration, redacted, at debug level', async () => {
    const secret = 'not-for-the-log-0042';
    const r = await runMain(['--demo', '--host', '127.0.0.1', '--port', '0', '--log-level', 'debug'], { ...DEMO_ONLY, LP_CLIENT_SECRET: secret }, (_o, err) =>
      err.includes('listening'),
    );
    expect(r.stderr).toMatch(/DEBUG effective configuration, secrets redacted demo=true .*poll\.interval=5m/);
    expect(r.stderr).not.toContain(secret);
  });

  it('has no "undefined" anywhere, and a first failed poll does not claim to serve earlier data', async () => {
    // Port 9 on 127.0.0.1: nothing listens, every request fails at once with a network error.
    const env = {
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'debug',
      LP_ACCOUNT_ID: '12345678',
      LP_CLIENT_ID: 'exporter',
      LP_CLIENT_SECRET: 'a-secret-0001',
      LP_CSDS_URL: 'http://127.0.0.1:9',
      NHT_MAX_RETRIES: '1',
      NHT_RETRY_DELAY: '10ms',
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const r = await runMain([], env, (_o, err) => err.includes('poll failed'));
    expect(r.stderr).toContain('LivePerson request failed, retrying');
    expect(r.stderr).toContain('poll failed; no data yet: /metrics holds only the health metrics until a poll succeeds');
    expect(r.stderr).not.toContain('serving the last good data');
    expect(r.stderr).not.toMatch(/undefined/);
  });
});

describe('the simulator\'s settings, as printed', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('demo mode prints settings, secret included, that another exporter polls with', async () => {
    const demo = await runMain(['--demo', '--host', '127.0.0.1', '--port', '0', '--sim-port', '0'], DEMO_ONLY, (out, err) => out.includes('LP_CLIENT_SECRET=') && err.includes('poll succeeded'));
    const line = /^ {2}(LP_ACCOUNT_ID=.*)$/m.exec(demo.stdout)?.[1] ?? '';
    expect(line).toMatch(/^LP_ACCOUNT_ID=12345678 LP_CSDS_URL=http:\/\/127\.0\.0\.1:\d+ LP_CLIENT_ID=nht-demo-client LP_CLIENT_SECRET=nht-demo-secret$/);
    expect(demo.stdout).toContain('for local use only');
  });

  it('the stand-alone simulator prints the settings a real exporter start needs, and they work', async () => {
    const printed = await runMain(['simulator', '--port', '0', '--skills', '3'], {}, (out) => out.includes('Press Ctrl+C'));
    const env = Object.fromEntries([...printed.stdout.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(env)).toEqual(['LP_ACCOUNT_ID', 'LP_CSDS_URL', 'LP_CLIENT_ID', 'LP_CLIENT_SECRET']);
    expect(printed.stdout).toContain('for local use only');
    // The printing process is gone; a simulator with the same options plays it for the exporter.
    sim = await startSimulator({ port: 0, skills: 3 });
    const exporter = await runMain([], { ...env, LP_CSDS_URL: sim.url, HOST: '127.0.0.1', PORT: '0', LOG_FORMAT: 'text' }, (_o, err) => /poll (succeeded|failed)/.test(err));
    expect(exporter.stderr).toContain('poll succeeded');
  });
});

describe('the simulator command with --deny-skills, checked by check-config --online', () => {
  it('plays credentials without the "Skills API Read" privilege, end to end through both processes', async () => {
    const child = spawn(process.execPath, [MAIN, 'simulator', '--port', '0', '--deny-skills'], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('close', done));
    });
    let printed = '';
    await new Promise<void>((done) =>
      child.stdout.on('data', (d: Buffer) => {
        printed += d;
        if (printed.includes('Press Ctrl+C')) done();
      }),
    );
    expect(printed).toContain('Skills API refusing (403)');
    const env = Object.fromEntries([...printed.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const check = await runMain(['check-config', '--online'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^OK {4}NHT API: /m);
    expect(check.stdout).toMatch(/^FAIL {2}Skills API: .*"Skills API Read" privilege/m);
  });
});
