/**
 * Start-up: from spawning `node dist/main.js --demo` to the first 200 of /readyz, against the
 * floor: a bare node:http server's time to first byte plus the exporter's own first poll. The
 * exporter runs with the image's node flags (the ENTRYPOINT's `--enable-source-maps`).
 *
 * Node's compile cache (NODE_COMPILE_CACHE, as the image sets it) is given as a container of the image meets it:
 * a cache written by `node dist/main.js --version`, as the image's build does (Dockerfile), and
 * copied afresh for each start, so that no start reads what an earlier one wrote. The same
 * starts with an empty cache (a first start, Node 20, or a container whose user cannot read the
 * image's cache) are measured too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from '../lib/http.mjs';
import { IMAGE_NODE_FLAGS, MAIN, ROOT, lineTap, nextPoll, stop } from '../lib/processes.mjs';
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

/** A compile cache as the image's build writes it. */
function imageCache(dir, nodeOptions) {
  const built = spawnSync(process.execPath, [MAIN, '--version'], {
    env: { PATH: process.env.PATH, NODE_COMPILE_CACHE: dir, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
  });
  if (built.status !== 0) throw new Error(`writing the compile cache failed: ${built.stderr}`);
}

async function demo(nodeOptions, cacheDir) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...IMAGE_NODE_FLAGS, MAIN, '--demo'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_FORMAT: 'json',
      NODE_COMPILE_CACHE: cacheDir,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
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
  const dir = mkdtempSync(join(tmpdir(), 'nht-startup-'));
  try {
    const image = join(dir, 'image');
    imageCache(image, nodeOptions);
    const bares = [];
    const demos = [];
    const colds = [];
    for (let i = 0; i < runs; i++) {
      bares.push(await bare(nodeOptions));
      const copy = join(dir, `run-${i}`);
      cpSync(image, copy, { recursive: true });
      demos.push(await demo(nodeOptions, copy));
      colds.push(await demo(nodeOptions, join(dir, `cold-${i}`)));
    }
    const result = {
      runs,
      bareMs: median(bares),
      readyMs: median(demos.map((d) => d.ready)),
      firstPollMs: median(demos.map((d) => d.firstPoll)),
      coldReadyMs: median(colds.map((d) => d.ready)),
      coldFirstPollMs: median(colds.map((d) => d.firstPoll)),
    };
    log(
      `start-up: /readyz after ${result.readyMs.toFixed(0)} ms (${result.coldReadyMs.toFixed(0)} ms with an empty compile cache); ` +
        `bare node:http ${result.bareMs.toFixed(0)} ms + first poll ${result.firstPollMs.toFixed(0)} ms`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
