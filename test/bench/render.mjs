#!/usr/bin/env node
/**
 * Rendering benchmark: the NHT part of /metrics for one snapshot (nine gauges), rendered from
 * families of points (the path /metrics took before, still used for the other families) and
 * straight from the snapshot's columns (what a poll does), beside the floor of copying the
 * page's bytes once; then the page's compression at the level a poll uses (3) and at zlib's
 * default (6). Reports the median CPU time of a rendering and the heap it allocates
 * (heap growth with a young generation large enough that no collection runs during one: the
 * script runs itself again with the V8 flags that take). Not part of the test suite.
 *
 *   npm run build
 *   npx -y node@24 test/bench/render.mjs
 *
 * Options: --skills N (default 20000), --runs N (default 20).
 */
import { spawnSync } from 'node:child_process';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { constants as zlib, deflateRawSync } from 'node:zlib';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { values: options } = parseArgs({ options: { skills: { type: 'string', default: '20000' }, runs: { type: 'string', default: '20' } } });
const SKILLS = Number(options.skills);
const RUNS = Number(options.runs);
if (typeof globalThis.gc !== 'function') {
  const flags = ['--expose-gc', '--max-semi-space-size=512', '--min-semi-space-size=512'];
  const { status } = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(status ?? 1);
}

const load = (path) => import(join(DIST, path));
const { translate } = await load('translate/translate.js');
const { NHT_METRICS } = await load('translate/metrics.js');
const { pollWindow } = await load('poll/schedule.js');
const { nhtFamily, skillLabels } = await load('metrics/nht.js');
const { renderBytesSteps, renderColumnsSteps } = await load('prometheus/text.js');
const { runAtOnce } = await load('slices.js');

// Every skill has all nine values (the 15-minute ones from the quarter, the hourly ones from the
// hour): integers for counts, fractions for the rest.
const window = pollWindow(Date.UTC(2026, 10, 25, 10, 20), 60_000);
const valuesOf = (i) => Object.fromEntries(NHT_METRICS.map((m, k) => [m.field, m.unit === 'count' ? i + k : (i * 7.13 + k) / 3]));
const records = Array.from({ length: SKILLS }, (_, i) => ({
  skillId: String(1_000_000_000 + i * 37),
  buckets: [
    { start: window.quarterStart, values: valuesOf(i) },
    { start: window.hourStart, values: valuesOf(i + 1) },
  ],
}));
const { series } = translate(records, window);
const accountId = '12345678';

function* families() {
  const labels = skillLabels(accountId);
  for (const samples of series) yield nhtFamily(accountId, samples, labels);
}
const page = runAtOnce(renderColumnsSteps(accountId, series));
const ways = {
  'families of points': () => runAtOnce(renderBytesSteps(families(), page.length)),
  'columns': () => runAtOnce(renderColumnsSteps(accountId, series, page.length)),
  'floor: copy the page': () => Buffer.from(page),
};
if (!ways['families of points']().equals(page)) throw new Error('the two renderings differ');

const collections = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!(entry.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED)) collections.push(entry.startTime);
}).observe({ entryTypes: ['gc'] });
/** When the measured renderings ran: a collection in one of them makes its heap figure low. */
const measured = [];

const results = {};
for (const [name, render] of Object.entries(ways)) {
  for (let i = 0; i < 3; i++) render();
  const cpu = [];
  let allocated = 0;
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc();
    const heap = process.memoryUsage().heapUsed;
    const start = process.cpuUsage();
    const from = performance.now();
    render();
    measured.push([from, performance.now()]);
    const used = process.cpuUsage(start);
    allocated += process.memoryUsage().heapUsed - heap;
    cpu.push((used.user + used.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  results[name] = { cpu: cpu[RUNS >> 1], heap: allocated / RUNS / 2 ** 20 };
}
// GC entries arrive after a timer or so, not at the next turn.
await new Promise((resolve) => setTimeout(resolve, 100));

const floor = results['floor: copy the page'].cpu;
console.log(`${SKILLS} skills, ${series.reduce((n, s) => n + s.skillIds.length, 0)} series, ${(page.length / 2 ** 20).toFixed(1)} MiB of text; median of ${RUNS} runs`);
for (const [name, { cpu, heap }] of Object.entries(results)) {
  console.log(`${name.padEnd(22)} ${cpu.toFixed(1).padStart(7)} ms CPU (${(cpu / floor).toFixed(1)}x the floor)  ${heap.toFixed(1).padStart(6)} MiB of heap`);
}
const during = collections.filter((t) => measured.some(([from, to]) => t >= from && t <= to)).length;
if (during > 0) console.log(`${during} collections ran during measured runs: the heap figures are low (raise --min-semi-space-size)`);

// A poll compresses the page once (src/prometheus/exposition.ts), at level 3 rather than zlib's default.
for (const level of [3, zlib.Z_DEFAULT_COMPRESSION]) {
  const cpu = [];
  let size = 0;
  for (let i = 0; i < Math.min(RUNS, 7); i++) {
    const start = process.cpuUsage();
    size = deflateRawSync(page, { level, finishFlush: zlib.Z_SYNC_FLUSH }).length;
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  console.log(`deflate, level ${level === zlib.Z_DEFAULT_COMPRESSION ? '6 (default)' : level}`.padEnd(22) + ` ${cpu[cpu.length >> 1].toFixed(1).padStart(7)} ms CPU  ${(size / 2 ** 20).toFixed(2)} MiB (${((100 * size) / page.length).toFixed(1)}% of the text)`);
}
