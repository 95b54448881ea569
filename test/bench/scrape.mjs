// Benchmark: cost of one poll's rendering and of one scrape, for N skills (all nine metrics).
// Usage: npm run build && node --expose-gc test/bench/scrape.mjs [1000 10000]
// Talks only to 127.0.0.1; stops its server. Figures go in the README / issue notes.
import { performance } from 'node:perf_hooks';
import { gzipBody, gzipWhole, plainBody, renderSnapshot } from '../../dist/prometheus/exposition.js';
import { OwnMetrics } from '../../dist/metrics/own.js';
import { MetricsPage } from '../../dist/prometheus/page.js';
import { createApp, listen } from '../../dist/server/http.js';
import { pollWindow } from '../../dist/poll/schedule.js';
import { translate } from '../../dist/translate/translate.js';
import { silentLogger } from '../../dist/log.js';

const sizes = process.argv.slice(2).map(Number);
const window = pollWindow(Date.UTC(2026, 10, 25, 14, 20), 60_000);
const gc = globalThis.gc ?? (() => {});

function records(n) {
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const values = {
      arrivals: i % 50, avgTimeInQueue: (i % 300) + 0.25, totalAgentSegmentDuration: i * 7, avgAgentSegmentDuration: 300.5,
      avgAvailableLoad: (i % 100) / 100, messagesSent: i % 400, handledSegments: i % 40, avgSegmentWorkTime: 99.96, netHandleTime: 699.72,
    };
    out.push({ skillId: String(1_000_000 + i), buckets: [{ start: window.quarterStart, values }, { start: window.hourStart + 45 * 60_000, values }] });
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const n of sizes.length ? sizes : [1000, 10000]) {
  const recs = records(n);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const renders = [];
  let data;
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    const t = translate(recs, window);
    data = renderSnapshot({ accountId: '12345678', window, completedAt: 0, series: t.series, skills: t.skills });
    renders.push(performance.now() - t0);
  }
  gc();
  const heap = process.memoryUsage().heapUsed - heap0;

  const snapshot = { accountId: '12345678', window, completedAt: 0, ...translate(recs, window) };
  const page = new MetricsPage({ accountId: '12345678', snapshot: () => snapshot, own: new OwnMetrics('bench') });
  page.refresh();
  const own = await page.own();
  const cpu = (f) => { const xs = []; for (let i = 0; i < 20; i += 1) { const t0 = performance.now(); f(); xs.push(performance.now() - t0); } return median(xs); };
  const splice = cpu(() => gzipBody([data], own));
  const whole = cpu(() => gzipWhole([data], own));
  const plain = cpu(() => plainBody([data], own));

  const poll = { current: snapshot, lastResult: undefined };
  const server = await listen(createApp({ poll, page, version: 'bench', accountId: '1', logger: silentLogger }), '127.0.0.1', 0);
  const scrapes = [];
  for (let i = 0; i < 50; i += 1) {
    const t0 = performance.now();
    const res = await fetch(`${server.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
    await res.arrayBuffer();
    scrapes.push(performance.now() - t0);
  }
  await server.close();
  console.log(JSON.stringify({
    skills: n,
    series: n * 9,
    expositionBytes: data.bytes.length,
    gzipBytes: gzipBody([data], own).length,
    renderPerPollMs: +median(renders).toFixed(1),
    cachedDataHeapMB: +(heap / 2 ** 20).toFixed(1),
    scrapeGzipSpliceCpuMs: +splice.toFixed(2),
    scrapeGzipWholeCpuMs: +whole.toFixed(2),
    scrapePlainCpuMs: +plain.toFixed(2),
    scrapeHttpGzipMedianMs: +median(scrapes).toFixed(2),
  }));
}
