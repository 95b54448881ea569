/**
 * Preloaded into the exporter by the benchmark (NODE_OPTIONS=--import): every 250 ms it writes
 * to stderr, as one JSON line, the longest event-loop delay of that span (wall time: it includes
 * waiting for a core on a busy machine) and, where Node has process.threadCpuUsage (22.19+, 24),
 * the most CPU the main thread spent between two 10 ms ticks: how long the exporter's own work
 * held the loop. Not part of the exporter; SIGUSR2 pauses and resumes it (see below).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
const threadCpu = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};
const hasThreadCpu = typeof process.threadCpuUsage === 'function';
let lastCpu = 0;
let maxBurst = 0;
let timers = [];

function start() {
  histogram.reset();
  histogram.enable();
  lastCpu = hasThreadCpu ? threadCpu() : 0;
  maxBurst = 0;
  if (hasThreadCpu)
    timers.push(
      setInterval(() => {
        const now = threadCpu();
        maxBurst = Math.max(maxBurst, now - lastCpu);
        lastCpu = now;
      }, 10).unref(),
    );
  timers.push(
    setInterval(() => {
      const burst = hasThreadCpu ? `,"cpu_ms":${maxBurst.toFixed(1)}` : '';
      process.stderr.write(`{"bench":"eld","at":${Date.now()},"max_ms":${(histogram.max / 1e6).toFixed(1)}${burst}}\n`);
      histogram.reset();
      maxBurst = 0;
    }, 250).unref(),
  );
}

function stop() {
  histogram.disable();
  for (const timer of timers) clearInterval(timer);
  timers = [];
}

/**
 * SIGUSR2 pauses the probe, and the next one resumes it: its 200 wake-ups a second cost the
 * exporter CPU in proportion to a poll's length, which the benchmark keeps out of the poll whose
 * CPU it measures. Each change is acknowledged with a line the benchmark waits for.
 */
let on = true;
process.on('SIGUSR2', () => {
  on = !on;
  if (on) start();
  else stop();
  process.stderr.write(`{"bench":"eld-state","on":${on}}\n`);
});
start();
