/**
 * Scrape cost: the exporter against a static-buffer server serving the exporter's own captured
 * body with the same headers (the physical limit) and a naive prom-client server rendering the
 * same series per scrape, interleaved round by round, with wrk.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from '../lib/http.mjs';
import { ROOT, nextPoll, startExporterProcess, startNodeServer, startSimulatorProcess, stop } from '../lib/processes.mjs';
import { median, sleep } from '../lib/stats.mjs';
import { wrk } from '../lib/wrk.mjs';

const SERVERS = join(ROOT, 'test', 'bench', 'servers');

/** Captures the exporter's /metrics, plain and gzip, as it sends them. */
async function capture(url, dir) {
  const plain = await get(`${url}/metrics`);
  const gzip = await get(`${url}/metrics`, { gzip: true });
  if (plain.status !== 200 || gzip.headers['content-encoding'] !== 'gzip') throw new Error('the exporter did not answer /metrics as expected');
  writeFileSync(join(dir, 'plain.bin'), plain.body);
  writeFileSync(join(dir, 'gzip.bin'), gzip.body);
  writeFileSync(join(dir, 'headers.json'), JSON.stringify(plain.headers));
  return { plainBytes: plain.body.length, gzipBytes: gzip.body.length };
}

export async function scrapeBench({ skills, seconds, rounds, connections, log, nodeOptions }) {
  const dir = mkdtempSync(join(tmpdir(), 'nht-bench-'));
  const sim = await startSimulatorProcess({ skills });
  const started = [];
  try {
    // No poll and no skill-name refresh during the measurement: only scrapes.
    const exporter = await startExporterProcess({ simUrl: sim.url, nodeOptions, env: { NHT_POLL_INTERVAL: '24h' } });
    started.push(exporter);
    await nextPoll(exporter.log, 300_000, 'the first poll');
    await sleep(1000); // the skill names' first refresh
    const sizes = await capture(exporter.url, dir);
    const staticServer = await startNodeServer(join(SERVERS, 'static.mjs'), [dir], nodeOptions);
    started.push(staticServer);
    const naive = await startNodeServer(join(SERVERS, 'naive.mjs'), [dir], nodeOptions);
    started.push(naive);
    const targets = [
      { name: 'exporter', url: `${exporter.url}/metrics`, pid: exporter.child.pid },
      { name: 'static', url: `${staticServer.url}/metrics`, pid: staticServer.child.pid },
      { name: 'naive', url: `${naive.url}/metrics`, pid: naive.child.pid },
    ];
    log(`scrape: ${skills} skills, /metrics ${sizes.plainBytes} bytes plain, ${sizes.gzipBytes} gzip`);
    // Warm-up: JIT and connection pools, not measured.
    for (const t of targets) for (const gzip of [true, false]) await wrk({ ...t, connections: 4, seconds: 1, gzip });
    const cells = [];
    for (const gzip of [true, false]) {
      for (const c of connections) {
        const runs = Object.fromEntries(targets.map((t) => [t.name, []]));
        for (let r = 0; r < rounds; r++) for (const t of targets) runs[t.name].push(await wrk({ ...t, connections: c, seconds, gzip }));
        const summary = (name) => ({
          p50: median(runs[name].map((x) => x.p50)),
          p99: median(runs[name].map((x) => x.p99)),
          rps: median(runs[name].map((x) => x.rps)),
          cpuPerRequest: median(runs[name].map((x) => x.cpuPerRequest)),
        });
        const cell = { skills, gzip, connections: c, exporter: summary('exporter'), static: summary('static'), naive: summary('naive') };
        log(`  ${gzip ? 'gzip ' : 'plain'} ${c} clients: p50 ${cell.exporter.p50} vs static ${cell.static.p50} vs naive ${cell.naive.p50} ms; CPU ${cell.exporter.cpuPerRequest.toFixed(3)} vs ${cell.static.cpuPerRequest.toFixed(3)} ms`);
        cells.push(cell);
      }
    }
    return { skills, ...sizes, cells };
  } finally {
    for (const s of started.reverse()) await stop(s.child);
    await stop(sim.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
