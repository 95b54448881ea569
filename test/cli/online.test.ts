import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_DEFAULTS, startSimulator } from '../../src/simulator/index.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/types.js';
import { cli } from './support.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ port: 0, skills: 30, ...options });
  return sim;
}

function envFor(s: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LP_ACCOUNT_ID: s.accountId,
    LP_CSDS_URL: s.url,
    LP_CLIENT_ID: SIMULATOR_DEFAULTS.clientId,
    LP_CLIENT_SECRET: SIMULATOR_DEFAULTS.clientSecret,
    LP_REQUEST_TIMEOUT: '5s',
    ...extra,
  };
}

/** The step lines of the output, `OK    NHT API: ...` → ['OK', 'NHT API', '...']. */
function steps(out: string): Array<[string, string, string]> {
  return [...out.matchAll(/^(OK|FAIL|SKIP) +([^:]+): (.*)$/gm)].map((m) => [m[1]!, m[2]!, m[3]!]);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('check-config --online against the simulator', () => {
  it('with good credentials, passes every step, one line each, and exits 0', async () => {
    const s = await simulator();
    const r = await cli(['check-config', '--online'], envFor(s));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(steps(r.out).map(([result, name]) => `${result} ${name}`)).toEqual(['OK Domain API', 'OK token', 'OK NHT API', 'OK Skills API']);
    expect(r.out).toContain(`OK    Domain API: leDataReporting ${s.url}, sentinel ${s.url}, accountConfigReadOnly ${s.url}`);
    expect(r.out).toContain('OK    NHT API: answered the first page: 30 skills with data');
    expect(r.out).toMatch(/OK {4}Skills API: listed 31 skills \(1 deleted\)/);
    expect(r.out).toContain('every online check passed');
    // One page, not the whole account: a check must not page through 10,000 skills.
    expect(s.stats.nhtRequests).toBe(1);
  });

  it('with the --check-config flag form too', async () => {
    const s = await simulator();
    const r = await cli(['--check-config', '--online'], envFor(s));
    expect(r.code).toBe(0);
    expect(r.out).toContain('every online check passed');
  });

  it('with a wrong secret, fails the token step naming the settings to fix, skips the rest, and never prints the secret', async () => {
    const s = await simulator();
    const r = await cli(['check-config', '--online'], envFor(s, { LP_CLIENT_SECRET: 'wrong-secret-0042' }));
    expect(r.code).toBe(1);
    const [domain, token, nht, skills] = steps(r.out);
    expect(domain?.[0]).toBe('OK');
    expect(token?.[0]).toBe('FAIL');
    expect(token?.[2]).toMatch(/HTTP 401/);
    expect(token?.[2]).toContain(`LivePerson refused the OAuth 2.0 client: check LP_CLIENT_ID and LP_CLIENT_SECRET (or their _FILE variables), and that the client belongs to account ${s.accountId}`);
    expect([nht?.[0], skills?.[0]]).toEqual(['SKIP', 'SKIP']);
    expect(r.out).toContain('1 online check failed');
    expect(r.out + r.err).not.toContain('wrong-secret-0042');
  });

  it('without the Skills API privilege, fails only that step and names the privilege, or NHT_SKILL_NAMES=false', async () => {
    const s = await simulator({ faults: { script: (req) => (req.api === 'skills' ? { kind: 'status', status: 403 } : undefined) } });
    const r = await cli(['check-config', '--online'], envFor(s));
    expect(r.code).toBe(1);
    expect(steps(r.out).map(([result, name]) => `${result} ${name}`)).toEqual(['OK Domain API', 'OK token', 'OK NHT API', 'FAIL Skills API']);
    expect(r.out).toMatch(
      /^FAIL {2}Skills API: .* — the credentials lack the "Skills API Read" privilege \(HTTP 403\): grant it to the API client in LivePerson, or set NHT_SKILL_NAMES=false/m,
    );
    const off = await cli(['check-config', '--online'], envFor(s, { NHT_SKILL_NAMES: 'false' }));
    expect(off.code).toBe(0);
    expect(off.out).toContain('SKIP  Skills API: skill names are off (NHT_SKILL_NAMES=false)');
  });

  it('when the NHT API refuses the credentials, says it is opt-in and must be enabled for the account', async () => {
    const s = await simulator({ faults: { script: (req) => (req.api === 'nht' ? { kind: 'status', status: 401 } : undefined) } });
    const r = await cli(['check-config', '--online'], envFor(s));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}NHT API: .*the credentials may not read the NHT API \(HTTP 401\): it is opt-in, so ask your LivePerson account team to enable it/m);
  });

  it('when the Domain API cannot be reached, fails that step with the settings to check, and skips the rest', async () => {
    const port = await closedPort();
    const r = await cli(['check-config', '--online'], {
      LP_ACCOUNT_ID: '12345678',
      LP_CLIENT_ID: 'exporter',
      LP_CLIENT_SECRET: 'a-secret-0001',
      LP_CSDS_URL: `http://127.0.0.1:${port}`,
      LP_REQUEST_TIMEOUT: '5s',
    });
    expect(r.code).toBe(1);
    const [domain, ...rest] = steps(r.out);
    expect(domain?.[0]).toBe('FAIL');
    expect(domain?.[2]).toContain(`cannot find leDataReporting through http://127.0.0.1:${port} (LP_CSDS_URL)`);
    expect(domain?.[2]).toContain('check LP_CSDS_URL, DNS and the way out to it (egress rules, proxy), or set LP_NHT_BASE_URL, LP_SENTINEL_BASE_URL, LP_ACCOUNT_CONFIG_BASE_URL to skip discovery');
    expect(rest.map(([result]) => result)).toEqual(['SKIP', 'SKIP', 'SKIP']);
  });

  it('runs only after the offline checks pass: an invalid configuration exits 2 without a request', async () => {
    const s = await simulator();
    const r = await cli(['check-config', '--online'], envFor(s, { NHT_POLL_INTERVAL: 'often' }));
    expect(r.code).toBe(2);
    expect(steps(r.out)).toEqual([]);
    expect(s.stats.domainRequests + s.stats.tokenRequests + s.stats.nhtRequests).toBe(0);
  });
});
