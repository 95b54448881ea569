/**
 * Preloaded into the exporter by the benchmark (NODE_OPTIONS=--import): every 250 ms it writes
 * to stderr, as one JSON line, the longest event-loop delay of that span (wall time: it includes
 * waiting for a core on a busy machine) and, where Node has process.threadCpuUsage (22.19+, 24),
 * the most CPU the main thread spent between two 10 ms ticks: how long the exporter's own work
 * held the loop. Not part of the exporter.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const threadCpu = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};
const hasThreadCpu = typeof process.threadCpuUsage === 'function';
let lastCpu = hasThreadCpu ? threadCpu() : 0;
let maxBurst = 0;
if (hasThreadCpu)
  setInterval(() => {
    const now = threadCpu();
    maxBurst = Math.max(maxBurst, now - lastCpu);
    lastCpu = now;
  }, 10).unref();
setInterval(() => {
  const burst = hasThreadCpu ? `,"cpu_ms":${maxBurst.toFixed(1)}` : '';
  process.stderr.write(`{"bench":"eld","at":${Date.now()},"max_ms":${(histogram.max / 1e6).toFixed(1)}${burst}}\n`);
  histogram.reset();
  maxBurst = 0;
}, 250).unref();
