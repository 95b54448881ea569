#!/usr/bin/env node
/**
 * Memory benchmark: how much memory the exporter needs for N skills, to size the Kubernetes
 * requests and limits (deploy/kubernetes) and the figures in the deploy docs.
 *
 * For each skill count it starts the LivePerson simulator (dist/simulator/cli.js) and the real
 * exporter (dist/main.js) as two child processes on 127.0.0.1, lets the exporter poll a few times,
 * scrapes /metrics after every poll, and reads the exporter's memory from /proc/<pid>/status
 * (VmRSS, and VmHWM: the peak RSS, what a memory limit must hold) and its V8 heap from its own
 * nodejs_heap_* metrics. The simulator runs in its own process so its memory is not counted.
 *
 *   npm run build
 *   node test/bench/memory.mjs --skills 1000,10000            # this machine's node
 *   npx -y node@24 test/bench/memory.mjs --skills 1000,10000  # the image's Node 24
 *
 * Options: --skills LIST (default 1000,10000), --polls N (default 3), --interval DURATION
 * (default 10s, the schema's minimum), --scrapes N per poll (default 3), --node-options TEXT
 * (NODE_OPTIONS of the exporter; default: the image's, from the Dockerfile's ENV NODE_OPTIONS;
 * `--node-options ''` runs it without any; the image's ENV MALLOC_* settings apply either way), --json.
 * Every run is bounded in time and stops the processes it started.
 */
import { parseArgs } from 'node:util';
import { IMAGE_NODE_OPTIONS, nextPoll, procCpuSeconds, procMemory, startExporterProcess, startSimulatorProcess, stop } from './lib/processes.mjs';

const { values } = parseArgs({
  options: {
    skills: { type: 'string', default: '1000,10000' },
    polls: { type: 'string', default: '3' },
    interval: { type: 'string', default: '10s' },
    scrapes: { type: 'string', default: '3' },
    'node-options': { type: 'string', default: IMAGE_NODE_OPTIONS },
    json: { type: 'boolean', default: false },
  },
});
const skillCounts = values.skills.split(',').map((s) => Number(s.trim()));
const polls = Number(values.polls);
const scrapes = Number(values.scrapes);
const intervalSeconds = parseSeconds(values.interval);

function parseSeconds(text) {
  const m = /^(\d+)(s|m)$/.exec(text);
  if (!m) throw new Error(`--interval must look like 10s or 1m, got ${text}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}

function metricValue(text, name) {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

async function scrape(url) {
  const plain = await fetch(`${url}/metrics`, { headers: { 'accept-encoding': 'identity' } });
  const text = await plain.text();
  // Prometheus asks for gzip: exercise that path too (fetch decodes it on its own).
  await (await fetch(`${url}/metrics`, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
  const samples = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
  return {
    bytes: Buffer.byteLength(text),
    samples,
    heapUsed: metricValue(text, 'nodejs_heap_size_used_bytes'),
    heapTotal: metricValue(text, 'nodejs_heap_size_total_bytes'),
    external: metricValue(text, 'nodejs_external_memory_bytes'),
  };
}

async function measure(skills) {
  const sim = await startSimulatorProcess({ skills });
  let exporter;
  try {
    const started = await startExporterProcess({
      simUrl: sim.url,
      env: { NHT_POLL_INTERVAL: `${intervalSeconds}s` },
      nodeOptions: values['node-options'],
    });
    exporter = started.child;
    const { url, log } = started;
    const pollSeconds = [];
    let last;
    let heapUsedMax = 0;
    let heapTotalMax = 0;
    const pollTimeout = (intervalSeconds + 120) * 1000;
    for (let i = 0; i < polls; i++) {
      pollSeconds.push(await nextPoll(log, pollTimeout, `poll ${i + 1}`));
      for (let s = 0; s < scrapes; s++) {
        last = await scrape(url);
        heapUsedMax = Math.max(heapUsedMax, last.heapUsed);
        heapTotalMax = Math.max(heapTotalMax, last.heapTotal);
      }
    }
    const mem = procMemory(exporter.pid);
    const cpuSeconds = procCpuSeconds(exporter.pid);
    const stopMs = await stop(exporter, 15_000);
    // A run with errors in the log measured something else than the normal path: say so.
    const errors = log.lines.filter((l) => l.includes('"level":"error"'));
    const warnings = log.lines.filter((l) => l.includes('"level":"warn"'));
    return { skills, errors: errors.length, firstError: errors[0], warnings: warnings.length, firstWarning: warnings[0], node: process.version, pollSeconds, ...mem, cpuSeconds, heapUsedMax, heapTotalMax, ...last, stopMs, exitCode: exporter.exitCode };
  } finally {
    if (exporter) await stop(exporter, 5_000);
    await stop(sim.child, 5_000);
  }
}

const mib = (n) => (n / 1024 / 1024).toFixed(1);
const results = [];
for (const skills of skillCounts) results.push(await measure(skills));

if (values.json) {
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
} else {
  const opts = values['node-options'] ? `, NODE_OPTIONS=${values['node-options']}` : '';
  process.stdout.write(`node ${process.version}${opts}, ${polls} polls every ${intervalSeconds}s, ${scrapes} scrapes after each\n`);
  process.stdout.write('| skills | peak RSS (VmHWM) | RSS at end | V8 heap used (max) | V8 heap total (max) | /metrics size | samples | poll time | CPU time | SIGTERM to exit |\n');
  process.stdout.write('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n');
  for (const r of results) {
    const pollRange = `${Math.min(...r.pollSeconds).toFixed(1)}–${Math.max(...r.pollSeconds).toFixed(1)} s`;
    process.stdout.write(
      `| ${r.skills.toLocaleString('en-US')} | ${mib(r.hwm)} MiB | ${mib(r.rss)} MiB | ${mib(r.heapUsedMax)} MiB | ${mib(r.heapTotalMax)} MiB | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.samples} | ${pollRange} | ${r.cpuSeconds.toFixed(1)} s | ${r.stopMs} ms (exit ${r.exitCode}) |\n`,
    );
  }
  for (const r of results.filter((x) => x.errors > 0)) {
    process.stdout.write(`\nwarning: the exporter logged ${r.errors} errors at ${r.skills} skills, e.g. ${r.firstError}\n`);
  }
}
