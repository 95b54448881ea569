#!/usr/bin/env node
/**
 * The performance benchmark (`npm run bench`): every figure of docs/benchmarks.md in one run,
 * each beside its physical limit measured in the same run, printed as a table of ratios.
 *
 *   npm run bench                      # the full comparison (about 15 minutes on 2 cores)
 *   npm run bench -- --quick           # a smaller, shorter run (about 2 minutes)
 *   npx -y node@24 test/bench/run.mjs  # on the image's Node 24 (npm run build first)
 *
 * Sections (--only scrape,poll,memory,otlp,startup to pick):
 * - scrape: the exporter vs a static-buffer server of its own captured body vs a naive
 *   prom-client server, interleaved, with wrk (tools.sh installs it), gzip and plain, 4 and 50 clients;
 * - poll: wall time vs ceil(pages / concurrency) x latency, CPU per poll, event-loop blocks and
 *   scrape latency during a poll, against a simulator adding a latency to every NHT request;
 * - memory: peak RSS with the OTLP push on (local sink), before and under 50 scrapers; then once
 *   more without the image's NODE_OPTIONS, for reference;
 * - otlp: CPU per OTLP export;
 * - startup: demo mode to /readyz vs a bare node:http server's first byte plus the first poll,
 *   with the compile cache the image ships and with an empty one.
 * Every Node process runs with the NODE_OPTIONS of the image (the Dockerfile's ENV NODE_OPTIONS)
 * unless --node-options says otherwise (`--node-options ''`: none); every exporter also runs with
 * the image's glibc malloc settings (the Dockerfile's ENV MALLOC_*).
 * Everything talks to 127.0.0.1 only and stops the processes it started.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { IMAGE_NODE_OPTIONS } from './lib/processes.mjs';
import { checkWrk } from './lib/wrk.mjs';
import { fmt } from './lib/stats.mjs';
import { scrapeBench } from './sections/scrape.mjs';
import { pollBench } from './sections/poll.mjs';
import { memoryBench, otlpBench } from './sections/memory.mjs';
import { startupBench } from './sections/startup.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'scrape,poll,memory,otlp,startup' },
    skills: { type: 'string' },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    'poll-skills': { type: 'string' },
    'latency-ms': { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4,8,16' },
    'memory-skills': { type: 'string' },
    'node-options': { type: 'string', default: IMAGE_NODE_OPTIONS },
    json: { type: 'string' },
  },
});
const quick = values.quick;
const list = (text) => text.split(',').map((s) => Number(s.trim()));
const opts = {
  skills: list(values.skills ?? (quick ? '1000' : '1000,10000,20000')),
  seconds: Number(values.seconds ?? (quick ? 2 : 5)),
  rounds: Number(values.rounds ?? (quick ? 1 : 3)),
  pollSkills: Number(values['poll-skills'] ?? (quick ? 2000 : 20000)),
  latencyMs: Number(values['latency-ms']),
  concurrency: list(values.concurrency),
  memorySkills: Number(values['memory-skills'] ?? (quick ? 2000 : 20000)),
  nodeOptions: values['node-options'],
};
const sections = new Set(values.only.split(','));
const log = (line) => process.stderr.write(`${line}\n`);
if (sections.has('scrape') || sections.has('memory')) checkWrk();

const results = { node: process.version, date: new Date().toISOString(), quick, opts, scrape: [], poll: [] };
log(`benchmark on node ${process.version}${quick ? ' (quick)' : ''}`);
if (sections.has('scrape'))
  for (const skills of opts.skills) results.scrape.push(await scrapeBench({ ...opts, skills, connections: [4, 50], log }));
if (sections.has('poll'))
  for (const concurrency of opts.concurrency)
    results.poll.push(await pollBench({ ...opts, skills: opts.pollSkills, concurrency, scrapeDuringPoll: concurrency === Math.max(...opts.concurrency), log }));
if (sections.has('memory')) {
  results.memory = await memoryBench({ ...opts, skills: opts.memorySkills, polls: 3, log });
  if (opts.nodeOptions) results.memoryBare = await memoryBench({ ...opts, nodeOptions: '', skills: opts.memorySkills, polls: 3, log });
}
if (sections.has('otlp')) results.otlp = await otlpBench({ ...opts, skills: opts.memorySkills, exports: quick ? 3 : 5, log });
if (sections.has('startup')) results.startup = await startupBench({ ...opts, runs: quick ? 3 : 5, log });
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2) + '\n');

// The table: one row per target, the measured figure beside its limit from the same run.
const rows = [];
const row = (what, measured, reference, ratio, goal) => rows.push(`| ${what} | ${measured} | ${reference} | ${fmt.ratio(ratio)} | ${goal} |`);
for (const { skills, cells } of results.scrape) {
  for (const c of cells) {
    const cell = `${fmt.int(skills)} skills, ${c.gzip ? 'gzip' : 'plain'}, ${c.connections} clients`;
    row(`scrape p50, ${cell}`, fmt.ms(c.exporter.p50), `static ${fmt.ms(c.static.p50)}; naive ${fmt.ms(c.naive.p50)}`, c.exporter.p50 / c.static.p50, '≤ 1.5×');
    row(`CPU per scrape, ${cell}`, fmt.ms(c.exporter.cpuPerRequest), `static ${fmt.ms(c.static.cpuPerRequest)}; naive ${fmt.ms(c.naive.cpuPerRequest)}`, c.exporter.cpuPerRequest / c.static.cpuPerRequest, '≤ 2×');
  }
}
for (const p of results.poll) {
  const cell = `${fmt.int(p.skills)} skills (${fmt.int(p.pages)} pages), ${p.latencyMs} ms per request, concurrency ${p.concurrency}`;
  row(`poll wall time, ${cell}`, fmt.s(p.seconds), `ideal ${fmt.s(p.idealSeconds)}`, p.seconds / p.idealSeconds, '≤ 1.1×');
  row(`CPU per poll, ${cell}`, fmt.s(p.cpuSeconds), '1.5 s', p.cpuSeconds / 1.5, '≤ 1× (1.5 s at 20,000)');
  if (p.floorCpuSeconds !== undefined)
    row(`CPU per poll vs a bare client fetching and parsing the same pages, ${cell}`, fmt.s(p.cpuSeconds), `floor ${fmt.s(p.floorCpuSeconds)}`, p.cpuSeconds / p.floorCpuSeconds, 'for information');
  if (p.idleCpuMsPerSecond !== undefined) row(`CPU while idle between polls, per second, ${cell}`, fmt.ms(p.idleCpuMsPerSecond), '', NaN, 'for information');
  row(`longest event-loop block in a poll (main-thread CPU between two 10 ms ticks), ${cell}`, fmt.ms(p.maxBlockMs), '50 ms', p.maxBlockMs / 50, '≤ 1×');
  row(`longest event-loop delay in a poll (wall time, waits for a core included), ${cell}`, fmt.ms(p.maxDelayMs), '50 ms', p.maxDelayMs / 50, 'for information');
  if (p.idleP50 !== undefined) {
    row(`scrape p50 during a poll (${p.duringScrapes} scrapes), ${cell}`, fmt.ms(p.duringP50), `idle p50 ${fmt.ms(p.idleP50)} (${p.idleScrapes})`, p.duringP50 / p.idleP50, '≤ 2×');
    // The slowest one waits for the longest block: at most idle p50 + 50 ms when blocks stay under 50 ms.
    row(`slowest scrape during a poll, ${cell}`, fmt.ms(p.duringMax), `idle p50 + 50 ms = ${fmt.ms(p.idleP50 + 50)}`, p.duringMax / (p.idleP50 + 50), '≤ 1×');
  }
}
if (results.memory) {
  const m = results.memory;
  const flags = opts.nodeOptions ? `NODE_OPTIONS=${opts.nodeOptions}` : 'no NODE_OPTIONS';
  row(`peak RSS, ${fmt.int(m.skills)} skills, OTLP on, ${m.polls} polls, ${flags}`, fmt.mib(m.idleHwm), '250 MB', m.idleHwm / 250e6, '≤ 1×');
  row(`peak RSS under 50 concurrent scrapers, ${fmt.int(m.skills)} skills, ${flags}`, fmt.mib(m.loadedHwm), `before them ${fmt.mib(m.idleHwm)}`, m.loadedHwm / m.idleHwm, '≤ 1.2×');
}
if (results.memoryBare) {
  const m = results.memoryBare;
  row(`peak RSS, ${fmt.int(m.skills)} skills, OTLP on, ${m.polls} polls, no NODE_OPTIONS`, fmt.mib(m.idleHwm), '250 MB', m.idleHwm / 250e6, 'for information');
  row(`peak RSS under 50 concurrent scrapers, ${fmt.int(m.skills)} skills, no NODE_OPTIONS`, fmt.mib(m.loadedHwm), `before them ${fmt.mib(m.idleHwm)}`, m.loadedHwm / m.idleHwm, 'for information');
}
if (results.otlp) {
  const o = results.otlp;
  row(`CPU per OTLP export, ${fmt.int(o.skills)} skills (${o.requestsPerExport} requests)`, fmt.s(o.cpuSecondsPerExport), '0.1 s', o.cpuSecondsPerExport / 0.1, '≤ 1×');
}
if (results.startup) {
  const s = results.startup;
  row(`start-up to /readyz, demo mode, the image's compile cache (median of ${s.runs})`, fmt.ms(s.readyMs), `bare node:http ${fmt.ms(s.bareMs)} + first poll ${fmt.ms(s.firstPollMs)}`, s.readyMs / (s.bareMs + s.firstPollMs), '≤ 2×');
  row(`start-up to /readyz, demo mode, empty compile cache (median of ${s.runs})`, fmt.ms(s.coldReadyMs), `bare node:http ${fmt.ms(s.bareMs)} + first poll ${fmt.ms(s.coldFirstPollMs)}`, s.coldReadyMs / (s.bareMs + s.coldFirstPollMs), 'reference');
}
process.stdout.write(`node ${process.version}, ${new Date().toISOString()}${quick ? ', --quick' : ''}\n\n`);
process.stdout.write('| figure | exporter | limit or reference (same run) | ratio | target |\n| --- | ---: | ---: | ---: | ---: |\n');
process.stdout.write(rows.join('\n') + '\n');
