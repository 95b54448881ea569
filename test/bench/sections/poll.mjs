/**
 * Poll cost: the exporter polls a simulator that adds a fixed latency to every NHT request.
 * Wall time against the network's floor ceil(pages / concurrency) × latency, CPU per poll (with
 * the probe paused) against a bare client fetching the same pages
 * (test/bench/servers/floor-poll.mjs), the longest event-loop block during a poll (a probe
 * preloaded into the exporter reports it), and the latency of scrapes made during a poll against
 * idle ones.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { get } from '../lib/http.mjs';
import { ROOT, procCpuSeconds, startExporterProcess, startSimulatorProcess, stop } from '../lib/processes.mjs';
import { cpuSampler, median, sleep } from '../lib/stats.mjs';

const PROBE = pathToFileURL(join(ROOT, 'test', 'bench', 'lib', 'event-loop-probe.mjs')).href;
const SETTLE_MS = 60_000; // the default NHT_SETTLE_DELAY

/**
 * The poll interval for a poll of `idealMs`: long enough that the default deadline (the interval
 * less 5 s) never cuts a poll short and that there is idle time between polls, in whole 10 s steps
 * (10 s is the schema's minimum).
 */
const intervalFor = (idealMs) => Math.ceil((2 * idealMs + 10_000) / 10_000) * 10_000;

/** When the poller schedules the poll after one that ended at `t` (src/poll/schedule.ts, nextPollAt). */
const nextPollAt = (t, intervalMs) => Math.floor((t - SETTLE_MS) / intervalMs) * intervalMs + intervalMs + SETTLE_MS;

/** Watches the exporter's log: every finished poll (end time and seconds) and every event-loop probe line. */
function watch() {
  const polls = [];
  const blocks = [];
  const waiters = [];
  let failed;
  let probeOn = true;
  return {
    polls,
    blocks,
    onLine(line, at) {
      if (line.startsWith('{"bench":"eld"')) {
        const { at: when, max_ms, cpu_ms } = JSON.parse(line);
        blocks.push({ at: when, ms: max_ms, cpuMs: cpu_ms });
      } else if (line.startsWith('{"bench":"eld-state"')) {
        probeOn = JSON.parse(line).on;
        for (const w of waiters.splice(0)) w();
      } else if (line.includes('"msg":"poll succeeded"')) {
        const seconds = Number(/"seconds":([\d.]+)/.exec(line)[1]);
        polls.push({ end: at, start: at - seconds * 1000, seconds });
        for (const w of waiters.splice(0)) w();
      } else if (line.includes('"msg":"poll failed')) {
        // Reported by the next wait, not thrown here: a throw in a stream callback would end the
        // benchmark without stopping the processes it started.
        failed ??= new Error(`a poll failed: ${line}`);
        for (const w of waiters.splice(0)) w();
      }
    },
    /** Resolves when `count` polls have finished. */
    async until(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (polls.length < count) {
        if (failed) throw failed;
        if (Date.now() > deadline) throw new Error(`timed out waiting for poll ${count}`);
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 1000);
        });
      }
      return polls[count - 1];
    },
    /** Pauses or resumes the probe (SIGUSR2) and resolves once it says it did. */
    async setProbe(pid, on, timeoutMs = 10_000) {
      if (probeOn === on) return;
      process.kill(pid, 'SIGUSR2');
      const deadline = Date.now() + timeoutMs;
      while (probeOn !== on) {
        if (Date.now() > deadline) throw new Error(`the probe did not turn ${on ? 'on' : 'off'}`);
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    /** The longest wall-time delay, and the longest main-thread CPU burst (undefined before Node 22.19), from `from` to `to`. */
    maxBlock(from, to) {
      const span = blocks.filter((b) => b.at >= from && b.at <= to + 300);
      const cpu = span.map((b) => b.cpuMs).filter((v) => v !== undefined);
      return { wallMs: Math.max(0, ...span.map((b) => b.ms)), cpuMs: cpu.length ? Math.max(...cpu) : undefined };
    },
  };
}

/** The block figures of a span: CPU where measured (else the wall-time delay), and the wall-time delay. */
function blockFigures(prefix, { wallMs, cpuMs }) {
  const name = (n) => (prefix ? prefix + n[0].toUpperCase() + n.slice(1) : n);
  return { [name('maxBlockMs')]: cpuMs ?? wallMs, [name('maxDelayMs')]: wallMs };
}

/** Sequential gzip scrapes, `pauseMs` apart, until `stopAt`; each with its start and duration. */
async function scrapeLoop(url, stopAt, pauseMs = 50) {
  const out = [];
  while (Date.now() < stopAt()) {
    const start = Date.now();
    try {
      const res = await get(`${url}/metrics`, { gzip: true });
      out.push({ start, end: Date.now(), ms: res.status === 200 ? res.ms : NaN });
    } catch {
      out.push({ start, end: Date.now(), ms: NaN }); // counted as failed, not as a latency
    }
    await sleep(pauseMs);
  }
  return out;
}

const FLOOR = join(ROOT, 'test', 'bench', 'servers', 'floor-poll.mjs');

/** CPU and wall seconds of test/bench/servers/floor-poll.mjs fetching the poll's pages. */
async function floorPoll(url, skills, concurrency) {
  const child = spawn(process.execPath, [FLOOR, url, String(skills), String(concurrency)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the floor client exited with ${code}`);
  const { cpuSeconds, seconds } = JSON.parse(out);
  return { floorCpuSeconds: cpuSeconds, floorSeconds: seconds };
}

export async function pollBench({ skills, latencyMs, concurrency, scrapeDuringPoll, log, nodeOptions }) {
  const sim = await startSimulatorProcess({ skills, delayMs: latencyMs });
  const w = watch();
  const pages = Math.ceil(skills / 10);
  const ideal = Math.ceil(pages / concurrency) * latencyMs;
  const intervalMs = intervalFor(ideal);
  let exporter;
  try {
    exporter = await startExporterProcess({
      simUrl: sim.url,
      onLine: w.onLine,
      nodeOptions: `${nodeOptions} --import ${PROBE}`.trim(),
      env: { NHT_CONCURRENCY: String(concurrency), NHT_POLL_INTERVAL: `${intervalMs / 1000}s` },
    });
    const pid = exporter.child.pid;
    const cpu = cpuSampler(() => procCpuSeconds(pid));
    const timeout = 10 * ideal + 120_000;
    // Poll 1 warms up (JIT, token, host discovery). Poll 2 is measured with nothing else going on
    // and the probe paused, so that its CPU is the exporter's alone; poll 3, with the probe on,
    // gives the event-loop blocks.
    await w.until(1, timeout);
    await w.setProbe(pid, false);
    const measured = await w.until(2, timeout + intervalMs);
    const cpuSeconds = cpu.at(measured.end) - cpu.at(measured.start);
    // Between polls 1 and 2, from 5 s after the first (its compression done) with the probe paused:
    // what the exporter costs while it waits.
    const idleFrom = w.polls[0].end + 5_000;
    const idleCpuMsPerSecond = measured.start - idleFrom >= 5_000 ? (cpu.at(measured.start) - cpu.at(idleFrom)) / ((measured.start - idleFrom) / 1000) * 1000 : undefined;
    await w.setProbe(pid, true);
    const probed = await w.until(3, timeout + intervalMs);
    const result = {
      skills,
      pages,
      concurrency,
      latencyMs,
      seconds: measured.seconds,
      idealSeconds: ideal / 1000,
      cpuSeconds,
      idleCpuMsPerSecond,
      ...blockFigures('', w.maxBlock(probed.start, probed.end)),
    };
    if (scrapeDuringPoll) {
      // Idle scrapes from just after a poll until just before the next, then scrapes through that
      // next poll; a gap too short for idle samples waits for the following poll.
      let k = 3;
      for (;;) {
        const ended = w.polls[k - 1].end;
        const next = nextPollAt(ended, intervalMs);
        if (next - Date.now() >= 2500) break;
        await w.until(++k, timeout + intervalMs);
      }
      const next = nextPollAt(w.polls[k - 1].end, intervalMs);
      const deadline = Date.now() + timeout + intervalMs;
      const scrapes = await scrapeLoop(exporter.url, () => (w.polls.length > k || Date.now() > deadline ? 0 : Infinity));
      const during = w.polls[k];
      if (!during) throw new Error(`poll ${k + 1} did not finish in time`);
      const idle = scrapes.filter((s) => s.end < next - 100).map((s) => s.ms);
      const busy = scrapes.filter((s) => s.end >= during.start && s.start <= during.end).map((s) => s.ms);
      const failed = scrapes.filter((s) => Number.isNaN(s.ms)).length;
      Object.assign(result, {
        idleP50: median(idle),
        idleScrapes: idle.length,
        duringMax: Math.max(...busy.filter(Number.isFinite)),
        failedScrapes: failed,
        duringP50: median(busy),
        duringScrapes: busy.length,
        ...blockFigures('during', w.maxBlock(during.start, during.end)),
      });
    }
    cpu.stop();
    // The floor, with the exporter gone: a bare client fetching the same pages at the same concurrency.
    await stop(exporter.child);
    Object.assign(result, await floorPoll(sim.url, skills, concurrency));
    log(`poll: ${skills} skills, concurrency ${concurrency}: ${result.seconds} s (ideal ${result.idealSeconds} s), CPU ${cpuSeconds.toFixed(2)} s (floor ${result.floorCpuSeconds.toFixed(2)} s; idle ${idleCpuMsPerSecond?.toFixed(1) ?? '-'} ms a second), longest block ${result.maxBlockMs} ms CPU, ${result.maxDelayMs} ms wall` +
      (scrapeDuringPoll ? `; scrape idle p50 ${result.idleP50?.toFixed(1)} ms, during poll max ${result.duringMax?.toFixed(1)} ms` : ''));
    return result;
  } finally {
    await stop(exporter?.child);
    await stop(sim.child);
  }
}
