#!/usr/bin/env node
/**
 * Backfill benchmark: nine weeks of history from the simulator, 100 ms per NHT request, to ready
 * Prometheus blocks. For each skill count it starts the simulator (dist/simulator/cli.js) and
 * `backfill --blocks` (dist/main.js) as two child processes on 127.0.0.1, and reports:
 * wall time, time waiting for LivePerson (and its floor: requests × 100 ms / concurrency),
 * OpenMetrics bytes written, promtool's time, the backfill's peak RSS (VmHWM, polled) and
 * promtool's peak RSS. Not part of the test suite.
 *
 *   npm run build
 *   node test/bench/backfill.mjs --skills 100,1000
 *
 * Options: --skills LIST (default 100,1000), --weeks N (default 9), --delay-ms N (default 100),
 * --concurrency N (NHT_CONCURRENCY, default 4), --json, --text: OpenMetrics text to standard
 * output (counted, not kept; `--output -`) instead of blocks, for the backfill's own time and
 * memory without promtool's half hour. Temporary files go to a folder under the
 * system's temp directory, removed at the end; every process started is stopped.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const SIM_CLI = join(ROOT, 'dist', 'simulator', 'cli.js');
// The simulator's documented demo credentials (SIMULATOR_DEFAULTS in src/simulator/server.ts).
const CLIENT_ID = 'nht-demo-client';
const CLIENT_SECRET = 'nht-demo-secret';

const { values } = parseArgs({
  options: {
    skills: { type: 'string', default: '100,1000' },
    weeks: { type: 'string', default: '9' },
    'delay-ms': { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
    text: { type: 'boolean', default: false },
  },
});
const skillCounts = values.skills.split(',').map((s) => Number(s.trim()));
const weeks = Number(values.weeks);
const delayMs = Number(values['delay-ms']);
const concurrency = Number(values.concurrency);

/** Peak RSS (VmHWM) of a process in bytes; 0 once it is gone. */
async function hwm(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

async function children(pid) {
  try {
    return (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function startSimulator(skills) {
  const child = spawn(process.execPath, [SIM_CLI, '--port', '0', '--skills', String(skills), '--delay-ms', String(delayMs), '--token-ttl', '600'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the simulator did not start in 20 s')), 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      text += d;
      const url = /listening on (http:\/\/[\w.\[\]:-]+?:\d+)/.exec(text)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) });
      }
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
}

async function run(skills) {
  const sim = await startSimulator(skills);
  const dir = await mkdtemp(join(tmpdir(), 'nht-bench-backfill-'));
  try {
    const env = {
      PATH: process.env.PATH,
      LP_ACCOUNT_ID: '12345678',
      LP_CLIENT_ID: CLIENT_ID,
      LP_CLIENT_SECRET: CLIENT_SECRET,
      LP_CSDS_URL: sim.url,
      NHT_CONCURRENCY: String(concurrency),
      LOG_FORMAT: 'json',
    };
    const started = performance.now();
    // The margin keeps the oldest window inside the nine weeks for the time the run takes.
    const from = weeks >= 9 ? [] : ['--from', `${weeks}w`];
    const sink = values.text ? ['--output', '-'] : ['--blocks', join(dir, 'blocks')];
    const child = spawn(process.execPath, [MAIN, 'backfill', ...from, ...sink], { env, stdio: ['ignore', values.text ? 'pipe' : 'ignore', 'pipe'] });
    let textBytes = 0;
    child.stdout?.on('data', (d) => (textBytes += d.length));
    // Whole lines only: the tail for an error, and the summary line whenever it comes.
    let log = '';
    let partial = '';
    let finished;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.includes('"backfill finished"')) finished = JSON.parse(line);
      log = (log + d).slice(-20_000);
    });
    let peak = 0;
    let promtoolPeak = 0;
    const timer = setInterval(async () => {
      peak = Math.max(peak, await hwm(child.pid));
      for (const pid of await children(child.pid)) promtoolPeak = Math.max(promtoolPeak, await hwm(pid));
    }, 200);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`backfill exited with ${code}:\n${log}`);
    const summary = finished;
    if (!summary) throw new Error(`no summary line:\n${log}`);
    if (values.text && textBytes < summary.bytes) throw new Error(`standard output had ${textBytes} bytes, fewer than the ${summary.bytes} of samples written`);
    const blocks = values.text ? 0 : (await readdir(join(dir, 'blocks'))).length;
    const floor = (summary.pages * delayMs) / 1000 / concurrency;
    return { skills, weeks, seconds, ...summary, blocks, fetchFloorSeconds: floor, peakRssBytes: peak, promtoolPeakRssBytes: promtoolPeak };
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
const results = [];
for (const skills of skillCounts) results.push(await run(skills));
if (values.json) console.log(JSON.stringify(results, null, 2));
else {
  console.log(`| skills | weeks | windows / pages | samples | OpenMetrics bytes | fetch s (floor) | promtool s | total s | backfill peak RSS | promtool peak RSS | blocks |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of results) {
    console.log(
      `| ${r.skills} | ${r.weeks} | ${r.windows} / ${r.pages} | ${(r.samples / 1e6).toFixed(1)} M | ${mb(r.bytes)} | ${r.fetchSeconds} (${r.fetchFloorSeconds.toFixed(1)}, ×${(r.fetchSeconds / r.fetchFloorSeconds).toFixed(1)}) | ${r.promtoolSeconds} | ${r.seconds.toFixed(0)} | ${mb(r.peakRssBytes)} | ${mb(r.promtoolPeakRssBytes)} | ${r.blocks} |`,
    );
  }
}
