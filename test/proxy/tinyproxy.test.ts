/**
 * The exporter behind a real forward proxy (tinyproxy), against the simulator as LivePerson.
 *
 * What this proves: undici opens a CONNECT tunnel through the proxy for every connection, for
 * http targets as for https (its default), so counting the simulator's accepted connections
 * against the CONNECT lines in the proxy's log shows that no connection bypassed the proxy; and
 * the simulator's per-API counters show that Domain API, token, NHT and Skills requests all rode
 * on them. What it does not prove: TLS to LivePerson inside the tunnel (the simulator speaks
 * plain HTTP); that part is undici's own and the same code path apart from the handshake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startExporter, type Exporter } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { config } from '../exporter/helpers.js';
import { freePort } from '../support/prometheus.js';
import { startTinyproxy, type RunningTinyproxy } from '../support/tinyproxy.js';

let proxy: RunningTinyproxy | undefined;
let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.stop();
  await proxy?.stop();
  exporter = undefined;
  proxy = undefined;
});

const DEMO = ['--demo', '--host', '127.0.0.1', '--port', '0', '--sim-skills', '15'];

async function start(args: string[], env: Record<string, string>, logs: string[] = []): Promise<Exporter> {
  exporter = await startExporter(config([...DEMO, ...args], {}), {
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    env,
  });
  return exporter;
}

/** One poll and one skill-name refresh: Domain API, token, NHT and Skills requests. */
async function pollEverything(run: Exporter): Promise<void> {
  expect(await run.poller.pollOnce(), run.poller.lastResult?.error).toBe(true);
  await run.skillNames!.refresh();
}

function tunnelsTo(lines: string[], target: string): number {
  const host = new URL(target).host;
  return lines.filter((l) => l === `CONNECT ${host} HTTP/1.1`).length;
}

describe('with HTTPS_PROXY and HTTP_PROXY set', () => {
  it.each(['HTTP_PROXY', 'http_proxy'])('sends every LivePerson request through the proxy named by %s', async (variable) => {
    proxy = await startTinyproxy();
    const run = await start([], { [variable]: proxy.url, HTTPS_PROXY: 'http://127.0.0.1:1' });
    await pollEverything(run);
    const sim = run.simulator!;
    expect(sim.stats.domainRequests).toBeGreaterThan(0);
    expect(sim.stats.tokenRequests).toBeGreaterThan(0);
    expect(sim.stats.nhtRequests).toBeGreaterThan(0);
    expect(sim.stats.skillsRequests).toBeGreaterThan(0);
    const lines = await proxy.requests();
    // Each connection the simulator accepted was a tunnel the proxy opened: none went direct.
    expect(sim.stats.connections).toBeGreaterThan(0);
    expect(tunnelsTo(lines, sim.url)).toBe(sim.stats.connections);
    expect(lines.every((l) => l.startsWith('CONNECT '))).toBe(true);
  });

  it('sends none through it when NO_PROXY names the host', async () => {
    proxy = await startTinyproxy();
    const run = await start([], { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com, 127.0.0.1' });
    await pollEverything(run);
    expect(run.simulator!.stats.nhtRequests).toBeGreaterThan(0);
    expect(await proxy.requests()).toEqual([]);
  });

  it('uses proxy.url over the environment, with its credentials, and never prints them', async () => {
    proxy = await startTinyproxy({ basicAuth: { user: 'egress', password: 'Xk3-tunnel-pw-0001' } });
    const logs: string[] = [];
    const withCredentials = proxy.url.replace('http://', 'http://egress:Xk3-tunnel-pw-0001@');
    const run = await start(['--proxy-url', withCredentials, '--log-level', 'debug'], { HTTP_PROXY: 'http://127.0.0.1:1' }, logs);
    await pollEverything(run);
    expect(tunnelsTo(await proxy.requests(), run.simulator!.url)).toBe(run.simulator!.stats.connections);
    const all = logs.join('\n');
    expect(all).toContain(`"http_proxy":"${proxy.url}"`);
    expect(all).not.toContain('Xk3-tunnel-pw-0001');
    expect(all).not.toContain(Buffer.from('egress:Xk3-tunnel-pw-0001').toString('base64'));
  });
});

describe('a proxy that fails', () => {
  it('names the proxy when it cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await start(['--max-retries', '0'], { HTTP_PROXY: closed });
    expect(await run.poller.pollOnce()).toBe(false);
    expect(run.poller.lastResult?.error).toContain(`cannot reach the proxy ${closed} (ECONNREFUSED)`);
  });

  it('names the proxy when it refuses the tunnel, and when it wants credentials', async () => {
    proxy = await startTinyproxy({ connectPorts: [443] });
    const run = await start(['--max-retries', '0'], { HTTP_PROXY: proxy.url });
    expect(await run.poller.pollOnce()).toBe(false);
    const refused = run.poller.lastResult?.error;
    expect(refused).toContain(`the proxy ${proxy.url} answered HTTP 403 to CONNECT`);
    await run.stop();
    await proxy.stop();

    proxy = await startTinyproxy({ basicAuth: { user: 'egress', password: 'Xk3-tunnel-pw-0001' } });
    const again = await start(['--max-retries', '0'], { HTTP_PROXY: proxy.url });
    expect(await again.poller.pollOnce()).toBe(false);
    const unauthenticated = again.poller.lastResult?.error;
    expect(unauthenticated).toContain(`the proxy ${proxy.url} answered HTTP 407 to CONNECT`);
    expect(unauthenticated).toContain('check the user and password of the proxy URL');
  });
});
