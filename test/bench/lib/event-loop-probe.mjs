/**
 * Preloaded into the exporter by the benchmark (NODE_OPTIONS=--import): every 250 ms it writes
 * the longest event-loop delay of that span to stderr as one JSON line, so the benchmark sees
 * how long a poll blocks the loop. Not part of the exporter.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
setInterval(() => {
  process.stderr.write(`{"bench":"eld","at":${Date.now()},"max_ms":${(histogram.max / 1e6).toFixed(1)}}\n`);
  histogram.reset();
}, 250).unref();
