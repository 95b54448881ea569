/**
 * Start-up: from spawning `node dist/main.js --demo` to the first 200 of /readyz, against the
 * floor: a bare node:http server's time to first byte plus the exporter's own first poll.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { get } from '../lib/http.mjs';
import { MAIN, ROOT, lineTap, nextPoll, stop } from '../lib/processes.mjs';
import { median, sleep } from '../lib/stats.mjs';

/** Polls `url` every 2 ms until it answers 200; resolves with the time it did. */
async function firstOk(url, deadline) {
  for (;;) {
    try {
      if ((await get(url, { timeoutMs: 5000 })).status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} never answered 200`);
    await sleep(2);
  }
}

async function bare(nodeOptions) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'test', 'bench', 'servers', 'bare.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
  });
  try {
    const [, url] = await lineTap(child, child.stdout).next(/^listening (\S+)/, 30_000, 'the bare server');
    return (await firstOk(url, Date.now() + 30_000)) - t0;
  } finally {
    await stop(child);
  }
}

async function demo(nodeOptions) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN, '--demo'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_FORMAT: 'json', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
  });
  try {
    const log = lineTap(child, child.stderr);
    const [, url] = await log.next(/"msg":"listening".*?"url":"(http:\/\/[^"]+)\/metrics"/, 30_000, 'the demo exporter to listen');
    const ready = (await firstOk(`${url}/readyz`, Date.now() + 60_000)) - t0;
    return { ready, firstPoll: (await nextPoll(log, 30_000, 'the first poll')) * 1000 };
  } finally {
    await stop(child);
  }
}

export async function startupBench({ runs, log, nodeOptions }) {
  const bares = [];
  const demos = [];
  for (let i = 0; i < runs; i++) {
    bares.push(await bare(nodeOptions));
    demos.push(await demo(nodeOptions));
  }
  const result = {
    runs,
    bareMs: median(bares),
    readyMs: median(demos.map((d) => d.ready)),
    firstPollMs: median(demos.map((d) => d.firstPoll)),
  };
  log(`start-up: /readyz after ${result.readyMs.toFixed(0)} ms; bare node:http ${result.bareMs.toFixed(0)} ms + first poll ${result.firstPollMs.toFixed(0)} ms`);
  return result;
}
