/**
 * The poll's floor: a bare client fetching the same NHT pages from the same simulator at the same
 * concurrency, each with undici's `request`, `body.text()` and `JSON.parse`, and nothing else (no
 * retries, limits, parsing into records, translation or rendering). Prints one JSON line: the CPU
 * seconds and wall seconds of all pages, after a warm-up of 50 pages.
 *
 *   node floor-poll.mjs <simulator url> <skills> <concurrency>
 */
import { join } from 'node:path';
import { request } from 'undici';
import { ROOT } from '../lib/processes.mjs';

const [url, skills, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const { pollWindow } = await import(join(ROOT, 'dist', 'poll', 'schedule.js'));
// The simulator's documented demo account and credentials, as the exporter of the benchmark uses them.
const token = await request(`${url}/sentinel/api/v2/account/12345678/app/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials&client_id=nht-demo-client&client_secret=nht-demo-secret',
}).then((res) => res.body.json());
const window = pollWindow(Date.now(), 60_000);
const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token.access_token}` };
const page = async (offset) => {
  const body = JSON.stringify({ v: 2, source: 'bench', fromMillis: window.fromMillis, toMillis: window.toMillis, interval: 15, limit: 10, offset });
  const res = await request(`${url}/operations/api/account/12345678/nht`, { method: 'POST', headers, body });
  return JSON.parse(await res.body.text());
};
const all = async (pages) => {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < pages) await page(10 * next++);
  }));
};

await all(50);
const cpu = process.cpuUsage();
const started = Date.now();
await all(Math.ceil(skills / 10));
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ cpuSeconds: (used.user + used.system) / 1e6, seconds: (Date.now() - started) / 1000 })}\n`);
