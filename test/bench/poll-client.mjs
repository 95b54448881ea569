#!/usr/bin/env node
/**
 * The NHT client alone: one process fetches a poll's pages from the simulator (a separate
 * process, 5 ms per request by default) with the exporter's client into its poll store and
 * translates them (`fetchPoll`, then `translateSteps`: what a poll does before rendering), and,
 * alternated with it, with a bare undici loop that only fetches and `JSON.parse`s the same pages
 * at the same concurrency (the floor of test/bench/servers/floor-poll.mjs). No HTTP server, no
 * rendering, no other timers: what the client itself costs, with less noise than a whole
 * exporter. Reports the median CPU of each over the rounds, their ratio, and the full (major)
 * garbage collections of each run. Not part of the test suite.
 *
 *   npm run build
 *   npx -y node@24 --max-semi-space-size=4 --max-old-space-size=160 test/bench/poll-client.mjs
 *
 * (the image's NODE_OPTIONS, as flags). Options: --skills N (default 20000), --concurrency N
 * (default 16), --latency MS (default 5), --rounds N (default 7).
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { ROOT, startSimulatorProcess, stop } from './lib/processes.mjs';

const { values: options } = parseArgs({
  options: {
    skills: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    latency: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '7' },
  },
});
const SKILLS = Number(options.skills);
const CONCURRENCY = Number(options.concurrency);
const dist = (path) => import(join(ROOT, 'dist', path));
const { loadConfig } = await dist('config/load.js');
const { connectLivePerson } = await dist('connect.js');
const { EgressAgent } = await dist('proxy/dispatcher.js');
const { resolveProxySettings } = await dist('proxy/settings.js');
const { pollWindow } = await dist('poll/schedule.js');
const { runInSlices } = await dist('slices.js');

let majors = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors += 1;
}).observe({ entryTypes: ['gc'] });

const sim = await startSimulatorProcess({ skills: SKILLS, delayMs: Number(options.latency) });
let agent;
let client;
try {
  // The simulator's documented demo account and credentials, as the exporter's benchmarks use them.
  const env = {
    LP_ACCOUNT_ID: '12345678',
    LP_CLIENT_ID: 'nht-demo-client',
    LP_CLIENT_SECRET: 'nht-demo-secret',
    LP_CSDS_URL: sim.url,
    LP_NHT_BASE_URL: sim.url,
    LP_SENTINEL_BASE_URL: sim.url,
    LP_ACCOUNT_CONFIG_BASE_URL: sim.url,
    NHT_CONCURRENCY: String(CONCURRENCY),
  };
  const loaded = loadConfig([], env);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const { config } = loaded;
  agent = new EgressAgent(resolveProxySettings('', {}));
  const connection = connectLivePerson(config, config.liveperson, { dispatcher: agent });
  client = connection.nhtClient(connection.credentials(config.liveperson));
  const window = pollWindow(Date.now(), 60_000);

  const token = await request(`${sim.url}/sentinel/api/v2/account/12345678/app/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=nht-demo-client&client_secret=nht-demo-secret',
  }).then((res) => res.body.json());
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token.access_token}` };
  const url = `${sim.url}/operations/api/account/12345678/nht`;
  const pages = Math.ceil(SKILLS / 10);

  const runs = {
    floor: async () => {
      let next = 0;
      const worker = async () => {
        while (next < pages) {
          const offset = 10 * next++;
          const body = JSON.stringify({ v: 2, source: 'bench', fromMillis: window.fromMillis, toMillis: window.toMillis, interval: 15, limit: 10, offset });
          const res = await request(url, { method: 'POST', headers, body, dispatcher: agent });
          JSON.parse(await res.body.text());
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    },
    client: async () => {
      const store = await client.fetchPoll(window);
      await runInSlices(store.translateSteps());
    },
  };
  const measured = { floor: [], client: [] };
  const measure = async (name) => {
    const cpu = process.cpuUsage();
    const gcs = majors;
    await runs[name]();
    const used = process.cpuUsage(cpu);
    return { ms: (used.user + used.system) / 1000, majors: majors - gcs };
  };
  // One unmeasured run of each warms up the JIT and the connections.
  for (const name of Object.keys(runs)) await runs[name]();
  for (let round = 0; round < Number(options.rounds); round++) for (const name of Object.keys(runs)) measured[name].push(await measure(name));

  const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
  const floor = median(measured.floor.map((r) => r.ms));
  const mine = median(measured.client.map((r) => r.ms));
  const line = (name, ms) =>
    `${name.padEnd(7)} ${ms.toFixed(0).padStart(5)} ms CPU (median of ${measured[name].length}; ${measured[name].map((r) => r.ms.toFixed(0)).join(', ')}), full GCs a run: ${measured[name].map((r) => r.majors).join(', ')}`;
  console.log(`${SKILLS} skills, ${pages} pages, concurrency ${CONCURRENCY}, ${options.latency} ms per request, node ${process.version}`);
  console.log(line('floor', floor));
  console.log(line('client', mine));
  console.log(`client / floor: ${(mine / floor).toFixed(2)}×`);
} finally {
  client?.close();
  await agent?.close();
  await stop(sim.child);
}
